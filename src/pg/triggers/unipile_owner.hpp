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

// The same rule on a database still at 1.0 or 1.1, when a tenant's write of a
// member row binds an id: those schemas have neither the lock table nor
// indexes on the ids, so the check is a plain look-up (two sessions binding
// one id at the same moment can both pass) that reads the tables whole, and
// trusted writers (owner, BYPASSRLS: bulk loads) are spared it. Their
// linkedin_accounts has no trigger: an account's id changed in place is
// checked from 1.2 on.
// 1.1: the member's id (its own, or its linked account's copy).
void check_unipile_owner_1_1(Oid owner, const char *unipile_id, const pg_uuid_t &user,
                             const pg_uuid_t *linked_account, const pg_uuid_t &self_member);
// 1.0: members hold no id; the linked account's, when another user's account holds it too.
void check_linked_account_owner_1_0(Oid owner, const pg_uuid_t &account, const pg_uuid_t &user);

}  // namespace pod_amplify::pg
