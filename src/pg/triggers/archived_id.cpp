#include "pg/triggers/archived_id.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

namespace {

// A success left waiting for an activity of that id that was deleted since
// answered that activity, not this one: it goes (a tenant may choose ids).
// Only when no activity holds the id: an insert that the primary key (or ON
// CONFLICT DO NOTHING) turns away must not touch another's waiting success.
const char *const kArchivedSql =
    "WITH gone AS (DELETE FROM pod_amplify.waiting_successes w WHERE w.activity_id" POD_EQ "$1"
    "  AND NOT EXISTS (SELECT 1 FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "$1))"
    " SELECT EXISTS (SELECT 1 FROM pod_amplify.pod_activities_archive h WHERE h.id" POD_EQ "$1)";
SPIPlanPtr archived_plan;

}  // namespace

void refuse_archived_id(Oid owner, const pg_uuid_t &id)
{
    Oid type = UUIDOID;
    Datum arg = UUIDPGetDatum(const_cast<pg_uuid_t *>(&id));
    connect_spi();
    SavedUser saved = become_user(owner);
    saved_plan(&archived_plan, kArchivedSql, 1, &type);
    // The latest snapshot: an archive_activities() that committed after this
    // statement began is seen (its DELETE made the id free in pod_activities).
    if (execute_latest(archived_plan, &arg, nullptr, 1) != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "pod_amplify: archived id look-up failed");
    bool isnull;
    const bool archived = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    restore_user(saved);
    SPI_finish();
    if (!archived)
        return;
    char *text = palloc_copy(uuid_text(Fact{true, id, nullptr}));
    ereport(ERROR, (errcode(ERRCODE_UNIQUE_VIOLATION),
                    errmsg("activity id rule: activity %s is already archived", text),
                    errdetail("An id names one activity, live or archived: pod_activities_archive holds this one."),
                    errhint("Leave id to its default (a new uuid).")));
}

}  // namespace pod_amplify::pg
