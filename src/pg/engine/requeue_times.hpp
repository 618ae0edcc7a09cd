// When an activity retry_activity re-queues comes due (1.2). Like schedule_post's
// placements, at or after the retry delay, inside the member's working hours,
// keeping the user's account_min_gap and daily caps against the user's other
// activities (core/human_schedule.hpp).
//
// Worker calls do not run it (outcomes.cpp): a worker's report would read
// every retried user's schedule, and one tenant's users would cost every
// tenant's batch. It takes no lock: a schedule_post of the same user that
// commits meanwhile is not seen (README: What is not promised).
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// at[i] = when activity ids[i] comes due, at or after not_before[i]. A 1.1
// database (no working hours), a row not found and a row the rules leave no
// room for within the planning horizon keep not_before[i]. SPI connected.
void plan_requeue_times(const pg_uuid_t *ids, const TimestampTz *not_before, int n, TimestampTz *at);

}  // namespace pod_amplify::pg
