// The engine's settings: names, kinds, ranges and defaults in one table, used by
// the GUC definitions and by the per-pod overrides in pods.settings alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pod_amplify::core {

enum class SettingKind { Seconds, Integer, Fraction, Boolean };

struct SettingSpec {
    const char *name;         // without the "pod_amplify." prefix; also the pods.settings key
    SettingKind kind;
    double min, max, default_value;
    const char *description;
};

// Every engine setting, in a stable order.
const SettingSpec *engine_settings(std::size_t *count) noexcept;
const SettingSpec *find_setting(std::string_view name) noexcept;

// Checks a value against the setting's range; throws RuleError 22023 naming the
// setting, the value and the range. `where` says where it came from.
void check_setting_range(const SettingSpec &spec, double value, const std::string &where);
bool setting_in_range(const SettingSpec &spec, double value) noexcept;

// Retry and scheduling parameters after the overrides have been applied.
struct EngineSettings {
    double retry_base_delay = 60, retry_max_delay = 3600, retry_jitter = 0.2;
    int default_max_attempts = 3;
    double lease_duration = 300, schedule_min_delay = 120, schedule_max_delay = 3600;
    int member_daily_cap = 20;
    bool auto_schedule = true;
};

// Throws RuleError 22023 when schedule_min_delay > schedule_max_delay or
// retry_base_delay > retry_max_delay.
void check_consistent(const EngineSettings &s, const std::string &where);

}  // namespace pod_amplify::core
