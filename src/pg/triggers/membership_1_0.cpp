// Membership validation on pod_members (version 1.0 schema): the user belongs to
// the pod's client, a linked LinkedIn account belongs to that user, one owner per pod.
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/runtime/datum.hpp"

#include "pg/triggers/unipile_owner.hpp"

#include "core/rules.hpp"

namespace {

using pod_amplify::pg::MaybeUuid;

// The facts a membership rule needs, looked up in one statement.
enum { POD_CLIENT, USER_CLIENT, ACCOUNT_USER, OTHER_OWNER, CALLER_CLIENT, N_FACTS };

const char *const kMembershipFactsSql =
    "SELECT p.client_id, u.client_id, a.user_id,"
    " (SELECT o.user_id FROM pod_amplify.pod_members o"
    "   WHERE o.pod_id" POD_EQ "$1 AND o.role" POD_EQ "'owner'::pg_catalog.text"
    "     AND o.id" POD_NE "$4 LIMIT 1),"
    " (SELECT c.client_id FROM pod_amplify.users c WHERE c.id" POD_EQ "$5)"
    " FROM (SELECT) AS one"
    " LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "$1"
    " LEFT JOIN pod_amplify.users u ON u.id" POD_EQ "$2"
    " LEFT JOIN pod_amplify.linkedin_accounts a ON a.id" POD_EQ "$3";
SPIPlanPtr membership_facts_plan = nullptr;

struct MemberRow {
    MaybeUuid id, pod_id, user_id, account_id;
    bool is_owner;
};

// Pure C++ frame: builds the core's facts and lets it decide (throws RuleError).
void judge_membership(const MemberRow &row, const MaybeUuid *facts, bool restricted)
{
    using pod_amplify::pg::uuid_text;
    namespace core = pod_amplify::core;
    core::check_tenancy(core::Writer{restricted, uuid_text(facts[CALLER_CLIENT])}, uuid_text(facts[POD_CLIENT]),
                        "pod " + uuid_text(row.pod_id));
    core::MemberFacts f;
    f.member_id = uuid_text(row.id);
    f.pod_id = uuid_text(row.pod_id);
    f.client_id = uuid_text(facts[POD_CLIENT]);
    f.user_id = uuid_text(row.user_id);
    f.user_client_id = uuid_text(facts[USER_CLIENT]);
    f.account_id = uuid_text(row.account_id);
    f.account_user_id = uuid_text(facts[ACCOUNT_USER]);
    f.is_owner = row.is_owner;
    f.other_owner_id = uuid_text(facts[OTHER_OWNER]);
    core::check_member(f);
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_validate_membership)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_membership");
    if (bulk_load_session())
        return PointerGetDatum(tuple);  // a restore: rows load as they are
    Relation rel = reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);

    MemberRow row;
    row.id.present = tuple_uuid(tuple, desc, column_number(desc, "id"), &row.id.uuid);
    row.pod_id.present = tuple_uuid(tuple, desc, column_number(desc, "pod_id"), &row.pod_id.uuid);
    row.user_id.present = tuple_uuid(tuple, desc, column_number(desc, "user_id"), &row.user_id.uuid);
    row.account_id.present =
        tuple_uuid(tuple, desc, column_number(desc, "linkedin_account_id"), &row.account_id.uuid);
    bool role_null = true;
    Datum role = heap_getattr(tuple, column_number(desc, "role"), desc, &role_null);
    row.is_owner = !role_null && strcmp(TextDatumGetCString(role), "owner") == 0;

    // NULL keys are the NOT NULL constraints' to report.
    if (!row.pod_id.present || !row.user_id.present)
        return PointerGetDatum(tuple);

    MaybeUuid caller{};
    caller.present = current_user_uuid(&caller.uuid);
    const bool restricted = caller_is_row_restricted(rel);

    Oid types[5] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID, UUIDOID};
    Datum args[5] = {UUIDPGetDatum(&row.pod_id.uuid), UUIDPGetDatum(&row.user_id.uuid),
                     UUIDPGetDatum(&row.account_id.uuid), UUIDPGetDatum(&row.id.uuid),
                     UUIDPGetDatum(&caller.uuid)};
    char nulls[6] = {' ', ' ', row.account_id.present ? ' ' : 'n', row.id.present ? ' ' : 'n',
                     caller.present ? ' ' : 'n', '\0'};
    MaybeUuid facts[N_FACTS];
    lookup_facts(&membership_facts_plan, kMembershipFactsSql, 5, types, args, nulls, rel->rd_rel->relowner, facts,
                 N_FACTS);

    // A missing pod, user or account is the foreign keys' to report.
    if (!facts[POD_CLIENT].present || !facts[USER_CLIENT].present ||
        (row.account_id.present && !facts[ACCOUNT_USER].present))
        return PointerGetDatum(tuple);

    judge_membership(row, facts, restricted);
    // A Unipile account id belongs to one user: a linked account whose id
    // another user's account holds is refused (23505) when a tenant writes the
    // link or the member's user (score updates, the hot path, change neither).
    // 1.0 has no index on the ids, so the look-up reads linkedin_accounts
    // whole: an owner's bulk load (trusted, like a restore) is spared it.
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (restricted && row.account_id.present &&
        (!TRIGGER_FIRED_BY_UPDATE(td->tg_event) || column_changed(td, column_number(desc, "linkedin_account_id")) ||
         column_changed(td, column_number(desc, "user_id"))))
        check_linked_account_owner_1_0(rel->rd_rel->relowner, row.account_id.uuid, row.user_id.uuid);
    return PointerGetDatum(tuple);
}
