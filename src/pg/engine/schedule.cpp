// schedule_post and the trigger that schedules a post when it is published.
// Set-based: one query finds the candidates (with each one's busy times for the
// daily cap), the core places them, one INSERT writes them all.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/settings/engine_settings.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"
#include "core/schedule_plan.hpp"

#include <cstring>

namespace {

using namespace pod_amplify::pg;

const char *const kPostSql =
    "SELECT p.client_id, p.author_id, p.status FROM pod_amplify.posts p WHERE p.id" POD_EQ "$1 FOR NO KEY UPDATE OF p";
// Active members of the post's client (new-design ones and those of auto_engage
// pods) with a Unipile account, one member row per user, minus the author and
// users already scheduled for this post; with their times of the last day on.
// The client's members are found by client_id (an index) for backfilled and
// new-design rows, and through the client's pods for legacy rows not yet backfilled.
const char *const kCandidatesSql =
    "WITH client_members AS ("
    "  SELECT m.id, m.user_id, m.pod_id, m.linkedin_account_id, m.unipile_account_id, m.is_active"
    "  FROM pod_amplify.pod_members m WHERE m.client_id" POD_EQ "$1"
    "  UNION ALL"
    "  SELECT m.id, m.user_id, m.pod_id, m.linkedin_account_id, m.unipile_account_id, m.is_active"
    "  FROM pod_amplify.pods cp JOIN pod_amplify.pod_members m ON m.pod_id" POD_EQ "cp.id"
    "  WHERE cp.client_id" POD_EQ "$1 AND m.client_id IS NULL),"
    " eligible AS ("
    "  SELECT DISTINCT ON (m.user_id) m.id, m.user_id, m.pod_id, p.settings"
    "  FROM client_members m"
    "  LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "m.pod_id"
    "  LEFT JOIN pod_amplify.linkedin_accounts la ON la.id" POD_EQ "m.linkedin_account_id"
    "  WHERE m.is_active"
    "    AND (m.pod_id IS NULL OR p.auto_engage)"
    "    AND ($2 IS NULL OR m.user_id" POD_NE "$2)"
    "    AND COALESCE(m.unipile_account_id, la.unipile_account_id) IS NOT NULL"
    "    AND (la.id IS NULL OR la.status" POD_EQ "'connected'::pg_catalog.text)"
    "  ORDER BY m.user_id, (m.pod_id IS NULL) DESC, m.id)"
    " SELECT e.id, e.settings, ARRAY("
    "   SELECT x.scheduled_for FROM pod_amplify.pod_activities x"
    "   JOIN pod_amplify.pod_members xm ON xm.id" POD_EQ "x.member_id"
    "   WHERE xm.user_id" POD_EQ "e.user_id AND x.status" POD_NE "'failed'::pg_catalog.text"
    "     AND x.scheduled_for" POD_GE "($4" POD_MINUS "'1 day'::pg_catalog.interval))"
    " , e.pod_id FROM eligible e"
    " WHERE NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities x"
    "   JOIN pod_amplify.pod_members xm ON xm.id" POD_EQ "x.member_id"
    "   WHERE x.post_id" POD_EQ "$3 AND xm.user_id" POD_EQ "e.user_id)";
const char *const kInsertSql =
    "INSERT INTO pod_amplify.pod_activities"
    " (pod_id, post_id, member_id, client_id, action, engagement_type, scheduled_for, max_attempts, origin)"
    " SELECT u.pod_id, $1, u.member_id, $2, $3, $3, u.t, u.max_attempts, 'schedule'"
    " FROM ROWS FROM (pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6), pg_catalog.unnest($7))"
    "   AS u(member_id, t, max_attempts, pod_id)"
    " ON CONFLICT (post_id, member_id, engagement_type) DO NOTHING RETURNING scheduled_for";
SPIPlanPtr post_plan, candidates_plan, insert_plan;

struct Candidate {
    pg_uuid_t member_id;
    Fact pod_id;
    pod_amplify::core::EngineSettings settings;
    int64 *busy;
    int nbusy;
};

// Pure C++ frame: the core places every candidate; times[] gets the result.
void place(const Candidate *c, int n, const pg_uuid_t &post_id, TimestampTz not_before, TimestampTz *times)
{
    std::vector<pod_amplify::core::ScheduleCandidate> input(n);
    for (int i = 0; i < n; i++) {
        input[i].member_id = uuid_text(Fact{true, c[i].member_id, nullptr});
        input[i].min_delay_s = c[i].settings.schedule_min_delay;
        input[i].max_delay_s = c[i].settings.schedule_max_delay;
        input[i].daily_cap = c[i].settings.member_daily_cap;
        input[i].busy_us.assign(c[i].busy, c[i].busy + c[i].nbusy);
        pod_amplify::core::check_consistent(c[i].settings, "the settings of member " + input[i].member_id + "'s pod");
    }
    std::uint64_t seed;
    std::memcpy(&seed, post_id.data, sizeof seed);  // same post, same schedule
    const auto planned = pod_amplify::core::plan_schedule(input, not_before, seed);
    for (int i = 0; i < n; i++)
        times[i] = planned[i];
}

void check_action(const char *action)
{
    pod_amplify::core::check_action_word(action, "schedule_post");
}

}  // namespace

namespace pod_amplify::pg {

// Schedules a published post (SPI connected); returns how many activities it created.
int schedule_post_internal(pg_uuid_t *post_id, const char *action, TimestampTz not_before, bool automatic)
{
    Oid uuid = UUIDOID;
    Datum post = UUIDPGetDatum(post_id);
    saved_plan(&post_plan, kPostSql, 1, &uuid);
    if (SPI_execute_plan(post_plan, &post, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: post look-up failed");
    if (SPI_processed == 0)
        raise_missing("posts", "post", post_id);
    pg_uuid_t client, author;
    tuple_uuid(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &client);
    const bool has_author = tuple_uuid(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &author);
    char *status = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
    if (strcmp(status, "published") != 0)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("schedule rule: post %s is %s; only published posts are amplified",
                               DatumGetCString(DirectFunctionCall1(uuid_out, post)), status)));

    Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, TIMESTAMPTZOID};
    Datum args[4] = {UUIDPGetDatum(&client), UUIDPGetDatum(&author), post, TimestampTzGetDatum(not_before)};
    char nulls[5] = {' ', has_author ? ' ' : 'n', ' ', ' ', '\0'};
    saved_plan(&candidates_plan, kCandidatesSql, 4, types);
    if (SPI_execute_plan(candidates_plan, args, nulls, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: candidate query failed");
    const int found = static_cast<int>(SPI_processed);
    auto *candidates = static_cast<Candidate *>(palloc0(sizeof(Candidate) * (found > 0 ? found : 1)));
    int n = 0;
    // Settings are resolved once per pod (and once for members without one).
    Fact settings_pod{};
    bool have_settings = false;
    pod_amplify::core::EngineSettings settings_of_pod;
    for (int i = 0; i < found; i++) {
        HeapTuple t = SPI_tuptable->vals[i];
        TupleDesc d = SPI_tuptable->tupdesc;
        bool isnull;
        Candidate &c = candidates[n];
        tuple_uuid(t, d, 1, &c.member_id);
        c.pod_id = tuple_fact(t, d, 4);
        const bool same_pod = have_settings && c.pod_id.present == settings_pod.present &&
                              (!c.pod_id.present || memcmp(&c.pod_id.uuid, &settings_pod.uuid, sizeof(pg_uuid_t)) == 0);
        if (!same_pod) {
            Datum settings = SPI_getbinval(t, d, 2, &isnull);
            settings_of_pod = effective_settings(isnull ? nullptr : DatumGetJsonbP(settings), SettingsRead::Lenient);
            settings_pod = c.pod_id;
            have_settings = true;
        }
        c.settings = settings_of_pod;
        if (automatic && !c.settings.auto_schedule)
            continue;  // this pod opted out of scheduling on publish
        Datum *busy;
        bool *busy_nulls;
        deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(t, d, 3, &isnull)), TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL,
                          TYPALIGN_DOUBLE, &busy, &busy_nulls, &c.nbusy);
        c.busy = static_cast<int64 *>(palloc(sizeof(int64) * (c.nbusy > 0 ? c.nbusy : 1)));
        for (int k = 0; k < c.nbusy; k++)
            c.busy[k] = DatumGetTimestampTz(busy[k]);
        n++;
    }
    if (n == 0)
        return 0;

    auto *times = static_cast<TimestampTz *>(palloc(sizeof(TimestampTz) * n));
    place(candidates, n, *post_id, not_before, times);
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto *time_items = static_cast<Datum *>(palloc(sizeof(Datum) * n));
    auto *max_attempts = static_cast<int32 *>(palloc(sizeof(int32) * n));
    auto *pods = static_cast<Datum *>(palloc(sizeof(Datum) * n));
    auto *pod_nulls = static_cast<bool *>(palloc(sizeof(bool) * n));
    for (int i = 0; i < n; i++) {
        members[i] = candidates[i].member_id;
        pod_nulls[i] = !candidates[i].pod_id.present;
        pods[i] = pod_nulls[i] ? (Datum) 0 : UUIDPGetDatum(&candidates[i].pod_id.uuid);
        time_items[i] = TimestampTzGetDatum(times[i]);
        max_attempts[i] = candidates[i].settings.default_max_attempts;
    }
    int dims[1] = {n}, lbs[1] = {1};
    Oid insert_types[7] = {UUIDOID, UUIDOID, TEXTOID, UUIDARRAYOID, TIMESTAMPTZARRAYOID, INT4ARRAYOID, UUIDARRAYOID};
    Datum insert_args[7] = {
        post, UUIDPGetDatum(&client), CStringGetTextDatum(action), uuid_array_datum(members, n),
        PointerGetDatum(construct_array(time_items, n, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE)),
        int4_array_datum(max_attempts, n),
        PointerGetDatum(construct_md_array(pods, pod_nulls, 1, dims, lbs, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR))};
    saved_plan(&insert_plan, kInsertSql, 7, insert_types);
    // The rows were built from validated members of the post's client: the
    // per-row validation trigger need not look them up again.
    if (execute_with_flag(FLAG_TRUSTED_INSERT, insert_plan, insert_args, nullptr, 0) != SPI_OK_INSERT_RETURNING)
        elog(ERROR, "pod_amplify: schedule insert failed");
    const int created = static_cast<int>(SPI_processed);
    if (created > 0)
        notify_activities("scheduled");
    return created;
}

}  // namespace pod_amplify::pg

// schedule_post(p_post_id uuid, p_action text DEFAULT 'repost', p_not_before timestamptz DEFAULT now())
POD_AMPLIFY_FUNCTION(pod_amplify_schedule_post)
{
    const char *fn = "schedule_post";
    require_arg(fcinfo, 0, "p_post_id", fn);
    require_arg(fcinfo, 1, "p_action", fn);
    require_arg(fcinfo, 2, "p_not_before", fn);
    char *action = text_to_cstring(PG_GETARG_TEXT_PP(1));
    check_action(action);
    const TimestampTz not_before = PG_GETARG_TIMESTAMPTZ(2);
    if (TIMESTAMP_NOT_FINITE(not_before))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: p_not_before must be finite", fn)));
    const int spi_scope = begin_engine_spi();
    const int created = schedule_post_internal(PG_GETARG_UUID_P(0), action, not_before, false);
    end_engine_spi(spi_scope);
    PG_RETURN_INT32(created);
}

// AFTER INSERT OR UPDATE OF status ON posts: publishing schedules the post
// (pod_amplify.auto_schedule; pods may opt out in their settings).
POD_AMPLIFY_FUNCTION(pod_amplify_schedule_on_publish)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("pod_amplify_schedule_on_publish must be called as a trigger")));
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (session_setting(*pod_amplify::core::find_setting("auto_schedule")) == 0)
        return PointerGetDatum(nullptr);
    // Restores and bulk loads: every pg_dump script sets row_security = off, and
    // re-scheduling restored posts would duplicate their restored activities.
    if (!row_security)
        return PointerGetDatum(nullptr);
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    const int c_status = column_number(desc, "status");
    HeapTuple row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
    Fact status = tuple_fact(row, desc, c_status);
    if (!status.present || strcmp(status.text, "published") != 0)
        return PointerGetDatum(nullptr);
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event)) {
        Fact old_status = tuple_fact(td->tg_trigtuple, desc, c_status);
        if (old_status.present && strcmp(old_status.text, "published") == 0)
            return PointerGetDatum(nullptr);  // already published: scheduled back then
    }
    Fact id = tuple_fact(row, desc, column_number(desc, "id"));
    const int spi_scope = begin_engine_spi();
    schedule_post_internal(&id.uuid, "repost", GetCurrentTransactionStartTimestamp(), true);
    end_engine_spi(spi_scope);
    return PointerGetDatum(nullptr);
}
