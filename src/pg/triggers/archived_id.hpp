// An activity id is unique across pod_activities and its archive (1.2): a row
// inserted with an id the archive already holds could never be archived (the
// archive keeps one row per id), and every archive_activities() call would read
// past it for ever.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// Raises 23505 when pod_activities_archive holds `id` (any client: the same
// existence oracle as pod_activities' own primary key). Run as `owner`. Also
// drops a success waiting for a former activity of that id (waiting_successes).
void refuse_archived_id(Oid owner, const pg_uuid_t &id);

}  // namespace pod_amplify::pg
