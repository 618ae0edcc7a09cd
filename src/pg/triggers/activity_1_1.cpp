// Version 1.1 of the pod_activities validation trigger: keeps action and
// engagement_type in step, fills client_id, and checks the activity rules for
// legacy (pod) and new-design (client) rows. Rules: src/core/activity_sync.cpp.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/triggers/fact_cache.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/triggers/archived_id.hpp"
#include "pg/triggers/column_sizes.hpp"
#include "pg/triggers/engine_columns.hpp"

#include "core/activity_reports.hpp"
#include "core/activity_state.hpp"
#include "core/activity_sync.hpp"
#include "core/engine_settings.hpp"
#include "core/linkedin_url.hpp"
#include "pg/settings/engine_settings.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

using pod_amplify::pg::Fact;

enum { F_POD_CLIENT, F_MEMBER_POD, F_MEMBER_CLIENT, F_MEMBER_USER, F_POST_CLIENT, F_POST_AUTHOR, F_CALLER_CLIENT,
       F_REPLACEABLE, F_POST_HAS_SCHEDULED, N_FACTS };

// The rows the rules read are locked FOR KEY SHARE (as the foreign keys would
// lock them a moment later): a concurrent change of a pod's client, a member's
// pod or user or a post's author waits for this insert, and its own check then
// sees it (triggers/dependent_rules.cpp); a change that came first is seen here.
// A pending row no worker has held to the end of a lease: not a retry (a lapsed
// lease counts an attempt and writes the history), not re-queued. A worker may
// have acted on a row whose lease lapsed; its late success is still recorded,
// so such a row is never replaced by an explicit insert.
#define POD_NEVER_TRIED                                                                                 \
    " x.attempt_number" POD_EQ "1 AND x.error_history" POD_EQ "'[]'::pg_catalog.jsonb"
#define POD_ACTIVITY_FACTS_SQL(lock)                                                                            \
    "WITH p AS (SELECT p.client_id FROM pod_amplify.pods p WHERE p.id" POD_EQ "$1" lock ")," \
    " m AS (SELECT m.pod_id, m.client_id, m.user_id FROM pod_amplify.pod_members m WHERE m.id" POD_EQ "$2" lock ")," \
    " mp AS (SELECT mp.client_id FROM pod_amplify.pods mp WHERE mp.id" POD_EQ "(SELECT m.pod_id FROM m)" lock ")," \
    " po AS (SELECT po.client_id, po.author_id FROM pod_amplify.posts po WHERE po.id" POD_EQ "$3" lock ")" \
    " SELECT (SELECT p.client_id FROM p), (SELECT m.pod_id FROM m)," \
    " COALESCE((SELECT m.client_id FROM m), (SELECT mp.client_id FROM mp)), (SELECT m.user_id FROM m)," \
    " (SELECT po.client_id FROM po), (SELECT po.author_id FROM po)," \
    " (SELECT c.client_id FROM pod_amplify.users c WHERE c.id" POD_EQ "$4)," \
    /* On INSERT: a row schedule_post made for the same key that nobody claimed yet. */ \
    " (SELECT x.id FROM pod_amplify.pod_activities x WHERE $5 AND x.post_id" POD_EQ "$3" \
    "   AND x.member_id" POD_EQ "$2 AND x.engagement_type" POD_EQ "$6 AND x.origin" POD_EQ "'schedule'::pg_catalog.text" \
    "   AND x.status" POD_EQ POD_PENDING " AND x.lease_owner IS NULL AND" POD_NEVER_TRIED " AND x.id" POD_NE "$7)," \
    /* Whether the post has such rows at all (then each insert must look). */ \
    " (SELECT x.id FROM pod_amplify.pod_activities x WHERE x.post_id" POD_EQ "$3" \
    "   AND x.origin" POD_EQ "'schedule'::pg_catalog.text AND x.status" POD_EQ POD_PENDING " LIMIT 1)"
const char *const kActivityFactsSql = POD_ACTIVITY_FACTS_SQL(" FOR KEY SHARE");
const char *const kActivityFactsSql_1_1 = POD_ACTIVITY_FACTS_SQL("");
// Only filling a legacy row in (an engine update of a row not yet backfilled):
// rows another transaction holds are skipped, and the row is then left for the
// backfill. A tenant holding its own post FOR UPDATE must not stall a claim or
// a report that meets its legacy activity, for every tenant.
const char *const kActivityFactsFillSql = POD_ACTIVITY_FACTS_SQL(" FOR KEY SHARE SKIP LOCKED");
SPIPlanPtr activity_facts_plan = nullptr, activity_facts_plan_1_1 = nullptr, activity_facts_fill_plan = nullptr;
// Re-checked by the DELETE itself: a worker's claim that committed after the
// look-up (or holds the row now: the DELETE waits, then reads its new version)
// keeps its row, and the insert then meets the unique key instead.
const char *const kReplaceSql =
    "DELETE FROM pod_amplify.pod_activities x WHERE x.id" POD_EQ "$1 AND x.origin" POD_EQ "'schedule'::pg_catalog.text"
    " AND x.status" POD_EQ POD_PENDING " AND x.lease_owner IS NULL AND" POD_NEVER_TRIED;
SPIPlanPtr replace_plan = nullptr;

// An explicit insert replaces the automatic row it collides with (run as owner).
void delete_replaced_row(Fact &replaceable, Oid owner)
{
    using namespace pod_amplify::pg;
    Oid type = UUIDOID;
    Datum arg = fact_datum(replaceable);
    connect_spi();
    SavedUser saved = become_user(owner);
    saved_plan(&replace_plan, kReplaceSql, 1, &type);
    int rc = SPI_execute_plan(replace_plan, &arg, nullptr, false, 0);
    restore_user(saved);
    if (rc != SPI_OK_DELETE)
        elog(ERROR, "pod_amplify: replacing a scheduled activity failed");
    SPI_finish();
}

struct ActivityRow {
    Fact id, pod_id, post_id, member_id, client_id, action, engagement_type;
    bool is_insert, action_changed, engagement_changed, client_changed;
};

// Fills facts[] from the statement cache; false when anything is missing (or
// the post has scheduled rows an insert may replace: that needs a fresh look).
bool facts_from_cache(const ActivityRow &row, const Fact &caller, Fact *facts)
{
    using namespace pod_amplify::pg;
    MemberFacts member;
    PostFacts post;
    if (!cached_member(row.member_id.uuid, &member) || !cached_post(row.post_id.uuid, &post))
        return false;
    if (row.is_insert && post.has_scheduled_rows)
        return false;
    Fact none{};
    facts[F_POD_CLIENT] = none;
    if (row.pod_id.present && !cached_client_of_pod(row.pod_id.uuid, &facts[F_POD_CLIENT]))
        return false;
    facts[F_CALLER_CLIENT] = none;
    if (caller.present && !cached_client_of_user(caller.uuid, &facts[F_CALLER_CLIENT]))
        return false;
    facts[F_MEMBER_POD] = member.pod_id;
    facts[F_MEMBER_CLIENT] = member.client_id;
    facts[F_MEMBER_USER] = member.user_id;
    facts[F_POST_CLIENT] = post.client_id;
    facts[F_POST_AUTHOR] = post.author_id;
    facts[F_REPLACEABLE] = none;
    facts[F_POST_HAS_SCHEDULED] = none;
    return true;
}

void remember_facts(const ActivityRow &row, const Fact &caller, const Fact *facts)
{
    using namespace pod_amplify::pg;
    if (!facts[F_MEMBER_USER].present || !facts[F_POST_CLIENT].present)
        return;  // unknown member or post: the foreign keys will refuse the row
    remember_member(row.member_id.uuid, MemberFacts{facts[F_MEMBER_POD], facts[F_MEMBER_CLIENT], facts[F_MEMBER_USER]});
    remember_post(row.post_id.uuid, PostFacts{facts[F_POST_CLIENT], facts[F_POST_AUTHOR], facts[F_POST_HAS_SCHEDULED].present});
    if (row.pod_id.present && facts[F_POD_CLIENT].present)
        remember_client_of_pod(row.pod_id.uuid, facts[F_POD_CLIENT]);
    if (caller.present)
        remember_client_of_user(caller.uuid, facts[F_CALLER_CLIENT]);
}

struct ActivityResult {
    pg_uuid_t client_id;
    char *action, *engagement_type;  // nullptr = NULL
};

void judge_activity(const ActivityRow &row, const Fact *facts, bool restricted, ActivityResult *result)
{
    using pod_amplify::pg::uuid_text;
    pod_amplify::core::ActivityWrite w;
    w.id = uuid_text(row.id);
    w.pod_id = uuid_text(row.pod_id);
    w.post_id = uuid_text(row.post_id);
    w.member_id = uuid_text(row.member_id);
    w.client_id = uuid_text(row.client_id);
    if (row.action.present)
        w.action = row.action.text;
    if (row.engagement_type.present)
        w.engagement_type = row.engagement_type.text;
    w.is_insert = row.is_insert;
    w.action_changed = row.action_changed;
    w.engagement_changed = row.engagement_changed;
    w.client_changed = row.client_changed;

    pod_amplify::core::ActivityContext c;
    c.pod_client_id = uuid_text(facts[F_POD_CLIENT]);
    c.member_pod_id = uuid_text(facts[F_MEMBER_POD]);
    c.member_client_id = uuid_text(facts[F_MEMBER_CLIENT]);
    c.member_user_id = uuid_text(facts[F_MEMBER_USER]);
    c.post_client_id = uuid_text(facts[F_POST_CLIENT]);
    c.post_author_id = uuid_text(facts[F_POST_AUTHOR]);
    c.restricted = restricted;
    c.caller_client_id = uuid_text(facts[F_CALLER_CLIENT]);

    const auto values = pod_amplify::core::sync_activity(w, c);
    pod_amplify::pg::uuid_from_text(values.client_id, &result->client_id);
    result->action = values.action ? pod_amplify::pg::palloc_copy(*values.action) : nullptr;
    result->engagement_type = values.engagement_type ? pod_amplify::pg::palloc_copy(*values.engagement_type) : nullptr;
}

// Pure C++ frame: judge_activity, but a broken rule is an answer, not an error.
bool judged_activity(const ActivityRow &row, const Fact *facts, ActivityResult *result) noexcept
{
    try {
        judge_activity(row, facts, false, result);
        return true;
    } catch (...) {
        return false;
    }
}

bool same_uuid(const Fact &a, const Fact &b)
{
    return a.present && b.present && std::memcmp(a.uuid.data, b.uuid.data, UUID_LEN) == 0;
}

bool same_text(const Fact &a, const Fact &b)
{
    return a.present && b.present && std::strcmp(a.text, b.text) == 0;
}

// 1.2: a pending comment carries its text; a worker is never handed one without.
// A 1.0-era insert (engagement_type 'comment', no action given) takes one of its
// pod's comment_texts; without any it is kept, and never claimed, until it has one.
const char *const kPodSettingsSql = "SELECT p.settings FROM pod_amplify.pods p WHERE p.id" POD_EQ "$1";
SPIPlanPtr pod_settings_plan;

// Pure C++ frame: the pod's text for this post and member.
char *chosen_text(char **texts, int n, const pod_amplify::pg::Fact &post, const pod_amplify::pg::Fact &member)
{
    using pod_amplify::pg::uuid_text;
    const std::vector<std::string> list(texts, texts + n);
    return pod_amplify::pg::palloc_copy(pod_amplify::core::choose_comment_text(list, uuid_text(post), uuid_text(member)));
}

char *pod_comment_text(Oid owner, const pod_amplify::pg::Fact &pod, const pod_amplify::pg::Fact &post,
                       const pod_amplify::pg::Fact &member)
{
    using namespace pod_amplify::pg;
    if (!pod.present)
        return nullptr;
    Oid type = UUIDOID;
    Datum arg = fact_datum(pod);
    MemoryContext caller = CurrentMemoryContext;
    connect_spi();
    SavedUser saved = become_user(owner);
    saved_plan(&pod_settings_plan, kPodSettingsSql, 1, &type);
    int rc = SPI_execute_plan(pod_settings_plan, &arg, nullptr, true, 1);
    restore_user(saved);
    char *text = nullptr;
    if (rc == SPI_OK_SELECT && SPI_processed == 1) {
        bool isnull;
        Datum settings = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
        MemoryContext spi = MemoryContextSwitchTo(caller);
        int n = 0;
        char **texts = isnull ? nullptr : pod_comment_texts(DatumGetJsonbP(settings), &n, SettingsRead::Lenient);
        if (n > 0)
            text = chosen_text(texts, n, post, member);
        MemoryContextSwitchTo(spi);
    }
    SPI_finish();
    return text;
}

// Returns the comment text to store when one was derived, else nullptr.
char *check_comment_text(HeapTuple tuple, TupleDesc desc, const char *action, bool legacy_insert, Oid owner,
                         const pod_amplify::pg::Fact &pod, const pod_amplify::pg::Fact &post,
                         const pod_amplify::pg::Fact &member)
{
    using namespace pod_amplify::pg;
    // Any row's text is handed to workers with the row: it is a text LinkedIn
    // would take (a tenant's gigabyte of text would stop every claim).
    bool isnull;
    const Datum raw = heap_getattr(tuple, column_number(desc, "comment_text"), desc, &isnull);
    if (!isnull) {
        const char *why = comment_text_column_problem(raw);
        if (why != nullptr)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("comment rule: comment_text %s", why),
                            errhint("A comment posts 1 to %zu characters, not blank, no control characters but "
                                    "newline and tab.",
                                    pod_amplify::core::kMaxCommentTextChars)));
    }
    if (action == nullptr || std::strcmp(action, "comment") != 0)
        return nullptr;
    const Fact status = tuple_fact(tuple, desc, column_number(desc, "status"));
    const Fact text = tuple_fact(tuple, desc, column_number(desc, "comment_text"));
    if (!status.present || std::strcmp(status.text, pod_amplify::core::kPending) != 0 || (text.present && text.text[0] != '\0'))
        return nullptr;
    if (legacy_insert)
        return pod_comment_text(owner, pod, post, member);
    ereport(ERROR, (errcode(ERRCODE_CHECK_VIOLATION),
                    errmsg("comment rule: a comment activity needs its text (comment_text)"),
                    errhint("Give comment_text, or schedule comments with pod_amplify.schedule_post(post, "
                            "'comment', ..., p_comment_texts) or the pod's comment_texts setting.")));
    return nullptr;
}

enum class Level { V1_1, V1_2 };

// A row restored from a 1.0 dump has no action column: it loads with the
// column's default, 'repost', next to its real engagement_type ('like'...), and
// a worker would perform the wrong action. action and engagement_type always
// hold the same word (core/activity_sync.cpp), so the default is the one value
// that can disagree: the row's own word replaces it.
HeapTuple restored_action(Relation rel, HeapTuple tuple)
{
    using namespace pod_amplify::pg;
    TupleDesc desc = RelationGetDescr(rel);
    const int c_action = column_number(desc, "action"), c_engagement = column_number(desc, "engagement_type");
    const Fact action = tuple_fact(tuple, desc, c_action), engagement = tuple_fact(tuple, desc, c_engagement);
    if (!action.present || !engagement.present || std::strcmp(action.text, "repost") != 0 ||
        (std::strcmp(engagement.text, "like") != 0 && std::strcmp(engagement.text, "comment") != 0))
        return tuple;
    const ColumnValue fixed[] = {{c_action, false, true, {}, engagement.text}};
    return with_columns(tuple, desc, fixed, 1);
}

// The columns the activity rules read, by number.
struct ActivityColumns {
    int id, pod, post, member, client, action, engagement;
};

ActivityColumns activity_columns(TupleDesc desc)
{
    using namespace pod_amplify::pg;
    return ActivityColumns{column_number(desc, "id"),        column_number(desc, "pod_id"),
                           column_number(desc, "post_id"),   column_number(desc, "member_id"),
                           column_number(desc, "client_id"), column_number(desc, "action"),
                           column_number(desc, "engagement_type")};
}

// What an update changes of the rules' inputs.
struct UpdateScope {
    bool relevant = true;  // a rule input changed (or it is an insert)
    bool filling_action = false, filling_client = false;  // the backfill filling a legacy row
};

// Step 1: which rule inputs the write changes; fills the row's action/client facts.
UpdateScope classify_write(TriggerData *td, HeapTuple tuple, TupleDesc desc, const ActivityColumns &c, Level level,
                           ActivityRow &row)
{
    using namespace pod_amplify::pg;
    UpdateScope scope;
    row.client_id = tuple_fact(tuple, desc, c.client);
    row.action = tuple_fact(tuple, desc, c.action);
    row.is_insert = TRIGGER_FIRED_BY_INSERT(td->tg_event);
    row.action_changed = row.engagement_changed = row.client_changed = true;
    if (row.is_insert)
        return scope;
    row.action_changed = column_changed(td, c.action);
    row.engagement_changed = column_changed(td, c.engagement);
    row.client_changed = column_changed(td, c.client);
    // Status, lease and attempt updates (the hot path) touch nothing the rules read;
    // a legacy row not yet backfilled is filled in on its first update.
    scope.relevant = row.engagement_changed || column_changed(td, c.pod) || column_changed(td, c.post) ||
                     column_changed(td, c.member);
    scope.filling_action = row.action_changed && heap_attisnull(td->tg_trigtuple, c.action, desc);
    scope.filling_client = row.client_changed && heap_attisnull(td->tg_trigtuple, c.client, desc);
    // The comment rule reads action and comment_text; the backfill filling a
    // legacy row's action with its engagement_type changes no word (a 1.0
    // pending comment has no text, and is left as it is, not refused).
    const bool filling_same_word =
        scope.filling_action && same_text(row.action, tuple_fact(tuple, desc, c.engagement));
    if (level == Level::V1_2 &&
        ((row.action_changed && !filling_same_word) || column_changed(td, column_number(desc, "comment_text"))))
        scope.relevant = true;
    return scope;
}

// Step 2: the facts the rules read (member's user, pod's and post's clients,
// a replaceable row), from the statement's cache or one look-up as the owner.
void load_activity_facts(const ActivityRow &row, const Fact &caller, Level level, Relation rel, bool fill_only,
                         Fact *facts)
{
    using namespace pod_amplify::pg;
    if (facts_from_cache(row, caller, facts))
        return;
    // The word the row will hold, for the replaceable-row look-up.
    const Fact &word = row.engagement_type.present ? row.engagement_type : row.action;
    Oid types[7] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID, BOOLOID, TEXTOID, UUIDOID};
    Datum args[7] = {fact_datum(row.pod_id), fact_datum(row.member_id), fact_datum(row.post_id),
                     fact_datum(caller), BoolGetDatum(row.is_insert),
                     word.present ? CStringGetTextDatum(word.text) : (Datum) 0, fact_datum(row.id)};
    char nulls[8] = {fact_null(row.pod_id), fact_null(row.member_id), fact_null(row.post_id), fact_null(caller),
                     ' ', word.present ? ' ' : 'n', fact_null(row.id), '\0'};
    // 1.2 locks what it reads (its tables' triggers wait for it); 1.1 reads
    // with the statement's snapshot, as it always did.
    if (level == Level::V1_2 && fill_only) {
        lookup_locked_facts(&activity_facts_fill_plan, kActivityFactsFillSql, 7, types, args, nulls,
                            rel->rd_rel->relowner, facts, N_FACTS);
        if (!facts[F_MEMBER_USER].present || !facts[F_POST_CLIENT].present || (row.pod_id.present && !facts[F_POD_CLIENT].present))
            return;  // a skipped row: not remembered as missing
    } else if (level == Level::V1_2)
        lookup_locked_facts(&activity_facts_plan, kActivityFactsSql, 7, types, args, nulls, rel->rd_rel->relowner,
                            facts, N_FACTS);
    else
        lookup_facts(&activity_facts_plan_1_1, kActivityFactsSql_1_1, 7, types, args, nulls, rel->rd_rel->relowner,
                     facts, N_FACTS);
    remember_facts(row, caller, facts);
}

Datum validate_activity(FunctionCallInfo fcinfo, Level level)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_activity");
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (bulk_load_session())  // a restore: rows load as they are, but for one thing
        return PointerGetDatum(TRIGGER_FIRED_BY_INSERT(td->tg_event) ? restored_action(td->tg_relation, tuple) : tuple);
    // Rows schedule_post built from members it validated as a set.
    if (TRIGGER_FIRED_BY_INSERT(td->tg_event) && engine_flag(FLAG_TRUSTED_INSERT))
        return PointerGetDatum(tuple);
    Relation rel = td->tg_relation;
    if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
        guard_engine_columns_on_insert(rel, tuple);
    // The engine writes these within the limits (errors cut to 8 KiB, checked
    // LinkedIn URLs); a tenant's own row may not hold more.
    static const ColumnLimit kActivityLimits[] = {{"error_message", pod_amplify::core::kMaxErrorText},
                                                  {"repost_url", pod_amplify::core::kMaxLinkedInUrlBytes}};
    refuse_oversized_columns(td, tuple, kActivityLimits, 2);
    TupleDesc desc = RelationGetDescr(rel);
    const ActivityColumns c = activity_columns(desc);

    ActivityRow row;
    const UpdateScope scope = classify_write(td, tuple, desc, c, level, row);
    if (!row.is_insert && !scope.relevant && !row.action_changed && !row.client_changed && row.client_id.present &&
        row.action.present)
        return PointerGetDatum(tuple);
    row.id = tuple_fact(tuple, desc, c.id);
    row.pod_id = tuple_fact(tuple, desc, c.pod);
    row.post_id = tuple_fact(tuple, desc, c.post);
    row.member_id = tuple_fact(tuple, desc, c.member);
    row.engagement_type = tuple_fact(tuple, desc, c.engagement);
    if (!row.member_id.present || !row.post_id.present)
        return PointerGetDatum(tuple);  // the NOT NULL constraints report it

    statement_cache_begin(level == Level::V1_2 ? CacheScope::Transaction : CacheScope::Statement);
    Fact caller{};
    caller.present = current_user_uuid(&caller.uuid);
    const bool restricted = caller_is_row_restricted(rel);
    Fact facts[N_FACTS];
    // Nothing the rules read changes: the look-up only fills a legacy row in.
    const bool filling_only = !row.is_insert && !scope.relevant && !row.action_changed && !row.client_changed;
    load_activity_facts(row, caller, level, rel, filling_only, facts);
    if ((row.pod_id.present && !facts[F_POD_CLIENT].present) || !facts[F_MEMBER_USER].present ||
        !facts[F_POST_CLIENT].present)
        return PointerGetDatum(tuple);  // the foreign keys report it

    // Step 3: judge. An update that changes no rule input (status, lease,
    // attempts, or the backfill filling a legacy row's action and client_id
    // with their derived values) never fails a rule: the row is filled in when
    // it can be and left as written when it already broke one, so one tenant's
    // bad row never stops claims, reports or the backfill for everyone.
    const Fact &row_client_source = row.pod_id.present ? facts[F_POD_CLIENT] : facts[F_POST_CLIENT];
    const bool fill_only =
        !row.is_insert && !scope.relevant &&
        (!row.action_changed || (scope.filling_action && same_text(row.action, row.engagement_type))) &&
        (!row.client_changed || (scope.filling_client && same_uuid(row.client_id, row_client_source)));
    ActivityResult result;
    char *comment_text = nullptr;
    if (fill_only) {
        if (!judged_activity(row, facts, &result))
            return PointerGetDatum(tuple);
    } else {
        judge_activity(row, facts, restricted, &result);
        if (level == Level::V1_2) {
            const bool legacy_insert = row.is_insert && row.engagement_type.present && row.action.present &&
                                       std::strcmp(row.action.text, "repost") == 0;
            comment_text = check_comment_text(tuple, desc, result.action, legacy_insert, rel->rd_rel->relowner,
                                              row.pod_id, row.post_id, row.member_id);
        }
    }
    // 1.2 keeps archived activities: an insert may not reuse one's id.
    if (level == Level::V1_2 && row.is_insert && row.id.present)
        refuse_archived_id(rel->rd_rel->relowner, row.id.uuid);
    // Step 4: write. A replaced engine-scheduled row goes; the derived columns are filled.
    if (facts[F_REPLACEABLE].present)
        delete_replaced_row(facts[F_REPLACEABLE], rel->rd_rel->relowner);
    const ColumnValue columns[4] = {
        {c.client, true, true, result.client_id, nullptr},
        {c.action, false, result.action != nullptr, {}, result.action},
        {c.engagement, false, result.engagement_type != nullptr, {}, result.engagement_type},
        {comment_text ? column_number(desc, "comment_text") : 0, false, true, {}, comment_text},
    };
    return PointerGetDatum(with_columns(tuple, desc, columns, comment_text ? 4 : 3));
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_validate_activity_1_1)
{
    return validate_activity(fcinfo, Level::V1_1);
}

// 1.2: also a pending comment carries its text.
POD_AMPLIFY_FUNCTION(pod_amplify_validate_activity_1_2)
{
    return validate_activity(fcinfo, Level::V1_2);
}
