// Version 1.1 of the pod_members trigger: fills a legacy row's new columns
// (client_id, name, linkedin_url, unipile_account_id) and checks every
// membership rule for legacy and new-design rows alike. The rules themselves
// are src/core/member_sync.cpp.
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/triggers/unipile_disputes.hpp"
#include "pg/triggers/unipile_owner.hpp"

#include "core/member_sync.hpp"

#include <cstring>

namespace {

using pod_amplify::pg::Fact;

enum { F_POD_CLIENT, F_USER_CLIENT, F_USER_NAME, F_ACCOUNT_USER, F_ACCOUNT_URL, F_ACCOUNT_UNIPILE, F_OTHER_OWNER,
       F_DUPLICATE, F_CALLER_CLIENT, N_FACTS };

// The pod, user and account are locked FOR KEY SHARE: a concurrent move of the
// user or account to someone else waits for this write and then sees it.
#define POD_MEMBER_FACTS_SQL(lock)                                                                              \
    "WITH p AS (SELECT p.client_id FROM pod_amplify.pods p WHERE p.id" POD_EQ "$1" lock "),"                   \
    " u AS (SELECT u.client_id, u.full_name FROM pod_amplify.users u WHERE u.id" POD_EQ "$2" lock "),"         \
    " a AS (SELECT a.user_id, a.profile_url, a.unipile_account_id FROM pod_amplify.linkedin_accounts a"         \
    "       WHERE a.id" POD_EQ "$3" lock ")"                                                                     \
    " SELECT (SELECT p.client_id FROM p), (SELECT u.client_id FROM u), (SELECT u.full_name FROM u),"            \
    " (SELECT a.user_id FROM a), (SELECT a.profile_url FROM a), (SELECT a.unipile_account_id FROM a),"          \
    " (SELECT o.user_id FROM pod_amplify.pod_members o"                                                         \
    "   WHERE o.pod_id" POD_EQ "$1 AND o.role" POD_EQ "'owner'::pg_catalog.text AND o.id" POD_NE "$4 LIMIT 1)," \
    " (SELECT d.id FROM pod_amplify.pod_members d"                                                              \
    "   WHERE d.pod_id IS NULL AND d.client_id" POD_EQ "$6 AND d.user_id" POD_EQ "$2 AND d.id" POD_NE "$4"      \
    "     AND $1 IS NULL LIMIT 1),"                                                                              \
    " (SELECT c.client_id FROM pod_amplify.users c WHERE c.id" POD_EQ "$5)"
const char *const kMemberFactsSql = POD_MEMBER_FACTS_SQL(" FOR KEY SHARE");
// Only filling a legacy member in (a score update of a row not yet backfilled):
// rows another transaction holds are skipped and the member is left for the
// backfill, so a tenant holding its user FOR UPDATE never stalls a report.
const char *const kMemberFactsFillSql = POD_MEMBER_FACTS_SQL(" FOR KEY SHARE SKIP LOCKED");
SPIPlanPtr member_facts_plan = nullptr, member_facts_fill_plan = nullptr;

// Columns of pod_members, found once per call.
struct MemberColumns {
    int id, pod_id, user_id, account_id, role, client_id, name, linkedin_url, unipile;
};

struct MemberRow {
    Fact id, pod_id, user_id, account_id, role, client_id, name, linkedin_url, unipile;
    bool account_changed, url_changed, unipile_changed, client_changed;
};

// What the core decided, as plain data for the tuple.
struct MemberResult {
    pg_uuid_t client_id;
    char *name, *linkedin_url, *unipile;
};

std::optional<std::string> opt_text(const Fact &f)
{
    return f.present ? std::optional<std::string>(f.text) : std::nullopt;
}

// Pure C++ frame: no PostgreSQL call that can raise happens while its strings live.
void judge_member(const MemberRow &row, const Fact *facts, bool restricted, MemberResult *result)
{
    using pod_amplify::pg::uuid_text;
    pod_amplify::core::MemberWrite w;
    w.id = uuid_text(row.id);
    w.pod_id = uuid_text(row.pod_id);
    w.user_id = uuid_text(row.user_id);
    w.account_id = uuid_text(row.account_id);
    w.client_id = uuid_text(row.client_id);
    w.is_owner = row.role.present && std::string(row.role.text) == "owner";
    w.name = opt_text(row.name);
    w.linkedin_url = opt_text(row.linkedin_url);
    w.unipile_account_id = opt_text(row.unipile);
    w.account_changed = row.account_changed;
    w.url_changed = row.url_changed;
    w.unipile_changed = row.unipile_changed;
    w.client_changed = row.client_changed;

    pod_amplify::core::MemberContext c;
    c.pod_client_id = uuid_text(facts[F_POD_CLIENT]);
    c.user_client_id = uuid_text(facts[F_USER_CLIENT]);
    c.user_full_name = opt_text(facts[F_USER_NAME]);
    c.account_user_id = uuid_text(facts[F_ACCOUNT_USER]);
    c.account_profile_url = opt_text(facts[F_ACCOUNT_URL]);
    c.account_unipile_id = opt_text(facts[F_ACCOUNT_UNIPILE]);
    c.other_owner_id = uuid_text(facts[F_OTHER_OWNER]);
    c.duplicate_member_id = uuid_text(facts[F_DUPLICATE]);
    c.restricted = restricted;
    c.caller_client_id = uuid_text(facts[F_CALLER_CLIENT]);

    const auto values = pod_amplify::core::sync_member(w, c);
    pod_amplify::pg::uuid_from_text(values.client_id, &result->client_id);
    result->name = values.name ? pod_amplify::pg::palloc_copy(*values.name) : nullptr;
    result->linkedin_url = values.linkedin_url ? pod_amplify::pg::palloc_copy(*values.linkedin_url) : nullptr;
    result->unipile = values.unipile_account_id ? pod_amplify::pg::palloc_copy(*values.unipile_account_id) : nullptr;
}

// Pure C++ frame: judge_member, but a broken rule is an answer, not an error.
bool judged_member(const MemberRow &row, const Fact *facts, bool restricted, MemberResult *result) noexcept
{
    try {
        judge_member(row, facts, restricted, result);
        return true;
    } catch (...) {
        return false;
    }
}

bool same_uuid(const Fact &a, const Fact &b)
{
    return a.present && b.present && std::memcmp(a.uuid.data, b.uuid.data, UUID_LEN) == 0;
}

enum class Level { V1_1, V1_2 };

Datum validate_member(FunctionCallInfo fcinfo, Level level)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_membership");
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    Relation rel = td->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);
    if (bulk_load_session()) {  // a restore: rows load as they are; a disputed id is noted (1.2)
        pg_uuid_t user;
        const Fact unipile = tuple_fact(tuple, desc, column_number(desc, "unipile_account_id"));
        if (level == Level::V1_2 && unipile.present && tuple_uuid(tuple, desc, column_number(desc, "user_id"), &user))
            note_unipile_dispute(rel->rd_rel->relowner, unipile.text, user);
        return PointerGetDatum(tuple);
    }
    const MemberColumns col = {column_number(desc, "id"), column_number(desc, "pod_id"),
                               column_number(desc, "user_id"), column_number(desc, "linkedin_account_id"),
                               column_number(desc, "role"), column_number(desc, "client_id"),
                               column_number(desc, "name"), column_number(desc, "linkedin_url"),
                               column_number(desc, "unipile_account_id")};
    MemberRow row;
    bool relevant = true, filling_client = false;
    row.client_id = tuple_fact(tuple, desc, col.client_id);
    row.account_changed = row.url_changed = row.unipile_changed = row.client_changed = true;
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
        row.account_changed = column_changed(td, col.account_id);
        row.url_changed = column_changed(td, col.linkedin_url);
        row.unipile_changed = column_changed(td, col.unipile);
        row.client_changed = column_changed(td, col.client_id);
        // Score and activity-flag updates (the hot path) touch nothing the rules read.
        relevant = row.account_changed || row.url_changed || row.unipile_changed || column_changed(td, col.pod_id) ||
                   column_changed(td, col.user_id) || column_changed(td, col.role) || column_changed(td, col.name);
        filling_client = row.client_changed && heap_attisnull(td->tg_trigtuple, col.client_id, desc);
        if (!relevant && !row.client_changed && row.client_id.present)
            return PointerGetDatum(tuple);
    }
    row.id = tuple_fact(tuple, desc, col.id);
    row.pod_id = tuple_fact(tuple, desc, col.pod_id);
    row.user_id = tuple_fact(tuple, desc, col.user_id);
    row.account_id = tuple_fact(tuple, desc, col.account_id);
    row.role = tuple_fact(tuple, desc, col.role);
    row.name = tuple_fact(tuple, desc, col.name);
    row.linkedin_url = tuple_fact(tuple, desc, col.linkedin_url);
    row.unipile = tuple_fact(tuple, desc, col.unipile);
    if (!row.user_id.present || !row.id.present)
        return PointerGetDatum(tuple);  // the NOT NULL constraints report it

    Fact caller{};
    caller.present = current_user_uuid(&caller.uuid);
    const bool restricted = caller_is_row_restricted(rel);

    Oid types[6] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID, UUIDOID, UUIDOID};
    Datum args[6] = {fact_datum(row.pod_id), fact_datum(row.user_id), fact_datum(row.account_id),
                     fact_datum(row.id), fact_datum(caller), fact_datum(row.client_id)};
    char nulls[7] = {fact_null(row.pod_id), fact_null(row.user_id), fact_null(row.account_id),
                     fact_null(row.id), fact_null(caller), fact_null(row.client_id), '\0'};
    Fact facts[N_FACTS];
    if (!relevant && !row.client_changed)  // the look-up only fills a legacy row in
        lookup_locked_facts(&member_facts_fill_plan, kMemberFactsFillSql, 6, types, args, nulls, rel->rd_rel->relowner,
                            facts, N_FACTS);
    else
        lookup_locked_facts(&member_facts_plan, kMemberFactsSql, 6, types, args, nulls, rel->rd_rel->relowner, facts,
                            N_FACTS);

    // Unknown pod, user or account: the foreign keys report it.
    if ((row.pod_id.present && !facts[F_POD_CLIENT].present) || !facts[F_USER_CLIENT].present ||
        (row.account_id.present && !facts[F_ACCOUNT_USER].present))
        return PointerGetDatum(tuple);

    // An update that changes no rule input (a score, or the backfill setting a
    // legacy row's client_id to its pod's) never fails a rule: the row is filled
    // in when it can be, and left as written when it already broke one. One
    // tenant's bad row must not stop the engine or the backfill for everyone.
    const bool fill_only = !relevant && (!row.client_changed ||
                                         (filling_client && same_uuid(row.client_id, facts[F_POD_CLIENT])));
    MemberResult result;
    if (fill_only) {
        if (!judged_member(row, facts, false, &result))
            return PointerGetDatum(tuple);
    } else {
        judge_member(row, facts, restricted, &result);
        if (result.unipile != nullptr && (row.unipile_changed || row.account_changed ||
                                          !TRIGGER_FIRED_BY_UPDATE(td->tg_event) || column_changed(td, col.user_id))) {
            if (level == Level::V1_2)
                check_unipile_owner(rel->rd_rel->relowner, result.unipile, row.user_id.uuid, nullptr, &row.id.uuid);
            else if (restricted)  // at 1.1, a tenant's write: 1.2's rule without its lock table and indexes
                check_unipile_owner_1_1(rel->rd_rel->relowner, result.unipile, row.user_id.uuid,
                                        row.account_id.present ? &row.account_id.uuid : nullptr, row.id.uuid);
        }
    }
    const ColumnValue columns[4] = {
        {col.client_id, true, true, result.client_id, nullptr},
        {col.name, false, result.name != nullptr, {}, result.name},
        {col.linkedin_url, false, result.linkedin_url != nullptr, {}, result.linkedin_url},
        {col.unipile, false, result.unipile != nullptr, {}, result.unipile},
    };
    return PointerGetDatum(with_columns(tuple, desc, columns, 4));
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_validate_membership_1_1)
{
    return validate_member(fcinfo, Level::V1_1);
}

// 1.2: also a Unipile account id belongs to one user.
POD_AMPLIFY_FUNCTION(pod_amplify_validate_membership_1_2)
{
    return validate_member(fcinfo, Level::V1_2);
}
