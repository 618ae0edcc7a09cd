#include "pg/engine/row_waits.hpp"

#include "pg/engine/common.hpp"
#include "pg/runtime/brief_wait.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

namespace {

const char *const kActivityRowSql =
    "SELECT a.id FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "$1 FOR NO KEY UPDATE OF a";
const char *const kMemberRowSql =
    "SELECT m.id FROM pod_amplify.pod_members m WHERE m.id" POD_EQ "$1 FOR NO KEY UPDATE OF m";
SPIPlanPtr activity_row_plan, member_row_plan;

struct RowWait {
    SPIPlanPtr plan;
    const pg_uuid_t *ids;
};

void lock_row(int i, void *arg)
{
    auto *w = static_cast<RowWait *>(arg);
    Datum id = UUIDPGetDatum(const_cast<pg_uuid_t *>(&w->ids[i]));
    if (SPI_execute_plan(w->plan, &id, nullptr, false, 1) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: row wait failed");
}

}  // namespace

TimestampTz brief_deadline()
{
    return TimestampTzPlusMilliseconds(GetCurrentTimestamp(), kBriefWaitAllMs);
}

bool wait_until_free(RowTable table, const pg_uuid_t *ids, int n, TimestampTz deadline)
{
    if (n == 0)
        return true;
    Oid type = UUIDOID;
    RowWait w{table == RowTable::Activities ? saved_plan(&activity_row_plan, kActivityRowSql, 1, &type)
                                            : saved_plan(&member_row_plan, kMemberRowSql, 1, &type),
              ids};
    return wait_for_rows_until(lock_row, n, &w, deadline);
}

}  // namespace pod_amplify::pg
