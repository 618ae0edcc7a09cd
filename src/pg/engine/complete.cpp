// complete_activity / complete_activities (the 1.1 API): pending -> success,
// +1 to the member's participation_score, idempotent. A success reported by the
// worker that claimed the activity is recorded even after its lease lapsed (the
// action happened on LinkedIn). One code path: the single form is the batch
// form with one id.
#include "pg/engine/common.hpp"
#include "pg/engine/locked_activity.hpp"
#include "pg/engine/outcomes.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"

namespace {

using namespace pod_amplify::pg;

const int kMaxBatch = 10000;

// Pure C++ frame: which rows change, and which of those are late successes.
void decide(const LockedSet &set, const char *worker, bool tenant, bool *change, bool *late, bool *revive)
{
    namespace core = pod_amplify::core;
    const auto who = worker ? std::optional<std::string>(worker) : std::nullopt;
    for (int i = 0; i < set.count; i++) {
        const core::LeasedActivity row = leased_facts(set.rows[i]);
        if (!worker)
            core::check_report_without_worker(row, tenant);
        change[i] = core::completion_needed(row, who);
        revive[i] = change[i] && core::completion_revives_failure(row, who);
        late[i] = change[i] && worker && !(row.lease_owner && *row.lease_owner == worker && row.lease_live);
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

// The final rows of a batch, in id order: completed ones as the UPDATE returned
// them, the others as they were locked.
struct BatchResult {
    HeapTuple *rows;
    int count;
    TupleDesc desc;
};

// Completes ids[0..n) (SPI connected); every id must exist and be visible.
BatchResult complete_batch(const char *function, pg_uuid_t *ids, int n, char **urls, const char *worker)
{
    LockedSet set = lock_activities(ids, n, worker, false);
    const int *where = locate_requested(ids, n, set);
    char **row_urls = static_cast<char **>(palloc0(sizeof(char *) * (set.count > 0 ? set.count : 1)));
    for (int i = 0; i < n; i++) {
        if (where[i] < 0)
            raise_missing("pod_activities", "activity", &ids[i]);
        row_urls[where[i]] = urls ? urls[i] : nullptr;
    }
    const int count = set.count;
    bool *change = static_cast<bool *>(palloc0(sizeof(bool) * (count > 0 ? count : 1)));
    bool *late = static_cast<bool *>(palloc0(sizeof(bool) * (count > 0 ? count : 1)));
    bool *revive = static_cast<bool *>(palloc0(sizeof(bool) * (count > 0 ? count : 1)));
    decide(set, worker, worker == nullptr && tenant_session(), change, late, revive);

    BatchResult result{static_cast<HeapTuple *>(palloc(sizeof(HeapTuple) * (count > 0 ? count : 1))), count,
                       set.row_desc};
    auto *change_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (count > 0 ? count : 1)));
    auto *change_members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (count > 0 ? count : 1)));
    auto **change_urls = static_cast<char **>(palloc(sizeof(char *) * (count > 0 ? count : 1)));
    bool *change_late = static_cast<bool *>(palloc(sizeof(bool) * (count > 0 ? count : 1)));
    int nchange = 0;
    bool any_revive = false;
    for (int j = 0; j < count; j++) {
        if (!change[j]) {
            result.rows[j] = plain_row(set, j);
            continue;
        }
        change_ids[nchange] = set.rows[j].id;
        change_members[nchange] = set.rows[j].member_id;
        change_urls[nchange] = row_urls[j];
        change_late[nchange] = late[j];
        any_revive |= revive[j];
        nchange++;
    }
    if (nchange > 0) {
        const uint64 done = apply_completions(change_ids, change_members, change_urls, change_late, nchange, worker,
                                              any_revive);
        uint64 k = 0;  // completed rows come back in id order, as the locked ones did
        for (int j = 0; j < count; j++)
            if (change[j] && k < done)
                result.rows[j] = SPI_tuptable->vals[k++];
    }
    (void) function;
    return result;
}

}  // namespace

// complete_activities(p_ids uuid[], p_repost_urls text[] DEFAULT NULL, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_complete_activities)
{
    const char *fn = "complete_activities";
    require_writable(fn);
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
    BatchResult result = complete_batch(fn, ids, n, urls, worker);
    return_rows(fcinfo, result.rows, result.desc, result.count);
    end_engine_spi(spi_scope);
    return (Datum) 0;
}

// complete_activity(p_activity_id uuid, p_repost_url text DEFAULT NULL, p_worker text DEFAULT NULL)
POD_AMPLIFY_FUNCTION(pod_amplify_complete_activity)
{
    const char *fn = "complete_activity";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_activity_id", fn);
    pg_uuid_t *id = PG_GETARG_UUID_P(0);
    char *url = PG_ARGISNULL(1) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *worker = PG_ARGISNULL(2) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(2));
    check_arguments(fn, &url, 1, worker);
    const int spi_scope = begin_engine_spi();
    BatchResult result = complete_batch(fn, id, 1, &url, worker);
    HeapTupleHeader row = return_one_row(fcinfo, result.rows[0], result.desc);
    end_engine_spi(spi_scope);
    PG_RETURN_HEAPTUPLEHEADER(row);
}
