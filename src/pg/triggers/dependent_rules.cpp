// Triggers on the tables the rules read (1.2). A write to a post, pod, user,
// LinkedIn account or member row is refused (23514) when it would leave a row
// that depends on it breaking a rule: a post whose author becomes one of its
// amplifiers, a member moved to another pod with its activities left behind, a
// LinkedIn account moved to another user under the members linked to it...
// The rules are core/rules.cpp's, applied to the dependent rows' facts
// (rules/fact_queries.cpp) looked up as the tables' owner.
#include "pg/rules/fact_queries.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/triggers/column_sizes.hpp"
#include "pg/triggers/fact_cache.hpp"
#include "core/linkedin_url.hpp"

#include <cstring>

namespace {

using namespace pod_amplify::pg;

// The row an AFTER ... FOR EACH ROW trigger fired for (its new version).
TriggerData *after_row_trigger(FunctionCallInfo fcinfo, const char *function_name)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("%s must be called as a trigger", function_name)));
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (!TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("%s must be fired AFTER ... FOR EACH ROW", function_name)));
    return td;
}

HeapTuple new_row(TriggerData *td)
{
    return TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
}

// True on INSERT, or when an UPDATE changed any of the columns.
bool changed_any(TriggerData *td, const char *const *columns, int n)
{
    if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
        return true;
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    for (int i = 0; i < n; i++)
        if (column_changed(td, column_number(desc, columns[i])))
            return true;
    return false;
}

using Collector = void (*)(FactScope, const pg_uuid_t *, ViolationList *, int);
struct Check {
    Collector collect;
    FactScope scope;
};

// The row about to change, locked FOR UPDATE before its update (which itself
// takes only FOR NO KEY UPDATE). Two effects: this waits for any session whose
// validation look-up holds the row FOR KEY SHARE (an insert or update of a
// dependent row), so the AFTER check, reading the latest committed state, sees
// its row; and PostgreSQL records the update that follows as one that changes
// the row's key, so a look-up that comes later waits for this transaction and
// reads the new version (or, under REPEATABLE READ, fails to serialize) instead
// of locking the old version without waiting, as FOR KEY SHARE otherwise may.
const char *const kLockTables[] = {"posts", "pods", "users", "linkedin_accounts", "pod_members"};
SPIPlanPtr lock_plans[5];

void lock_changed_row(Relation rel, const pg_uuid_t &id)
{
    const char *name = RelationGetRelationName(rel);
    for (int i = 0; i < 5; i++) {
        if (std::strcmp(name, kLockTables[i]) != 0)
            continue;
        Oid type = UUIDOID;
        Datum arg = UUIDPGetDatum(const_cast<pg_uuid_t *>(&id));
        saved_plan(&lock_plans[i],
                   psprintf("SELECT 1 FROM pod_amplify.%s x WHERE x.id" POD_EQ "$1 FOR UPDATE OF x", kLockTables[i]), 1,
                   &type);
        if (SPI_execute_plan(lock_plans[i], &arg, nullptr, false, 0) != SPI_OK_SELECT)
            elog(ERROR, "pod_amplify: lock of the changed row failed");
        return;
    }
}

// Runs the checks for row `id` as the tables' owner and raises the first violation.
void check_dependents(TriggerData *td, const pg_uuid_t &id, const Check *checks, int n, const char *change)
{
    fact_cache_invalidate();  // a fact the activity trigger may have cached changed
    connect_spi();
    SavedUser saved = become_user(td->tg_relation->rd_rel->relowner);
    ViolationList found = new_violation_list();
    for (int i = 0; i < n; i++)
        checks[i].collect(checks[i].scope, &id, &found, 1);
    restore_user(saved);
    SPI_finish();
    if (found.count > 0)
        raise_first_violation(found, change);
}

pg_uuid_t row_id(TriggerData *td)
{
    pg_uuid_t id;
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    tuple_uuid(new_row(td), desc, column_number(desc, "id"), &id);
    return id;
}

// The columns of each table the rules read (those its AFTER trigger checks).
struct RuleColumns {
    const char *table;
    const char *columns[3];
    int n;
};
const RuleColumns kRuleColumns[] = {{"posts", {"author_id", "client_id"}, 2},
                                    {"pods", {"client_id"}, 1},
                                    {"users", {"client_id"}, 1},
                                    {"linkedin_accounts", {"user_id"}, 1},
                                    {"pod_members", {"pod_id", "user_id", "client_id"}, 3}};

}  // namespace

// BEFORE INSERT OR UPDATE OR DELETE ON posts, pods, users, linkedin_accounts and
// pod_members, FOR EACH ROW. Every write drops the facts the activity trigger
// cached in this session (a member deleted and inserted again under its id, an
// id changed: the locks on the cached rows stop only other sessions). An update
// of a column a rule reads first locks the row (lock_changed_row).
POD_AMPLIFY_FUNCTION(pod_amplify_fact_row_changing)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("pod_amplify_fact_row_changing must be called as a trigger")));
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (!TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("pod_amplify_fact_row_changing must be fired BEFORE ... FOR EACH ROW")));
    fact_cache_invalidate();
    const char *name = RelationGetRelationName(td->tg_relation);
    // A post's URL goes to the worker with each of its activities.
    static const ColumnLimit kPostLimits[] = {{"linkedin_post_url", pod_amplify::core::kMaxLinkedInUrlBytes}};
    if (!TRIGGER_FIRED_BY_DELETE(td->tg_event) && std::strcmp(name, "posts") == 0 && !bulk_load_session())
        refuse_oversized_columns(td, TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple : td->tg_newtuple,
                                 kPostLimits, 1);
    if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
        return PointerGetDatum(td->tg_trigtuple);
    for (const RuleColumns &t : kRuleColumns) {
        if (std::strcmp(name, t.table) != 0)
            continue;
        if (bulk_load_session() || !changed_any(td, t.columns, t.n))
            break;
        pg_uuid_t id;
        TupleDesc desc = RelationGetDescr(td->tg_relation);
        tuple_uuid(td->tg_trigtuple, desc, column_number(desc, "id"), &id);
        connect_spi();
        SavedUser saved = become_user(td->tg_relation->rd_rel->relowner);
        lock_changed_row(td->tg_relation, id);
        restore_user(saved);
        SPI_finish();
        break;
    }
    return PointerGetDatum(td->tg_newtuple);
}

// AFTER INSERT OR UPDATE OF author_id, client_id ON posts: the author is a user
// of the post's client; nobody amplifies a post they (now) wrote; the post's
// activities stay with its client.
POD_AMPLIFY_FUNCTION(pod_amplify_check_post_write)
{
    TriggerData *td = after_row_trigger(fcinfo, "pod_amplify_check_post_write");
    static const char *const columns[] = {"author_id", "client_id"};
    if (bulk_load_session() || !changed_any(td, columns, 2))
        return PointerGetDatum(nullptr);
    const pg_uuid_t id = row_id(td);
    const Check checks[] = {{collect_post_violations, FactScope::Post}, {collect_activity_violations, FactScope::Post}};
    const int n = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? 2 : 1;  // a new post has no activities yet
    check_dependents(td, id, checks, n, "This change of the post");
    return PointerGetDatum(nullptr);
}

// AFTER UPDATE OF client_id ON pods: a pod's members and activities stay with its client.
POD_AMPLIFY_FUNCTION(pod_amplify_check_pod_move)
{
    TriggerData *td = after_row_trigger(fcinfo, "pod_amplify_check_pod_move");
    static const char *const columns[] = {"client_id"};
    if (bulk_load_session() || !changed_any(td, columns, 1))
        return PointerGetDatum(nullptr);
    const Check checks[] = {{collect_member_violations, FactScope::Pod}, {collect_activity_violations, FactScope::Pod}};
    check_dependents(td, row_id(td), checks, 2, "Moving the pod to another client");
    return PointerGetDatum(nullptr);
}

// AFTER UPDATE OF client_id ON users: a user's memberships and posts stay with its client.
POD_AMPLIFY_FUNCTION(pod_amplify_check_user_move)
{
    TriggerData *td = after_row_trigger(fcinfo, "pod_amplify_check_user_move");
    static const char *const columns[] = {"client_id"};
    if (bulk_load_session() || !changed_any(td, columns, 1))
        return PointerGetDatum(nullptr);
    const Check checks[] = {{collect_member_violations, FactScope::User}, {collect_post_violations, FactScope::Author}};
    check_dependents(td, row_id(td), checks, 2, "Moving the user to another client");
    return PointerGetDatum(nullptr);
}

// AFTER UPDATE OF user_id ON linkedin_accounts: members linked to an account are its user's.
POD_AMPLIFY_FUNCTION(pod_amplify_check_account_move)
{
    TriggerData *td = after_row_trigger(fcinfo, "pod_amplify_check_account_move");
    static const char *const columns[] = {"user_id"};
    if (bulk_load_session() || !changed_any(td, columns, 1))
        return PointerGetDatum(nullptr);
    const Check checks[] = {{collect_member_violations, FactScope::Account}};
    check_dependents(td, row_id(td), checks, 1, "Moving the LinkedIn account to another user");
    return PointerGetDatum(nullptr);
}

// AFTER UPDATE OF pod_id, user_id, client_id ON pod_members: a member's
// activities stay in its pod and client, and never on its own posts.
POD_AMPLIFY_FUNCTION(pod_amplify_check_member_move)
{
    TriggerData *td = after_row_trigger(fcinfo, "pod_amplify_check_member_move");
    static const char *const columns[] = {"pod_id", "user_id", "client_id"};
    if (bulk_load_session() || !changed_any(td, columns, 3))
        return PointerGetDatum(nullptr);
    const Check checks[] = {{collect_activity_violations, FactScope::Member}};
    check_dependents(td, row_id(td), checks, 1, "This change of the member");
    return PointerGetDatum(nullptr);
}
