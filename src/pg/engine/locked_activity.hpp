// The activities a report names, locked in id order (the one order every engine
// function uses, so workers never deadlock), with what the report rules read:
// status, lease, attempts, whether the reporting worker ever claimed the row,
// and the last entry of its history.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include "core/activity_reports.hpp"
#include "core/engine_settings.hpp"

namespace pod_amplify::pg {

struct LockedActivity {
    pg_uuid_t id, member_id;
    char *status, *lease_owner;  // lease_owner may be nullptr
    bool lease_live, claimed_by_worker;
    int32 attempt_number, max_attempts;
    bool has_last_entry, last_is_report;
    char *last_worker;
    int32 last_attempt;
    int last_retryable;  // the last entry's "retryable": 1, 0, or -1 when it records none
    core::EngineSettings settings;  // only when locked with settings
    HeapTuple row;                  // the whole row, extra columns included (SPI memory)
};

struct LockedSet {
    LockedActivity *rows;
    int count;
    TupleDesc desc;      // of the locked rows, extra columns included
    TupleDesc row_desc;  // pod_activities' own columns only
    pg_uuid_t *busy = nullptr;  // SKIP_BUSY: requested rows another transaction held, sorted
    int nbusy = 0;
};

// WAIT: wait for rows another transaction holds (the 1.1 single-row calls).
// SKIP_BUSY: rows another transaction holds are waited for up to 100 ms in all
// (row_waits.hpp), then those still held are skipped and listed in `busy` (a
// tenant's open transaction on its own rows must not stall a worker's batch of
// every tenant's activities).
// SKIP_NOW: as SKIP_BUSY without the wait (a report attempt, which waits
// between attempts, holding nothing).
enum class RowLocks { WAIT, SKIP_BUSY, SKIP_NOW };

// Locks ids[0..n) (duplicates allowed) FOR NO KEY UPDATE in id order, as the
// caller (row-level security decides what a tenant may name). `worker` may be
// nullptr (an operator's report). With settings, each row gets its pod's engine
// settings (invalid overrides fall back to the session's values).
LockedSet lock_activities(const pg_uuid_t *ids, int n, const char *worker, bool with_settings,
                          RowLocks locks = RowLocks::WAIT);

// Whether `id` is in set.busy.
bool is_busy(const LockedSet &set, const pg_uuid_t &id);

// Up to `limit` pending activities whose lease expired, oldest expiry first,
// skipping rows another transaction holds; with settings.
LockedSet lock_expired_leases(int limit);

// The row as pod_amplify.pod_activities, without the extra columns.
HeapTuple plain_row(const LockedSet &set, int i);

// Pure C++: the facts the report rules read.
core::LeasedActivity leased_facts(const LockedActivity &row);

// Where each requested id is in the locked rows (-1 when not found: missing
// or hidden by row-level security). O(n log n).
int *locate_requested(const pg_uuid_t *requested, int n, const LockedSet &set);

}  // namespace pod_amplify::pg
