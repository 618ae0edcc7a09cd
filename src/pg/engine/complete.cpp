// complete_activity / complete_activities: pending -> success, +1 to the
// member's participation_score, idempotent. One code path: the single form is
// the batch form with one id.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"

#include <algorithm>
#include <cstring>

namespace {

using namespace pod_amplify::pg;

const int kMaxBatch = 10000;

// Activities locked in id order: the one order every engine function uses.
// Whole rows, so those that need no change can be returned as they are.
const char *const kLockSql =
    "SELECT a.*, COALESCE(a.lease_expires_at" POD_GT "pg_catalog.now(), false) AS pod_amplify_lease_live"
    " FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id FOR NO KEY UPDATE OF a";
// Several members: lock them in id order first, so two batches never deadlock.
const char *const kLockMembersSql =
    "SELECT m.id FROM pod_amplify.pod_members m WHERE m.id" POD_EQ "ANY ($1) ORDER BY m.id FOR NO KEY UPDATE OF m";
// One statement completes the activities and counts them into the scores.
const char *const kCompleteSql =
    "WITH done AS ("
    "  UPDATE pod_amplify.pod_activities a SET status = 'success', executed_at = pg_catalog.now(),"
    "    repost_url = COALESCE(u.url, a.repost_url), lease_owner = NULL, lease_expires_at = NULL"
    "  FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS u(id, url) WHERE a.id" POD_EQ "u.id"
    "  RETURNING a.*),"
    " scored AS ("
    "  UPDATE pod_amplify.pod_members m SET participation_score = m.participation_score" POD_PLUS "c.n"
    "  FROM (SELECT member_id, pg_catalog.count(*)::pg_catalog.int4 AS n FROM done GROUP BY member_id) c"
    "  WHERE m.id" POD_EQ "c.member_id)"
    " SELECT * FROM done ORDER BY id";
SPIPlanPtr lock_plan, lock_members_plan, complete_plan;

struct LockedRow {
    pg_uuid_t id, member_id;
    char *status, *lease_owner;
    bool live;
    HeapTuple row;  // the locked row, without the lease_live column
};

// Pure C++ frame: the core decides which rows change.
void decide(const LockedRow *rows, int n, const char *worker, bool *change)
{
    for (int i = 0; i < n; i++) {
        pod_amplify::core::LeasedActivity row;
        row.id = uuid_text(Fact{true, rows[i].id, nullptr});
        row.status = rows[i].status;
        if (rows[i].lease_owner)
            row.lease_owner = rows[i].lease_owner;
        row.lease_live = rows[i].live;
        change[i] = pod_amplify::core::completion_needed(
            row, worker ? std::optional<std::string>(worker) : std::nullopt);
    }
}

void check_arguments(const char *function, char **urls, int nurls, const char *worker)
{
    for (int i = 0; i < nurls; i++)
        if (urls[i])
            pod_amplify::core::check_repost_url(urls[i], function);
    if (worker)
        pod_amplify::core::check_worker_name(worker, function);
}

// The final rows of a batch, in id order: completed ones from the UPDATE,
// untouched ones as they were locked (SPI memory, valid until SPI_finish).
struct BatchResult {
    HeapTuple *rows;
    int count;
    TupleDesc desc;
};

// Completes ids[0..n) (SPI connected).
BatchResult complete_batch(pg_uuid_t *ids, int n, char **urls, const char *worker)
{
    Oid uuid_array = UUIDARRAYOID, text_array = TEXTARRAYOID;
    Datum ids_datum = uuid_array_datum(ids, n);
    saved_plan(&lock_plan, kLockSql, 1, &uuid_array);
    if (SPI_execute_plan(lock_plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: lock query failed");
    const int found = static_cast<int>(SPI_processed);
    SPITupleTable *locked = SPI_tuptable;
    TupleDesc d = locked->tupdesc;
    const int c_id = SPI_fnumber(d, "id"), c_status = SPI_fnumber(d, "status"),
              c_owner = SPI_fnumber(d, "lease_owner"), c_member = SPI_fnumber(d, "member_id"), c_live = d->natts;
    auto *rows = static_cast<LockedRow *>(palloc0(sizeof(LockedRow) * (found > 0 ? found : 1)));
    for (int i = 0; i < found; i++) {
        HeapTuple t = locked->vals[i];
        bool isnull;
        tuple_uuid(t, d, c_id, &rows[i].id);
        rows[i].status = SPI_getvalue(t, d, c_status);
        rows[i].lease_owner = SPI_getvalue(t, d, c_owner);
        rows[i].live = DatumGetBool(SPI_getbinval(t, d, c_live, &isnull));
        tuple_uuid(t, d, c_member, &rows[i].member_id);
        rows[i].row = t;
    }
    // Every requested id must exist and be visible (duplicates collapse).
    auto *locked_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (found > 0 ? found : 1)));
    for (int j = 0; j < found; j++)
        locked_ids[j] = rows[j].id;
    const int *position = match_requested_ids(ids, n, locked_ids, found, true, "complete_activities");
    bool *change = static_cast<bool *>(palloc0(sizeof(bool) * (found > 0 ? found : 1)));
    decide(rows, found, worker, change);

    int nchange = 0, nmembers = 0;
    auto *change_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (found > 0 ? found : 1)));
    auto **change_urls = static_cast<char **>(palloc0(sizeof(char *) * (found > 0 ? found : 1)));
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (found > 0 ? found : 1)));
    for (int j = 0; j < found; j++) {
        if (!change[j])
            continue;
        change_ids[nchange] = rows[j].id;
        change_urls[nchange] = urls ? urls[position[j]] : nullptr;
        nchange++;
        members[nmembers++] = rows[j].member_id;
    }
    // Distinct members: the ordered member lock is needed only when there are several.
    std::sort(members, members + nmembers,
              [](const pg_uuid_t &a, const pg_uuid_t &b) { return memcmp(a.data, b.data, UUID_LEN) < 0; });
    nmembers = static_cast<int>(std::unique(members, members + nmembers,
                                            [](const pg_uuid_t &a, const pg_uuid_t &b) {
                                                return memcmp(a.data, b.data, UUID_LEN) == 0;
                                            }) - members);

    BatchResult result;
    result.rows = static_cast<HeapTuple *>(palloc(sizeof(HeapTuple) * (found > 0 ? found : 1)));
    result.count = found;
    // Untouched rows are returned without the lease_live column.
    TupleDesc row_desc = CreateTupleDescCopy(d);
    row_desc->natts = d->natts - 1;
    result.desc = row_desc;
    for (int j = 0; j < found; j++) {
        if (change[j])
            continue;
        Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * d->natts));
        bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * d->natts));
        heap_deform_tuple(rows[j].row, d, values, nulls);
        result.rows[j] = heap_form_tuple(row_desc, values, nulls);
    }
    if (nchange > 0) {
        if (nmembers > 1) {
            Datum members_datum = uuid_array_datum(members, nmembers);
            saved_plan(&lock_members_plan, kLockMembersSql, 1, &uuid_array);
            if (SPI_execute_plan(lock_members_plan, &members_datum, nullptr, false, 0) != SPI_OK_SELECT)
                elog(ERROR, "pod_amplify: member lock failed");
        }
        Oid types[2] = {uuid_array, text_array};
        Datum args[2] = {uuid_array_datum(change_ids, nchange), text_array_datum(change_urls, nchange)};
        saved_plan(&complete_plan, kCompleteSql, 2, types);
        if (SPI_execute_plan(complete_plan, args, nullptr, false, 0) != SPI_OK_SELECT)
            elog(ERROR, "pod_amplify: completion failed");
        // Completed rows come back in id order, as the locked ones did.
        int k = 0;
        for (int j = 0; j < found; j++)
            if (change[j] && k < static_cast<int>(SPI_processed))
                result.rows[j] = SPI_tuptable->vals[k++];
    }
    return result;
}

}  // namespace

// complete_activities(p_ids uuid[], p_repost_urls text[] DEFAULT NULL, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_complete_activities)
{
    const char *fn = "complete_activities";
    require_arg(fcinfo, 0, "p_ids", fn);
    int n, nurls = 0;
    pg_uuid_t *ids = uuid_array_arg(PG_GETARG_ARRAYTYPE_P(0), "p_ids", fn, kMaxBatch, &n);
    char **urls = PG_ARGISNULL(1) ? nullptr : text_array_arg(PG_GETARG_ARRAYTYPE_P(1), "p_repost_urls", fn, true, &nurls);
    if (urls && nurls != n)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_repost_urls has %d elements, p_ids %d", fn, nurls, n)));
    const char *worker = PG_ARGISNULL(2) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(2));
    check_arguments(fn, urls, nurls, worker);
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    const int spi_scope = begin_engine_spi();
    BatchResult result = complete_batch(ids, n, urls, worker);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    for (int i = 0; i < result.count; i++)
        tuplestore_puttuple(rsinfo->setResult, result.rows[i]);
    end_engine_spi(spi_scope);
    return (Datum) 0;
}

// complete_activity(p_activity_id uuid, p_repost_url text DEFAULT NULL, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_complete_activity)
{
    const char *fn = "complete_activity";
    require_arg(fcinfo, 0, "p_activity_id", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    char *url = PG_ARGISNULL(1) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *worker = PG_ARGISNULL(2) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(2));
    check_arguments(fn, &url, 1, worker);
    const int spi_scope = begin_engine_spi();
    BatchResult result = complete_batch(id, 1, &url, worker);
    HeapTupleHeader row = SPI_returntuple(result.rows[0], result.desc);
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}
