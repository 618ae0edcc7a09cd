// Planning a post's amplifications so that every account acts like a person:
// only in its member's working hours, never two actions close together, never
// more than its daily caps. LinkedIn restricts accounts that act at night, in
// bursts or too often. The 1.1 planner (plan_schedule) stays for 1.1 databases.
//
// How a candidate is placed (in an order shuffled from the seed):
//  1. Its delay window [min_delay, max_delay] is measured in *working time*
//     after not_before: only time inside the member's working windows counts,
//     so a post published at night keeps its spread from the next morning on.
//  2. Among the minutes (counted from not_before, in UTC) whose first instant
//     lies in that window, it takes a least-used one, at random among equals,
//     and a random second in it. So no two candidates of the post share a minute
//     while their windows have free minutes.
//  3. If the account's gap or caps forbid that time, it moves to the earliest
//     later instant that is working and satisfies every rule (this may lie past
//     max_delay). The minute it ends in is the one counted as used.
// With an always-working calendar, no gap and no action cap, the result equals
// plan_schedule's for the same seed (distinct member ids, whole-second delays,
// no cap moves).
#pragma once

#include "working_hours.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pod_amplify::core {

// A placement beyond not_before + 730 days fails with RuleError 22023: the
// rules leave the account no room.
constexpr std::int64_t kPlanningHorizonUs = 730LL * 86400 * 1000000;

// Another activity of the same user (scheduled or done, any post, any pod).
struct BusyTime {
    std::int64_t utc_us;  // any value; times that cannot interact with the horizon are ignored
    bool same_action;     // of the action being planned: counts toward action_daily_cap
};

struct HumanCandidate {
    std::string member_id;     // orders candidates before the seeded shuffle
    std::string user_id;       // the account: gap and caps hold per user, across member rows
    WorkingCalendar calendar;  // the member's working hours and zone (checked with check_calendar)
    double min_delay_s = 120;  // working time after not_before, 0 <= min <= max <= 730 days
    double max_delay_s = 3600;
    int member_daily_cap = 0;         // most activities of the user (any action) in any 24 hours; 0: no cap
    int action_daily_cap = 0;         // most of this action in any 24 hours; 0: only member_daily_cap
    double account_min_gap_s = 120;   // least time between two activities of the user, 0..730 days
    std::vector<BusyTime> busy;       // the user's other activities, any order, duplicates allowed
};

// One UTC time (microseconds since 2000-01-01, like not_before_us) per candidate,
// in input order. Every time is working for its calendar, holds at least
// min_delay of working time after not_before, keeps account_min_gap from every
// other activity of its user (busy or planned here) and lands in no 24-hour
// window [w, w + 24 h) holding more than a cap (busy and planned times of the
// user; for the action cap, those of the same action). Windows the busy times
// alone already overfill are avoided, not repaired.
// Candidates sharing a user_id (even an empty one) are one account: they are
// planned against each other under the strictest settings among them (largest
// gap, smallest non-zero caps), and their busy lists are merged as multisets
// (a time listed n times by one candidate and m times by another counts max(n, m)).
// Deterministic: the same candidates (whatever their order) and seed give the
// same times. Throws RuleError 22023 for invalid input (naming the member) and
// when a time would lie beyond not_before + kPlanningHorizonUs; not_before must
// lie within [-kCalendarLimitUs, kCalendarLimitUs - kPlanningHorizonUs].
std::vector<std::int64_t> plan_human_schedule(const std::vector<HumanCandidate> &candidates,
                                              std::int64_t not_before_us, std::uint64_t seed);

}  // namespace pod_amplify::core
