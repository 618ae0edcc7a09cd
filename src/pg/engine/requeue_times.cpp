#include "pg/engine/requeue_times.hpp"

#include "pg/engine/common.hpp"
#include "pg/engine/zone_rules.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/settings/engine_settings.hpp"

#include "core/human_schedule.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace pod_amplify::pg {

namespace {

namespace core = pod_amplify::core;

// $1 ids: each one's user, the user's zone, its pod's settings and its action,
// in input order (a row not found gives NULLs).
const char *const kRowsSql =
    "SELECT m.user_id, u.timezone, p.settings, COALESCE(a.action, a.engagement_type)"
    " FROM ROWS FROM (pg_catalog.unnest($1)) WITH ORDINALITY AS r(id, ord)"
    " LEFT JOIN pod_amplify.pod_activities a ON a.id" POD_EQ "r.id"
    " LEFT JOIN pod_amplify.pod_members m ON m.id" POD_EQ "a.member_id"
    " LEFT JOIN pod_amplify.users u ON u.id" POD_EQ "m.user_id"
    " LEFT JOIN pod_amplify.pods p ON p.id" POD_EQ "a.pod_id"
    " ORDER BY r.ord";
// $1 a user, $2 from, $3 to, $4 the re-queued ids (their old times move), $5
// a limit: the user's other activities, any status (schedule.cpp's busy times,
// 1.2). No ORDER BY: the limit stops the scan, whatever the user holds.
const char *const kBusySql =
    "SELECT x.scheduled_for, COALESCE(x.action, x.engagement_type)"
    " FROM pod_amplify.pod_members xm JOIN pod_amplify.pod_activities x ON x.member_id" POD_EQ "xm.id"
    " WHERE xm.user_id" POD_EQ "$1 AND x.scheduled_for" POD_GE "$2 AND x.scheduled_for" POD_LE "$3"
    "   AND x.id" POD_NE "ALL ($4)"
    " LIMIT $5";
// What one worker call reads at most: a tenant can give one user a million
// activities (explicit inserts), and a report or claim re-queueing them must
// stay milliseconds for every other tenant in the batch. A user with more
// activities in the window than kBusyPerUser (or past the call's budget) keeps
// not_before: the tenant's own accounts pay, as for explicit inserts.
constexpr int kBusyPerUser = 5000;
constexpr int kBusyPerCall = 20000;
// The window read around the re-queued times: a placement the caps push past
// it no longer sees the user's later activities.
constexpr int64 kWindowAfterUs = 16 * USECS_PER_DAY;
SPIPlanPtr rows_plan, busy_plan;

constexpr int64 kDayUs = USECS_PER_DAY;

struct Requeued {
    bool found;  // and its user's busy times were read in full
    pg_uuid_t user;
    const char *timezone;  // zone_rules.hpp's ZoneSet wants these two names
    int zone;
    core::EngineSettings settings;
    const char *action;
};

struct Busy {
    pg_uuid_t user;
    int64 at;
    const char *action;
};

// Working hours came with 1.2: the extension's own version, not a column an
// application may have added to users.
bool has_working_hours()
{
    if (SPI_execute("SELECT e.extversion OPERATOR(pg_catalog.>=) '1.2' FROM pg_catalog.pg_extension e"
                    " WHERE e.extname OPERATOR(pg_catalog.=) 'pod_amplify'",
                    true, 1) != SPI_OK_SELECT || SPI_processed != 1)
        return false;
    bool isnull;
    const Datum v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
    return !isnull && DatumGetBool(v);
}

// Pure C++ frame: one activity's time, or not_before when the rules leave no
// room within the horizon (a report must not fail for it).
int64 plan_one(const core::HumanCandidate &candidate, int64 not_before, std::uint64_t seed) noexcept
{
    try {
        return core::plan_human_schedule({candidate}, not_before, seed)[0];
    } catch (...) {
        return not_before;
    }
}

// Pure C++ frame: the core's candidate for one re-queued activity (no delay
// window: from not_before on, the first time the rules allow).
core::HumanCandidate candidate_of(const Requeued &r, const pg_uuid_t &id, const core::ZoneRules &zone,
                                  const std::vector<Busy> &busy)
{
    core::HumanCandidate h;
    h.member_id = uuid_text(Fact{true, id, nullptr});
    h.user_id = uuid_text(Fact{true, r.user, nullptr});
    h.calendar.zone = &zone;
    h.calendar.hours = r.settings.active_hours;
    h.calendar.days = r.settings.active_days;
    h.min_delay_s = 0;
    h.max_delay_s = 0;
    h.member_daily_cap = r.settings.member_daily_cap;
    h.action_daily_cap = r.settings.daily_cap_for(r.action);
    h.account_min_gap_s = r.settings.account_min_gap;
    for (const Busy &b : busy)
        if (std::memcmp(b.user.data, r.user.data, UUID_LEN) == 0)
            h.busy.push_back(core::BusyTime{b.at, std::strcmp(b.action, r.action) == 0});
    return h;
}

// Pure C++ frame (every PostgreSQL call is done): the times, in input order;
// each placed time is busy for the next re-queued rows of its user.
void plan_all(const Requeued *rows, const pg_uuid_t *ids, const TimestampTz *not_before, int n, const ZoneSet &zones,
              const Busy *busy_in, int nbusy, TimestampTz *at) noexcept
{
    try {
        const std::vector<core::ZoneRules> rules = zone_rules_of(zones);
        std::vector<Busy> busy(busy_in, busy_in + nbusy);
        for (int i = 0; i < n; i++) {
            if (!rows[i].found)
                continue;
            std::uint64_t seed;
            std::memcpy(&seed, ids[i].data, sizeof seed);
            at[i] = plan_one(candidate_of(rows[i], ids[i], rules[rows[i].zone], busy), not_before[i], seed);
            busy.push_back(Busy{rows[i].user, at[i], rows[i].action});
        }
    } catch (...) {
        // out of memory: the rows not placed yet keep not_before
    }
}

}  // namespace

void plan_requeue_times(const pg_uuid_t *ids, const TimestampTz *not_before, int n, TimestampTz *at)
{
    for (int i = 0; i < n; i++)
        at[i] = not_before[i];
    if (n == 0 || !has_working_hours())
        return;
    // As the tables' owner: a worker's role reads neither users nor every member.
    const Oid owner = tables_owner();
    SavedUser saved = become_user(owner);
    Oid row_types[1] = {UUIDARRAYOID};
    Datum row_args[1] = {uuid_array_datum(ids, n)};
    saved_plan(&rows_plan, kRowsSql, 1, row_types);
    if (SPI_execute_plan(rows_plan, row_args, nullptr, false, 0) != SPI_OK_SELECT || SPI_processed != uint64(n))
        elog(ERROR, "pod_amplify: re-queued rows query failed");
    auto *rows = static_cast<Requeued *>(palloc0(sizeof(Requeued) * n));
    auto *users = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    int nusers = 0;
    TimestampTz from = not_before[0], to = not_before[0];
    for (int i = 0; i < n; i++) {
        HeapTuple t = SPI_tuptable->vals[i];
        TupleDesc d = SPI_tuptable->tupdesc;
        Requeued &r = rows[i];
        r.found = tuple_uuid(t, d, 1, &r.user);
        if (!r.found)
            continue;
        bool isnull;
        const Datum settings = SPI_getbinval(t, d, 3, &isnull);
        r.settings = effective_settings(isnull ? nullptr : DatumGetJsonbP(settings), SettingsRead::Lenient);
        const char *zone = SPI_getvalue(t, d, 2);
        r.timezone = zone ? zone : pstrdup(r.settings.default_timezone);
        r.action = SPI_getvalue(t, d, 4);
        if (r.action == nullptr)
            r.action = "repost";
        users[nusers++] = r.user;
        from = std::min(from, not_before[i]);
        to = std::max(to, not_before[i]);
    }
    if (nusers == 0) {
        restore_user(saved);
        return;
    }
    std::sort(users, users + nusers, uuid_less);
    nusers = static_cast<int>(std::unique(users, users + nusers,
                                          [](const pg_uuid_t &a, const pg_uuid_t &b) {
                                              return std::memcmp(a.data, b.data, UUID_LEN) == 0;
                                          }) -
                              users);
    // Each user's busy times, within the call's budget; a user past it is not planned.
    Oid busy_types[5] = {UUIDOID, TIMESTAMPTZOID, TIMESTAMPTZOID, UUIDARRAYOID, INT4OID};
    saved_plan(&busy_plan, kBusySql, 5, busy_types);
    const Datum ids_datum = uuid_array_datum(ids, n);
    auto *busy = static_cast<Busy *>(palloc(sizeof(Busy) * kBusyPerCall));
    auto *complete = static_cast<bool *>(palloc0(sizeof(bool) * nusers));
    int nbusy = 0;
    for (int u = 0; u < nusers; u++) {
        const int limit = std::min(kBusyPerUser, kBusyPerCall - nbusy);
        if (limit <= 0)
            break;
        Datum args[5] = {UUIDPGetDatum(&users[u]), TimestampTzGetDatum(from - 2 * kDayUs),
                         TimestampTzGetDatum(to + kWindowAfterUs), ids_datum, Int32GetDatum(limit + 1)};
        if (SPI_execute_plan(busy_plan, args, nullptr, false, 0) != SPI_OK_SELECT)
            elog(ERROR, "pod_amplify: re-queued busy times query failed");
        if (SPI_processed > static_cast<uint64>(limit))
            continue;  // more than it may read: this user keeps not_before
        complete[u] = true;
        for (uint64 k = 0; k < SPI_processed; k++) {
            bool isnull;
            Busy &b = busy[nbusy++];
            b.user = users[u];
            b.at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull));
            b.action = SPI_getvalue(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2);
            if (b.action == nullptr)
                b.action = "";
        }
    }
    restore_user(saved);
    for (int i = 0; i < n; i++)
        if (rows[i].found) {
            const pg_uuid_t *hit = std::lower_bound(users, users + nusers, rows[i].user, uuid_less);
            rows[i].found = complete[hit - users];
        }
    // Each zone once, over every re-queued time's horizon.
    ZoneSet zones{0, nullptr, nullptr, nullptr, nullptr};
    zones.initial_offset = static_cast<int32 *>(palloc(sizeof(int32) * n));
    zones.transition_at = static_cast<int64 **>(palloc(sizeof(int64 *) * n));
    zones.offset_after = static_cast<int32 **>(palloc(sizeof(int32 *) * n));
    zones.ntransitions = static_cast<int *>(palloc(sizeof(int) * n));
    const char **names = static_cast<const char **>(palloc(sizeof(char *) * n));
    for (int i = 0; i < n; i++)
        if (rows[i].found)
            rows[i].zone = add_zone(&zones, names, rows[i].timezone, from - 3 * kDayUs, to + 740 * kDayUs);
    plan_all(rows, ids, not_before, n, zones, busy, nbusy, at);
}

}  // namespace pod_amplify::pg
