// Working hours in a member's own time zone: when a LinkedIn account may act
// without looking like a bot (no night shifts, no weekend work if it has none).
//
// An instant is *working* when the member's wall clock, at that instant, shows a
// time of day inside active_hours on a weekday in active_days. Defining it on the
// wall clock settles DST without special cases:
//  - spring forward: wall times in the gap never occur; a window that starts in
//    the gap starts when the clock jumps. 00:00-24:00 lasts 23 hours that day.
//  - fall back: the repeated wall times occur twice and count twice if they are
//    inside the window (02:00-03:00 lasts 2 hours that day, 00:00-24:00 25 hours).
//  - the weekday is the one of the local date the clock shows, so a zone that
//    jumps across the date line skips or repeats a day just as its clock does.
//
// Instants are microseconds since 2000-01-01 00:00 UTC (PostgreSQL's clock;
// 2000-01-01 was a Saturday).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace pod_amplify::core {

// The calendar works within +-kCalendarLimitUs (about 126,000 years around 2000),
// so that no sum of an instant, an offset and a few weeks can overflow.
constexpr std::int64_t kCalendarLimitUs = 4'000'000'000'000'000'000;
// Returned when the answer lies beyond +kCalendarLimitUs.
constexpr std::int64_t kNoInstant = INT64_MAX;

// The largest UTC offset the calendar takes, east or west (24 hours).
constexpr std::int32_t kMaxZoneOffsetS = 86400;
constexpr bool zone_offset_usable(std::int32_t offset_s) noexcept
{
    return offset_s >= -kMaxZoneOffsetS && offset_s <= kMaxZoneOffsetS;
}

// A time zone as a step function of UTC. The PostgreSQL layer builds it from
// PostgreSQL's tz database for the planning horizon.
struct ZoneRules {
    struct Transition {
        std::int64_t utc_us;    // from this instant on ...
        std::int32_t offset_s;  // ... local time is UTC + offset_s (east positive)
    };
    std::int32_t initial_offset_s = 0;    // in force before the first transition
    std::vector<Transition> transitions;  // strictly increasing utc_us

    // The offset in force at utc_us. O(log transitions).
    std::int32_t offset_at(std::int64_t utc_us) const noexcept;
};

// Throws RuleError 22023 unless the transitions are strictly increasing and
// within +-kCalendarLimitUs, and every offset is within +-24 hours.
void check_zone_rules(const ZoneRules &zone);

// A daily window in local minutes since midnight: [start_min, end_min),
// 0 <= start_min < end_min <= 1440. Windows across midnight are not supported.
struct ActiveHours {
    int start_min = 0;
    int end_min = 1440;
};

// 'HH:MM-HH:MM' (two digits each; spaces around the dash and the ends allowed;
// 24:00 only as the end, '00:00-24:00' = all day). Throws RuleError 22023
// naming the value and the expected form.
ActiveHours parse_active_hours(std::string_view text);

// Weekdays as bits: bit 0 = Monday ... bit 6 = Sunday. Never empty.
struct ActiveDays {
    std::uint8_t mask = 0x7F;

    bool has(int weekday) const noexcept { return (mask >> weekday) & 1; }  // 0 = Monday
};

// A comma-separated list of day names (mon tue wed thu fri sat sun, any case)
// and ranges 'a-b', e.g. 'mon-fri', 'mon,wed-fri', 'sat,sun'. A range runs
// forward from a to b and may wrap over the week end: 'sun-thu' (a Middle East
// working week), 'fri-mon'; 'mon-mon' is Monday only. Spaces around names are
// allowed, duplicates are harmless. Throws RuleError 22023 for anything else,
// the empty string included.
ActiveDays parse_active_days(std::string_view text);

// Working time from some instant on: every instant in [from, to) is working.
// `to` is the end of the wall-clock window or the next offset transition,
// whichever comes first, so the next span may start right at `to`.
struct WorkingSpan {
    std::int64_t from, to;
};

// When a member works. Every function takes instants within +-kCalendarLimitUs
// (RuleError 22023 otherwise) and costs O(log transitions) plus a walk over the
// days and transitions it crosses (weeks without a transition are skipped whole).
// The zone must outlive the calendar. With a zone that failed check_zone_rules
// the answers are meaningless but the functions still end without overflow.
struct WorkingCalendar {
    const ZoneRules *zone = nullptr;
    ActiveHours hours;
    ActiveDays days;

    bool is_working(std::int64_t utc_us) const;
    // Earliest working instant >= utc_us, or kNoInstant.
    std::int64_t next_working_instant(std::int64_t utc_us) const;
    // The span that starts at next_working_instant(utc_us); {kNoInstant, kNoInstant} if none.
    WorkingSpan working_span_from(std::int64_t utc_us) const;
    // Earliest working instant u such that [utc_us, u) holds duration_us of
    // working time (duration_us >= 0; 0 gives next_working_instant), or kNoInstant.
    std::int64_t add_working_time(std::int64_t utc_us, std::int64_t duration_us) const;
    // How much working time [from_us, to_us) holds (0 if to_us <= from_us).
    std::int64_t working_time_between(std::int64_t from_us, std::int64_t to_us) const;
    // Working time in a week without offset transitions.
    std::int64_t weekly_working_time() const noexcept;
};

// Throws RuleError 22023 for an invalid calendar (hours out of range, no day,
// zone failing check_zone_rules); XX000 for a missing zone.
void check_calendar(const WorkingCalendar &calendar);

}  // namespace pod_amplify::core
