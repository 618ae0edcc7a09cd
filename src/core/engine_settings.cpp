#include "engine_settings.hpp"

#include "rule_error.hpp"
#include "utf8_text.hpp"
#include "working_hours.hpp"

#include <cmath>
#include <cstdint>
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
    // 1.2: human-like scheduling
    {"default_timezone", SettingKind::Text, 0, 0, 0, "Time zone of users whose users.timezone is NULL.", "UTC",
     TextCheck::TimeZone},
    {"active_hours", SettingKind::Text, 0, 0, 0, "Local hours activities are scheduled in ('00:00-24:00': any).",
     "08:00-20:00", TextCheck::ActiveHours},
    {"active_days", SettingKind::Text, 0, 0, 0, "Local weekdays activities are scheduled on ('mon-sun': every day).",
     "mon-fri", TextCheck::ActiveDays},
    {"account_min_gap", SettingKind::Seconds, 0, kDay, 120, "Least time between two activities of one LinkedIn account."},
    {"daily_cap_like", SettingKind::Integer, 0, 1000, 0, "Most likes of a member in any 24 hours (0: no own cap)."},
    {"daily_cap_comment", SettingKind::Integer, 0, 1000, 0, "Most comments of a member in any 24 hours (0: no own cap)."},
    {"daily_cap_repost", SettingKind::Integer, 0, 1000, 0, "Most reposts of a member in any 24 hours (0: no own cap)."},
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

void check_setting_text(const SettingSpec &spec, std::string_view value, const std::string &where)
{
    try {
        if (spec.text_check == TextCheck::ActiveHours)
            parse_active_hours(value);
        else if (spec.text_check == TextCheck::ActiveDays)
            parse_active_days(value);
    } catch (const RuleError &e) {
        throw RuleError(SqlState::InvalidParameterValue, std::string("invalid value for ") + spec.name + " in " + where +
                                                             ": " + e.what(),
                        e.detail(), e.hint());
    }
}

int EngineSettings::daily_cap_for(std::string_view action) const noexcept
{
    if (action == "like") return daily_cap_like;
    if (action == "comment") return daily_cap_comment;
    if (action == "repost") return daily_cap_repost;
    return 0;
}

std::string comment_text_problem(std::string_view text)
{
    // Past 4 bytes a character it cannot be short enough: no need to read it.
    if (text.size() > 4 * kMaxCommentTextChars)
        return "has " + std::to_string(text.size()) + " bytes, more than " + std::to_string(kMaxCommentTextChars) +
               " characters";
    if (!is_valid_utf8(text))
        return "is not valid UTF-8";
    std::size_t chars = 0;
    bool visible = false;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80)
            ++chars;
        if (c > ' ')
            visible = true;
        if (c < ' ' && c != '\n' && c != '\t')
            return "holds a control character";
    }
    if (!visible)
        return "is blank";
    if (chars > kMaxCommentTextChars)
        return "has " + std::to_string(chars) + " characters";
    return {};
}

void check_comment_texts(const std::vector<std::string> &texts, const std::string &where)
{
    const auto bad = [&](const std::string &why) {
        throw RuleError(SqlState::InvalidParameterValue, "invalid comment_texts in " + where + ": " + why, {},
                        "A list of 1 to " + std::to_string(kMaxCommentTexts) + " texts of 1 to " +
                            std::to_string(kMaxCommentTextChars) + " characters.");
    };
    if (texts.empty() || texts.size() > kMaxCommentTexts)
        bad(std::to_string(texts.size()) + " texts");
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string why = comment_text_problem(texts[i]);
        if (!why.empty())
            bad("text " + std::to_string(i + 1) + " " + why);
    }
}

const std::string &choose_comment_text(const std::vector<std::string> &texts, const std::string &post_id,
                                       const std::string &member_id)
{
    // FNV-1a over both ids: stable across builds and platforms.
    std::uint64_t h = 1469598103934665603ull;
    for (const std::string *s : {&post_id, &member_id})
        for (unsigned char c : *s)
            h = (h ^ c) * 1099511628211ull;
    return texts[h % texts.size()];
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
