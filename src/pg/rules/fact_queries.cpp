#include "pg/rules/fact_queries.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

#include "core/rules.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {

namespace core = pod_amplify::core;

// Column lists: values of rows not yet backfilled are derived as every rule does.
#define POD_MEMBER_FACTS                                                                                       \
    "SELECT m.id, m.pod_id, COALESCE(m.client_id, p.client_id), p.client_id, m.client_id, m.user_id,"         \
    " u.client_id, m.linkedin_account_id, la.user_id"                                                         \
    " FROM pod_amplify.pod_members m"                                                                          \
    " LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "m.pod_id"                                                  \
    " LEFT JOIN pod_amplify.users u ON u.id" POD_EQ "m.user_id"                                                \
    " LEFT JOIN pod_amplify.linkedin_accounts la ON la.id" POD_EQ "m.linkedin_account_id"
#define POD_ACTIVITY_FACTS                                                                                     \
    "SELECT a.id, a.pod_id, a.client_id, p.client_id, a.member_id, m.pod_id, COALESCE(m.client_id, mp.client_id)," \
    " m.user_id, a.post_id, po.client_id, po.author_id"                                                        \
    " FROM pod_amplify.pod_activities a"                                                                        \
    " LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "a.pod_id"                                                  \
    " LEFT JOIN pod_amplify.pod_members m ON m.id" POD_EQ "a.member_id"                                        \
    " LEFT JOIN pod_amplify.pods mp ON mp.id" POD_EQ "m.pod_id"                                                \
    " LEFT JOIN pod_amplify.posts po ON po.id" POD_EQ "a.post_id"
#define POD_POST_FACTS                                                                                         \
    "SELECT po.id, po.client_id, po.author_id, u.client_id"                                                    \
    " FROM pod_amplify.posts po LEFT JOIN pod_amplify.users u ON u.id" POD_EQ "po.author_id"

enum Kind { MEMBERS, ACTIVITIES, POSTS, N_KINDS };
constexpr int N_SCOPES = 7;
SPIPlanPtr plans[N_KINDS][N_SCOPES];

const char *where_of(Kind kind, FactScope scope)
{
    switch (kind) {
    case MEMBERS:
        switch (scope) {
        case FactScope::User: return " WHERE m.user_id" POD_EQ "$1";
        case FactScope::Account: return " WHERE m.linkedin_account_id" POD_EQ "$1";
        case FactScope::Pod: return " WHERE m.pod_id" POD_EQ "$1";
        default: break;
        }
        break;
    case ACTIVITIES:
        switch (scope) {
        case FactScope::Post: return " WHERE a.post_id" POD_EQ "$1";
        case FactScope::Member: return " WHERE a.member_id" POD_EQ "$1";
        case FactScope::Pod: return " WHERE a.pod_id" POD_EQ "$1";
        default: break;
        }
        break;
    case POSTS:
        switch (scope) {
        case FactScope::Post: return " WHERE po.id" POD_EQ "$1";
        case FactScope::Author: return " WHERE po.author_id" POD_EQ "$1";
        default: break;
        }
        break;
    default: break;
    }
    return scope == FactScope::All ? " WHERE $1 IS NULL" : nullptr;
}

const char *base_of(Kind kind)
{
    return kind == MEMBERS ? POD_MEMBER_FACTS : kind == ACTIVITIES ? POD_ACTIVITY_FACTS : POD_POST_FACTS;
}

const char *table_of(Kind kind)
{
    return kind == MEMBERS ? "pod_members" : kind == ACTIVITIES ? "pod_activities" : "posts";
}

// The uuid columns of one fact row, as plain data.
constexpr int kMaxColumns = 11;
struct RowIds {
    pg_uuid_t id[kMaxColumns];
    bool present[kMaxColumns];
};

std::string text_of(const RowIds &r, int i)
{
    return uuid_text(Fact{r.present[i], r.id[i], nullptr});
}

// Pure C++ frame: the core's rules on one row; violations copied out as plain data.
void judge(Kind kind, const RowIds &r, ViolationList *out, int limit)
{
    std::vector<core::Violation> found;
    if (kind == MEMBERS) {
        core::MemberFacts f;
        f.member_id = text_of(r, 0);
        f.pod_id = text_of(r, 1);
        f.client_id = text_of(r, 2);
        f.pod_client_id = text_of(r, 3);
        f.stored_client_id = text_of(r, 4);
        f.user_id = text_of(r, 5);
        f.user_client_id = text_of(r, 6);
        f.account_id = text_of(r, 7);
        f.account_user_id = text_of(r, 8);
        core::member_violations(f, found);
    } else if (kind == ACTIVITIES) {
        core::ActivityFacts f;
        f.activity_id = text_of(r, 0);
        f.pod_id = text_of(r, 1);
        f.client_id = text_of(r, 2);
        f.pod_client_id = text_of(r, 3);
        f.member_id = text_of(r, 4);
        f.member_pod_id = text_of(r, 5);
        f.member_client_id = text_of(r, 6);
        f.member_user_id = text_of(r, 7);
        f.post_id = text_of(r, 8);
        f.post_client_id = text_of(r, 9);
        f.post_author_id = text_of(r, 10);
        core::activity_violations(f, found);
    } else {
        core::post_violations(core::PostFacts{text_of(r, 0), text_of(r, 1), text_of(r, 2), text_of(r, 3)}, found);
    }
    if (found.empty())
        return;
    out->rows_with_violations++;
    for (const auto &v : found) {
        if (limit > 0 && out->count >= limit)
            return;
        if (out->count == out->capacity) {
            const int capacity = out->capacity * 2;
            auto *grown = static_cast<FoundViolation *>(palloc_extended(sizeof(FoundViolation) * capacity, MCXT_ALLOC_NO_OOM));
            if (grown == nullptr)
                throw std::bad_alloc();
            std::memcpy(grown, out->items, sizeof(FoundViolation) * out->count);
            out->items = grown;
            out->capacity = capacity;
        }
        FoundViolation &item = out->items[out->count++];
        item.rule = core::rule_key(v.rule);
        item.table = table_of(kind);
        item.row_id = r.id[0];
        item.message = palloc_copy(v.message);
        item.sqlerrcode = v.state == core::SqlState::InsufficientPrivilege ? ERRCODE_INSUFFICIENT_PRIVILEGE
                                                                           : ERRCODE_CHECK_VIOLATION;
    }
}

void collect(Kind kind, FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit)
{
    const char *where = where_of(kind, scope);
    if (where == nullptr)
        elog(ERROR, "pod_amplify: no %s facts by that scope", table_of(kind));
    SPIPlanPtr &plan = plans[kind][static_cast<int>(scope)];
    Oid type = UUIDOID;
    saved_plan(&plan, psprintf("%s%s", base_of(kind), where), 1, &type);
    Datum arg = id ? UUIDPGetDatum(const_cast<pg_uuid_t *>(id)) : (Datum) 0;
    const char nulls[2] = {id ? ' ' : 'n', '\0'};
    // A cursor: the audit walks millions of rows a batch at a time. Triggers
    // (a scope) read the latest committed state with the change they fired for
    // (runtime/spi.hpp, execute_latest): their row lock may have just waited for
    // a session whose rows the transaction's snapshot would not show.
    const bool latest = scope != FactScope::All;
    if (latest) {
        CommandCounterIncrement();
        PushActiveSnapshot(GetLatestSnapshot());
    }
    Portal portal = SPI_cursor_open(nullptr, plan, &arg, nulls, true);
    RowIds r;
    for (;;) {
        SPI_cursor_fetch(portal, true, 10000);
        if (SPI_processed == 0)
            break;
        const int ncolumns = SPI_tuptable->tupdesc->natts;
        for (uint64 i = 0; i < SPI_processed; i++) {
            for (int c = 0; c < ncolumns && c < kMaxColumns; c++)
                r.present[c] = tuple_uuid(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, c + 1, &r.id[c]);
            judge(kind, r, out, limit);
        }
        SPI_freetuptable(SPI_tuptable);
    }
    SPI_cursor_close(portal);
    if (latest)
        PopActiveSnapshot();
}

}  // namespace

ViolationList new_violation_list()
{
    ViolationList list;
    list.capacity = 16;
    list.count = 0;
    list.rows_with_violations = 0;
    list.items = static_cast<FoundViolation *>(palloc(sizeof(FoundViolation) * list.capacity));
    return list;
}

void collect_member_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit)
{
    collect(MEMBERS, scope, id, out, limit);
}

void collect_activity_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit)
{
    collect(ACTIVITIES, scope, id, out, limit);
}

void collect_post_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit)
{
    collect(POSTS, scope, id, out, limit);
}

void raise_first_violation(const ViolationList &found, const char *change)
{
    const FoundViolation &v = found.items[0];
    char *id = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(const_cast<pg_uuid_t *>(&v.row_id))));
    ereport(ERROR, (errcode(v.sqlerrcode), errmsg("%s", v.message),
                    errdetail("%s would leave %s %s (and " INT64_FORMAT " row(s) in all) breaking this rule.", change,
                              v.table, id, found.rows_with_violations),
                    errhint("Change or remove the rows that depend on it first.")));
    pg_unreachable();
}

}  // namespace pod_amplify::pg
