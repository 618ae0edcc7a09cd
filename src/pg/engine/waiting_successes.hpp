// Successes a report could not write yet (schema 1.2): another transaction held
// the activity or its member. The action happened on LinkedIn, so the success
// is kept in pod_amplify.waiting_successes until the row is free, not only in
// the worker's memory: while it waits no claim hands the activity out again,
// and the reaper records it instead of counting the lapse as a failed attempt.
// The table is owner-only: every statement here runs as the tables' owner, on
// ids the caller's own (row-level security bound) statements found. SPI is
// connected; nothing here is called at schema 1.0 or 1.1.
#pragma once

#include "pg/engine/locked_activity.hpp"
#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

struct WaitingSuccess {
    pg_uuid_t id;
    char *worker;
    int32 attempt_number;
    char *repost_url;  // nullptr: none kept
};

// Keeps successes answered busy (a later report of the same one changes
// nothing). When one is new, rows no longer waiting (their activity recorded,
// gone or past that attempt) are dropped.
void keep_waiting_successes(const WaitingSuccess *successes, int n);

// The ids among ids[0..n) that `worker` holds a lease on, pending, as the
// caller sees them now (no lock: another transaction holds them), with their
// attempt number. Row-level security applies: a tenant names only its own.
WaitingSuccess *leased_to_worker(const pg_uuid_t *ids, int n, const char *worker, int *count);

// The activities `worker` has a success waiting for, still pending at that
// attempt and leased to it: a claim's hand-back leaves them out (the worker
// must not act again). Sorted by id.
pg_uuid_t *waiting_for_worker(const char *worker, int *count);

// The successes waiting for ids[0..n) (pending rows the caller locked), still
// for the attempt and lease they answer. Sorted by id.
WaitingSuccess *waiting_for_activities(const pg_uuid_t *ids, int n, int *count);

// Forgets the waiting successes of ids[0..n) (recorded now).
void forget_waiting_successes(const pg_uuid_t *ids, int n);

// Of the expired leases the reaper locked (`set`), those a success waits for:
// the success is recorded when the member row can be locked at once (a late
// success, naming its worker), else the lease is renewed and the success keeps
// waiting; never a failed attempt. Sets handled[j] for each; returns how many
// were recorded.
int settle_waiting_lapses(const LockedSet &set, bool *handled);

// Drops rows no longer waiting (see keep_waiting_successes); returns how many.
int drop_stale_waiting_successes();

}  // namespace pod_amplify::pg
