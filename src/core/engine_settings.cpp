#include "engine_settings.hpp"

#include "rule_error.hpp"

#include <cmath>
#include <iterator>
#include <sstream>

namespace pod_amplify::core {

namespace {
constexpr double kDay = 86400;
const SettingSpec kSettings[] = {
    {"retry_base_delay", SettingKind::Seconds, 1, kDay, 60, "Delay after the first failed attempt; doubles per attempt."},
    {"retry_max_delay", SettingKind::Seconds, 1, 7 * kDay, 3600, "Longest delay between two attempts."},
    {"retry_jitter", SettingKind::Fraction, 0, 1, 0.2, "Retry delays are drawn from [d(1-j), d(1+j)]."},
    {"default_max_attempts", SettingKind::Integer, 1, 100, 3, "Attempts an activity gets when scheduled."},
    {"lease_duration", SettingKind::Seconds, 1, kDay, 300, "How long a claimed activity stays a worker's."},
    {"schedule_min_delay", SettingKind::Seconds, 0, 7 * kDay, 120, "Earliest amplification after publishing."},
    {"schedule_max_delay", SettingKind::Seconds, 0, 7 * kDay, 3600, "Latest amplification after publishing."},
    {"member_daily_cap", SettingKind::Integer, 0, 1000, 20, "Most activities of a member in any 24 hours (0: no cap)."},
    {"auto_schedule", SettingKind::Boolean, 0, 1, 1, "Schedule a post's activities when it is published."},
};

std::string number(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}
}  // namespace

const SettingSpec *engine_settings(std::size_t *count) noexcept
{
    *count = std::size(kSettings);
    return kSettings;
}

const SettingSpec *find_setting(std::string_view name) noexcept
{
    for (const auto &spec : kSettings)
        if (name == spec.name)
            return &spec;
    return nullptr;
}

bool setting_in_range(const SettingSpec &spec, double value) noexcept
{
    const bool integral = spec.kind != SettingKind::Fraction;
    return std::isfinite(value) && value >= spec.min && value <= spec.max && (!integral || value == std::floor(value));
}

void check_setting_range(const SettingSpec &spec, double value, const std::string &where)
{
    const bool integral = spec.kind != SettingKind::Fraction;
    if (!setting_in_range(spec, value)) {
        const char *unit = spec.kind == SettingKind::Seconds ? " seconds" : "";
        throw RuleError(SqlState::InvalidParameterValue,
                        std::string("invalid value for ") + spec.name + " in " + where + ": " + number(value), {},
                        std::string("Allowed: ") + (integral ? "whole numbers " : "") + "from " + number(spec.min) +
                            " to " + number(spec.max) + unit + ".");
    }
}

void check_consistent(const EngineSettings &s, const std::string &where)
{
    if (s.schedule_min_delay > s.schedule_max_delay)
        throw RuleError(SqlState::InvalidParameterValue,
                        "schedule_min_delay (" + number(s.schedule_min_delay) + " s) exceeds schedule_max_delay (" +
                            number(s.schedule_max_delay) + " s) in " + where);
    if (s.retry_base_delay > s.retry_max_delay)
        throw RuleError(SqlState::InvalidParameterValue,
                        "retry_base_delay (" + number(s.retry_base_delay) + " s) exceeds retry_max_delay (" +
                            number(s.retry_max_delay) + " s) in " + where);
}

}  // namespace pod_amplify::core
