// Spreading a post's amplifiers over the delay window, and the per-member daily
// cap. Deterministic for a given seed (the engine seeds it from the post id), so
// a schedule can be reproduced and tested exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pod_amplify::core {

constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

struct ScheduleCandidate {
    std::string member_id;              // orders candidates before shuffling
    double min_delay_s = 0, max_delay_s = 0;
    int daily_cap = 0;                  // 0: no cap
    std::vector<std::int64_t> busy_us;  // the member's other activity times, any order
};

// One time a candidate (same order as given), in microseconds on the same clock
// as not_before_us. Each lands in [not_before + min_delay, not_before + max_delay]
// unless the daily cap moves it later; no two candidates share a minute while the
// window has free minutes, and minutes are shared evenly when it has not.
std::vector<std::int64_t> plan_schedule(const std::vector<ScheduleCandidate> &candidates, std::int64_t not_before_us,
                                        std::uint64_t seed);

// The earliest time >= t at which one more activity keeps every 24-hour window
// at no more than `cap` activities, given the member's other times (sorted).
// cap 0 means no cap.
std::int64_t place_under_daily_cap(std::int64_t t, const std::vector<std::int64_t> &sorted_busy, int cap);

// splitmix64: a small, good, seedable generator.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() noexcept;
    std::uint64_t below(std::uint64_t n) noexcept;  // uniform in [0, n), n > 0
};

}  // namespace pod_amplify::core
