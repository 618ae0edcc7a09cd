#include "schedule_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace pod_amplify::core;

namespace {
constexpr std::int64_t S = kMicrosPerSecond;
constexpr std::int64_t T0 = 1'800'000'000LL * S;  // some instant

std::vector<ScheduleCandidate> members(int n, double min_s, double max_s, int cap = 0)
{
    std::vector<ScheduleCandidate> v(n);
    for (int i = 0; i < n; ++i) {
        v[i].member_id = "m" + std::to_string(1000 + i);
        v[i].min_delay_s = min_s;
        v[i].max_delay_s = max_s;
        v[i].daily_cap = cap;
    }
    return v;
}
}  // namespace

TEST(Spread, every_time_lies_in_the_window)
{
    const auto times = plan_schedule(members(40, 120, 3600), T0, 42);
    for (auto t : times) {
        EXPECT_GE(t, T0 + 120 * S);
        EXPECT_LE(t, T0 + 3600 * S);
    }
}

TEST(Spread, no_two_members_share_a_minute_when_the_window_allows)
{
    const auto times = plan_schedule(members(58, 120, 3600), T0, 7);  // exactly 57 + 1 whole minutes
    std::set<std::int64_t> minutes;
    for (auto t : times)
        minutes.insert((t - T0) / (60 * S));
    EXPECT_EQ(minutes.size(), times.size());
}

TEST(Spread, a_window_smaller_than_the_members_shares_minutes_evenly)
{
    const auto times = plan_schedule(members(25, 0, 240), T0, 3);  // 5 minutes (0..4), 25 members
    std::map<std::int64_t, int> per_minute;
    for (auto t : times)
        ++per_minute[(t - T0) / (60 * S)];
    EXPECT_EQ(per_minute.size(), 5u);
    for (auto &[minute, count] : per_minute)
        EXPECT_EQ(count, 5) << minute;
}

TEST(Spread, same_seed_same_schedule_regardless_of_input_order)
{
    auto a = members(30, 60, 1800);
    auto b = a;
    std::reverse(b.begin(), b.end());
    const auto ta = plan_schedule(a, T0, 99);
    const auto tb = plan_schedule(b, T0, 99);
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(ta[i], tb[a.size() - 1 - i]);
    EXPECT_NE(plan_schedule(a, T0, 100), ta);
}

TEST(Spread, zero_width_window_puts_everyone_at_that_instant)
{
    const auto times = plan_schedule(members(3, 90, 90), T0, 1);
    for (auto t : times)
        EXPECT_EQ(t, T0 + 90 * S);
}

TEST(Spread, no_candidates_gives_no_times)
{
    EXPECT_TRUE(plan_schedule({}, T0, 1).empty());
}

TEST(DailyCap, the_21st_activity_moves_past_the_24_hour_window)
{
    std::vector<std::int64_t> busy;
    for (int i = 0; i < 20; ++i)
        busy.push_back(T0 + i * 600 * S);  // 20 activities, ten minutes apart
    const std::int64_t wanted = T0 + 20 * 600 * S;
    EXPECT_EQ(place_under_daily_cap(wanted, busy, 20), T0 + kMicrosPerDay);
    EXPECT_EQ(place_under_daily_cap(wanted, busy, 21), wanted);
}

TEST(DailyCap, cap_zero_means_no_cap)
{
    std::vector<std::int64_t> busy(50, T0);
    EXPECT_EQ(place_under_daily_cap(T0, busy, 0), T0);
}

TEST(DailyCap, cap_one_keeps_a_day_between_activities)
{
    const std::vector<std::int64_t> busy = {T0};
    EXPECT_EQ(place_under_daily_cap(T0 + 3600 * S, busy, 1), T0 + kMicrosPerDay);
    EXPECT_EQ(place_under_daily_cap(T0 + kMicrosPerDay, busy, 1), T0 + kMicrosPerDay);
    // Before a busy time it must also leave a day, so it moves past it.
    EXPECT_EQ(place_under_daily_cap(T0 - 3600 * S, busy, 1), T0 + kMicrosPerDay);
}

TEST(DailyCap, result_never_breaks_the_cap_in_any_window)
{
    std::vector<std::int64_t> busy;
    for (int i = 0; i < 30; ++i)
        busy.push_back(T0 + (i * 7919 % 200) * 600 * S);
    std::sort(busy.begin(), busy.end());
    const int cap = 5;
    // thin the fixture so that it obeys the cap itself
    std::vector<std::int64_t> ok;
    for (auto t : busy)
        if (place_under_daily_cap(t, ok, cap) == t) ok.push_back(t), std::sort(ok.begin(), ok.end());
    for (std::int64_t want = T0; want < T0 + 3 * kMicrosPerDay; want += 3600 * S) {
        const auto t = place_under_daily_cap(want, ok, cap);
        EXPECT_GE(t, want);
        auto all = ok;
        all.push_back(t);
        std::sort(all.begin(), all.end());
        for (std::size_t i = 0; i + cap < all.size(); ++i)
            EXPECT_GE(all[i + cap] - all[i], kMicrosPerDay);
    }
}

TEST(Spread, cap_applies_inside_plan_schedule)
{
    auto c = members(1, 60, 60, 1);
    c[0].busy_us = {T0 + 30 * S};
    const auto times = plan_schedule(c, T0, 5);
    EXPECT_EQ(times[0], T0 + 30 * S + kMicrosPerDay);
}
