#include "pg/engine/waiting_successes.hpp"

#include "pg/engine/common.hpp"
#include "pg/engine/outcomes.hpp"
#include "pg/runtime/brief_wait.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_state.hpp"

#include <algorithm>
#include <cstring>

namespace pod_amplify::pg {

namespace {

// A waiting success is no longer waiting once its activity is recorded (or
// gone): "s" is the waiting row.
#define POD_NOT_WAITING                                                                             \
    "NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "s.activity_id" \
    " AND a.status" POD_NE POD_SUCCESS ")"

// $1 ids, $2 workers, $3 attempts, $4 URLs. The same worker again changes
// nothing (RETURNING nothing): a worker re-reports every second.
const char *const kKeepSql =
    "INSERT INTO pod_amplify.waiting_successes AS w (activity_id, worker, attempt_number, repost_url)"
    " SELECT * FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
    "                          pg_catalog.unnest($4))"
    " ON CONFLICT (activity_id) DO UPDATE SET worker = EXCLUDED.worker, attempt_number = EXCLUDED.attempt_number,"
    "   repost_url = EXCLUDED.repost_url, reported_at = pg_catalog.now()"
    " WHERE w.worker" POD_NE "EXCLUDED.worker OR w.attempt_number" POD_NE "EXCLUDED.attempt_number";
// Rows another transaction holds are skipped: housekeeping never waits.
const char *const kStaleSql =
    "DELETE FROM pod_amplify.waiting_successes w WHERE w.activity_id IN ("
    "  SELECT s.activity_id FROM pod_amplify.waiting_successes s WHERE " POD_NOT_WAITING
    "  FOR UPDATE OF s SKIP LOCKED)";
// As the caller: row-level security decides what a tenant's report may keep.
// Only under a live lease: the row's holder may then be a tenant, never the
// reaper (it takes lapsed leases only), which would re-queue the activity for
// another worker to be handed before the kept success is seen. A success
// reported after its lease lapsed is answered busy as before, and the
// worker's next report records it late.
const char *const kLeasedSql =
    "SELECT a.id, a.attempt_number FROM pod_amplify.pod_activities a"
    " WHERE a.id" POD_EQ "ANY ($1) AND a.status" POD_EQ POD_PENDING " AND a.lease_owner" POD_EQ "$2"
    "   AND a.lease_expires_at" POD_GT "pg_catalog.clock_timestamp() ORDER BY a.id";
const char *const kForWorkerSql =
    "SELECT s.activity_id FROM pod_amplify.waiting_successes s WHERE s.worker" POD_EQ "$1 AND NOT " POD_NOT_WAITING;
const char *const kForActivitiesSql =
    "SELECT s.activity_id, s.worker, s.attempt_number, s.repost_url FROM pod_amplify.waiting_successes s"
    " WHERE s.activity_id" POD_EQ "ANY ($1) ORDER BY s.activity_id";
const char *const kForgetSql =
    "DELETE FROM pod_amplify.waiting_successes w WHERE w.activity_id IN ("
    "  SELECT s.activity_id FROM pod_amplify.waiting_successes s WHERE s.activity_id" POD_EQ "ANY ($1)"
    "  FOR UPDATE OF s SKIP LOCKED)";
// $1 ids, $2 workers, $3 lease durations (seconds), as the caller.
const char *const kLeaseToSql =
    "UPDATE pod_amplify.pod_activities a SET lease_owner = u.worker, lease_expires_at = " POD_LEASE_FROM POD_PLUS
    "pg_catalog.make_interval(secs => u.secs)"
    " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) AS u(id, worker, secs)"
    " WHERE a.id" POD_EQ "u.id";
SPIPlanPtr keep_plan, stale_plan, leased_plan, for_worker_plan, for_activities_plan, forget_plan, lease_to_plan;

const int kBriefKeepWaitMs = 100;


// Runs a saved plan as the tables' owner (the table has no grants).
int run_as_owner(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types, Datum *args, const char *nulls)
{
    SavedUser saved = become_user(tables_owner());
    saved_plan(slot, sql, nargs, types);
    const int rc = SPI_execute_plan(*slot, args, nulls, false, 0);
    restore_user(saved);
    return rc;
}

struct KeepStep {
    Datum args[4];
    uint64 changed;
};

void keep_step(void *arg)
{
    auto *k = static_cast<KeepStep *>(arg);
    Oid types[4] = {UUIDARRAYOID, TEXTARRAYOID, INT4ARRAYOID, TEXTARRAYOID};
    if (run_as_owner(&keep_plan, kKeepSql, 4, types, k->args, nullptr) != SPI_OK_INSERT)
        elog(ERROR, "pod_amplify: keeping a waiting success failed");
    k->changed = SPI_processed;
}

void forget(const pg_uuid_t *ids, int n)
{
    if (n == 0)
        return;
    Oid types[1] = {UUIDARRAYOID};
    Datum args[1] = {uuid_array_datum(ids, n)};
    if (run_as_owner(&forget_plan, kForgetSql, 1, types, args, nullptr) != SPI_OK_DELETE)
        elog(ERROR, "pod_amplify: forgetting waiting successes failed");
}

}  // namespace

bool keep_waiting_successes(const WaitingSuccess *successes, int n)
{
    if (n == 0)
        return true;
    // One row per id (ON CONFLICT may touch a row once per statement).
    auto *sorted = static_cast<WaitingSuccess *>(palloc(sizeof(WaitingSuccess) * n));
    std::memcpy(sorted, successes, sizeof(WaitingSuccess) * n);
    std::sort(sorted, sorted + n, [](const WaitingSuccess &a, const WaitingSuccess &b) { return uuid_less(a.id, b.id); });
    auto *ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto **workers = static_cast<char **>(palloc(sizeof(char *) * n));
    auto *attempts = static_cast<int32 *>(palloc(sizeof(int32) * n));
    auto **urls = static_cast<char **>(palloc(sizeof(char *) * n));
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && !uuid_less(ids[m - 1], sorted[i].id))
            continue;
        ids[m] = sorted[i].id;
        workers[m] = sorted[i].worker;
        attempts[m] = sorted[i].attempt_number;
        urls[m++] = sorted[i].repost_url;
    }
    KeepStep step{{uuid_array_datum(ids, m), text_array_datum(workers, m), int4_array_datum(attempts, m),
                   text_array_datum(urls, m)},
                  0};
    // A row another transaction is writing (a claim recording it, housekeeping
    // dropping it) is waited for briefly, never for long.
    if (!run_waiting_briefly(keep_step, &step, kBriefKeepWaitMs))
        return false;
    if (step.changed > 0)
        drop_stale_waiting_successes();
    return true;
}

WaitingSuccess *leased_to_worker(const pg_uuid_t *ids, int n, const char *worker, int *count)
{
    *count = 0;
    if (n == 0)
        return nullptr;
    Oid types[2] = {UUIDARRAYOID, TEXTOID};
    Datum args[2] = {uuid_array_datum(ids, n), CStringGetTextDatum(worker)};
    saved_plan(&leased_plan, kLeasedSql, 2, types);
    if (SPI_execute_plan(leased_plan, args, nullptr, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: reading busy activities failed");
    *count = static_cast<int>(SPI_processed);
    auto *out = static_cast<WaitingSuccess *>(palloc0(sizeof(WaitingSuccess) * (*count > 0 ? *count : 1)));
    for (int j = 0; j < *count; j++) {
        bool isnull;
        tuple_uuid(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 1, &out[j].id);
        out[j].attempt_number = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 2, &isnull));
        out[j].worker = const_cast<char *>(worker);
    }
    return out;
}

pg_uuid_t *waiting_for_worker(const char *worker, int *count)
{
    Oid types[1] = {TEXTOID};
    Datum args[1] = {CStringGetTextDatum(worker)};
    if (run_as_owner(&for_worker_plan, kForWorkerSql, 1, types, args, nullptr) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: reading waiting successes failed");
    *count = static_cast<int>(SPI_processed);
    auto *out = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (*count > 0 ? *count : 1)));
    for (int j = 0; j < *count; j++)
        tuple_uuid(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 1, &out[j]);
    return out;
}

WaitingSuccess *waiting_for_activities(const pg_uuid_t *ids, int n, int *count)
{
    *count = 0;
    if (n == 0)
        return nullptr;
    Oid types[1] = {UUIDARRAYOID};
    Datum args[1] = {uuid_array_datum(ids, n)};
    if (run_as_owner(&for_activities_plan, kForActivitiesSql, 1, types, args, nullptr) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: reading waiting successes failed");
    *count = static_cast<int>(SPI_processed);
    auto *out = static_cast<WaitingSuccess *>(palloc0(sizeof(WaitingSuccess) * (*count > 0 ? *count : 1)));
    for (int j = 0; j < *count; j++) {
        HeapTuple t = SPI_tuptable->vals[j];
        bool isnull;
        tuple_uuid(t, SPI_tuptable->tupdesc, 1, &out[j].id);
        out[j].worker = SPI_getvalue(t, SPI_tuptable->tupdesc, 2);
        out[j].attempt_number = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &isnull));
        out[j].repost_url = SPI_getvalue(t, SPI_tuptable->tupdesc, 4);
    }
    return out;
}

int settle_waiting_successes(const LockedSet &set, const WaitingSuccess *waiting, int nwaiting, bool *handled)
{
    if (nwaiting == 0)
        return 0;
    // The locked rows they answer (pending ones only: others are not settled here).
    auto *row_of = static_cast<int *>(palloc(sizeof(int) * nwaiting));
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * nwaiting));
    int nfound = 0;
    for (int k = 0; k < nwaiting; k++) {
        int found = -1;
        for (int j = 0; j < set.count && found < 0; j++)
            if (std::memcmp(set.rows[j].id.data, waiting[k].id.data, UUID_LEN) == 0 &&
                std::strcmp(set.rows[j].status, core::kPending) == 0)
                found = j;
        row_of[k] = found;
        if (found >= 0) {
            members[nfound++] = set.rows[found].member_id;
            handled[found] = true;
        }
    }
    // A member another transaction holds is not waited for: claims and the
    // reaper run this, and one tenant's open transaction must not slow them.
    const bool *held = lock_members(members, nfound, MemberWait::None);
    auto *recorded = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * nwaiting));
    auto *lease_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * nwaiting));
    auto **lease_workers = static_cast<char **>(palloc(sizeof(char *) * nwaiting));
    auto *lease_secs = static_cast<double *>(palloc(sizeof(double) * nwaiting));
    int nrecorded = 0, nlease = 0, f = 0;
    for (int k = 0; k < nwaiting; k++) {
        if (row_of[k] < 0)
            continue;
        const LockedActivity &row = set.rows[row_of[k]];
        if (!held[f++]) {
            lease_ids[nlease] = row.id;
            lease_workers[nlease] = waiting[k].worker;
            lease_secs[nlease++] = row.settings.lease_duration;
            continue;
        }
        char *url = waiting[k].repost_url;
        const bool late = true;
        apply_completions(&row.id, &row.member_id, &url, &late, 1, waiting[k].worker, false, false, true);
        recorded[nrecorded++] = row.id;
    }
    if (nlease > 0) {
        Oid types[3] = {UUIDARRAYOID, TEXTARRAYOID, FLOAT8ARRAYOID};
        Datum args[3] = {uuid_array_datum(lease_ids, nlease), text_array_datum(lease_workers, nlease),
                         float8_array_datum(lease_secs, nlease)};
        saved_plan(&lease_to_plan, kLeaseToSql, 3, types);
        if (SPI_execute_plan(lease_to_plan, args, nullptr, false, 0) != SPI_OK_UPDATE)
            elog(ERROR, "pod_amplify: leasing an activity to its waiting success's worker failed");
    }
    forget(recorded, nrecorded);
    return nrecorded;
}

int settle_waiting_lapses(const LockedSet &set, bool *handled)
{
    if (set.count == 0)
        return 0;
    auto *ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * set.count));
    for (int j = 0; j < set.count; j++)
        ids[j] = set.rows[j].id;
    int nwaiting;
    const WaitingSuccess *waiting = waiting_for_activities(ids, set.count, &nwaiting);
    return settle_waiting_successes(set, waiting, nwaiting, handled);
}

int drop_stale_waiting_successes()
{
    if (run_as_owner(&stale_plan, kStaleSql, 0, nullptr, nullptr, nullptr) != SPI_OK_DELETE)
        elog(ERROR, "pod_amplify: dropping stale waiting successes failed");
    return static_cast<int>(SPI_processed);
}

}  // namespace pod_amplify::pg
