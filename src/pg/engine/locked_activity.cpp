#include "pg/engine/locked_activity.hpp"

#include "pg/engine/common.hpp"
#include "pg/engine/row_waits.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"
#include "pg/settings/engine_settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace pod_amplify::pg {

namespace {

// $1 the ids, $2 the reporting worker (NULL for an operator). Extra columns
// after a.*: live lease, claimed by $2, and the last history entry's worker,
// attempt, kind (1.1-era entries have no kind: lapses are told by their text)
// and retryable.
#define POD_LOCK_SQL(settings_column, where_order_lock)                                                            \
    "SELECT a.*, COALESCE(a.lease_expires_at" POD_GT "pg_catalog.now(), false),"                                  \
    " COALESCE(a.lease_owner" POD_EQ "$2 OR a.error_history OPERATOR(pg_catalog.@>) pg_catalog.jsonb_build_array(" \
    "   pg_catalog.jsonb_build_object('worker'::pg_catalog.text, $2)), false),"                                   \
    " l.e OPERATOR(pg_catalog.->>) 'worker'::pg_catalog.text, l.e OPERATOR(pg_catalog.->>) 'attempt'::pg_catalog.text," \
    " COALESCE(l.e OPERATOR(pg_catalog.->>) 'kind'::pg_catalog.text,"                                             \
    "   CASE WHEN (l.e OPERATOR(pg_catalog.->>) 'error'::pg_catalog.text) OPERATOR(pg_catalog.~~)"                \
    "     'lease expired:%'::pg_catalog.text THEN 'lease_expired' ELSE 'report' END),"                            \
    " l.e OPERATOR(pg_catalog.->>) 'retryable'::pg_catalog.text"                                                   \
    settings_column                                                                                                \
    " FROM pod_amplify.pod_activities a"                                                                           \
    " CROSS JOIN LATERAL (SELECT a.error_history OPERATOR(pg_catalog.->) -1) AS l(e)"                              \
    where_order_lock

#define POD_SETTINGS_COLUMN ", (SELECT p.settings FROM pod_amplify.pods p WHERE p.id" POD_EQ "a.pod_id)"
#define POD_BY_ID " WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id FOR NO KEY UPDATE OF a"
#define POD_BY_ID_SKIP POD_BY_ID " SKIP LOCKED"

const char *const kLockSql = POD_LOCK_SQL("", POD_BY_ID);
const char *const kLockWithSettingsSql = POD_LOCK_SQL(POD_SETTINGS_COLUMN, POD_BY_ID);
const char *const kLockSkipSql = POD_LOCK_SQL("", POD_BY_ID_SKIP);
const char *const kLockWithSettingsSkipSql = POD_LOCK_SQL(POD_SETTINGS_COLUMN, POD_BY_ID_SKIP);
// Of the ids SKIP LOCKED passed over, those that exist (for the caller: row-level
// security applies) are held by another transaction; the others are missing.
const char *const kExistingSql = "SELECT a.id FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id";
// Leases that expired, oldest expiry first, skipping rows a report holds ($1 unused).
const char *const kExpiredSql = POD_LOCK_SQL(
    POD_SETTINGS_COLUMN, " WHERE a.lease_expires_at" POD_LT "pg_catalog.now() AND a.status" POD_EQ
                         POD_PENDING " ORDER BY a.lease_expires_at LIMIT $3 FOR NO KEY UPDATE OF a SKIP LOCKED");
SPIPlanPtr lock_plan, lock_with_settings_plan, lock_skip_plan, lock_with_settings_skip_plan, existing_plan, expired_plan;

constexpr int kExtraColumns = 6;  // without settings

int32 int_or_zero(const char *text)
{
    if (text == nullptr)
        return 0;
    char *end = nullptr;
    const long v = std::strtol(text, &end, 10);
    return (end != text && *end == '\0' && v >= 0 && v <= PG_INT32_MAX) ? static_cast<int32>(v) : 0;
}


}  // namespace

namespace {

LockedSet read_locked(bool with_settings)
{
    LockedSet set;
    set.count = static_cast<int>(SPI_processed);
    set.desc = SPI_tuptable->tupdesc;
    const int extra = kExtraColumns + (with_settings ? 1 : 0);
    set.row_desc = CreateTupleDescCopy(set.desc);
    set.row_desc->natts = set.desc->natts - extra;
    set.rows = static_cast<LockedActivity *>(palloc0(sizeof(LockedActivity) * (set.count > 0 ? set.count : 1)));
    const int first_extra = set.desc->natts - extra + 1;
    // A pod's settings are read once a set: a tenant's large settings object
    // is not detoasted and parsed again for each of its rows in a batch.
    const int c_pod = SPI_fnumber(set.desc, "pod_id");
    int *pod_firsts = static_cast<int *>(palloc(sizeof(int) * (set.count > 0 ? set.count : 1)));
    int npods = 0;
    const int c_id = SPI_fnumber(set.desc, "id"), c_member = SPI_fnumber(set.desc, "member_id"),
              c_status = SPI_fnumber(set.desc, "status"), c_owner = SPI_fnumber(set.desc, "lease_owner"),
              c_attempt = SPI_fnumber(set.desc, "attempt_number"), c_max = SPI_fnumber(set.desc, "max_attempts");
    for (int i = 0; i < set.count; i++) {
        HeapTuple t = SPI_tuptable->vals[i];
        LockedActivity &r = set.rows[i];
        bool isnull;
        r.row = t;
        tuple_uuid(t, set.desc, c_id, &r.id);
        tuple_uuid(t, set.desc, c_member, &r.member_id);
        r.status = SPI_getvalue(t, set.desc, c_status);
        r.lease_owner = SPI_getvalue(t, set.desc, c_owner);
        r.attempt_number = DatumGetInt32(SPI_getbinval(t, set.desc, c_attempt, &isnull));
        r.max_attempts = DatumGetInt32(SPI_getbinval(t, set.desc, c_max, &isnull));
        r.lease_live = DatumGetBool(SPI_getbinval(t, set.desc, first_extra, &isnull));
        r.claimed_by_worker = DatumGetBool(SPI_getbinval(t, set.desc, first_extra + 1, &isnull));
        r.last_worker = SPI_getvalue(t, set.desc, first_extra + 2);
        r.has_last_entry = r.last_worker != nullptr;
        r.last_attempt = int_or_zero(SPI_getvalue(t, set.desc, first_extra + 3));
        const char *kind = SPI_getvalue(t, set.desc, first_extra + 4);
        r.last_is_report = kind != nullptr && std::strcmp(kind, "report") == 0;
        const char *retryable = SPI_getvalue(t, set.desc, first_extra + 5);
        r.last_retryable = retryable == nullptr ? -1 : std::strcmp(retryable, "true") == 0 ? 1 : 0;
        if (with_settings) {
            bool no_pod;
            const Datum pod = SPI_getbinval(t, set.desc, c_pod, &no_pod);
            int same = -1;
            for (int k = 0; k < npods && !no_pod && same < 0; k++) {
                bool other_null;
                const Datum other = SPI_getbinval(SPI_tuptable->vals[pod_firsts[k]], set.desc, c_pod, &other_null);
                if (!other_null && std::memcmp(DatumGetUUIDP(pod), DatumGetUUIDP(other), UUID_LEN) == 0)
                    same = pod_firsts[k];
            }
            if (same >= 0) {
                r.settings = set.rows[same].settings;
            } else {
                const Datum settings = SPI_getbinval(t, set.desc, first_extra + 6, &isnull);
                r.settings = effective_settings(isnull ? nullptr : DatumGetJsonbP(settings), SettingsRead::Lenient);
                if (!no_pod)
                    pod_firsts[npods++] = i;
            }
        }
    }
    return set;
}

}  // namespace

namespace {

// The lock query itself: waiting for rows another transaction holds, or
// skipping them.
LockedSet run_lock(const pg_uuid_t *ids, int n, const char *worker, bool with_settings, bool skip)
{
    Oid types[2] = {UUIDARRAYOID, TEXTOID};
    Datum args[2] = {uuid_array_datum(ids, n), worker ? CStringGetTextDatum(worker) : (Datum) 0};
    const char nulls[3] = {' ', worker ? ' ' : 'n', '\0'};
    SPIPlanPtr plan = with_settings ? (skip ? saved_plan(&lock_with_settings_skip_plan, kLockWithSettingsSkipSql, 2, types)
                                            : saved_plan(&lock_with_settings_plan, kLockWithSettingsSql, 2, types))
                                    : (skip ? saved_plan(&lock_skip_plan, kLockSkipSql, 2, types)
                                            : saved_plan(&lock_plan, kLockSql, 2, types));
    if (SPI_execute_plan(plan, args, nulls, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: lock query failed");
    return read_locked(with_settings);
}

// Locks what it can without waiting; `busy` lists requested rows that exist
// (for the caller) but another transaction holds.
LockedSet lock_skipping(const pg_uuid_t *ids, int n, const char *worker, bool with_settings)
{
    LockedSet set = run_lock(ids, n, worker, with_settings, true);
    const int *where = locate_requested(ids, n, set);
    auto *missing = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (n > 0 ? n : 1)));
    int nmissing = 0;
    for (int i = 0; i < n; i++)
        if (where[i] < 0)
            missing[nmissing++] = ids[i];
    if (nmissing == 0)
        return set;
    // Sorted: ORDER BY a.id is uuid order, memcmp order.
    set.busy = select_uuids(&existing_plan, kExistingSql, missing, nmissing, &set.nbusy, "look-up of skipped rows");
    return set;
}

}  // namespace

LockedSet lock_activities(const pg_uuid_t *ids, int n, const char *worker, bool with_settings, RowLocks locks)
{
    if (locks != RowLocks::WAIT) {
        LockedSet set = lock_skipping(ids, n, worker, with_settings);
        if (locks == RowLocks::SKIP_NOW)
            return set;
        // Engine transactions (a claim that met the row) hold it for
        // milliseconds: wait that long (in all), then take what is now free.
        if (set.nbusy > 0 && wait_until_free(RowTable::Activities, set.busy, set.nbusy, brief_deadline()))
            set = lock_skipping(ids, n, worker, with_settings);
        return set;
    }
    return run_lock(ids, n, worker, with_settings, false);
}

bool is_busy(const LockedSet &set, const pg_uuid_t &id)
{
    return std::binary_search(set.busy, set.busy + set.nbusy, id, [](const pg_uuid_t &a, const pg_uuid_t &b) {
        return std::memcmp(a.data, b.data, UUID_LEN) < 0;
    });
}

LockedSet lock_expired_leases(int limit)
{
    Oid types[3] = {UUIDARRAYOID, TEXTOID, INT4OID};
    Datum args[3] = {(Datum) 0, (Datum) 0, Int32GetDatum(limit)};
    const char nulls[4] = {'n', 'n', ' ', '\0'};
    saved_plan(&expired_plan, kExpiredSql, 3, types, kFastStart);
    if (SPI_execute_plan(expired_plan, args, nulls, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: expired lease query failed");
    return read_locked(true);
}

HeapTuple plain_row(const LockedSet &set, int i)
{
    Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * set.desc->natts));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * set.desc->natts));
    heap_deform_tuple(set.rows[i].row, set.desc, values, nulls);
    return heap_form_tuple(set.row_desc, values, nulls);
}

core::LeasedActivity leased_facts(const LockedActivity &row)
{
    core::LeasedActivity a;
    a.id = uuid_text(Fact{true, row.id, nullptr});
    a.status = row.status ? row.status : "";
    if (row.lease_owner)
        a.lease_owner = row.lease_owner;
    a.lease_live = row.lease_live;
    a.attempt_number = row.attempt_number;
    a.claimed_by_worker = row.claimed_by_worker;
    if (row.has_last_entry) {
        a.last_entry = core::HistoryEntry{row.last_worker, row.last_attempt, row.last_is_report, std::nullopt};
        if (row.last_retryable >= 0)
            a.last_entry->retryable = row.last_retryable == 1;
    }
    return a;
}

int *locate_requested(const pg_uuid_t *requested, int n, const LockedSet &set)
{
    int *where = static_cast<int *>(palloc(sizeof(int) * (n > 0 ? n : 1)));
    int *order = static_cast<int *>(palloc(sizeof(int) * (n > 0 ? n : 1)));
    for (int i = 0; i < n; i++)
        order[i] = i;
    std::stable_sort(order, order + n, [&](int a, int b) { return uuid_less(requested[a], requested[b]); });
    int j = 0;  // locked rows come in id order
    for (int k = 0; k < n; k++) {
        const pg_uuid_t &id = requested[order[k]];
        while (j < set.count && uuid_less(set.rows[j].id, id))
            j++;
        where[order[k]] = (j < set.count && std::memcmp(set.rows[j].id.data, id.data, UUID_LEN) == 0) ? j : -1;
    }
    return where;
}

}  // namespace pod_amplify::pg
