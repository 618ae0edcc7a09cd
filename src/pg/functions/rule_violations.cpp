// rule_violations(): every row that breaks a data rule, with the rule and the
// message its trigger would raise. Runs as the caller, so row-level security
// decides whose rows it sees; an operator's tool (not executable by PUBLIC).
// The 1.1 -> 1.2 upgrade reports its findings; the README's "Upgrading" uses it.
#include "pg/rules/fact_queries.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/spi.hpp"

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
