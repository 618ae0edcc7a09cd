#include "rule_error.hpp"
#include "working_hours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>

using namespace pod_amplify::core;

namespace {
constexpr std::int64_t S = 1'000'000, MIN = 60 * S, H = 60 * MIN, D = 24 * H, W = 7 * D;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// A UTC instant on PostgreSQL's clock (microseconds since 2000-01-01).
std::int64_t utc(int y, unsigned mo, unsigned d, int hh = 0, int mm = 0, int ss = 0)
{
    return (days_from_civil(y, mo, d) - 10957) * D + hh * H + mm * MIN + ss * S;
}

// The UTC instant a wall clock at `offset_s` shows as this local time.
std::int64_t wall(std::int32_t offset_s, int y, unsigned mo, unsigned d, int hh = 0, int mm = 0, int ss = 0)
{
    return utc(y, mo, d, hh, mm, ss) - offset_s * S;
}

const ZoneRules kUtc{0, {}};
const ZoneRules kBerlin{3600, {{utc(2026, 3, 29, 1), 7200}, {utc(2026, 10, 25, 1), 3600}}};
const ZoneRules kNewYork{-18000, {{utc(2026, 3, 8, 7), -14400}, {utc(2026, 11, 1, 6), -18000}}};
const ZoneRules kLordHowe{39600, {{utc(2026, 4, 4, 15), 37800}, {utc(2026, 10, 3, 15, 30), 39600}}};
const ZoneRules kKathmandu{20700, {}};
const ZoneRules kKiritimati{50400, {}};
const ZoneRules kMinus12{-43200, {}};
// Samoa skipped Friday 2011-12-30: from -10:00 straight to +14:00.
const ZoneRules kSamoa{-36000, {{utc(2011, 12, 30, 10), 50400}}};

WorkingCalendar calendar(const ZoneRules &zone, std::string_view hours, std::string_view days)
{
    return {&zone, parse_active_hours(hours), parse_active_days(days)};
}

template <class F>
void expect_rule_error(F &&f, SqlState state, const std::string &needle = {})
{
    try {
        f();
        ADD_FAILURE() << "no RuleError";
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), state) << e.what();
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

// --- an independent reference: the working intervals listed day by day ------

int ref_weekday(std::int64_t day_since_2000)  // Monday = 0; 1970-01-01 was a Thursday
{
    const std::int64_t d1970 = day_since_2000 + 10957;
    return static_cast<int>(((d1970 + 3) % 7 + 7) % 7);
}

std::int64_t ref_floor_div(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

struct Reference {
    const ZoneRules *zone;
    int start_min, end_min;
    std::uint8_t mask;
    std::int64_t origin, covered;
    std::vector<std::pair<std::int64_t, std::int64_t>> iv;  // merged [from, to)
    std::vector<std::int64_t> before;                         // working time before iv[i], from origin

    Reference(const WorkingCalendar &c, std::int64_t from)
        : zone(c.zone), start_min(c.hours.start_min), end_min(c.hours.end_min), mask(c.days.mask), origin(from),
          covered(from) {}

    std::int32_t offset(std::int64_t t) const
    {
        std::int32_t off = zone->initial_offset_s;
        for (const auto &tr : zone->transitions)
            if (tr.utc_us <= t)
                off = tr.offset_s;
        return off;
    }

    bool working(std::int64_t t) const
    {
        const std::int64_t local = t + offset(t) * S;
        const std::int64_t day = ref_floor_div(local, D);
        const std::int64_t into = local - day * D;
        return ((mask >> ref_weekday(day)) & 1) && into >= start_min * MIN && into < end_min * MIN;
    }

    void add(std::int64_t lo, std::int64_t hi)
    {
        if (!iv.empty() && iv.back().second >= lo) {
            iv.back().second = std::max(iv.back().second, hi);
            return;
        }
        before.push_back(iv.empty() ? 0 : before.back() + (iv.back().second - iv.back().first));
        iv.emplace_back(lo, hi);
    }

    void list(std::int64_t a, std::int64_t b)
    {
        const auto &tr = zone->transitions;
        for (std::size_t i = 0; i <= tr.size(); ++i) {
            const std::int64_t s0 = i == 0 ? a : std::max(a, tr[i - 1].utc_us);
            const std::int64_t e0 = i < tr.size() ? std::min(b, tr[i].utc_us) : b;
            if (s0 >= e0)
                continue;
            const std::int64_t off = (i == 0 ? zone->initial_offset_s : tr[i - 1].offset_s) * S;
            for (std::int64_t d = ref_floor_div(s0 + off, D); d <= ref_floor_div(e0 - 1 + off, D); ++d) {
                if (!((mask >> ref_weekday(d)) & 1))
                    continue;
                const std::int64_t lo = std::max(d * D + start_min * MIN - off, s0);
                const std::int64_t hi = std::min(d * D + end_min * MIN - off, e0);
                if (lo < hi)
                    add(lo, hi);
            }
        }
    }

    void ensure(std::int64_t until)
    {
        while (covered <= until) {
            list(covered, covered + 30 * D);
            covered += 30 * D;
        }
    }

    // Working time in [origin, x).
    std::int64_t upto(std::int64_t x)
    {
        ensure(x);
        const auto it = std::upper_bound(iv.begin(), iv.end(), std::make_pair(x, INT64_MAX));
        if (it == iv.begin())
            return 0;
        const std::size_t i = static_cast<std::size_t>(it - iv.begin()) - 1;
        return before[i] + (std::min(x, iv[i].second) - iv[i].first);
    }

    std::int64_t between(std::int64_t a, std::int64_t b) { return b <= a ? 0 : upto(b) - upto(a); }

    // Earliest working x with upto(x) >= upto(t) + d.
    std::int64_t add_time(std::int64_t t, std::int64_t d)
    {
        const std::int64_t target = upto(t) + d;
        for (std::size_t i = 0;; ++i) {
            while (i >= iv.size())
                ensure(covered + 30 * D);
            if (before[i] + (iv[i].second - iv[i].first) > target)
                return iv[i].first + std::max<std::int64_t>(0, target - before[i]);
        }
    }
};

}  // namespace

// ---------------------------------------------------------------------------
// Parsing

TEST(ActiveHoursParse, accepts_the_documented_forms)
{
    auto h = parse_active_hours("08:00-20:00");
    EXPECT_EQ(h.start_min, 480);
    EXPECT_EQ(h.end_min, 1200);
    h = parse_active_hours("00:00-24:00");
    EXPECT_EQ(h.start_min, 0);
    EXPECT_EQ(h.end_min, 1440);
    h = parse_active_hours("  09:30 - 17:45 ");
    EXPECT_EQ(h.start_min, 570);
    EXPECT_EQ(h.end_min, 1065);
    h = parse_active_hours("23:59-24:00");
    EXPECT_EQ(h.start_min, 1439);
    EXPECT_EQ(h.end_min, 1440);
}

TEST(ActiveHoursParse, refuses_hostile_input_with_22023_naming_the_value)
{
    const std::string cases[] = {"",
                                 "   ",
                                 "25:00-26:00",
                                 "20:00-08:00",
                                 "08:00-08:00",
                                 "24:00-24:00",
                                 "8:00-20:00",
                                 "08:60-09:00",
                                 "08:00-24:01",
                                 "08:00",
                                 "08:00-",
                                 "-",
                                 "08:00-20:00x",
                                 "08:00--20:00",
                                 "08h00-20h00",
                                 std::string("08:00-20:00\0", 12),
                                 std::string("08:00\0-20:00", 12),
                                 "08:00\xE2\x80\x93" "20:00",  // en dash
                                 "\xEF\xBC\x90\xEF\xBC\x98:00-20:00",  // fullwidth digits
                                 "\xFF\xFE",
                                 std::string(1 << 20, '0'),
                                 "08:00-20:00" + std::string(100000, ' ') + "x"};
    for (const auto &text : cases) {
        SCOPED_TRACE(text.substr(0, 40));
        expect_rule_error([&] { parse_active_hours(text); }, SqlState::InvalidParameterValue, "invalid active_hours");
        try {
            parse_active_hours(text);
        } catch (const RuleError &e) {
            EXPECT_LT(std::string(e.what()).size(), 400u);  // the value is shortened for the message
            EXPECT_NE(e.hint().find("HH:MM-HH:MM"), std::string::npos);
        }
    }
    expect_rule_error([] { parse_active_hours("20:00-08:00"); }, SqlState::InvalidParameterValue, "\"20:00-08:00\"");
    expect_rule_error([] { parse_active_hours("20:00-08:00"); }, SqlState::InvalidParameterValue, "across midnight");
    expect_rule_error([] { parse_active_hours("25:00-26:00"); }, SqlState::InvalidParameterValue, "hours run from");
    expect_rule_error([] { parse_active_hours("24:00-24:00"); }, SqlState::InvalidParameterValue, "only end");
}

TEST(ActiveDaysParse, accepts_lists_ranges_and_wrapping_ranges)
{
    EXPECT_EQ(parse_active_days("mon-fri").mask, 0x1F);
    EXPECT_EQ(parse_active_days("mon-sun").mask, 0x7F);
    EXPECT_EQ(parse_active_days("sat,sun").mask, 0x60);
    EXPECT_EQ(parse_active_days("mon,wed-fri").mask, 0x01 | 0x04 | 0x08 | 0x10);
    EXPECT_EQ(parse_active_days("MON-Fri").mask, 0x1F);
    EXPECT_EQ(parse_active_days(" tue , thu ").mask, 0x02 | 0x08);
    EXPECT_EQ(parse_active_days("fri-mon").mask, 0x10 | 0x20 | 0x40 | 0x01);  // wraps over the week end
    EXPECT_EQ(parse_active_days("sun-thu").mask, 0x40 | 0x0F);
    EXPECT_EQ(parse_active_days("mon-mon").mask, 0x01);
    EXPECT_EQ(parse_active_days("mon,mon,sun").mask, 0x41);
    EXPECT_EQ(parse_active_days("sun - sat").mask, 0x7F);
}

TEST(ActiveDaysParse, refuses_hostile_input_with_22023_naming_the_value)
{
    const std::string cases[] = {"",
                                 " ",
                                 "mon-",
                                 "-fri",
                                 "funday",
                                 "monday",
                                 "mo",
                                 "mon,,tue",
                                 ",mon",
                                 "mon,",
                                 "mon-tue-wed",
                                 "mon tue",
                                 "mon;tue",
                                 std::string("mon\0", 4),
                                 std::string("\0mon", 4),
                                 "m\xC3\xB6n",
                                 "\xD0\xBF\xD0\xBD",
                                 std::string(1 << 20, 'm'),
                                 "mon," + std::string(100000, ' ')};
    for (const auto &text : cases) {
        SCOPED_TRACE(text.substr(0, 40));
        expect_rule_error([&] { parse_active_days(text); }, SqlState::InvalidParameterValue, "invalid active_days");
        try {
            parse_active_days(text);
        } catch (const RuleError &e) {
            EXPECT_LT(std::string(e.what()).size(), 400u);
            EXPECT_NE(e.hint().find("mon-fri"), std::string::npos);
        }
    }
    expect_rule_error([] { parse_active_days("funday"); }, SqlState::InvalidParameterValue, "\"funday\"");
    expect_rule_error([] { parse_active_days(""); }, SqlState::InvalidParameterValue, "no day");
}

// ---------------------------------------------------------------------------
// Zones and calendars

TEST(ZoneRules, offset_is_a_step_function_of_utc)
{
    EXPECT_EQ(kBerlin.offset_at(utc(2026, 3, 29, 1) - 1), 3600);
    EXPECT_EQ(kBerlin.offset_at(utc(2026, 3, 29, 1)), 7200);
    EXPECT_EQ(kBerlin.offset_at(utc(2026, 10, 25, 1) - 1), 7200);
    EXPECT_EQ(kBerlin.offset_at(utc(2026, 10, 25, 1)), 3600);
    EXPECT_EQ(kBerlin.offset_at(INT64_MIN), 3600);
    EXPECT_EQ(kBerlin.offset_at(INT64_MAX), 3600);
    EXPECT_EQ(kUtc.offset_at(0), 0);
}

TEST(ZoneRules, check_refuses_unsorted_far_or_absurd_rules)
{
    check_zone_rules(kBerlin);
    check_zone_rules(kUtc);
    expect_rule_error([] { check_zone_rules(ZoneRules{0, {{10, 3600}, {10, 0}}}); }, SqlState::InvalidParameterValue,
                      "increasing");
    expect_rule_error([] { check_zone_rules(ZoneRules{0, {{10, 3600}, {5, 0}}}); }, SqlState::InvalidParameterValue,
                      "increasing");
    expect_rule_error([] { check_zone_rules(ZoneRules{90000, {}}); }, SqlState::InvalidParameterValue, "24 hours");
    expect_rule_error([] { check_zone_rules(ZoneRules{0, {{0, -86401}}}); }, SqlState::InvalidParameterValue,
                      "24 hours");
    expect_rule_error([] { check_zone_rules(ZoneRules{0, {{INT64_MAX, 0}}}); }, SqlState::InvalidParameterValue,
                      "range");
    expect_rule_error([] { check_calendar(WorkingCalendar{nullptr, {}, {}}); }, SqlState::InternalError);
    expect_rule_error([] { check_calendar(WorkingCalendar{&kUtc, {600, 600}, {}}); },
                      SqlState::InvalidParameterValue, "active hours");
    expect_rule_error([] { check_calendar(WorkingCalendar{&kUtc, {0, 1441}, {}}); },
                      SqlState::InvalidParameterValue, "active hours");
    expect_rule_error([] { check_calendar(WorkingCalendar{&kUtc, {}, {0}}); }, SqlState::InvalidParameterValue,
                      "active days");
    expect_rule_error([] { check_calendar(WorkingCalendar{&kUtc, {}, {0x80}}); }, SqlState::InvalidParameterValue,
                      "active days");
}

TEST(WorkingCalendar, office_hours_in_utc)
{
    const auto c = calendar(kUtc, "08:00-20:00", "mon-fri");
    const std::int64_t fri = utc(2026, 1, 9), mon = utc(2026, 1, 12);
    EXPECT_FALSE(c.is_working(fri + 8 * H - 1));
    EXPECT_TRUE(c.is_working(fri + 8 * H));
    EXPECT_TRUE(c.is_working(fri + 20 * H - 1));
    EXPECT_FALSE(c.is_working(fri + 20 * H));
    EXPECT_FALSE(c.is_working(fri + D + 12 * H));  // Saturday
    EXPECT_EQ(c.next_working_instant(fri + 19 * H + 30 * MIN), fri + 19 * H + 30 * MIN);
    EXPECT_EQ(c.next_working_instant(fri + 20 * H), mon + 8 * H);
    EXPECT_EQ(c.next_working_instant(fri + 3 * H), fri + 8 * H);
    const auto span = c.working_span_from(fri + 3 * H);
    EXPECT_EQ(span.from, fri + 8 * H);
    EXPECT_EQ(span.to, fri + 20 * H);
    EXPECT_EQ(c.weekly_working_time(), 5 * 12 * H);
}

TEST(WorkingCalendar, a_post_at_night_keeps_its_spread_from_the_morning_on)
{
    const auto c = calendar(kUtc, "08:00-20:00", "mon-fri");
    const std::int64_t tue = utc(2026, 1, 13);
    EXPECT_EQ(c.add_working_time(tue + 23 * H, 2 * MIN), tue + D + 8 * H + 2 * MIN);
    EXPECT_EQ(c.add_working_time(tue + 23 * H, 60 * MIN), tue + D + 9 * H);
    EXPECT_EQ(c.working_time_between(tue + 23 * H, tue + D + 9 * H), 60 * MIN);
}

TEST(WorkingCalendar, friday_evening_continues_on_monday)
{
    // Berlin in winter: Friday 19:30 local is 18:30 UTC.
    const auto c = calendar(kBerlin, "08:00-20:00", "mon-fri");
    const std::int64_t fri_1930 = wall(3600, 2026, 1, 9, 19, 30);
    EXPECT_EQ(c.add_working_time(fri_1930, 2 * MIN), wall(3600, 2026, 1, 9, 19, 32));
    EXPECT_EQ(c.add_working_time(fri_1930, 29 * MIN), wall(3600, 2026, 1, 9, 19, 59));
    // exactly 30 minutes ends at 20:00, which is not working: Monday 08:00
    EXPECT_EQ(c.add_working_time(fri_1930, 30 * MIN), wall(3600, 2026, 1, 12, 8, 0));
    EXPECT_EQ(c.add_working_time(fri_1930, 60 * MIN), wall(3600, 2026, 1, 12, 8, 30));
    EXPECT_EQ(c.working_time_between(fri_1930, wall(3600, 2026, 1, 12, 8, 30)), 60 * MIN);
}

TEST(WorkingCalendar, berlin_dst_days_keep_twelve_hour_office_windows)
{
    const auto c = calendar(kBerlin, "08:00-20:00", "mon-sun");
    // spring forward, Sunday 2026-03-29: 08:00 CEST is 06:00 UTC
    EXPECT_EQ(c.next_working_instant(utc(2026, 3, 29, 0)), utc(2026, 3, 29, 6));
    EXPECT_EQ(c.working_span_from(utc(2026, 3, 29, 0)).to, utc(2026, 3, 29, 18));
    EXPECT_EQ(c.working_time_between(utc(2026, 3, 28, 22), utc(2026, 3, 29, 22)), 12 * H);
    // the Saturday before is in CET
    EXPECT_EQ(c.next_working_instant(utc(2026, 3, 28, 0)), utc(2026, 3, 28, 7));
    // a post on Saturday 23:00 CET with 2..60 minutes: Sunday 08:02..09:00 CEST
    EXPECT_EQ(c.add_working_time(wall(3600, 2026, 3, 28, 23), 2 * MIN), wall(7200, 2026, 3, 29, 8, 2));
    EXPECT_EQ(c.add_working_time(wall(3600, 2026, 3, 28, 23), 60 * MIN), wall(7200, 2026, 3, 29, 9, 0));
    // fall back, Sunday 2026-10-25: 08:00 CET is 07:00 UTC
    EXPECT_EQ(c.next_working_instant(utc(2026, 10, 25, 0)), utc(2026, 10, 25, 7));
    EXPECT_EQ(c.working_time_between(utc(2026, 10, 24, 22), utc(2026, 10, 25, 23)), 12 * H);
}

TEST(WorkingCalendar, dst_gap_and_overlap_follow_the_wall_clock)
{
    // All day on Sundays: the spring-forward Sunday has 23 hours, the fall-back one 25.
    const auto all_sunday = calendar(kBerlin, "00:00-24:00", "sun");
    EXPECT_EQ(all_sunday.working_time_between(utc(2026, 3, 23), utc(2026, 3, 31)), 23 * H);
    EXPECT_EQ(all_sunday.working_time_between(utc(2026, 10, 19), utc(2026, 10, 27)), 25 * H);
    // 02:00-03:00 does not exist in spring, and happens twice in autumn.
    const auto two_am = calendar(kBerlin, "02:00-03:00", "sun");
    EXPECT_EQ(two_am.working_time_between(utc(2026, 3, 28), utc(2026, 3, 30)), 0);
    EXPECT_EQ(two_am.next_working_instant(utc(2026, 3, 28)), utc(2026, 4, 5, 0));  // next Sunday 02:00 CEST
    EXPECT_EQ(two_am.working_time_between(utc(2026, 10, 24), utc(2026, 10, 26)), 2 * H);
    EXPECT_TRUE(two_am.is_working(utc(2026, 10, 25, 0, 30)));  // 02:30 CEST
    EXPECT_TRUE(two_am.is_working(utc(2026, 10, 25, 1, 30)));  // 02:30 CET
    // A window starting inside the gap starts when the clock jumps.
    const auto half_past_two = calendar(kBerlin, "02:30-04:00", "sun");
    EXPECT_EQ(half_past_two.next_working_instant(utc(2026, 3, 28)), utc(2026, 3, 29, 1));  // 03:00 CEST
    EXPECT_EQ(half_past_two.working_time_between(utc(2026, 3, 28), utc(2026, 3, 30)), 1 * H);
}

TEST(WorkingCalendar, new_york_dst_days)
{
    const auto c = calendar(kNewYork, "08:00-20:00", "mon-sun");
    EXPECT_EQ(c.next_working_instant(utc(2026, 3, 8, 5)), utc(2026, 3, 8, 12));  // 08:00 EDT
    EXPECT_EQ(c.working_span_from(utc(2026, 3, 8, 5)).to, utc(2026, 3, 9, 0));
    EXPECT_EQ(c.next_working_instant(utc(2026, 3, 7, 5)), utc(2026, 3, 7, 13));  // 08:00 EST
    EXPECT_EQ(c.next_working_instant(utc(2026, 11, 1, 5)), utc(2026, 11, 1, 13));  // 08:00 EST
    EXPECT_EQ(c.working_span_from(utc(2026, 11, 1, 5)).to, utc(2026, 11, 2, 1));
    EXPECT_EQ(c.working_time_between(utc(2026, 11, 1, 5), utc(2026, 11, 2, 5)), 12 * H);
    const auto one_am = calendar(kNewYork, "01:00-02:00", "sun");
    EXPECT_EQ(one_am.working_time_between(utc(2026, 10, 31), utc(2026, 11, 2)), 2 * H);
    EXPECT_EQ(one_am.working_time_between(utc(2026, 3, 7), utc(2026, 3, 9)), 1 * H);  // 01:00-02:00 EST exists
}

TEST(WorkingCalendar, lord_howe_shifts_by_thirty_minutes)
{
    // 2026-04-05 02:00 (+11) becomes 01:30 (+10:30): 01:30-02:00 happens twice.
    const auto one_am = calendar(kLordHowe, "01:00-02:00", "sun");
    EXPECT_EQ(one_am.next_working_instant(utc(2026, 4, 4)), utc(2026, 4, 4, 14));
    EXPECT_EQ(one_am.working_time_between(utc(2026, 4, 4), utc(2026, 4, 5)), 90 * MIN);
    // 2026-10-04 02:00 (+10:30) becomes 02:30 (+11): 02:00-02:30 never happens.
    const auto two_am = calendar(kLordHowe, "02:00-03:00", "sun");
    EXPECT_EQ(two_am.next_working_instant(utc(2026, 10, 3)), utc(2026, 10, 3, 15, 30));
    EXPECT_EQ(two_am.working_time_between(utc(2026, 10, 3), utc(2026, 10, 4)), 30 * MIN);
    const auto office = calendar(kLordHowe, "08:00-20:00", "mon-sun");
    EXPECT_EQ(office.working_time_between(utc(2026, 10, 3, 12), utc(2026, 10, 4, 12)), 12 * H);
}

TEST(WorkingCalendar, quarter_hour_and_extreme_offsets)
{
    const auto kathmandu = calendar(kKathmandu, "08:00-20:00", "mon-sun");
    EXPECT_EQ(kathmandu.next_working_instant(utc(2026, 1, 5)), utc(2026, 1, 5, 2, 15));
    EXPECT_EQ(kathmandu.working_span_from(utc(2026, 1, 5)).to, utc(2026, 1, 5, 14, 15));
    // The local Monday begins on Sunday 18:15 UTC in Kathmandu,
    const auto monday_kathmandu = calendar(kKathmandu, "00:00-24:00", "mon");
    EXPECT_FALSE(monday_kathmandu.is_working(utc(2026, 1, 4, 18, 15) - 1));
    EXPECT_TRUE(monday_kathmandu.is_working(utc(2026, 1, 4, 18, 15)));
    // on Sunday 10:00 UTC at +14:00,
    const auto monday_kiritimati = calendar(kKiritimati, "00:00-24:00", "mon");
    EXPECT_FALSE(monday_kiritimati.is_working(utc(2026, 1, 4, 10) - 1));
    EXPECT_TRUE(monday_kiritimati.is_working(utc(2026, 1, 4, 10)));
    EXPECT_FALSE(monday_kiritimati.is_working(utc(2026, 1, 5, 10)));
    EXPECT_EQ(monday_kiritimati.working_time_between(utc(2026, 1, 1), utc(2026, 1, 8)), D);
    // and on Monday 12:00 UTC at -12:00.
    const auto monday_minus12 = calendar(kMinus12, "00:00-24:00", "mon");
    EXPECT_EQ(monday_minus12.next_working_instant(utc(2026, 1, 4)), utc(2026, 1, 5, 12));
    EXPECT_EQ(monday_minus12.working_span_from(utc(2026, 1, 4)).to, utc(2026, 1, 6, 12));
}

TEST(WorkingCalendar, a_zone_jumping_the_date_line_skips_a_day)
{
    // Samoa went from Thursday 2011-12-29 23:59:59 (-10) to Saturday 00:00 (+14).
    const auto fridays = calendar(kSamoa, "00:00-24:00", "fri");
    EXPECT_EQ(fridays.next_working_instant(utc(2011, 12, 29)), wall(50400, 2012, 1, 6));
    const auto saturdays = calendar(kSamoa, "00:00-24:00", "sat");
    EXPECT_EQ(saturdays.next_working_instant(utc(2011, 12, 29)), utc(2011, 12, 30, 10));
}

TEST(WorkingCalendar, all_day_every_day_is_plain_wall_time)
{
    const auto c = calendar(kBerlin, "00:00-24:00", "mon-sun");
    for (std::int64_t t : {utc(2026, 3, 29, 0, 59, 59), utc(2026, 10, 25, 1), std::int64_t{0}, -kCalendarLimitUs}) {
        EXPECT_TRUE(c.is_working(t));
        EXPECT_EQ(c.next_working_instant(t), t);
        EXPECT_EQ(c.add_working_time(t, 3599 * S + 7), t + 3599 * S + 7);
        EXPECT_EQ(c.add_working_time(t, 400 * D), t + 400 * D);
        EXPECT_EQ(c.working_time_between(t, t + 400 * D + 5), 400 * D + 5);
    }
}

TEST(WorkingCalendar, whole_weeks_are_skipped_but_counted_exactly)
{
    const auto c = calendar(kBerlin, "08:00-20:00", "mon-fri");
    const std::int64_t start = wall(3600, 2026, 1, 9, 19, 30);
    // 100 weeks of work: crosses four DST transitions
    const std::int64_t end = c.add_working_time(start, 100 * c.weekly_working_time());
    EXPECT_EQ(c.working_time_between(start, end), 100 * c.weekly_working_time());
    Reference ref(c, start - 8 * D);
    EXPECT_EQ(end, ref.add_time(start, 100 * c.weekly_working_time()));
}

TEST(WorkingCalendar, range_limits_and_bad_arguments)
{
    const auto c = calendar(kUtc, "08:00-08:01", "sun");
    expect_rule_error([&] { c.is_working(INT64_MAX); }, SqlState::InvalidParameterValue, "range");
    expect_rule_error([&] { c.next_working_instant(INT64_MIN); }, SqlState::InvalidParameterValue, "range");
    expect_rule_error([&] { c.working_time_between(0, kCalendarLimitUs + 1); }, SqlState::InvalidParameterValue,
                      "range");
    expect_rule_error([&] { c.add_working_time(0, -1); }, SqlState::InvalidParameterValue, "negative");
    EXPECT_EQ(c.add_working_time(0, INT64_MAX), kNoInstant);  // a minute a week: far beyond the range
    EXPECT_EQ(c.add_working_time(kCalendarLimitUs - D, 2 * MIN), kNoInstant);
    EXPECT_EQ(c.next_working_instant(kCalendarLimitUs), kNoInstant);
    EXPECT_EQ(c.working_span_from(kCalendarLimitUs).to, kNoInstant);
    const std::int64_t everything = c.working_time_between(-kCalendarLimitUs, kCalendarLimitUs);
    EXPECT_GE(everything, (2 * kCalendarLimitUs / W - 1) * MIN);  // a minute in each of ~13 million weeks
    EXPECT_LE(everything, (2 * kCalendarLimitUs / W + 1) * MIN);
    expect_rule_error([] { WorkingCalendar{nullptr, {}, {}}.is_working(0); }, SqlState::InternalError);
    expect_rule_error([] { WorkingCalendar{&kUtc, {}, {0}}.next_working_instant(0); },
                      SqlState::InvalidParameterValue);
}

TEST(WorkingCalendar, a_broken_zone_gives_answers_without_hanging)
{
    // Unsorted and far-away transitions: meaningless, but no loop and no overflow.
    const ZoneRules broken{0, {{5 * D, 50000}, {INT64_MAX, -86000}, {-3 * D, 86400}, {INT64_MIN, 0}, {2 * D, -3600}}};
    const WorkingCalendar c{&broken, {480, 1200}, {0x1F}};
    for (std::int64_t t = -10 * D; t < 10 * D; t += 7 * H) {
        (void)c.is_working(t);
        (void)c.next_working_instant(t);
        (void)c.add_working_time(t, 30 * D);
        (void)c.working_time_between(t, t + 20 * D);
    }
}

// ---------------------------------------------------------------------------
// Property: the calendar agrees with a day-by-day listing of its windows.

namespace {

ZoneRules random_zone(std::mt19937_64 &g, std::int64_t around)
{
    auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(g); };
    const std::int32_t base = static_cast<std::int32_t>(pick(-48, 56) * 900);
    ZoneRules z{base, {}};
    const int n = static_cast<int>(pick(0, 5));
    std::vector<std::int64_t> at;
    for (int i = 0; i < n; ++i)
        at.push_back(around + pick(-20 * 1440, 40 * 1440) * MIN);
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    static const std::int32_t shifts[] = {0, 1800, 3600, -1800, -3600, 7200, 2700};
    for (std::size_t i = 0; i < at.size(); ++i) {
        const std::int32_t shift = i % 2 == 0 ? shifts[pick(0, 6)] : 0;  // DST on, off, on ...
        z.transitions.push_back({at[i], std::clamp(base + shift, -43200, 50400)});
    }
    return z;
}

ActiveHours random_hours(std::mt19937_64 &g)
{
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
    switch (pick(0, 4)) {
    case 0:
        return {480, 1200};
    case 1:
        return {0, 1440};
    case 2: {
        const int start = pick(0, 1439);
        return {start, std::min(1440, start + pick(1, 30))};
    }
    default: {
        const int start = pick(0, 1439);
        return {start, pick(start + 1, 1440)};
    }
    }
}

}  // namespace

TEST(WorkingCalendarProperty, agrees_with_a_day_by_day_reference)
{
    const std::uint64_t base_seed = 20260309;
    const int cases = 20000;
    long checks = 0;
    for (int i = 0; i < cases; ++i) {
        const std::uint64_t seed = base_seed + static_cast<std::uint64_t>(i);
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 g(seed);
        auto pick = [&](std::int64_t lo, std::int64_t hi) {
            return std::uniform_int_distribution<std::int64_t>(lo, hi)(g);
        };
        const std::int64_t around = utc(2026, 1, 1) + pick(0, 365) * D;
        const ZoneRules zone = random_zone(g, around);
        const WorkingCalendar c{&zone, random_hours(g), {static_cast<std::uint8_t>(pick(1, 127))}};
        std::int64_t t = around + pick(-30 * D, 50 * D);
        if (!zone.transitions.empty() && pick(0, 2) == 0)  // near a transition
            t = zone.transitions[pick(0, zone.transitions.size() - 1)].utc_us + pick(-3 * H, 3 * H);
        if (pick(0, 1) == 0)
            t -= t % MIN;  // on a minute boundary, where windows open and close
        Reference ref(c, t - 8 * D);

        ASSERT_EQ(c.is_working(t), ref.working(t));
        const std::int64_t next = c.next_working_instant(t);
        ASSERT_EQ(next, ref.add_time(t, 0));
        ASSERT_TRUE(ref.working(next));
        const WorkingSpan span = c.working_span_from(t);
        ASSERT_EQ(span.from, next);
        ASSERT_GT(span.to, span.from);
        ASSERT_EQ(ref.between(span.from, span.to), span.to - span.from);  // all of it working
        const std::int64_t d = pick(0, 2) == 0 ? pick(0, 3) * 15 * MIN : pick(0, 3 * c.weekly_working_time());
        const std::int64_t added = c.add_working_time(t, d);
        ASSERT_EQ(added, ref.add_time(t, d)) << "d=" << d;
        ASSERT_EQ(c.working_time_between(t, added), d);
        const std::int64_t u = t + pick(-2 * D, 60 * D);
        ASSERT_EQ(c.working_time_between(t, u), ref.between(t, u));
        checks += 8;
    }
    std::cout << "[ property ] calendar: " << cases << " random cases, " << checks << " checks\n";
    RecordProperty("random_cases", cases);
    RecordProperty("checks", static_cast<int>(checks));
}
