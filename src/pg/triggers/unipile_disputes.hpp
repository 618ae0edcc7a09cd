// pod_amplify.unipile_disputes (1.2): the Unipile ids that more than one user
// holds. 1.2 refuses such a binding on every checked write, so they come only
// from the 1.1 -> 1.2 upgrade (which lists the ones it keeps) and from bulk
// loads (a restore loads rows as they are; noted here). Claims read the list
// first and check their members' ids only when it is not empty
// (engine/claim_screen.hpp). Rows loaded with triggers disabled are not noted.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// A bulk load's row binding `unipile_id` for `user`: when another user holds
// the id, it is listed (once). Run as `owner`.
void note_unipile_dispute(Oid owner, const char *unipile_id, const pg_uuid_t &user);

}  // namespace pod_amplify::pg
