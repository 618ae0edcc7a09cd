// fail_activity / fail_activities, the reaping of expired leases (a failed
// attempt each), retry_activity and retry_delay.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/settings/engine_settings.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"
#include "core/retry_policy.hpp"

namespace {

using namespace pod_amplify::pg;

const int kMaxBatch = 10000;

const char *const kLockSql =
    "SELECT a.id, a.status, a.lease_owner, COALESCE(a.lease_expires_at" POD_GT "pg_catalog.now(), false),"
    " a.attempt_number, a.max_attempts, p.settings"
    " FROM pod_amplify.pod_activities a LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "a.pod_id"
    " WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id FOR NO KEY UPDATE OF a";
const char *const kExpiredSql =
    "SELECT a.id, a.status, a.lease_owner, false, a.attempt_number, a.max_attempts, p.settings"
    " FROM pod_amplify.pod_activities a LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "a.pod_id"
    " WHERE a.lease_expires_at" POD_LT "pg_catalog.now() AND a.status" POD_EQ "'pending'::pg_catalog.text"
    " ORDER BY a.lease_expires_at LIMIT $1 FOR NO KEY UPDATE OF a SKIP LOCKED";
// Records the error in error_history and applies the outcome the core chose.
const char *const kApplySql =
    "UPDATE pod_amplify.pod_activities a SET status = u.status, attempt_number = u.next_attempt,"
    " scheduled_for = CASE WHEN u.status" POD_EQ "'pending'::pg_catalog.text"
    "   THEN pg_catalog.now()" POD_PLUS "pg_catalog.make_interval(secs => u.delay_s) ELSE a.scheduled_for END,"
    " error_message = u.error,"
    " error_history = a.error_history" POD_CONCAT "pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object("
    "   'attempt', a.attempt_number, 'error', u.error, 'at', pg_catalog.now(), 'worker', u.worker,"
    "   'retryable', u.retryable, 'outcome', u.status)),"
    " lease_owner = NULL, lease_expires_at = NULL"
    " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3), pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6), pg_catalog.unnest($7))"
    "   AS u(id, status, next_attempt, delay_s, error, worker, retryable)"
    " WHERE a.id" POD_EQ "u.id";
const char *const kResultSql =
    "SELECT a.* FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id";
SPIPlanPtr lock_plan, expired_plan, apply_plan, result_plan;

struct FailRow {
    pg_uuid_t id;
    char *status, *lease_owner;
    bool live;
    int32 attempt, max_attempts;
    pod_amplify::core::EngineSettings settings;
    double u;
};

// Reads the rows of kLockSql / kExpiredSql (SPI result) into plain data.
FailRow *read_rows(int *count)
{
    *count = static_cast<int>(SPI_processed);
    auto *rows = static_cast<FailRow *>(palloc0(sizeof(FailRow) * (*count > 0 ? *count : 1)));
    for (int i = 0; i < *count; i++) {
        HeapTuple t = SPI_tuptable->vals[i];
        TupleDesc d = SPI_tuptable->tupdesc;
        bool isnull;
        tuple_uuid(t, d, 1, &rows[i].id);
        rows[i].status = SPI_getvalue(t, d, 2);
        rows[i].lease_owner = SPI_getvalue(t, d, 3);
        rows[i].live = DatumGetBool(SPI_getbinval(t, d, 4, &isnull));
        rows[i].attempt = DatumGetInt32(SPI_getbinval(t, d, 5, &isnull));
        rows[i].max_attempts = DatumGetInt32(SPI_getbinval(t, d, 6, &isnull));
        Datum settings = SPI_getbinval(t, d, 7, &isnull);
        rows[i].settings = effective_settings(isnull ? nullptr : DatumGetJsonbP(settings));
        rows[i].u = pg_prng_double(&pg_global_prng_state);
    }
    return rows;
}

// Pure C++ frame: lease and state checks, then the outcome and jittered delay.
void decide(const FailRow *rows, int n, const char *worker, bool retryable, char **status, int32 *next_attempt,
            double *delay_s)
{
    namespace core = pod_amplify::core;
    static char pending[] = "pending", failed[] = "failed";
    for (int i = 0; i < n; i++) {
        core::LeasedActivity row;
        row.id = uuid_text(Fact{true, rows[i].id, nullptr});
        row.status = rows[i].status;
        if (rows[i].lease_owner)
            row.lease_owner = rows[i].lease_owner;
        row.lease_live = rows[i].live;
        core::check_failure_allowed(row, worker ? std::optional<std::string>(worker) : std::nullopt);
        const auto outcome = core::after_failure(rows[i].attempt, rows[i].max_attempts, retryable);
        status[i] = outcome.retry ? pending : failed;
        next_attempt[i] = outcome.next_attempt;
        delay_s[i] = 0;
        if (outcome.retry) {
            const auto &s = rows[i].settings;
            const std::int64_t d = core::retry_delay_us(rows[i].attempt, static_cast<std::int64_t>(s.retry_base_delay * 1e6),
                                                        static_cast<std::int64_t>(s.retry_max_delay * 1e6));
            delay_s[i] = static_cast<double>(core::jittered_delay_us(d, s.retry_jitter, rows[i].u)) / 1e6;
        }
    }
}

// Applies failures to rows (SPI connected); notifies re-queued ones. Returns rows changed.
int apply_failures(FailRow *rows, int n, char **errors, const char *worker, bool retryable, bool check_worker)
{
    if (n == 0)
        return 0;
    auto **status = static_cast<char **>(palloc(sizeof(char *) * n));
    auto *next_attempt = static_cast<int32 *>(palloc(sizeof(int32) * n));
    auto *delay_s = static_cast<double *>(palloc(sizeof(double) * n));
    decide(rows, n, check_worker ? worker : nullptr, retryable, status, next_attempt, delay_s);
    auto *ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto **workers = static_cast<char **>(palloc(sizeof(char *) * n));
    auto *retryables = static_cast<bool *>(palloc(sizeof(bool) * n));
    int requeued = 0;
    for (int i = 0; i < n; i++) {
        ids[i] = rows[i].id;
        workers[i] = const_cast<char *>(worker ? worker : rows[i].lease_owner);
        retryables[i] = retryable;
        if (strcmp(status[i], "pending") == 0)
            requeued++;
    }
    Oid types[7] = {UUIDARRAYOID, TEXTARRAYOID, INT4ARRAYOID, FLOAT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, BOOLARRAYOID};
    Datum args[7] = {uuid_array_datum(ids, n), text_array_datum(status, n), int4_array_datum(next_attempt, n),
                     float8_array_datum(delay_s, n), text_array_datum(errors, n), text_array_datum(workers, n),
                     bool_array_datum(retryables, n)};
    saved_plan(&apply_plan, kApplySql, 7, types);
    if (SPI_execute_plan(apply_plan, args, nullptr, false, 0) != SPI_OK_UPDATE)
        elog(ERROR, "pod_amplify: failure update failed");
    if (requeued > 0)
        notify_activities("retry_scheduled");
    return n;
}

void check_arguments(const char *function, char **errors, int n, const char *worker)
{
    for (int i = 0; i < n; i++)
        pod_amplify::core::check_error_text(errors[i], function);
    if (worker)
        pod_amplify::core::check_worker_name(worker, function);
}

// Fails ids[0..n) (SPI connected); leaves the final rows in SPI_tuptable.
void fail_batch(const char *function, pg_uuid_t *ids, int n, char **errors, bool retryable, const char *worker)
{
    Oid uuid_array = UUIDARRAYOID;
    Datum ids_datum = uuid_array_datum(ids, n);
    saved_plan(&lock_plan, kLockSql, 1, &uuid_array);
    if (SPI_execute_plan(lock_plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: lock query failed");
    int found;
    FailRow *rows = read_rows(&found);
    auto *locked_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (found > 0 ? found : 1)));
    for (int j = 0; j < found; j++)
        locked_ids[j] = rows[j].id;
    const int *position = match_requested_ids(ids, n, locked_ids, found, false, function);
    // errors[] follow p_ids; rows come in id order.
    auto **row_errors = static_cast<char **>(palloc(sizeof(char *) * (found > 0 ? found : 1)));
    for (int j = 0; j < found; j++)
        row_errors[j] = errors[position[j]];
    apply_failures(rows, found, row_errors, worker, retryable, true);
    saved_plan(&result_plan, kResultSql, 1, &uuid_array);
    if (SPI_execute_plan(result_plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: result query failed");
}

}  // namespace

namespace pod_amplify::pg {

int reap_expired_leases(int limit)
{
    Oid types[1] = {INT4OID};
    Datum args[1] = {Int32GetDatum(limit)};
    saved_plan(&expired_plan, kExpiredSql, 1, types, kFastStart);
    if (SPI_execute_plan(expired_plan, args, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: expired lease query failed");
    int n;
    FailRow *rows = read_rows(&n);
    auto **errors = static_cast<char **>(palloc(sizeof(char *) * (n > 0 ? n : 1)));
    for (int i = 0; i < n; i++)
        errors[i] = psprintf("lease expired: worker \"%s\" did not report in time", rows[i].lease_owner);
    return apply_failures(rows, n, errors, nullptr, true, false);
}

}  // namespace pod_amplify::pg

// fail_activities(p_ids uuid[], p_errors text[], p_retryable boolean DEFAULT true, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_fail_activities)
{
    const char *fn = "fail_activities";
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
    require_arg(fcinfo, 0, "p_activity_id", fn);
    require_arg(fcinfo, 1, "p_error", fn);
    require_arg(fcinfo, 2, "p_retryable", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    char *error = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *worker = PG_ARGISNULL(3) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(3));
    check_arguments(fn, &error, 1, worker);
    const int spi_scope = begin_engine_spi();
    fail_batch(fn, id, 1, &error, PG_GETARG_BOOL(2), worker);
    HeapTupleHeader row = SPI_returntuple(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}

// reap_expired_leases(p_limit integer DEFAULT 1000) RETURNS integer: housekeeping
// for pg_cron; claim_activities does it too.
POD_AMPLIFY_FUNCTION(pod_amplify_reap_expired_leases)
{
    require_arg(fcinfo, 0, "p_limit", "reap_expired_leases");
    const int32 limit = PG_GETARG_INT32(0);
    if (limit < 1 || limit > 100000)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("reap_expired_leases: p_limit must be between 1 and 100000, not %d", limit)));
    const int spi_scope = begin_engine_spi();
    int n = reap_expired_leases(limit);
    end_engine_spi(spi_scope);
    PG_RETURN_INT32(n);
}

namespace {
const char *const kRequeueLockSql =
    "SELECT a.id, a.status FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "$1 FOR NO KEY UPDATE OF a";
const char *const kRequeueSql =
    "UPDATE pod_amplify.pod_activities a SET status = 'pending', attempt_number = a.attempt_number" POD_PLUS "1,"
    " max_attempts = GREATEST(a.max_attempts, a.attempt_number)" POD_PLUS "$2, scheduled_for = pg_catalog.now(),"
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
    saved_plan(&requeue_plan, kRequeueSql, 2, types);
    if (execute_with_flag(FLAG_RETRY_ACTIVITY, requeue_plan, args, nullptr, 0) != SPI_OK_UPDATE_RETURNING)
        elog(ERROR, "pod_amplify: re-queue failed");
    HeapTupleHeader row = SPI_returntuple(SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
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
