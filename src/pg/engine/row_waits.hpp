// Waiting for rows another transaction holds, with one deadline for them all:
// a tenant that frees its rows one by one, each just before a per-row timeout,
// must not hold a worker's call for that timeout times the rows.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

enum class RowTable { Activities, Members };

// How long engine calls wait, in all, for rows another transaction holds:
// other engine transactions hold rows for milliseconds; a tenant's open
// transaction may hold them as long as it likes.
const int kBriefWaitAllMs = 100;

// Now plus kBriefWaitAllMs.
TimestampTz brief_deadline();

// Waits until the rows of ids[0..n) (sorted, in that order) are free or the
// deadline passes; holds none of them afterwards (brief_wait.hpp's
// wait_for_rows_until). Row-level security applies as for the caller.
bool wait_until_free(RowTable table, const pg_uuid_t *ids, int n, TimestampTz deadline);

}  // namespace pod_amplify::pg
