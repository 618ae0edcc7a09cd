// Retry rules: the exponential delay, its jitter, and what a failure does.
#pragma once

#include <cstdint>

namespace pod_amplify::core {

// The un-jittered delay after failed attempt n, in whole microseconds:
// least(base * 2^(n-1), max). Exact, and never overflows for any n >= 1.
// Throws RuleError 22023 for n < 1 or delays that are not positive.
std::int64_t retry_delay_us(std::int64_t attempt, std::int64_t base_us, std::int64_t max_us);

// A delay drawn uniformly from [d(1-j), d(1+j)] given u in [0, 1).
// Throws RuleError 22023 for j outside [0, 1].
std::int64_t jittered_delay_us(std::int64_t delay_us, double jitter, double u);

// What a failed attempt leads to.
struct FailureOutcome {
    bool retry;               // stays pending with attempt_number + 1
    std::int32_t next_attempt;
};
FailureOutcome after_failure(std::int32_t attempt_number, std::int32_t max_attempts, bool retryable) noexcept;

}  // namespace pod_amplify::core
