// The engine's settings: names, kinds, ranges and defaults in one table, used by
// the GUC definitions and by the per-pod overrides in pods.settings alike.
#pragma once

#include "working_hours.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pod_amplify::core {

enum class SettingKind { Seconds, Integer, Fraction, Boolean, Text };

// How a Text setting's value is checked. Time zones are checked by the
// PostgreSQL layer against PostgreSQL's own zone names.
enum class TextCheck { None, ActiveHours, ActiveDays, TimeZone };

struct SettingSpec {
    const char *name;         // without the "pod_amplify." prefix; also the pods.settings key
    SettingKind kind;
    double min, max, default_value;
    const char *description;
    const char *default_text = nullptr;  // Text settings
    TextCheck text_check = TextCheck::None;
};

// Every engine setting, in a stable order.
const SettingSpec *engine_settings(std::size_t *count) noexcept;
const SettingSpec *find_setting(std::string_view name) noexcept;

// Checks a value against the setting's range; throws RuleError 22023 naming the
// setting, the value and the range. `where` says where it came from.
void check_setting_range(const SettingSpec &spec, double value, const std::string &where);
bool setting_in_range(const SettingSpec &spec, double value) noexcept;

// Checks a Text setting's value (hours and days here; time zones are the
// PostgreSQL layer's). Throws RuleError 22023 naming the setting and value.
void check_setting_text(const SettingSpec &spec, std::string_view value, const std::string &where);

inline constexpr std::size_t kMaxTimeZoneName = 64;

// Retry and scheduling parameters after the overrides have been applied.
struct EngineSettings {
    double retry_base_delay = 60, retry_max_delay = 3600, retry_jitter = 0.2;
    int default_max_attempts = 3;
    double lease_duration = 300, schedule_min_delay = 120, schedule_max_delay = 3600;
    int member_daily_cap = 20;
    bool auto_schedule = true;
    // 1.2: human-like scheduling. Plain data (held in palloc'd rows): the zone
    // name is a fixed buffer, hours and days are kept parsed.
    char default_timezone[kMaxTimeZoneName + 1] = "UTC";
    ActiveHours active_hours{8 * 60, 20 * 60};
    ActiveDays active_days{0x1F};
    double account_min_gap = 120;
    int daily_cap_like = 0, daily_cap_comment = 0, daily_cap_repost = 0;

    // The per-action cap for an action word (0: only member_daily_cap applies).
    int daily_cap_for(std::string_view action) const noexcept;
};

// The pod-only setting comment_texts: 1..kMaxCommentTexts texts of 1..
// kMaxCommentTextChars characters, none blank. Throws RuleError 22023.
inline constexpr std::size_t kMaxCommentTexts = 1000;
inline constexpr std::size_t kMaxCommentTextChars = 3000;
void check_comment_texts(const std::vector<std::string> &texts, const std::string &where);

// Why one comment text is unfit to post ("" when it is fine): valid UTF-8, 1 to
// kMaxCommentTextChars characters, not blank, no control character but newline
// and tab. The same rule for comment_texts and for pod_activities.comment_text.
std::string comment_text_problem(std::string_view text);

// The text a member posts on a post: chosen among `texts`, the same for the
// same post and member (seeded by both), spread over the texts across members.
const std::string &choose_comment_text(const std::vector<std::string> &texts, const std::string &post_id,
                                       const std::string &member_id);

// Throws RuleError 22023 when schedule_min_delay > schedule_max_delay or
// retry_base_delay > retry_max_delay.
void check_consistent(const EngineSettings &s, const std::string &where);

}  // namespace pod_amplify::core
