// schedule_post and the trigger that schedules a post when it is published.
// Set-based, in named steps: find the candidates (one query), lock their users
// in id order (so concurrent schedules keep every daily cap), read the users'
// busy times, let the core plan, write every activity in one INSERT.
//
// Two schema levels share it: a 1.1 database keeps the 1.1 planner (a delay
// window after publishing); 1.2 plans in each member's working hours and time
// zone, spaces each account's actions, keeps per-action caps and gives each
// comment its text (core/human_schedule.hpp).
#include "pg/engine/common.hpp"
#include "pg/engine/zone_rules.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/settings/engine_settings.hpp"
#include "pg/triggers/fact_cache.hpp"

#include "core/activity_reports.hpp"
#include "core/human_schedule.hpp"
#include "core/schedule_plan.hpp"

#include <algorithm>
#include <cstring>

namespace {

using namespace pod_amplify::pg;
namespace core = pod_amplify::core;

enum class Level { V1_1, V1_2 };

constexpr int64 kDayUs = USECS_PER_DAY;
constexpr int64 kYearUs = 365 * kDayUs;
// How far back p_not_before may lie: history can be backdated (an import of
// old posts, schedules tested against a fixed date) within a bound.
constexpr int64 kPastUs = 10 * kYearUs;
constexpr int kMaxCommentTextsArg = 1000;

// ---- the statements, each with its parameters --------------------------------

// $1 post. The post, locked: one schedule of a post at a time.
const char *const kPostSql =
    "SELECT p.client_id, p.author_id, p.status FROM pod_amplify.posts p WHERE p.id" POD_EQ "$1 FOR NO KEY UPDATE OF p";
// $1 client, $2 author (NULL: none), $3 post, $4 action. Active members of the
// post's client (new-design ones and those of auto_engage pods) with a Unipile
// account, one member row per user, minus the author and the users who already
// have this action on the post. Members are found by client_id (an index) for
// backfilled and new-design rows, and through the client's pods for legacy rows.
// %s: 1.2 adds the user's time zone.
#define POD_CANDIDATES_SQL(timezone_column)                                                                         \
    "WITH client_members AS ("                                                                                       \
    "  SELECT m.id, m.user_id, m.pod_id, m.linkedin_account_id, m.unipile_account_id, m.is_active"                  \
    "  FROM pod_amplify.pod_members m WHERE m.client_id" POD_EQ "$1"                                                \
    "  UNION ALL"                                                                                                    \
    "  SELECT m.id, m.user_id, m.pod_id, m.linkedin_account_id, m.unipile_account_id, m.is_active"                  \
    "  FROM pod_amplify.pods cp JOIN pod_amplify.pod_members m ON m.pod_id" POD_EQ "cp.id"                          \
    "  WHERE cp.client_id" POD_EQ "$1 AND m.client_id IS NULL),"                                                    \
    " eligible AS ("                                                                                                 \
    "  SELECT DISTINCT ON (m.user_id) m.id, m.user_id, m.pod_id, p.settings"                                        \
    "  FROM client_members m"                                                                                        \
    "  LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "m.pod_id"                                                      \
    "  LEFT JOIN pod_amplify.linkedin_accounts la ON la.id" POD_EQ "m.linkedin_account_id"                          \
    "  WHERE m.is_active AND (m.pod_id IS NULL OR p.auto_engage)"                                                   \
    "    AND ($2 IS NULL OR m.user_id" POD_NE "$2)"                                                                 \
    "    AND COALESCE(m.unipile_account_id, la.unipile_account_id) IS NOT NULL"                                     \
    "    AND (la.id IS NULL OR la.status" POD_EQ "'connected'::pg_catalog.text)"                                    \
    "  ORDER BY m.user_id, (m.pod_id IS NULL) DESC, m.id)"                                                           \
    " SELECT e.id, e.user_id, e.pod_id, e.settings" timezone_column                                                  \
    " FROM eligible e JOIN pod_amplify.users u ON u.id" POD_EQ "e.user_id"                                          \
    " WHERE NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities x"                                                  \
    "   JOIN pod_amplify.pod_members xm ON xm.id" POD_EQ "x.member_id"                                              \
    "   WHERE x.post_id" POD_EQ "$3 AND xm.user_id" POD_EQ "e.user_id"                                              \
    "     AND COALESCE(x.action, x.engagement_type)" POD_EQ "$4)"                                                    \
    " ORDER BY e.user_id"
const char *const kCandidatesSql_1_1 = POD_CANDIDATES_SQL(", NULL::pg_catalog.text");
const char *const kCandidatesSql_1_2 = POD_CANDIDATES_SQL(", u.timezone");
// $1 user ids, in id order. As the tables' owner: concurrent schedules of one
// user's activities wait here, so each sees what the other wrote.
const char *const kLockUsersSql =
    "SELECT u.id FROM pod_amplify.users u WHERE u.id" POD_EQ "ANY ($1) ORDER BY u.id FOR NO KEY UPDATE OF u";
// 1.2. $1 post, $2 action, $3 user ids: those of the users whose action on the
// post archive_activities() has moved to the archive (it is done: not again).
// An archived row counts for the user it was archived with and for its
// member's user now, as a live row counts for its member's user: a member
// moved to another user must not do the same action again once archived.
// As the tables' owner: a tenant's role needs no grant on the archive to schedule.
const char *const kArchivedUsersSql =
    "SELECT DISTINCT v.user_id FROM pod_amplify.pod_activities_archive h"
    " LEFT JOIN pod_amplify.pod_members xm ON xm.id" POD_EQ "h.member_id"
    " CROSS JOIN LATERAL (VALUES (h.user_id), (xm.user_id)) AS v(user_id)"
    " WHERE h.post_id" POD_EQ "$1 AND h.action" POD_EQ "$2 AND v.user_id" POD_EQ "ANY ($3)"
    " ORDER BY v.user_id";
// $1 user ids, $2 action, $3 from, $4 to: the users' other activities that
// can meet a new one's gap or daily caps. 1.2 counts failed ones too: a lapsed
// attempt may have acted on LinkedIn, and its late success is recorded; 1.1
// left them out.
#define POD_BUSY_SQL(status_filter)                                                                              \
    "SELECT xm.user_id, x.scheduled_for, COALESCE(x.action, x.engagement_type)" POD_EQ "$2"                       \
    " FROM pod_amplify.pod_members xm JOIN pod_amplify.pod_activities x ON x.member_id" POD_EQ "xm.id"            \
    " WHERE xm.user_id" POD_EQ "ANY ($1)" status_filter                                                           \
    "   AND x.scheduled_for" POD_GE "$3 AND x.scheduled_for" POD_LE "$4"                                          \
    " ORDER BY xm.user_id"
const char *const kBusySql_1_1 = POD_BUSY_SQL(" AND x.status" POD_NE POD_FAILED);
const char *const kBusySql_1_2 = POD_BUSY_SQL("");
// $1 post, $2 client, $3 action, $4 members, $5 times, $6 max attempts, $7 pods, $8 comment texts.
const char *const kInsertSql =
    "INSERT INTO pod_amplify.pod_activities"
    " (pod_id, post_id, member_id, client_id, action, engagement_type, scheduled_for, max_attempts, origin%s)"
    " SELECT u.pod_id, $1, u.member_id, $2, $3, $3, u.t, u.max_attempts, 'schedule'%s"
    " FROM ROWS FROM (pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6), pg_catalog.unnest($7),"
    "                 pg_catalog.unnest($8)) AS u(member_id, t, max_attempts, pod_id, comment_text)"
    " ON CONFLICT (post_id, member_id, engagement_type) DO NOTHING RETURNING scheduled_for";
// $1 member ids (in id order), $2 their users, $3 their pods, $4 client, $5
// author. The candidates' member rows and pods, locked FOR KEY SHARE; counts the
// members whose user, pod or client changed since the candidate query read
// them, or whose user now wrote the post. A concurrent change of one of those
// columns holds its row FOR UPDATE (triggers/dependent_rules.cpp): this waits
// for it and reads the new version, or the change waits for this transaction
// and its check then sees the rows it wrote.
const char *const kLockCandidatesSql =
    "WITH m AS (SELECT m.id, m.user_id, m.pod_id, m.client_id FROM pod_amplify.pod_members m"
    "  WHERE m.id" POD_EQ "ANY ($1) ORDER BY m.id FOR KEY SHARE OF m),"
    " p AS (SELECT p.id, p.client_id FROM pod_amplify.pods p WHERE p.id IN (SELECT m.pod_id FROM m)"
    "  ORDER BY p.id FOR KEY SHARE OF p)"
    " SELECT pg_catalog.count(*) FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3))"
    "   AS c(member_id, user_id, pod_id)"
    " LEFT JOIN m ON m.id" POD_EQ "c.member_id LEFT JOIN p ON p.id" POD_EQ "m.pod_id"
    " WHERE m.id IS NULL OR m.user_id IS DISTINCT FROM c.user_id OR m.pod_id IS DISTINCT FROM c.pod_id"
    "    OR COALESCE(m.client_id, p.client_id) IS DISTINCT FROM $4 OR m.user_id" POD_EQ "$5";
SPIPlanPtr post_plan, candidates_plans[2], archived_users_plan, lock_candidates_plan, lock_users_plan, busy_plans[2],
    insert_plans[2];

// ---- plain data between the steps --------------------------------------------

struct Post {
    pg_uuid_t id, client, author;
    bool has_author;
};

struct Candidate {
    pg_uuid_t member_id, user_id;
    Fact pod_id;
    core::EngineSettings settings;
    const char *timezone;        // the zone name in force for this member
    int zone;                    // index into the call's zone rules
    char **texts;                // comment texts to choose from (comment only)
    int ntexts;
    int64 *busy;                 // the user's busy times ...
    bool *busy_same;             // ... and whether each is of the same action
    int nbusy;
    TimestampTz time;            // the result
    char *comment_text;          // the result (comment only)
};

// ---- step 1: the post ---------------------------------------------------------

Post lock_post(pg_uuid_t *post_id)
{
    Oid uuid = UUIDOID;
    Datum post = UUIDPGetDatum(post_id);
    saved_plan(&post_plan, kPostSql, 1, &uuid);
    if (SPI_execute_plan(post_plan, &post, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: post look-up failed");
    if (SPI_processed == 0)
        raise_missing("posts", "post", post_id);
    Post p;
    p.id = *post_id;
    tuple_uuid(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &p.client);
    p.has_author = tuple_uuid(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &p.author);
    char *status = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
    if (std::strcmp(status, "published") != 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("schedule rule: post %s is %s; only published posts are amplified",
                               DatumGetCString(DirectFunctionCall1(uuid_out, post)), shown_value(status))));
    return p;
}

// ---- step 2: the candidates, with their settings ------------------------------

Candidate *find_candidates(const Post &post, const char *action, Level level, bool automatic, int *count)
{
    Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID};
    Datum args[4] = {UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.client)),
                     UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.author)),
                     UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.id)), CStringGetTextDatum(action)};
    const char nulls[5] = {' ', post.has_author ? ' ' : 'n', ' ', ' ', '\0'};
    const int l = level == Level::V1_2 ? 1 : 0;
    saved_plan(&candidates_plans[l], l ? kCandidatesSql_1_2 : kCandidatesSql_1_1, 4, types);
    if (SPI_execute_plan(candidates_plans[l], args, nulls, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: candidate query failed");
    SPITupleTable *rows = SPI_tuptable;
    const int found = static_cast<int>(SPI_processed);
    auto *c = static_cast<Candidate *>(palloc0(sizeof(Candidate) * (found > 0 ? found : 1)));
    int n = 0;
    // Settings are resolved once per pod (and once for members without one).
    Fact settings_pod{};
    bool have_settings = false;
    core::EngineSettings pod_settings;
    char **pod_texts = nullptr;
    int pod_ntexts = 0;
    for (int i = 0; i < found; i++) {
        HeapTuple t = rows->vals[i];
        TupleDesc d = rows->tupdesc;
        Candidate &cand = c[n];
        tuple_uuid(t, d, 1, &cand.member_id);
        tuple_uuid(t, d, 2, &cand.user_id);
        cand.pod_id = tuple_fact(t, d, 3);
        const bool same_pod = have_settings && cand.pod_id.present == settings_pod.present &&
                              (!cand.pod_id.present || std::memcmp(&cand.pod_id.uuid, &settings_pod.uuid, UUID_LEN) == 0);
        if (!same_pod) {
            bool isnull;
            const Datum settings = SPI_getbinval(t, d, 4, &isnull);
            Jsonb *j = isnull ? nullptr : DatumGetJsonbP(settings);
            pod_settings = effective_settings(j, SettingsRead::Lenient);
            pod_texts = pod_comment_texts(j, &pod_ntexts, SettingsRead::Lenient);
            settings_pod = cand.pod_id;
            have_settings = true;
        }
        if (automatic && !pod_settings.auto_schedule)
            continue;  // this pod opted out of scheduling on publish
        cand.settings = pod_settings;
        cand.texts = pod_texts;
        cand.ntexts = pod_ntexts;
        const char *user_zone = SPI_getvalue(t, d, 5);
        cand.timezone = user_zone ? user_zone : pod_settings.default_timezone;
        n++;
    }
    *count = n;
    return c;
}

// ---- step 2a (1.2): not again for users whose action on the post is archived -----

int drop_archived(const Post &post, const char *action, Candidate *c, int n, Oid owner)
{
    auto *users = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    for (int i = 0; i < n; i++)
        users[i] = c[i].user_id;
    Oid types[3] = {UUIDOID, TEXTOID, UUIDARRAYOID};
    Datum args[3] = {UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.id)), CStringGetTextDatum(action),
                     uuid_array_datum(users, n)};
    saved_plan(&archived_users_plan, kArchivedUsersSql, 3, types);
    // The latest committed state, not the statement's snapshot: an
    // archive_activities() that committed after this call began (while it
    // waited for the post's lock) moved rows the candidate query no longer saw.
    SavedUser saved = become_user(owner);
    const int rc = execute_latest(archived_users_plan, args, nullptr, 0);
    restore_user(saved);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: archived actions query failed");
    // Both lists are in user order: merge, keeping the candidates not found.
    const uint64 rows = SPI_processed;
    uint64 r = 0;
    int kept = 0;
    for (int i = 0; i < n; i++) {
        pg_uuid_t archived{};
        while (r < rows) {
            tuple_uuid(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &archived);
            if (std::memcmp(archived.data, c[i].user_id.data, UUID_LEN) >= 0)
                break;
            r++;
        }
        if (r < rows && std::memcmp(archived.data, c[i].user_id.data, UUID_LEN) == 0)
            continue;
        c[kept++] = c[i];
    }
    return kept;
}

// ---- step 2b: lock the candidates' rows and see that nothing moved -------------

void lock_candidates(const Post &post, const Candidate *c, int n, Oid owner)
{
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto *users = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto *pods = static_cast<Datum *>(palloc(sizeof(Datum) * n));
    auto *pod_nulls = static_cast<bool *>(palloc(sizeof(bool) * n));
    for (int i = 0; i < n; i++) {
        members[i] = c[i].member_id;
        users[i] = c[i].user_id;
        pod_nulls[i] = !c[i].pod_id.present;
        pods[i] = pod_nulls[i] ? (Datum) 0 : UUIDPGetDatum(const_cast<pg_uuid_t *>(&c[i].pod_id.uuid));
    }
    int dims[1] = {n}, lbs[1] = {1};
    Oid types[5] = {UUIDARRAYOID, UUIDARRAYOID, UUIDARRAYOID, UUIDOID, UUIDOID};
    Datum args[5] = {uuid_array_datum(members, n), uuid_array_datum(users, n),
                     PointerGetDatum(construct_md_array(pods, pod_nulls, 1, dims, lbs, UUIDOID, UUID_LEN, false,
                                                        TYPALIGN_CHAR)),
                     UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.client)),
                     UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.author))};
    const char nulls[6] = {' ', ' ', ' ', ' ', post.has_author ? ' ' : 'n', '\0'};
    saved_plan(&lock_candidates_plan, kLockCandidatesSql, 5, types);
    SavedUser saved = become_user(owner);  // locking needs UPDATE rights a tenant may lack
    const int rc = SPI_execute_plan(lock_candidates_plan, args, nulls, false, 0);
    restore_user(saved);
    if (rc != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "pod_amplify: candidate lock failed");
    bool isnull;
    const int64 moved = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    if (moved > 0)
        ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
                        errmsg("schedule_post: %lld member(s) of the post's client changed while it was being "
                               "scheduled", static_cast<long long>(moved)),
                        errhint("Try again: nothing was scheduled.")));
}

// ---- step 3: lock the users, then read their busy times ------------------------

void lock_users_and_read_busy(Candidate *c, int n, const char *action, TimestampTz not_before, Oid owner, Level level)
{
    // Candidates come ordered by user id (one each): the lock order is theirs.
    auto *users = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    for (int i = 0; i < n; i++)
        users[i] = c[i].user_id;
    Datum users_datum = uuid_array_datum(users, n);
    Oid uuid_array = UUIDARRAYOID;
    SavedUser saved = become_user(owner);
    saved_plan(&lock_users_plan, kLockUsersSql, 1, &uuid_array);
    if (SPI_execute_plan(lock_users_plan, &users_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: user lock failed");
    // A fresh snapshot (not read-only), taken after the locks: it sees what a
    // concurrent schedule of these users committed.
    Oid types[4] = {UUIDARRAYOID, TEXTOID, TIMESTAMPTZOID, TIMESTAMPTZOID};
    Datum args[4] = {users_datum, CStringGetTextDatum(action), TimestampTzGetDatum(not_before - 2 * kDayUs),
                     TimestampTzGetDatum(not_before + core::kPlanningHorizonUs + 2 * kDayUs)};
    const int l = level == Level::V1_2 ? 1 : 0;
    saved_plan(&busy_plans[l], l ? kBusySql_1_2 : kBusySql_1_1, 4, types);
    // After the users' locks: what the sessions that held them committed counts.
    if (execute_latest(busy_plans[l], args, nullptr, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: busy times query failed");
    restore_user(saved);
    // Both lists are in user order: merge.
    const uint64 rows = SPI_processed;
    for (int i = 0; i < n; i++) {
        c[i].busy = static_cast<int64 *>(palloc(sizeof(int64) * (rows > 0 ? rows : 1)));
        c[i].busy_same = static_cast<bool *>(palloc(sizeof(bool) * (rows > 0 ? rows : 1)));
    }
    int k = 0;
    for (uint64 r = 0; r < rows; r++) {
        HeapTuple t = SPI_tuptable->vals[r];
        pg_uuid_t user;
        bool isnull;
        tuple_uuid(t, SPI_tuptable->tupdesc, 1, &user);
        while (k < n && std::memcmp(c[k].user_id.data, user.data, UUID_LEN) < 0)
            k++;
        if (k >= n || std::memcmp(c[k].user_id.data, user.data, UUID_LEN) != 0)
            continue;
        Candidate &cand = c[k];
        cand.busy[cand.nbusy] = DatumGetTimestampTz(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull));
        cand.busy_same[cand.nbusy] = DatumGetBool(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &isnull));
        cand.nbusy++;
    }
}

// ---- step 4: plan (pure C++ frames) -------------------------------------------

// Same post, same schedule (with nothing restricting it, the 1.2 planner gives
// the 1.1 planner's times).
std::uint64_t seed_of(const pg_uuid_t &post)
{
    std::uint64_t seed;
    std::memcpy(&seed, post.data, sizeof seed);
    return seed;
}

void plan_1_1(Candidate *c, int n, const Post &post, TimestampTz not_before)
{
    std::vector<core::ScheduleCandidate> input(n);
    for (int i = 0; i < n; i++) {
        input[i].member_id = uuid_text(Fact{true, c[i].member_id, nullptr});
        input[i].min_delay_s = c[i].settings.schedule_min_delay;
        input[i].max_delay_s = c[i].settings.schedule_max_delay;
        input[i].daily_cap = c[i].settings.member_daily_cap;
        input[i].busy_us.assign(c[i].busy, c[i].busy + c[i].nbusy);
    }
    const auto planned = core::plan_schedule(input, not_before, seed_of(post.id));
    for (int i = 0; i < n; i++)
        c[i].time = planned[i];
}

void plan_1_2(Candidate *c, int n, const Post &post, const char *action, TimestampTz not_before,
              const ZoneSet &zones)
{
    std::vector<core::ZoneRules> rules = zone_rules_of(zones);
    std::vector<core::HumanCandidate> input(n);
    for (int i = 0; i < n; i++) {
        core::HumanCandidate &h = input[i];
        const core::EngineSettings &s = c[i].settings;
        h.member_id = uuid_text(Fact{true, c[i].member_id, nullptr});
        h.user_id = uuid_text(Fact{true, c[i].user_id, nullptr});
        h.calendar.zone = &rules[c[i].zone];
        h.calendar.hours = s.active_hours;
        h.calendar.days = s.active_days;
        h.min_delay_s = s.schedule_min_delay;
        h.max_delay_s = s.schedule_max_delay;
        h.member_daily_cap = s.member_daily_cap;
        h.action_daily_cap = s.daily_cap_for(action);
        h.account_min_gap_s = s.account_min_gap;
        h.busy.reserve(c[i].nbusy);
        for (int k = 0; k < c[i].nbusy; k++)
            h.busy.push_back(core::BusyTime{c[i].busy[k], c[i].busy_same[k]});
    }
    const auto planned = core::plan_human_schedule(input, not_before, seed_of(post.id));
    for (int i = 0; i < n; i++)
        c[i].time = planned[i];
}

// Each comment's text, chosen per post and member among the texts in force.
void choose_texts(Candidate *c, int n, const Post &post, char **arg_texts, int narg)
{
    const std::string post_id = uuid_text(Fact{true, post.id, nullptr});
    for (int i = 0; i < n; i++) {
        char **texts = narg > 0 ? arg_texts : c[i].texts;
        const int ntexts = narg > 0 ? narg : c[i].ntexts;
        if (ntexts == 0)
            continue;
        const std::vector<std::string> list(texts, texts + ntexts);
        c[i].comment_text = palloc_copy(
            core::choose_comment_text(list, post_id, uuid_text(Fact{true, c[i].member_id, nullptr})));
    }
}

// ---- step 5: write them all -----------------------------------------------------

int insert_activities(const Candidate *c, int n, const Post &post, const char *action, Level level)
{
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto *times = static_cast<Datum *>(palloc(sizeof(Datum) * n));
    auto *max_attempts = static_cast<int32 *>(palloc(sizeof(int32) * n));
    auto *pods = static_cast<Datum *>(palloc(sizeof(Datum) * n));
    auto *pod_nulls = static_cast<bool *>(palloc(sizeof(bool) * n));
    auto **texts = static_cast<char **>(palloc(sizeof(char *) * n));
    for (int i = 0; i < n; i++) {
        members[i] = c[i].member_id;
        pod_nulls[i] = !c[i].pod_id.present;
        pods[i] = pod_nulls[i] ? (Datum) 0 : UUIDPGetDatum(const_cast<pg_uuid_t *>(&c[i].pod_id.uuid));
        times[i] = TimestampTzGetDatum(c[i].time);
        max_attempts[i] = c[i].settings.default_max_attempts;
        texts[i] = c[i].comment_text;
    }
    int dims[1] = {n}, lbs[1] = {1};
    Oid types[8] = {UUIDOID, UUIDOID, TEXTOID, UUIDARRAYOID, TIMESTAMPTZARRAYOID, INT4ARRAYOID, UUIDARRAYOID, TEXTARRAYOID};
    Datum args[8] = {
        UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.id)), UUIDPGetDatum(const_cast<pg_uuid_t *>(&post.client)),
        CStringGetTextDatum(action), uuid_array_datum(members, n),
        PointerGetDatum(construct_array(times, n, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE)),
        int4_array_datum(max_attempts, n),
        PointerGetDatum(construct_md_array(pods, pod_nulls, 1, dims, lbs, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR)),
        text_array_datum(texts, n)};
    const int l = level == Level::V1_2 ? 1 : 0;
    if (insert_plans[l] == nullptr)
        saved_plan(&insert_plans[l], psprintf(kInsertSql, l ? ", comment_text" : "", l ? ", u.comment_text" : ""), 8,
                   types);
    // The rows were built from validated members of the post's client: the
    // per-row validation trigger need not look them up again.
    if (execute_with_flag(FLAG_TRUSTED_INSERT, insert_plans[l], args, nullptr, 0) != SPI_OK_INSERT_RETURNING)
        elog(ERROR, "pod_amplify: schedule insert failed");
    fact_cache_invalidate();  // the post now has scheduled rows an explicit insert may replace
    return static_cast<int>(SPI_processed);
}

// Every time the engine stores lies within the documented horizon, so every
// value survives pg_dump and pg_restore.
void check_times(const Candidate *c, int n, TimestampTz not_before)
{
    for (int i = 0; i < n; i++)
        if (!IS_VALID_TIMESTAMP(c[i].time) || c[i].time < not_before ||
            c[i].time > not_before + core::kPlanningHorizonUs)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("schedule rule: a member's activities and caps leave no room within two years "
                                   "after p_not_before")));
}

}  // namespace

namespace pod_amplify::pg {

// Schedules a published post (SPI connected); returns how many activities it created.
int schedule_post_internal(pg_uuid_t *post_id, const char *action, TimestampTz not_before, bool automatic,
                           char **comment_texts, int ncomment_texts, bool level_1_2)
{
    const Level level = level_1_2 ? Level::V1_2 : Level::V1_1;
    const Post post = lock_post(post_id);
    int n;
    Candidate *c = find_candidates(post, action, level, automatic, &n);
    if (n == 0)
        return 0;
    const Oid owner = tables_owner();
    if (level == Level::V1_2 && (n = drop_archived(post, action, c, n, owner)) == 0)
        return 0;
    lock_candidates(post, c, n, owner);
    lock_users_and_read_busy(c, n, action, not_before, owner, level);
    if (level == Level::V1_1) {
        plan_1_1(c, n, post, not_before);
    } else {
        if (std::strcmp(action, "comment") == 0) {
            choose_texts(c, n, post, comment_texts, ncomment_texts);
            int kept = 0;  // members without any text to post are not scheduled
            for (int i = 0; i < n; i++)
                if (c[i].comment_text != nullptr)
                    c[kept++] = c[i];
            if (kept == 0)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("schedule_post: a comment needs its text, and none was given"),
                                errhint("Pass p_comment_texts, or set comment_texts (a JSON array of strings) in the "
                                        "pods' settings.")));
            n = kept;
        }
        ZoneSet zones = zones_of(c, n, not_before);
        plan_1_2(c, n, post, action, not_before, zones);
    }
    check_times(c, n, not_before);
    const int created = insert_activities(c, n, post, action, level);
    if (created > 0)
        notify_activities("scheduled");
    return created;
}

}  // namespace pod_amplify::pg

namespace {

void check_action(const char *action, const char *function)
{
    core::check_action_word(action, function);
}

Datum schedule_post(FunctionCallInfo fcinfo, Level level)
{
    const char *fn = "schedule_post";
    require_writable(fn);
    require_arg(fcinfo, 0, "p_post_id", fn);
    require_arg(fcinfo, 1, "p_action", fn);
    require_arg(fcinfo, 2, "p_not_before", fn);
    char *action = text_to_cstring(PG_GETARG_TEXT_PP(1));
    check_action(action, fn);
    const TimestampTz not_before = PG_GETARG_TIMESTAMPTZ(2);
    if (TIMESTAMP_NOT_FINITE(not_before))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: p_not_before must be finite", fn)));
    const TimestampTz now = GetCurrentTransactionStartTimestamp();
    if (not_before > now + kYearUs || not_before < now - kPastUs)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_not_before must lie between ten years before and a year after now(), not %s",
                               fn, timestamptz_to_str(not_before)),
                        errhint("Every time pod_amplify computes stays within a documented horizon, so that every "
                                "value survives pg_dump and pg_restore.")));
    char **texts = nullptr;
    int ntexts = 0;
    if (level == Level::V1_2 && PG_NARGS() > 3 && !PG_ARGISNULL(3)) {
        texts = text_array_arg(PG_GETARG_ARRAYTYPE_P(3), "p_comment_texts", fn, false, &ntexts);
        if (ntexts > kMaxCommentTextsArg || ntexts == 0 || comment_texts_problem(texts, ntexts, "p_comment_texts"))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: %s", fn,
                                   ntexts == 0 ? "p_comment_texts is empty"
                                               : comment_texts_problem(texts, ntexts, "p_comment_texts"))));
        if (std::strcmp(action, "comment") != 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: p_comment_texts is for comments, not %s", fn, action)));
    }
    const int spi_scope = begin_engine_spi();
    const int created = schedule_post_internal(PG_GETARG_UUID_P(0), action, not_before, false, texts, ntexts,
                                               level == Level::V1_2);
    end_engine_spi(spi_scope);
    PG_RETURN_INT32(created);
}

Datum schedule_on_publish(FunctionCallInfo fcinfo, Level level)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("pod_amplify_schedule_on_publish must be called as a trigger")));
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (session_setting(*core::find_setting("auto_schedule")) == 0)
        return PointerGetDatum(nullptr);
    // Restores and bulk loads: every pg_dump script sets row_security = off, and
    // re-scheduling restored posts would duplicate their restored activities.
    if (bulk_load_session())
        return PointerGetDatum(nullptr);
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    const int c_status = column_number(desc, "status");
    HeapTuple row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    Fact status = tuple_fact(row, desc, c_status);
    if (!status.present || std::strcmp(status.text, "published") != 0)
        return PointerGetDatum(nullptr);
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
        Fact old_status = tuple_fact(td->tg_trigtuple, desc, c_status);
        if (old_status.present && std::strcmp(old_status.text, "published") == 0)
            return PointerGetDatum(nullptr);  // already published: scheduled back then
    }
    Fact id = tuple_fact(row, desc, column_number(desc, "id"));
    const int spi_scope = begin_engine_spi();
    schedule_post_internal(&id.uuid, "repost", GetCurrentTransactionStartTimestamp(), true, nullptr, 0,
                           level == Level::V1_2);
    end_engine_spi(spi_scope);
    return PointerGetDatum(nullptr);
}

}  // namespace

// schedule_post(p_post_id uuid, p_action text DEFAULT 'repost', p_not_before timestamptz DEFAULT now())
POD_AMPLIFY_FUNCTION(pod_amplify_schedule_post)
{
    return schedule_post(fcinfo, Level::V1_1);
}

// 1.2: schedule_post(..., p_comment_texts text[] DEFAULT NULL), in working hours.
POD_AMPLIFY_FUNCTION(pod_amplify_schedule_post_1_2)
{
    return schedule_post(fcinfo, Level::V1_2);
}

// AFTER INSERT OR UPDATE OF status ON posts: publishing schedules the post
// (pod_amplify.auto_schedule; pods may opt out in their settings).
POD_AMPLIFY_FUNCTION(pod_amplify_schedule_on_publish)
{
    return schedule_on_publish(fcinfo, Level::V1_1);
}

POD_AMPLIFY_FUNCTION(pod_amplify_schedule_on_publish_1_2)
{
    return schedule_on_publish(fcinfo, Level::V1_2);
}
