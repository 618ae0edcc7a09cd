#include "retry_policy.hpp"

#include "rule_error.hpp"

#include <cmath>
#include <string>

namespace pod_amplify::core {

std::int64_t retry_delay_us(std::int64_t attempt, std::int64_t base_us, std::int64_t max_us)
{
    if (attempt < 1)
        throw RuleError(SqlState::InvalidParameterValue,
                        "retry delay: attempt must be 1 or more, not " + std::to_string(attempt));
    if (base_us <= 0 || max_us <= 0)
        throw RuleError(SqlState::InvalidParameterValue, "retry delay: base and maximum delays must be positive");
    // base * 2^(attempt-1) > max  <=>  base > max >> (attempt-1); no multiplication can overflow.
    const std::int64_t shift = attempt - 1;
    if (shift >= 62 || base_us > (max_us >> shift))
        return max_us;
    return base_us << shift;
}

std::int64_t jittered_delay_us(std::int64_t delay_us, double jitter, double u)
{
    if (!(jitter >= 0.0 && jitter <= 1.0))
        throw RuleError(SqlState::InvalidParameterValue, "retry_jitter must be between 0 and 1");
    if (!(u >= 0.0 && u < 1.0))
        u = 0.0;
    const double low = static_cast<double>(delay_us) * (1.0 - jitter);
    const double span = static_cast<double>(delay_us) * 2.0 * jitter;
    return static_cast<std::int64_t>(std::floor(low + span * u));
}

FailureOutcome after_failure(std::int32_t attempt_number, std::int32_t max_attempts, bool retryable) noexcept
{
    if (retryable && attempt_number < max_attempts)
        return {true, attempt_number + 1};
    return {false, attempt_number};
}

}  // namespace pod_amplify::core
