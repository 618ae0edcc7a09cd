// fail_activity / fail_activities, the reaping of expired leases (a failed
// attempt each), retry_activity and retry_delay.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/engine/requeue_times.hpp"
#include "pg/engine/locked_activity.hpp"
#include "pg/engine/outcomes.hpp"
#include "pg/engine/claim_screen.hpp"
#include "pg/engine/waiting_successes.hpp"
#include "pg/settings/engine_settings.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"
#include "core/retry_policy.hpp"

#include <algorithm>

namespace {

using namespace pod_amplify::pg;

const int kMaxBatch = 10000;
const char *const kResultSql =
    "SELECT a.* FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id";
SPIPlanPtr result_plan;

void check_arguments(const char *function, char **errors, int n, const char *worker)
{
    for (int i = 0; i < n; i++)
        pod_amplify::core::check_error_text(errors[i], function);
    if (worker)
        pod_amplify::core::check_worker_name(worker, function);
}

// A batch fails an activity once: 22023 naming the first repeated element.
void check_no_duplicates(const char *function, const int *where, int n)
{
    int *order = static_cast<int *>(palloc(sizeof(int) * (n > 0 ? n : 1)));
    for (int i = 0; i < n; i++)
        order[i] = i;
    std::stable_sort(order, order + n, [&](int a, int b) { return where[a] < where[b]; });
    for (int k = 1; k < n; k++)
        if (where[order[k]] == where[order[k - 1]])
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: p_ids names an activity twice (elements %d and %d)", function,
                                   order[k - 1] + 1, order[k] + 1)));
}

// Pure C++ frame: whether each row gets the failure (false: it repeats the
// worker's last report, the row stays as it is). Throws 55000 when refused.
void decide(const LockedSet &set, const char *worker, bool tenant, bool retryable, bool *apply)
{
    const auto who = worker ? std::optional<std::string>(worker) : std::nullopt;
    for (int i = 0; i < set.count; i++) {
        const pod_amplify::core::LeasedActivity row = leased_facts(set.rows[i]);
        if (!worker)
            pod_amplify::core::check_report_without_worker(row, tenant);
        apply[i] = pod_amplify::core::failure_needed(row, who, retryable);
    }
}

// Fails ids[0..n) (SPI connected); leaves the final rows in SPI_tuptable.
void fail_batch(const char *function, pg_uuid_t *ids, int n, char **errors, bool retryable, const char *worker)
{
    LockedSet set = lock_activities(ids, n, worker, true);
    const int *where = locate_requested(ids, n, set);
    for (int i = 0; i < n; i++)
        if (where[i] < 0)
            raise_missing("pod_activities", "activity", &ids[i]);
    check_no_duplicates(function, where, n);
    bool *apply = static_cast<bool *>(palloc0(sizeof(bool) * (set.count > 0 ? set.count : 1)));
    decide(set, worker, worker == nullptr && tenant_session(), retryable, apply);
    auto *failures = static_cast<FailureToApply *>(palloc(sizeof(FailureToApply) * (n > 0 ? n : 1)));
    int *row_of = static_cast<int *>(palloc(sizeof(int) * (n > 0 ? n : 1)));
    int nfail = 0;
    for (int i = 0; i < n; i++) {
        const LockedActivity &row = set.rows[where[i]];
        if (!apply[where[i]])
            continue;
        failures[nfail] = FailureToApply{row.id, errors[i], worker ? worker : row.lease_owner, retryable, false};
        row_of[nfail++] = where[i];
    }
    apply_failures(set, row_of, failures, nfail);
    Oid uuid_array = UUIDARRAYOID;
    Datum ids_datum = uuid_array_datum(ids, n);
    saved_plan(&result_plan, kResultSql, 1, &uuid_array);
    if (SPI_execute_plan(result_plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: result query failed");
}

}  // namespace

namespace pod_amplify::pg {

int reap_expired_leases(int limit, bool with_waiting)
{
    LockedSet set = lock_expired_leases(limit);
    auto *failures = static_cast<FailureToApply *>(palloc(sizeof(FailureToApply) * (set.count > 0 ? set.count : 1)));
    int *row_of = static_cast<int *>(palloc(sizeof(int) * (set.count > 0 ? set.count : 1)));
    bool *settled = static_cast<bool *>(palloc0(sizeof(bool) * (set.count > 0 ? set.count : 1)));
    // A lapse a success waits for is no failed attempt (schema 1.2).
    const int recorded = with_waiting ? settle_waiting_lapses(set, settled) : 0;
    int nfail = 0;
    for (int i = 0; i < set.count; i++) {
        const LockedActivity &row = set.rows[i];
        if (settled[i])
            continue;
        failures[nfail] = FailureToApply{row.id,
                                         psprintf("lease expired: worker \"%s\" did not report in time", row.lease_owner),
                                         row.lease_owner, true, true};
        row_of[nfail++] = i;
    }
    return apply_failures(set, row_of, failures, nfail) + recorded;
}

}  // namespace pod_amplify::pg

// fail_activities(p_ids uuid[], p_errors text[], p_retryable boolean DEFAULT true, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_fail_activities)
{
    const char *fn = "fail_activities";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_ids", fn);
    require_arg(fcinfo, 1, "p_errors", fn);
    require_arg(fcinfo, 2, "p_retryable", fn);
    int n, nerrors;
    pg_uuid_t *ids = uuid_array_arg(PG_GETARG_ARRAYTYPE_P(0), "p_ids", fn, kMaxBatch, &n);
    char **errors = text_array_arg(PG_GETARG_ARRAYTYPE_P(1), "p_errors", fn, false, &nerrors);
    if (nerrors != n)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_errors has %d elements, p_ids %d", fn, nerrors, n)));
    const char *worker = PG_ARGISNULL(3) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(3));
    check_arguments(fn, errors, n, worker);
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    const int spi_scope = begin_engine_spi();
    fail_batch(fn, ids, n, errors, PG_GETARG_BOOL(2), worker);
    return_spi_rows(fcinfo, SPI_tuptable, SPI_processed);
    end_engine_spi(spi_scope);
    return (Datum) 0;
}

// fail_activity(p_activity_id uuid, p_error text, p_retryable boolean DEFAULT true, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_fail_activity)
{
    const char *fn = "fail_activity";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_activity_id", fn);
    require_arg(fcinfo, 1, "p_error", fn);
    require_arg(fcinfo, 2, "p_retryable", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    char *error = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *worker = PG_ARGISNULL(3) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(3));
    check_arguments(fn, &error, 1, worker);
    const int spi_scope = begin_engine_spi();
    fail_batch(fn, id, 1, &error, PG_GETARG_BOOL(2), worker);
    HeapTupleHeader row = return_one_row(fcinfo, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}

// reap_expired_leases(p_limit integer DEFAULT 1000) RETURNS integer: housekeeping
// for pg_cron (claim_activities reaps too). An operator's tool: EXECUTE is
// granted deliberately, and the reaping runs as the tables' owner, so it sees
// every tenant's leases whatever the caller's row-level security.
namespace {

Datum reap(FunctionCallInfo fcinfo, bool with_waiting)
{
    const char *fn = "reap_expired_leases";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_limit", fn);
    const int32 limit = PG_GETARG_INT32(0);
    if (limit < 1 || limit > 100000)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_limit must be between 1 and 100000, not %d", fn, limit)));
    const int spi_scope = begin_engine_spi();
    SavedUser saved = become_user(tables_owner());
    int n = reap_expired_leases(limit, with_waiting);
    if (with_waiting) {  // housekeeping: successes recorded since, disputes settled since
        (void) drop_stale_waiting_successes();
        (void) drop_settled_unipile_disputes();
    }
    restore_user(saved);
    end_engine_spi(spi_scope);
    PG_RETURN_INT32(n);
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_reap_expired_leases)
{
    return reap(fcinfo, false);
}

// The same for schema 1.2: a lapse a success waits for records the success
// (waiting_successes.hpp), and successes no longer waiting are forgotten.
POD_AMPLIFY_FUNCTION(pod_amplify_reap_expired_leases_1_2)
{
    return reap(fcinfo, true);
}

namespace {
const char *const kRequeueLockSql =
    "SELECT a.id, a.status FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "$1 FOR NO KEY UPDATE OF a";
const char *const kRequeueSql =
    "UPDATE pod_amplify.pod_activities a SET status = " POD_PENDING ", attempt_number = a.attempt_number" POD_PLUS "1,"
    " max_attempts = GREATEST(a.max_attempts, a.attempt_number)" POD_PLUS "$2, scheduled_for = $3,"
    " lease_owner = NULL, lease_expires_at = NULL WHERE a.id" POD_EQ "$1 RETURNING a.*";
SPIPlanPtr requeue_lock_plan, requeue_plan;

void check_requeue(const pg_uuid_t &id, const char *status)
{
    pod_amplify::core::LeasedActivity row;
    row.id = uuid_text(Fact{true, id, nullptr});
    row.status = status;
    pod_amplify::core::check_requeue_allowed(row);
}
}  // namespace

// retry_activity(p_activity_id uuid, p_extra_attempts integer DEFAULT 1)
POD_AMPLIFY_FUNCTION(pod_amplify_retry_activity)
{
    const char *fn = "retry_activity";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_activity_id", fn);
    require_arg(fcinfo, 1, "p_extra_attempts", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    const int32 extra = PG_GETARG_INT32(1);
    if (extra < 1 || extra > 100)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_extra_attempts must be between 1 and 100, not %d", fn, extra)));
    const int spi_scope = begin_engine_spi();
    Oid types[2] = {UUIDOID, INT4OID};
    Datum args[2] = {UUIDPGetDatum(id), Int32GetDatum(extra)};
    saved_plan(&requeue_lock_plan, kRequeueLockSql, 1, types);
    if (SPI_execute_plan(requeue_lock_plan, args, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: lock query failed");
    if (SPI_processed == 0)
        raise_missing("pod_activities", "activity", id);
    check_requeue(*id, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2));
    // Due now, or at the first time its member's working hours, gap and caps allow.
    const TimestampTz now = GetCurrentTransactionStartTimestamp();
    TimestampTz due;
    plan_requeue_times(id, &now, 1, &due);
    Oid requeue_types[3] = {UUIDOID, INT4OID, TIMESTAMPTZOID};
    Datum requeue_args[3] = {UUIDPGetDatum(id), Int32GetDatum(extra), TimestampTzGetDatum(due)};
    saved_plan(&requeue_plan, kRequeueSql, 3, requeue_types);
    if (execute_with_flag(FLAG_RETRY_ACTIVITY, requeue_plan, requeue_args, nullptr, 0) != SPI_OK_UPDATE_RETURNING)
        elog(ERROR, "pod_amplify: re-queue failed");
    HeapTupleHeader row = return_one_row(fcinfo, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    notify_activities("requeued");
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}

namespace {
// The un-jittered delay in microseconds, from the session's settings.
int64 session_retry_delay(int64 attempt)
{
    using pod_amplify::core::find_setting;
    const double base = session_setting(*find_setting("retry_base_delay"));
    const double max = session_setting(*find_setting("retry_max_delay"));
    return pod_amplify::core::retry_delay_us(attempt, static_cast<std::int64_t>(base * 1e6),
                                             static_cast<std::int64_t>(max * 1e6));
}
}  // namespace

// retry_delay(p_attempt integer) RETURNS interval
POD_AMPLIFY_FUNCTION(pod_amplify_retry_delay)
{
    require_arg(fcinfo, 0, "p_attempt", "retry_delay");
    const int64 us = session_retry_delay(PG_GETARG_INT32(0));
    auto *result = static_cast<Interval *>(palloc0(sizeof(Interval)));
    result->time = us;
    PG_RETURN_INTERVAL_P(result);
}
