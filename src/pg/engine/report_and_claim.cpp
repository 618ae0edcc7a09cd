// report_and_claim (1.2): a worker's report and its next claim in one call, so
// in one transaction: one commit and one round trip per cycle instead of two.
// The report is report_activities' (each id decided on its own), the claim is
// claim_activities' (the worker's own live leases first, then due ones), in
// that order: what the report finished or re-queued is settled before claiming.
//
// The claim never waits while the report's locks are held. SKIP LOCKED does not
// cover every wait: a row whose update committed while it was being locked has
// its newer version locked too, waiting for whoever holds that. Two workers
// each holding their report's rows and waiting that way for the other
// deadlocked (8 workers draining a backlog: a deadlock every run or two). So
// the claim runs in a subtransaction with a short lock_timeout; if it would
// have to wait, it is undone and this call claims nothing (the report stands).
#include "pg/engine/claim_rows.hpp"
#include "pg/engine/common.hpp"
#include "pg/engine/report_batch.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/brief_wait.hpp"

namespace {

using namespace pod_amplify::pg;

// Result columns: kind, id, accepted, reason, status, attempt_number, activity.
const int kColumns = 7;
const int kActivityColumn = 6;

// Claimed rows as (kind 'claim', id, NULL, NULL, status, attempt_number, the row).
void emit_claimed(FunctionCallInfo fcinfo, SPITupleTable *rows, uint64 count)
{
    if (rows == nullptr || count == 0)
        return;
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    Assert(rsinfo->setDesc->natts == kColumns);
    const Oid row_type = TupleDescAttr(rsinfo->setDesc, kActivityColumn)->atttypid;
    TupleDesc row_desc = lookup_rowtype_tupdesc_copy(row_type, -1);
    // NULL when the layouts agree; otherwise mapped by name (dropped columns).
    TupleConversionMap *map = convert_tuples_by_name(rows->tupdesc, row_desc);
    const int id_col = SPI_fnumber(rows->tupdesc, "id");
    const int status_col = SPI_fnumber(rows->tupdesc, "status");
    const int attempt_col = SPI_fnumber(rows->tupdesc, "attempt_number");
    if (id_col <= 0 || status_col <= 0 || attempt_col <= 0)
        elog(ERROR, "pod_amplify: claimed rows lack id, status or attempt_number");
    Datum kind = CStringGetTextDatum("claim");
    for (uint64 i = 0; i < count; i++) {
        HeapTuple t = rows->vals[i];
        Datum values[kColumns];
        bool nulls[kColumns] = {false, false, true, true, false, false, false};
        values[0] = kind;
        values[1] = SPI_getbinval(t, rows->tupdesc, id_col, &nulls[1]);
        values[4] = SPI_getbinval(t, rows->tupdesc, status_col, &nulls[4]);
        values[5] = SPI_getbinval(t, rows->tupdesc, attempt_col, &nulls[5]);
        HeapTuple as_row = map ? execute_attr_map_tuple(t, map) : t;
        values[kActivityColumn] = heap_copy_tuple_as_datum(as_row, row_desc);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
}

// How long the claim may wait for a lock before it gives up (ms); a session's
// shorter lock_timeout is kept.
const int kClaimLockTimeoutMs = 100;

struct ClaimStep {
    const char *worker;
    int limit;
    Datum lease;
    bool lease_null;
    bool hand_back;
    ClaimedRows rows;
};

void claim_step(void *arg)
{
    auto *c = static_cast<ClaimStep *>(arg);
    c->rows = claim_rows(c->worker, c->limit, c->lease, c->lease_null, CLAIM_LEVEL_1_2, c->hand_back);
}

// The claim in a subtransaction that gives up instead of waiting long: true
// and *out set when it ran; false when it would have waited and was undone.
bool claim_without_waiting(const char *worker, int limit, Datum lease, bool lease_null, bool hand_back,
                           ClaimedRows *out)
{
    ClaimStep step{worker, limit, lease, lease_null, hand_back, {}};
    if (!run_waiting_briefly(claim_step, &step, kClaimLockTimeoutMs))
        return false;
    *out = step.rows;
    return true;
}

}  // namespace

// report_and_claim(p_worker text, p_ids uuid[], p_outcomes text[], p_details text[] DEFAULT NULL,
//                  p_limit integer DEFAULT 1, p_lease interval DEFAULT NULL, p_hand_back boolean DEFAULT true)
//   RETURNS TABLE (kind text, id uuid, accepted boolean, reason text, status text, attempt_number integer,
//                  activity pod_amplify.pod_activities)
// p_ids may be empty (a first claim), p_limit 0 (a last report). After a
// report, no claim rows do not prove the queue empty: the claim may have been
// given up (see above); a call that reports nothing never gives up.
// p_hand_back false: the caller knows every lease it holds (it lost no claim's
// answer), so its own live leases are not handed back and the whole p_limit
// goes to new activities; a worker holding many outcomes it cannot report yet
// (rows a tenant keeps locked) still claims everyone else's work.
POD_AMPLIFY_FUNCTION(pod_amplify_report_and_claim)
{
    const char *fn = "report_and_claim";
    const ReportRequest r = read_report_request(fcinfo, fn);
    require_arg(fcinfo, 4, "p_limit", fn);
    const int32 limit = PG_GETARG_INT32(4);
    check_claim_limit(fn, limit, 0);
    check_claim_lease(fn, PG_ARGISNULL(5) ? nullptr : PG_GETARG_INTERVAL_P(5));
    require_arg(fcinfo, 6, "p_hand_back", fn);
    const bool hand_back = PG_GETARG_BOOL(6);
    require_visible_activities(fn);

    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    const int spi_scope = begin_engine_spi();
    const Verdict *verdicts = apply_report(r);
    emit_report_rows(fcinfo, r, verdicts, "report");
    ClaimedRows rows;
    const Datum lease = PG_ARGISNULL(5) ? (Datum) 0 : PG_GETARG_DATUM(5);
    // With nothing reported this transaction holds no row: the claim may wait
    // as claim_activities does, and no claim rows then mean nothing claimable.
    bool claimed = false;
    if (limit > 0 && r.n == 0) {
        rows = claim_rows(r.worker, limit, lease, PG_ARGISNULL(5), CLAIM_LEVEL_1_2, hand_back);
        claimed = true;
    } else if (limit > 0) {
        claimed = claim_without_waiting(r.worker, limit, lease, PG_ARGISNULL(5), hand_back, &rows);
    }
    if (claimed) {
        emit_claimed(fcinfo, rows.mine, rows.nmine);
        emit_claimed(fcinfo, rows.fresh, rows.nfresh);
    }
    end_engine_spi(spi_scope);
    return (Datum) 0;
}
