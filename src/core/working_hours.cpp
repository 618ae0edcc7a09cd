#include "working_hours.hpp"

#include "rule_error.hpp"
#include "utf8_text.hpp"

#include <algorithm>
#include <bitset>
#include <string>

namespace pod_amplify::core {

namespace {

constexpr std::int64_t kSecondUs = 1'000'000;
constexpr std::int64_t kMinuteUs = 60 * kSecondUs;
constexpr std::int64_t kDayUs = 1440 * kMinuteUs;
constexpr std::int64_t kWeekUs = 7 * kDayUs;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept  // b > 0
{
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// Monday = 0. Day 0 (2000-01-01) was a Saturday.
int weekday(std::int64_t day) noexcept
{
    return static_cast<int>((day % 7 + 7 + 5) % 7);
}

[[noreturn]] void refuse(const std::string &message, const std::string &hint = {})
{
    throw RuleError(SqlState::InvalidParameterValue, message, {}, hint);
}

void require_in_range(std::int64_t utc_us)
{
    if (utc_us < -kCalendarLimitUs || utc_us > kCalendarLimitUs)
        refuse("instant " + std::to_string(utc_us) + " is outside the working calendar's range",
               "Instants are microseconds since 2000-01-01 UTC, within about 126,000 years of it.");
}

// The O(1) part of check_calendar, done on every call.
void require_usable(const WorkingCalendar &c)
{
    if (c.zone == nullptr)
        throw RuleError(SqlState::InternalError, "working calendar without a time zone");
    if (c.hours.start_min < 0 || c.hours.start_min >= c.hours.end_min || c.hours.end_min > 1440)
        refuse("active hours " + std::to_string(c.hours.start_min) + ".." + std::to_string(c.hours.end_min) +
               " (minutes) are not a window within a day");
    if ((c.days.mask & 0x7F) == 0 || (c.days.mask & 0x80) != 0)
        refuse("active days mask " + std::to_string(c.days.mask) + " names no day or an unknown one");
}

// A stretch of constant offset: the one holding `t`, found by index.
struct Segment {
    std::int64_t offset_us;
    std::int64_t end;  // next transition, or kNoInstant; never before t (tolerates unsorted zones)
};

std::size_t segment_index(const ZoneRules &z, std::int64_t t) noexcept
{
    const auto it = std::upper_bound(z.transitions.begin(), z.transitions.end(), t,
                                     [](std::int64_t v, const ZoneRules::Transition &tr) { return v < tr.utc_us; });
    return static_cast<std::size_t>(it - z.transitions.begin());
}

Segment segment_at(const ZoneRules &z, std::size_t index, std::int64_t t) noexcept
{
    const std::int32_t offset_s = index == 0 ? z.initial_offset_s : z.transitions[index - 1].offset_s;
    std::int64_t end = kNoInstant;
    if (index < z.transitions.size()) {
        const std::int64_t next = z.transitions[index].utc_us;
        end = next > kCalendarLimitUs ? kNoInstant : std::max(next, t);
    }
    return {offset_s * kSecondUs, end};
}

// The first local window that ends after local instant `local`, its start
// clamped to `local`. Assumes a usable calendar (some active day).
WorkingSpan local_window(const ActiveHours &h, ActiveDays d, std::int64_t local) noexcept
{
    const std::int64_t day = floor_div(local, kDayUs);
    const std::int64_t into_day = local - day * kDayUs;
    const std::int64_t start = h.start_min * kMinuteUs, end = h.end_min * kMinuteUs;
    if (d.has(weekday(day)) && into_day < end)
        return {day * kDayUs + std::max(into_day, start), day * kDayUs + end};
    for (std::int64_t k = 1; k <= 7; ++k)
        if (d.has(weekday(day + k)))
            return {(day + k) * kDayUs + start, (day + k) * kDayUs + end};
    return {kNoInstant, kNoInstant};  // no active day: excluded by require_usable
}

struct SpanInSegment {
    WorkingSpan span;
    std::int64_t segment_end;  // end of the offset stretch holding span.from
};

// The working span from t on, walking over transitions until a window opens.
SpanInSegment span_from(const WorkingCalendar &c, std::int64_t t)
{
    const ZoneRules &z = *c.zone;
    for (std::size_t index = segment_index(z, t);; ++index) {
        const Segment seg = segment_at(z, index, t);
        const WorkingSpan local = local_window(c.hours, c.days, t + seg.offset_us);
        if (local.from == kNoInstant)
            return {{kNoInstant, kNoInstant}, kNoInstant};
        const std::int64_t from = local.from - seg.offset_us;
        if (from < seg.end) {
            if (from > kCalendarLimitUs)
                return {{kNoInstant, kNoInstant}, kNoInstant};
            return {{from, std::min(local.to - seg.offset_us, seg.end)}, seg.end};
        }
        t = seg.end;  // nothing opens before the offset changes
    }
}

}  // namespace

std::int32_t ZoneRules::offset_at(std::int64_t utc_us) const noexcept
{
    const std::size_t index = segment_index(*this, utc_us);
    return index == 0 ? initial_offset_s : transitions[index - 1].offset_s;
}

void check_zone_rules(const ZoneRules &zone)
{
    auto bad_offset = [](std::int32_t s) { return !zone_offset_usable(s); };
    if (bad_offset(zone.initial_offset_s))
        refuse("time zone offset " + std::to_string(zone.initial_offset_s) + " s is beyond 24 hours");
    for (std::size_t i = 0; i < zone.transitions.size(); ++i) {
        const auto &tr = zone.transitions[i];
        if (bad_offset(tr.offset_s))
            refuse("time zone offset " + std::to_string(tr.offset_s) + " s is beyond 24 hours");
        if (tr.utc_us < -kCalendarLimitUs || tr.utc_us > kCalendarLimitUs)
            refuse("time zone transition at " + std::to_string(tr.utc_us) + " is outside the calendar's range");
        if (i > 0 && tr.utc_us <= zone.transitions[i - 1].utc_us)
            refuse("time zone transitions are not in strictly increasing order");
    }
}

void check_calendar(const WorkingCalendar &calendar)
{
    require_usable(calendar);
    check_zone_rules(*calendar.zone);
}

ActiveHours parse_active_hours(std::string_view text)
{
    auto fail = [&](const char *why) -> ActiveHours {
        refuse("invalid active_hours \"" + display_value(text) + "\": " + why,
               "Expected HH:MM-HH:MM with the start before the end, e.g. 08:00-20:00; 00:00-24:00 is all day.");
    };
    std::size_t pos = 0;
    auto skip_spaces = [&] {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
    };
    auto digit = [&](std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
    // A clock time HH:MM in minutes; -1 if malformed, -2 if out of range.
    auto clock_time = [&]() -> int {
        if (!digit(pos) || !digit(pos + 1) || pos + 2 >= text.size() || text[pos + 2] != ':' || !digit(pos + 3) ||
            !digit(pos + 4))
            return -1;
        const int hh = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
        const int mm = (text[pos + 3] - '0') * 10 + (text[pos + 4] - '0');
        pos += 5;
        if (hh > 24 || mm > 59 || (hh == 24 && mm != 0))
            return -2;
        return hh * 60 + mm;
    };
    skip_spaces();
    const int start = clock_time();
    skip_spaces();
    if (start == -1 || pos >= text.size() || text[pos] != '-')
        return fail("expected HH:MM-HH:MM");
    ++pos;
    skip_spaces();
    const int end = clock_time();
    skip_spaces();
    if (end == -1 || pos != text.size())
        return fail("expected HH:MM-HH:MM");
    if (start == -2 || end == -2)
        return fail("hours run from 00 to 23 and minutes from 00 to 59 (24:00 only as the end)");
    if (start == 1440)
        return fail("24:00 may only end a window");
    if (start >= end)
        return fail("the start must be before the end (windows across midnight are not supported)");
    return {start, end};
}

ActiveDays parse_active_days(std::string_view text)
{
    auto fail = [&](const std::string &why) -> ActiveDays {
        refuse("invalid active_days \"" + display_value(text) + "\": " + why,
               "Expected day names mon tue wed thu fri sat sun and ranges, e.g. mon-fri, mon,wed-fri or sat,sun.");
    };
    static const char *const kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::size_t pos = 0;
    auto skip_spaces = [&] {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
    };
    // A day name at pos: its weekday, or -1.
    auto day_name = [&]() -> int {
        skip_spaces();
        std::size_t end = pos;
        while (end < text.size() && end - pos < 4 && ((text[end] | 0x20) >= 'a' && (text[end] | 0x20) <= 'z'))
            ++end;
        if (end - pos != 3)
            return -1;
        char lower[3];
        for (int i = 0; i < 3; ++i)
            lower[i] = static_cast<char>(text[pos + i] | 0x20);
        for (int d = 0; d < 7; ++d)
            if (std::string_view(lower, 3) == kNames[d]) {
                pos = end;
                skip_spaces();
                return d;
            }
        return -1;
    };
    std::uint8_t mask = 0;
    if (text.find_first_not_of(' ') == std::string_view::npos)
        return fail("no day given");
    for (;;) {
        const int first = day_name();
        if (first < 0)
            return fail("expected a day name at position " + std::to_string(pos + 1));
        int last = first;
        if (pos < text.size() && text[pos] == '-') {
            ++pos;
            last = day_name();
            if (last < 0)
                return fail("expected a day name at position " + std::to_string(pos + 1));
        }
        for (int d = first;; d = (d + 1) % 7) {  // forward, wrapping over Sunday
            mask = static_cast<std::uint8_t>(mask | (1u << d));
            if (d == last)
                break;
        }
        if (pos == text.size())
            return {mask};
        if (text[pos] != ',')
            return fail("expected ',' or '-' at position " + std::to_string(pos + 1));
        ++pos;
    }
}

bool WorkingCalendar::is_working(std::int64_t utc_us) const
{
    require_usable(*this);
    require_in_range(utc_us);
    const std::int64_t local = utc_us + zone->offset_at(utc_us) * kSecondUs;
    const std::int64_t day = floor_div(local, kDayUs);
    const std::int64_t into_day = local - day * kDayUs;
    return days.has(weekday(day)) && into_day >= hours.start_min * kMinuteUs && into_day < hours.end_min * kMinuteUs;
}

WorkingSpan WorkingCalendar::working_span_from(std::int64_t utc_us) const
{
    require_usable(*this);
    require_in_range(utc_us);
    return span_from(*this, utc_us).span;
}

std::int64_t WorkingCalendar::next_working_instant(std::int64_t utc_us) const
{
    return working_span_from(utc_us).from;
}

std::int64_t WorkingCalendar::weekly_working_time() const noexcept
{
    const auto days_per_week = static_cast<std::int64_t>(std::bitset<7>(days.mask & 0x7F).count());
    return days_per_week * (hours.end_min - hours.start_min) * kMinuteUs;
}

std::int64_t WorkingCalendar::add_working_time(std::int64_t utc_us, std::int64_t duration_us) const
{
    require_usable(*this);
    require_in_range(utc_us);
    if (duration_us < 0)
        refuse("working time to add is negative: " + std::to_string(duration_us) + " us");
    const std::int64_t weekly = weekly_working_time();
    std::int64_t t = utc_us, remaining = duration_us;
    for (;;) {
        const SpanInSegment s = span_from(*this, t);
        if (s.span.from == kNoInstant)
            return kNoInstant;
        t = s.span.from;
        if (remaining > weekly) {
            // Each week within one offset stretch holds exactly `weekly`; t + k weeks
            // stays working. Keep at least a little to walk so the end is found exactly.
            std::int64_t weeks = (remaining - 1) / weekly;
            if (s.segment_end != kNoInstant)
                weeks = std::min(weeks, (s.segment_end - t - 1) / kWeekUs);
            if (weeks > 0) {
                if (weeks > (kCalendarLimitUs - t) / kWeekUs)
                    return kNoInstant;
                t += weeks * kWeekUs;
                remaining -= weeks * weekly;
                continue;
            }
        }
        if (s.span.to - t >= remaining) {
            const std::int64_t u = t + remaining;
            if (u > kCalendarLimitUs)
                return kNoInstant;
            return u < s.span.to ? u : span_from(*this, u).span.from;  // the span's end may not be working
        }
        remaining -= s.span.to - t;
        t = s.span.to;
        if (t > kCalendarLimitUs)
            return kNoInstant;
    }
}

std::int64_t WorkingCalendar::working_time_between(std::int64_t from_us, std::int64_t to_us) const
{
    require_usable(*this);
    require_in_range(from_us);
    require_in_range(to_us);
    const std::int64_t weekly = weekly_working_time();
    std::int64_t total = 0, t = from_us;
    while (t < to_us) {
        const SpanInSegment s = span_from(*this, t);
        if (s.span.from >= to_us)
            break;
        t = s.span.from;
        std::int64_t weeks = (to_us - t) / kWeekUs;
        if (s.segment_end != kNoInstant)
            weeks = std::min(weeks, (s.segment_end - t) / kWeekUs);
        if (weeks > 0) {  // whole weeks inside one offset stretch
            total += weeks * weekly;
            t += weeks * kWeekUs;
            continue;
        }
        total += std::min(s.span.to, to_us) - t;
        t = s.span.to;
    }
    return total;
}

}  // namespace pod_amplify::core
