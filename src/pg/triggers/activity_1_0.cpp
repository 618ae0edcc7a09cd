// Activity validation on pod_activities (version 1.0 schema): the member belongs
// to the activity's pod, the post to the pod's client, and nobody amplifies a
// post they wrote.
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/runtime/datum.hpp"

#include "core/rules.hpp"

namespace {

using pod_amplify::pg::MaybeUuid;

enum { POD_CLIENT, MEMBER_POD, MEMBER_USER, POST_CLIENT, POST_AUTHOR, CALLER_CLIENT, N_FACTS };

const char *const kActivityFactsSql =
    "SELECT p.client_id, m.pod_id, m.user_id, po.client_id, po.author_id,"
    " (SELECT c.client_id FROM pod_amplify.users c WHERE c.id" POD_EQ "$4)"
    " FROM (SELECT) AS one"
    " LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "$1"
    " LEFT JOIN pod_amplify.pod_members m ON m.id" POD_EQ "$2"
    " LEFT JOIN pod_amplify.posts po ON po.id" POD_EQ "$3";
SPIPlanPtr activity_facts_plan = nullptr;

struct ActivityRow {
    MaybeUuid pod_id, member_id, post_id;
};

void judge_activity(const ActivityRow &row, const MaybeUuid *facts, bool restricted)
{
    using pod_amplify::pg::uuid_text;
    namespace core = pod_amplify::core;
    core::check_tenancy(core::Writer{restricted, uuid_text(facts[CALLER_CLIENT])}, uuid_text(facts[POD_CLIENT]),
                        "pod " + uuid_text(row.pod_id));
    core::ActivityFacts f;
    f.pod_id = uuid_text(row.pod_id);
    f.pod_client_id = uuid_text(facts[POD_CLIENT]);
    f.member_id = uuid_text(row.member_id);
    f.member_pod_id = uuid_text(facts[MEMBER_POD]);
    f.member_user_id = uuid_text(facts[MEMBER_USER]);
    f.post_id = uuid_text(row.post_id);
    f.post_client_id = uuid_text(facts[POST_CLIENT]);
    f.post_author_id = uuid_text(facts[POST_AUTHOR]);
    core::check_activity(f);
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_validate_activity)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_activity");
    if (bulk_load_session())
        return PointerGetDatum(tuple);  // a restore: rows load as they are
    Relation rel = reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);

    ActivityRow row;
    row.pod_id.present = tuple_uuid(tuple, desc, column_number(desc, "pod_id"), &row.pod_id.uuid);
    row.member_id.present = tuple_uuid(tuple, desc, column_number(desc, "member_id"), &row.member_id.uuid);
    row.post_id.present = tuple_uuid(tuple, desc, column_number(desc, "post_id"), &row.post_id.uuid);
    if (!row.pod_id.present || !row.member_id.present || !row.post_id.present)
        return PointerGetDatum(tuple);

    MaybeUuid caller{};
    caller.present = current_user_uuid(&caller.uuid);
    const bool restricted = caller_is_row_restricted(rel);

    Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID};
    Datum args[4] = {UUIDPGetDatum(&row.pod_id.uuid), UUIDPGetDatum(&row.member_id.uuid),
                     UUIDPGetDatum(&row.post_id.uuid), UUIDPGetDatum(&caller.uuid)};
    char nulls[5] = {' ', ' ', ' ', caller.present ? ' ' : 'n', '\0'};
    MaybeUuid facts[N_FACTS];
    lookup_facts(&activity_facts_plan, kActivityFactsSql, 4, types, args, nulls, rel->rd_rel->relowner, facts,
                 N_FACTS);
    if (!facts[POD_CLIENT].present || !facts[MEMBER_POD].present || !facts[POST_CLIENT].present)
        return PointerGetDatum(tuple);

    judge_activity(row, facts, restricted);
    return PointerGetDatum(tuple);
}
