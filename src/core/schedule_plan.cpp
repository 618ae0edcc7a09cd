#include "schedule_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace pod_amplify::core {

std::uint64_t SplitMix64::next() noexcept
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t n) noexcept
{
    return n <= 1 ? 0 : next() % n;
}

std::int64_t place_under_daily_cap(std::int64_t t, const std::vector<std::int64_t> &busy, int cap)
{
    if (cap <= 0 || busy.size() < static_cast<std::size_t>(cap))
        return t;
    const auto n = static_cast<std::int64_t>(busy.size());
    // Every cap+1 consecutive times (t among them) must span at least a day.
    for (int guard = 0; guard < 100000; ++guard) {
        const std::int64_t i = std::upper_bound(busy.begin(), busy.end(), t) - busy.begin();  // times <= t before it
        bool moved = false;
        for (std::int64_t before = cap; before >= 1 && !moved; --before) {
            const std::int64_t after = cap - before;
            if (i - before < 0 || i + after > n)
                continue;
            const std::int64_t first = busy[i - before];
            const std::int64_t last = after > 0 ? busy[i + after - 1] : t;
            if (last - first < kMicrosPerDay) {
                t = first + kMicrosPerDay;
                moved = true;
            }
        }
        if (!moved && i + cap <= n && busy[i + cap - 1] - t < kMicrosPerDay) {
            t = busy[i];  // t opens a crowded day: try after the next busy time
            moved = true;
        }
        if (!moved)
            return t;
    }
    return busy.back() + kMicrosPerDay;  // unreachable in practice; still a valid place
}

namespace {

struct MinuteWindow {
    std::int64_t first, last;  // minute indexes relative to not_before
};

MinuteWindow minutes_of(const ScheduleCandidate &c)
{
    const double lo = std::max(0.0, std::min(c.min_delay_s, c.max_delay_s));
    const double hi = std::max(c.min_delay_s, c.max_delay_s);
    MinuteWindow w{static_cast<std::int64_t>(std::ceil(lo / 60.0)), static_cast<std::int64_t>(std::floor(hi / 60.0))};
    if (w.first > w.last)  // window narrower than a minute boundary
        w.first = w.last = static_cast<std::int64_t>(std::floor(lo / 60.0));
    return w;
}

// The least-used minute of the window, chosen at random among equals.
std::int64_t pick_minute(const MinuteWindow &w, std::unordered_map<std::int64_t, int> &used, SplitMix64 &rng)
{
    const std::uint64_t width = static_cast<std::uint64_t>(w.last - w.first + 1);
    for (int tries = 0; tries < 16; ++tries) {  // cheap when the window is roomy
        const std::int64_t m = w.first + static_cast<std::int64_t>(rng.below(width));
        if (used.find(m) == used.end())
            return m;
    }
    int least = -1;
    std::uint64_t ties = 0;
    for (std::int64_t m = w.first; m <= w.last; ++m) {
        const auto it = used.find(m);
        const int u = it == used.end() ? 0 : it->second;
        if (least < 0 || u < least) {
            least = u;
            ties = 1;
        } else if (u == least) {
            ++ties;
        }
    }
    std::uint64_t k = rng.below(ties);
    for (std::int64_t m = w.first; m <= w.last; ++m) {
        const auto it = used.find(m);
        if ((it == used.end() ? 0 : it->second) == least && k-- == 0)
            return m;
    }
    return w.first;
}

}  // namespace

std::vector<std::int64_t> plan_schedule(const std::vector<ScheduleCandidate> &candidates, std::int64_t not_before_us,
                                        std::uint64_t seed)
{
    std::vector<std::size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return candidates[a].member_id < candidates[b].member_id; });
    SplitMix64 rng{seed};
    for (std::size_t i = order.size(); i > 1; --i)  // Fisher-Yates
        std::swap(order[i - 1], order[rng.below(i)]);

    std::unordered_map<std::int64_t, int> used;
    std::vector<std::int64_t> times(candidates.size());
    for (const std::size_t idx : order) {
        const auto &c = candidates[idx];
        const MinuteWindow w = minutes_of(c);
        const std::int64_t minute = pick_minute(w, used, rng);
        ++used[minute];
        // A random second within the minute, kept inside the window.
        const double lo = std::max(0.0, std::min(c.min_delay_s, c.max_delay_s));
        const double hi = std::max(c.min_delay_s, c.max_delay_s);
        double offset = static_cast<double>(minute * 60 + static_cast<std::int64_t>(rng.below(60)));
        offset = std::clamp(offset, lo, hi);
        std::int64_t t = not_before_us + static_cast<std::int64_t>(offset) * kMicrosPerSecond;
        std::vector<std::int64_t> busy = c.busy_us;
        std::sort(busy.begin(), busy.end());
        times[idx] = place_under_daily_cap(t, busy, c.daily_cap);
    }
    return times;
}

}  // namespace pod_amplify::core
