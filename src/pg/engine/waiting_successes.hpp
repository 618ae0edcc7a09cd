// Successes a report could not write yet (schema 1.2): another transaction held
// the activity or its member. The action happened on LinkedIn, so the success
// is kept in pod_amplify.waiting_successes until the row is free, not only in
// the worker's memory. A waiting success is its worker's report, applied at the
// first chance: the worker reporting it again, a claim that picks the activity
// (which records it instead of handing the activity out), or the reaper at the
// lapse of its lease (which records it instead of counting a failed attempt).
// The table is owner-only: statements on it run as the tables' owner, on ids
// the caller's own (row-level security bound) statements found; those on
// pod_activities run as the caller. Nothing here waits for a row another
// transaction holds, but for keeping a success (100 ms at most). SPI is
// connected; nothing here is called at schema 1.0 or 1.1.
#pragma once

#include "pg/engine/locked_activity.hpp"
#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

struct WaitingSuccess {
    pg_uuid_t id;
    char *worker;
    int32 attempt_number;  // the attempt it answered (kept for the record)
    char *repost_url;      // nullptr: none kept
};

// Keeps successes answered busy (the same worker again changes nothing). A
// conflicting row another transaction holds is waited for 100 ms at most:
// false when they could not be kept (nothing was). When one is new, rows no
// longer waiting (their activity recorded or gone) are dropped.
bool keep_waiting_successes(const WaitingSuccess *successes, int n);

// The ids among ids[0..n) that `worker` holds a live lease on, pending, as
// the caller sees them now (no lock: another transaction holds them), with
// their attempt number. Row-level security applies: a tenant names only its own.
WaitingSuccess *leased_to_worker(const pg_uuid_t *ids, int n, const char *worker, int *count);

// The activities `worker` has a success waiting for, not yet recorded: a
// claim's hand-back leaves them out (the worker must not act again).
pg_uuid_t *waiting_for_worker(const char *worker, int *count);

// The successes waiting for ids[0..n), sorted by id.
WaitingSuccess *waiting_for_activities(const pg_uuid_t *ids, int n, int *count);

// Applies the waiting successes of pending rows the caller holds locked
// (`set`): each is recorded in its worker's name (a late success: the attempt
// unchanged) when its member row can be locked at once; otherwise the activity
// is leased to that worker again, so that nobody else is handed it, and the
// reaper tries at the lapse. Sets handled[j] for each row concerned; returns
// how many were recorded.
int settle_waiting_successes(const LockedSet &set, const WaitingSuccess *waiting, int nwaiting, bool *handled);

// The reaper's part: the same for the expired leases it locked.
int settle_waiting_lapses(const LockedSet &set, bool *handled);

// Drops rows no longer waiting (see keep_waiting_successes), skipping rows
// another transaction holds; returns how many.
int drop_stale_waiting_successes();

}  // namespace pod_amplify::pg
