// claim_activities and extend_lease: leases that hand an activity to one worker.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/engine/claim_rows.hpp"
#include "pg/engine/claim_screen.hpp"
#include "pg/engine/waiting_successes.hpp"
#include "pg/settings/engine_settings.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"

namespace {

using namespace pod_amplify::pg;

const int kMaxClaim = 1000;
const double kMaxLeaseSeconds = 86400;

// Due pending activities without a lease, oldest first, over the claim index; a
// lease is p_lease, else the pod's lease_duration, else the session's. The
// limit is a literal (%d): with LIMIT $n a generic plan assumes a tenth of the
// table and sorts it instead of reading the claim index in order. The second
// %s is the schema level's own condition (1.2: a comment needs its text).
// Without p_lease, each pod's lease_duration is read once a claim (pod_leases,
// evaluated only if a row asks for it): a settings object written before 1.2
// capped its size would otherwise be detoasted for every row of its pod.
const char *const kClaimSqlFormat =
    "WITH due AS MATERIALIZED ("
    "  SELECT a.id, a.pod_id FROM pod_amplify.pod_activities a"
    "  WHERE a.status" POD_EQ POD_PENDING " AND a.scheduled_for" POD_LE "pg_catalog.now()"
    "    AND a.lease_owner IS NULL%s"
    "  ORDER BY a.scheduled_for LIMIT %d FOR NO KEY UPDATE SKIP LOCKED),"
    " pod_leases AS MATERIALIZED ("
    "  SELECT p.id, pod_amplify.setting_value(p.settings, 'lease_duration'::pg_catalog.text) AS secs"
    "  FROM pod_amplify.pods p WHERE p.id" POD_EQ "ANY (ARRAY(SELECT d.pod_id FROM due d WHERE d.pod_id IS NOT NULL))),"
    " claimed AS ("
    "  UPDATE pod_amplify.pod_activities a SET lease_owner = $1,"
    "    lease_expires_at = " POD_LEASE_FROM POD_PLUS "COALESCE($3, pg_catalog.make_interval(secs =>"
    "      COALESCE((SELECT l.secs FROM pod_leases l WHERE l.id" POD_EQ "a.pod_id),"
    "               pod_amplify.setting_value(NULL::pg_catalog.jsonb, 'lease_duration'::pg_catalog.text))))"
    "  FROM due WHERE a.id" POD_EQ "due.id RETURNING a.*)"
    " SELECT * FROM claimed ORDER BY scheduled_for, id";
const char *const kCommentNeedsText =
    " AND (COALESCE(a.action, a.engagement_type)" POD_NE "'comment'::pg_catalog.text OR a.comment_text IS NOT NULL)";
// A worker's own live leases first: after a claim whose COMMIT's answer was
// lost, claiming again hands them back (lease renewed) instead of letting them
// expire into a failed attempt. Live leases are few: the lease index finds them.
// A renewal never shortens a lease (GREATEST): worker names are not secrets,
// and whoever may call this must not be able to end a worker's live lease.
// The chosen ids are a MATERIALIZED CTE, evaluated once: as a sub-select in
// FROM, a plan that rescans it (the inner side of a nested loop, as under
// row-level security) yields the next rows each time, past the LIMIT.
// $4: activities whose success waits to be recorded (1.2): done, never handed
// back to be done again.
const char *const kReclaimSql =
    "WITH mine AS MATERIALIZED ("
    "  SELECT x.id FROM pod_amplify.pod_activities x"
    "  WHERE x.lease_expires_at" POD_GT "pg_catalog.now() AND x.lease_owner" POD_EQ "$1"
    "    AND x.status" POD_EQ POD_PENDING " AND x.id" POD_NE "ALL ($4)"
    "  ORDER BY x.scheduled_for, x.id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED)"
    " UPDATE pod_amplify.pod_activities a SET lease_expires_at = GREATEST(a.lease_expires_at, " POD_LEASE_FROM POD_PLUS "COALESCE($3,"
    "  pg_catalog.make_interval(secs => pod_amplify.setting_value("
    "    (SELECT p.settings FROM pod_amplify.pods p WHERE p.id" POD_EQ "a.pod_id), 'lease_duration'::pg_catalog.text))))"
    " FROM mine m WHERE a.id" POD_EQ "m.id RETURNING a.*";
SPIPlanPtr claim_plans[2][1001];  // per schema level, one per limit value in use
SPIPlanPtr reclaim_plan;

void check_worker(const char *function, const char *worker)
{
    pod_amplify::core::check_worker_name(worker, function);
}

}  // namespace

namespace pod_amplify::pg {

void check_claim_limit(const char *fn, int32 limit, int32 min)
{
    if (limit < min || limit > kMaxClaim)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_limit must be between %d and %d, not %d", fn, min, kMaxClaim, limit)));
}

void check_claim_lease(const char *fn, Interval *lease)
{
    if (lease != nullptr)
        interval_seconds(lease, "p_lease", fn, kMaxLeaseSeconds);
}

ClaimedRows claim_rows(const char *worker, int limit, Datum lease, bool lease_null, ClaimLevel level, bool hand_back)
{
    ClaimedRows out;
    // An expired lease is a failed attempt; then it may be claimed again.
    reap_expired_leases(100, level == CLAIM_LEVEL_1_2);
    Oid types[4] = {TEXTOID, INT4OID, INTERVALOID, UUIDARRAYOID};
    Datum args[4] = {CStringGetTextDatum(worker), Int32GetDatum(limit), lease_null ? (Datum) 0 : lease, (Datum) 0};
    char nulls[5] = {' ', ' ', lease_null ? 'n' : ' ', ' ', '\0'};
    if (hand_back) {
        int nwaiting = 0;
        const pg_uuid_t *waiting = level == CLAIM_LEVEL_1_2 ? waiting_for_worker(worker, &nwaiting) : nullptr;
        args[3] = uuid_array_datum(waiting, nwaiting);
        saved_plan(&reclaim_plan, kReclaimSql, 4, types);
        if (SPI_execute_plan(reclaim_plan, args, nulls, false, 0) != SPI_OK_UPDATE_RETURNING)
            elog(ERROR, "pod_amplify: reclaim failed");
        out.mine = SPI_tuptable;
        out.nmine = SPI_processed;
        // Leased before an id was found disputed (say, under 1.1): not handed back.
        if (level == CLAIM_LEVEL_1_2)
            out.nmine = screen_claimed(out.mine, out.nmine, worker);
    }
    const int wanted = limit - static_cast<int>(out.nmine);
    if (wanted > 0) {
        SPIPlanPtr &plan = claim_plans[level][wanted];
        if (plan == nullptr)
            saved_plan(&plan, psprintf(kClaimSqlFormat, level == CLAIM_LEVEL_1_2 ? kCommentNeedsText : "", wanted), 3,
                       types, kFastStart);
        if (SPI_execute_plan(plan, args, nulls, false, 0) != SPI_OK_SELECT)
            elog(ERROR, "pod_amplify: claim failed");
        out.fresh = SPI_tuptable;
        out.nfresh = SPI_processed;
        if (level == CLAIM_LEVEL_1_2)
            out.nfresh = screen_claimed(out.fresh, out.nfresh, worker);
    }
    return out;
}

}  // namespace pod_amplify::pg

namespace {

Datum claim(FunctionCallInfo fcinfo, ClaimLevel level)
{
    const char *fn = "claim_activities";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_worker", fn);
    require_arg(fcinfo, 1, "p_limit", fn);
    char *worker = text_to_cstring(PG_GETARG_TEXT_PP(0));
    check_worker(fn, worker);
    const int32 limit = PG_GETARG_INT32(1);
    check_claim_limit(fn, limit, 1);
    check_claim_lease(fn, PG_ARGISNULL(2) ? nullptr : PG_GETARG_INTERVAL_P(2));
    require_visible_activities(fn);

    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    const int spi_scope = begin_engine_spi();
    const ClaimedRows rows =
        claim_rows(worker, limit, PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2), PG_ARGISNULL(2), level);
    return_spi_rows(fcinfo, rows.mine, rows.nmine);
    if (rows.fresh)
        return_spi_rows(fcinfo, rows.fresh, rows.nfresh);
    end_engine_spi(spi_scope);
    return (Datum) 0;
}

}  // namespace

// claim_activities(p_worker text, p_limit integer DEFAULT 1, p_lease interval DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_claim_activities)
{
    return claim(fcinfo, CLAIM_LEVEL_1_1);
}

// The same for schema 1.2 (comments without text are never handed out).
POD_AMPLIFY_FUNCTION(pod_amplify_claim_activities_1_2)
{
    return claim(fcinfo, CLAIM_LEVEL_1_2);
}

namespace {
const char *const kLeaseLockSql =
    "SELECT a.id, a.status, a.lease_owner, COALESCE(a.lease_expires_at" POD_GT "pg_catalog.now(), false)"
    " FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "$1 FOR NO KEY UPDATE OF a";
const char *const kExtendSql =
    "UPDATE pod_amplify.pod_activities a SET lease_expires_at = GREATEST(a.lease_expires_at, " POD_LEASE_FROM POD_PLUS "COALESCE($2,"
    "  pg_catalog.make_interval(secs => pod_amplify.setting_value("
    "    (SELECT p.settings FROM pod_amplify.pods p WHERE p.id" POD_EQ "a.pod_id), 'lease_duration'))))"
    " WHERE a.id" POD_EQ "$1 RETURNING a.*";
SPIPlanPtr lease_lock_plan, extend_plan;

void check_extension(const pg_uuid_t &id, const char *status, const char *owner, bool live, const char *worker)
{
    pod_amplify::core::LeasedActivity row;
    row.id = uuid_text(Fact{true, id, nullptr});
    row.status = status;
    if (owner)
        row.lease_owner = owner;
    row.lease_live = live;
    pod_amplify::core::check_lease_extension(row, worker);
}
}  // namespace

// extend_lease(p_activity_id uuid, p_worker text, p_lease interval DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_extend_lease)
{
    const char *fn = "extend_lease";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_activity_id", fn);
    require_arg(fcinfo, 1, "p_worker", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    char *worker = text_to_cstring(PG_GETARG_TEXT_PP(1));
    check_worker(fn, worker);
    if (!PG_ARGISNULL(2))
        interval_seconds(PG_GETARG_INTERVAL_P(2), "p_lease", fn, kMaxLeaseSeconds);
    const int spi_scope = begin_engine_spi();
    Oid types[2] = {UUIDOID, INTERVALOID};
    Datum args[2] = {UUIDPGetDatum(id), PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2)};
    char nulls[3] = {' ', PG_ARGISNULL(2) ? 'n' : ' ', '\0'};
    saved_plan(&lease_lock_plan, kLeaseLockSql, 1, types);
    if (SPI_execute_plan(lease_lock_plan, args, nulls, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: lock query failed");
    if (SPI_processed == 0)
        raise_missing("pod_activities", "activity", id);
    HeapTuple t = SPI_tuptable->vals[0];
    TupleDesc d = SPI_tuptable->tupdesc;
    bool isnull;
    check_extension(*id, SPI_getvalue(t, d, 2), SPI_getvalue(t, d, 3), DatumGetBool(SPI_getbinval(t, d, 4, &isnull)),
                    worker);
    saved_plan(&extend_plan, kExtendSql, 2, types);
    if (SPI_execute_plan(extend_plan, args, nulls, false, 0) != SPI_OK_UPDATE_RETURNING)
        elog(ERROR, "pod_amplify: lease extension failed");
    HeapTupleHeader row = return_one_row(fcinfo, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}
