#include "pg/engine/claim_screen.hpp"

#include "pg/engine/common.hpp"
#include "pg/engine/locked_activity.hpp"
#include "pg/engine/outcomes.hpp"
#include "pg/engine/waiting_successes.hpp"
#include "pg/runtime/datum.hpp"

#include <algorithm>
#include <cstring>

namespace pod_amplify::pg {

namespace {

// $1 the claimed activities, $2 their members. Kind 1: a success waits for the
// activity; kind 2: the member's Unipile id -- its own, else its linked
// account's -- is held by another user too, in a member or in a linked
// account some member acts through (an account no member uses acts for
// nobody, and 1.2 refuses to link one whose id another user holds: a tenant's
// unlinked account bearing a victim's id does not stop the victim's work).
// Kind 2 is looked for only while unipile_disputes lists some id (a one-time
// filter: nothing else is read otherwise), and then by index probes per
// claimed member (primary keys, then the ids' hash indexes), so its cost never
// grows with other tenants' rows. As the owner: the other holder may be any
// tenant's, and neither table has grants.
const char *const kScreenSql =
    "SELECT 1, s.activity_id FROM pod_amplify.waiting_successes s WHERE s.activity_id" POD_EQ "ANY ($1)"
    " UNION ALL"
    " SELECT 2, m.id FROM pod_amplify.pod_members m"
    " CROSS JOIN LATERAL (SELECT COALESCE(m.unipile_account_id, (SELECT la.unipile_account_id"
    "   FROM pod_amplify.linkedin_accounts la WHERE la.id" POD_EQ "m.linkedin_account_id)) AS uid) x"
    " WHERE EXISTS (SELECT 1 FROM pod_amplify.unipile_disputes)"
    "   AND m.id" POD_EQ "ANY ($2) AND x.uid IS NOT NULL AND ("
    "   EXISTS (SELECT 1 FROM pod_amplify.pod_members o"
    "           WHERE o.unipile_account_id" POD_EQ "x.uid AND o.user_id" POD_NE "m.user_id)"
    "   OR EXISTS (SELECT 1 FROM pod_amplify.linkedin_accounts o"
    "              WHERE o.unipile_account_id" POD_EQ "x.uid AND o.user_id" POD_NE "m.user_id"
    "                AND EXISTS (SELECT 1 FROM pod_amplify.pod_members l WHERE l.linkedin_account_id" POD_EQ "o.id)))";
SPIPlanPtr screen_plan;
// Listed ids that one user (or none) holds now.
const char *const kSettledSql =
    "DELETE FROM pod_amplify.unipile_disputes d WHERE (SELECT pg_catalog.count(DISTINCT h.user_id) FROM ("
    "  SELECT o.user_id FROM pod_amplify.pod_members o WHERE o.unipile_account_id" POD_EQ "d.unipile_account_id"
    "  UNION ALL"
    "  SELECT o.user_id FROM pod_amplify.linkedin_accounts o WHERE o.unipile_account_id" POD_EQ "d.unipile_account_id) h)"
    " OPERATOR(pg_catalog.<) 2";
SPIPlanPtr settled_plan;

const char *const kDisputedError =
    "unipile rule: the Unipile account id this activity would act through is connected to more than one user; "
    "not attempted (once one user holds it, pod_amplify.retry_activity)";


bool contains(const pg_uuid_t *sorted, int n, const pg_uuid_t &id)
{
    return std::binary_search(sorted, sorted + n, id, uuid_less);
}

}  // namespace

uint64 screen_claimed(SPITupleTable *fresh, uint64 nfresh, const char *worker)
{
    if (nfresh == 0)
        return 0;
    TupleDesc desc = fresh->tupdesc;
    const int c_id = SPI_fnumber(desc, "id"), c_member = SPI_fnumber(desc, "member_id");
    const int n = static_cast<int>(nfresh);
    auto *ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    for (int k = 0; k < n; k++) {
        tuple_uuid(fresh->vals[k], desc, c_id, &ids[k]);
        tuple_uuid(fresh->vals[k], desc, c_member, &members[k]);
    }
    Oid types[2] = {UUIDARRAYOID, UUIDARRAYOID};
    Datum args[2] = {uuid_array_datum(ids, n), uuid_array_datum(members, n)};
    SavedUser saved = become_user(tables_owner());
    saved_plan(&screen_plan, kScreenSql, 2, types);
    // Not read-only: a fresh snapshot, taken after this claim leased the rows.
    // A claim's statement may have started before a report (say, one that
    // waited 100 ms for a row) kept a success for one of them.
    const int rc = SPI_execute_plan(screen_plan, args, nullptr, false, 0);
    restore_user(saved);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: claim screen failed");
    if (SPI_processed == 0)
        return nfresh;
    const int nfound = static_cast<int>(SPI_processed);
    auto *waiting_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * nfound));
    auto *disputed = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * nfound));
    int nwaiting_ids = 0, ndisputed = 0;
    for (int j = 0; j < nfound; j++) {
        bool isnull;
        const int kind = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 1, &isnull));
        tuple_uuid(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 2, kind == 1 ? &waiting_ids[nwaiting_ids++] : &disputed[ndisputed++]);
    }
    std::sort(waiting_ids, waiting_ids + nwaiting_ids, uuid_less);
    std::sort(disputed, disputed + ndisputed, uuid_less);
    // The screened rows, out of what is handed out; locked again (this claim's
    // own UPDATE leased them: no wait) for their settings and state.
    auto *screened = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    int nscreened = 0;
    uint64 kept = 0;
    for (int k = 0; k < n; k++) {
        if (contains(waiting_ids, nwaiting_ids, ids[k]) || contains(disputed, ndisputed, members[k]))
            screened[nscreened++] = ids[k];
        else
            fresh->vals[kept++] = fresh->vals[k];
    }
    const LockedSet set = lock_activities(screened, nscreened, worker, true);
    bool *handled = static_cast<bool *>(palloc0(sizeof(bool) * (set.count > 0 ? set.count : 1)));
    int nwaiting;
    const WaitingSuccess *waiting = waiting_for_activities(waiting_ids, nwaiting_ids, &nwaiting);
    (void) settle_waiting_successes(set, waiting, nwaiting, handled);
    // What no success waits for and acts through a disputed id fails.
    auto *failures = static_cast<FailureToApply *>(palloc(sizeof(FailureToApply) * (set.count > 0 ? set.count : 1)));
    int *row_of = static_cast<int *>(palloc(sizeof(int) * (set.count > 0 ? set.count : 1)));
    int nfail = 0;
    for (int j = 0; j < set.count; j++) {
        if (handled[j] || !contains(disputed, ndisputed, set.rows[j].member_id))
            continue;
        failures[nfail] = FailureToApply{set.rows[j].id, pstrdup(kDisputedError), worker, false, false};
        failures[nfail].refused = true;
        row_of[nfail++] = j;
    }
    apply_failures(set, row_of, failures, nfail);
    return kept;
}

int drop_settled_unipile_disputes()
{
    SavedUser saved = become_user(tables_owner());
    saved_plan(&settled_plan, kSettledSql, 0, nullptr);
    const int rc = SPI_execute_plan(settled_plan, nullptr, nullptr, false, 0);
    restore_user(saved);
    if (rc != SPI_OK_DELETE)
        elog(ERROR, "pod_amplify: dropping settled Unipile disputes failed");
    return static_cast<int>(SPI_processed);
}

}  // namespace pod_amplify::pg
