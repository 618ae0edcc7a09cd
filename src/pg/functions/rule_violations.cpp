// rule_violations(): every row that breaks a data rule, with the rule and the
// message its trigger would raise. Runs as the caller, so row-level security
// decides whose rows it sees; an operator's tool (not executable by PUBLIC).
// The 1.1 -> 1.2 upgrade reports its findings; the README's "Upgrading" uses it.
#include "pg/rules/fact_queries.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

namespace {

// Rows holding a Unipile account id that more than one user holds (written
// under 1.1, which never checked, or with triggers off).
const char *const kSharedUnipileSql =
    "WITH ids AS ("
    "  SELECT a.unipile_account_id AS uid, a.user_id, 'linkedin_accounts'::pg_catalog.text AS t, a.id"
    "  FROM pod_amplify.linkedin_accounts a WHERE a.unipile_account_id IS NOT NULL"
    "  UNION ALL"
    "  SELECT m.unipile_account_id, m.user_id, 'pod_members'::pg_catalog.text, m.id"
    "  FROM pod_amplify.pod_members m WHERE m.unipile_account_id IS NOT NULL)"
    " SELECT ids.t, ids.id, ids.uid FROM ids"
    " WHERE ids.uid IN (SELECT i.uid FROM ids i GROUP BY i.uid HAVING pg_catalog.count(DISTINCT i.user_id) OPERATOR(pg_catalog.>) 1)"
    " ORDER BY ids.t, ids.id";
SPIPlanPtr shared_unipile_plan;

}  // namespace

// rule_violations() RETURNS TABLE (rule text, table_name text, row_id uuid, message text)
POD_AMPLIFY_FUNCTION(pod_amplify_rule_violations)
{
    using namespace pod_amplify::pg;
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    const int scope = begin_engine_spi();
    ViolationList found = new_violation_list();
    collect_member_violations(FactScope::All, nullptr, &found, 0);
    collect_activity_violations(FactScope::All, nullptr, &found, 0);
    collect_post_violations(FactScope::All, nullptr, &found, 0);
    saved_plan(&shared_unipile_plan, kSharedUnipileSql, 0, nullptr);
    if (SPI_execute_plan(shared_unipile_plan, nullptr, nullptr, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: Unipile audit failed");
    for (uint64 i = 0; i < SPI_processed; i++) {
        HeapTuple t = SPI_tuptable->vals[i];
        bool isnull;
        Datum values[4] = {CStringGetTextDatum("unipile_id_one_user"), SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull),
                           SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull),
                           CStringGetTextDatum(psprintf("unipile rule: Unipile account id \"%s\" is connected to more than one user",
                                                        shown_value(SPI_getvalue(t, SPI_tuptable->tupdesc, 3))))};
        bool nulls[4] = {false, false, false, false};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    end_engine_spi(scope);
    for (int i = 0; i < found.count; i++) {
        const FoundViolation &v = found.items[i];
        Datum values[4] = {CStringGetTextDatum(v.rule), CStringGetTextDatum(v.table),
                           UUIDPGetDatum(const_cast<pg_uuid_t *>(&v.row_id)), CStringGetTextDatum(v.message)};
        bool nulls[4] = {false, false, false, false};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    return (Datum) 0;
}
