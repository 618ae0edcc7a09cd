// A Unipile account id belongs to one user: linkedin_accounts and new-design
// pod_members rows holding it must all be that user's. Checked under a row
// lock on the id's row in unipile_id_locks (held to the end of the
// transaction), so two sessions binding the same id to different users cannot
// both pass.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// Raises 23505 when another user's row holds `unipile_id` (naming no tenant).
// self_account / self_member: the row being written, not counted against itself.
void check_unipile_owner(Oid owner, const char *unipile_id, const pg_uuid_t &user, const pg_uuid_t *self_account,
                         const pg_uuid_t *self_member);

}  // namespace pod_amplify::pg
