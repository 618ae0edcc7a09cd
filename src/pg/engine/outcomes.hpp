// Writing reported outcomes: completions (with the participation score) and
// failures (with error_history, retry or final), each one set-based statement
// for a whole batch. Callers have locked the rows (locked_activity.hpp) and
// decided what each gets; SPI is connected.
#pragma once

#include "pg/engine/locked_activity.hpp"

namespace pod_amplify::pg {

// Completes rows: status success, executed_at, repost_url, lease ended, +1 to
// each member's participation_score (members locked in id order first when
// there are several). `late[i]` rows get a history entry naming `worker` (a
// success reported after the lapse); `revive` allows failed -> success.
// With `want_rows`, returns the completed rows in id order (SPI_tuptable,
// SPI_processed of them); without, only how many (no rows copied or sorted).
// With `members_locked`, the caller holds every member row already
// (lock_members) and none is locked again.
uint64 apply_completions(const pg_uuid_t *ids, const pg_uuid_t *member_ids, char *const *urls, const bool *late, int n,
                         const char *worker, bool revive, bool want_rows = true, bool members_locked = false);

// How lock_members waits for member rows another transaction holds.
enum class MemberWait {
    None,         // takes the free ones and never waits
    Brief,        // takes the free ones, then waits up to 100 ms in all for the
                  // others (holding none of them) and takes what is free then
    AllOrNothing  // takes the free ones and lists the others in *elsewhere, for
                  // a caller that undoes its attempt, waits, and tries again
};

// Member rows another transaction held: sorted, without duplicates.
struct RowsElsewhere {
    pg_uuid_t *ids = nullptr;
    int n = 0;
};

// Locks the member rows of member_ids[0..n) (duplicates allowed) FOR NO KEY
// UPDATE in id order, waiting as `wait` says: a row another transaction holds
// (a tenant editing its member) is skipped. Returns, per entry, whether its
// row is now held (false also for a member that no longer exists).
bool *lock_members(const pg_uuid_t *member_ids, int n, MemberWait wait, RowsElsewhere *elsewhere = nullptr);

struct FailureToApply {
    pg_uuid_t id;
    char *error;
    const char *worker;  // recorded in error_history (the lease owner for lapses and operators)
    bool retryable;
    bool lapse;          // a reaped lease, not a report
    bool refused = false;  // a claim that refused to hand it out (kind claim_refused)
};

// Records each failure in error_history and error_message; while retryable
// and attempts remain the activity stays pending with attempt_number + 1, due
// after the jittered retry delay of its pod's settings; else it is failed.
// NOTIFYs when something was re-queued. Returns how many rows changed.
int apply_failures(const LockedSet &set, const int *row_of, const FailureToApply *failures, int n);

}  // namespace pod_amplify::pg
