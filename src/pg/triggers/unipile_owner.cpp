#include "pg/triggers/unipile_owner.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

extern "C" {
#include "common/hashfn.h"
}

#include <cstring>

namespace pod_amplify::pg {

namespace {

// Another user's account or member row with this id (the row itself excluded).
const char *const kOtherOwnerSql =
    "SELECT EXISTS (SELECT 1 FROM pod_amplify.linkedin_accounts a WHERE a.unipile_account_id" POD_EQ "$1"
    "                 AND a.user_id" POD_NE "$2 AND ($3 IS NULL OR a.id" POD_NE "$3))"
    "    OR EXISTS (SELECT 1 FROM pod_amplify.pod_members m WHERE m.unipile_account_id" POD_EQ "$1"
    "                 AND m.user_id" POD_NE "$2 AND ($4 IS NULL OR m.id" POD_NE "$4)"
    // a member's copy of the account's own id (derived from the link) is not another claim on it
    "                 AND ($3 IS NULL OR m.linkedin_account_id IS NULL OR m.linkedin_account_id" POD_NE "$3))";
SPIPlanPtr other_owner_plan;
// 1.0: $1 the linked account, $2 the member's user: the account's id when
// another user's account holds it too.
const char *const kLinkedIdTakenSql =
    "SELECT mine.unipile_account_id FROM pod_amplify.linkedin_accounts mine"
    " WHERE mine.id" POD_EQ "$1 AND EXISTS (SELECT 1 FROM pod_amplify.linkedin_accounts a"
    "   WHERE a.unipile_account_id" POD_EQ "mine.unipile_account_id AND a.user_id" POD_NE "$2"
    "     AND a.id" POD_NE "mine.id)";
SPIPlanPtr linked_id_taken_plan;

[[noreturn]] void raise_taken(const char *unipile_id)
{
    ereport(ERROR, (errcode(ERRCODE_UNIQUE_VIOLATION),
                    errmsg("unipile rule: Unipile account id \"%s\" is already connected to another user",
                           shown_value(unipile_id)),
                    errhint("A Unipile account is one LinkedIn account: connect it to one user only.")));
}

// Locks the id's row in unipile_id_locks (inserted the first time) until the
// transaction ends; run as the owner. A concurrent insert of the same key waits
// on the unique index, then takes the DO UPDATE path and waits on the row.
const char *const kLockIdSql =
    "INSERT INTO pod_amplify.unipile_id_locks AS l (key) VALUES ($1)"
    " ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key";
SPIPlanPtr lock_id_plan;
const char *const kSeedSql = "SELECT s.seed FROM pod_amplify.unipile_lock_seed s LIMIT 1";
SPIPlanPtr seed_plan;

// Locks the id's row in unipile_id_locks (1.2): SPI connected, as the owner.
void lock_unipile_id(const char *unipile_id)
{
    saved_plan(&seed_plan, kSeedSql, 0, nullptr);
    if (SPI_execute_plan(seed_plan, nullptr, nullptr, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: Unipile lock seed look-up failed");
    bool no_seed = true;
    const Datum seed = SPI_processed == 1 ? SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &no_seed) : (Datum) 0;
    const uint64 hash = hash_bytes_extended(reinterpret_cast<const unsigned char *>(unipile_id),
                                            static_cast<int>(std::strlen(unipile_id)),
                                            no_seed ? 0 : static_cast<uint64>(DatumGetInt64(seed)));
    Oid key_type = INT4OID;
    Datum key = Int32GetDatum(static_cast<int32>(static_cast<uint32>(hash ^ (hash >> 32))));
    saved_plan(&lock_id_plan, kLockIdSql, 1, &key_type);
    if (SPI_execute_plan(lock_id_plan, &key, nullptr, false, 0) != SPI_OK_INSERT)
        elog(ERROR, "pod_amplify: Unipile id lock failed");
}

void check_owner(Oid owner, const char *unipile_id, const pg_uuid_t &user, const pg_uuid_t *self_account,
                 const pg_uuid_t *self_member, bool lock_first)
{
    Oid types[4] = {TEXTOID, UUIDOID, UUIDOID, UUIDOID};
    Datum args[4] = {CStringGetTextDatum(unipile_id), UUIDPGetDatum(const_cast<pg_uuid_t *>(&user)),
                     self_account ? UUIDPGetDatum(const_cast<pg_uuid_t *>(self_account)) : (Datum) 0,
                     self_member ? UUIDPGetDatum(const_cast<pg_uuid_t *>(self_member)) : (Datum) 0};
    const char nulls[5] = {' ', ' ', self_account ? ' ' : 'n', self_member ? ' ' : 'n', '\0'};
    connect_spi();
    SavedUser saved = become_user(owner);
    if (lock_first)
        lock_unipile_id(unipile_id);
    saved_plan(&other_owner_plan, kOtherOwnerSql, 4, types);
    // The latest snapshot, taken after the lock, sees what the session that
    // held it committed (whatever the isolation level).
    if (execute_latest(other_owner_plan, args, nulls, 1) != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "pod_amplify: Unipile owner look-up failed");
    bool isnull;
    const bool taken = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    restore_user(saved);
    SPI_finish();
    if (taken)
        raise_taken(unipile_id);
}

}  // namespace

void check_unipile_owner(Oid owner, const char *unipile_id, const pg_uuid_t &user, const pg_uuid_t *self_account,
                         const pg_uuid_t *self_member)
{
    check_owner(owner, unipile_id, user, self_account, self_member, true);
}

void check_unipile_owner_1_1(Oid owner, const char *unipile_id, const pg_uuid_t &user,
                             const pg_uuid_t *linked_account, const pg_uuid_t &self_member)
{
    check_owner(owner, unipile_id, user, linked_account, &self_member, false);
}

void check_linked_account_owner_1_0(Oid owner, const pg_uuid_t &account, const pg_uuid_t &user)
{
    Oid types[2] = {UUIDOID, UUIDOID};
    Datum args[2] = {UUIDPGetDatum(const_cast<pg_uuid_t *>(&account)), UUIDPGetDatum(const_cast<pg_uuid_t *>(&user))};
    connect_spi();
    SavedUser saved = become_user(owner);
    saved_plan(&linked_id_taken_plan, kLinkedIdTakenSql, 2, types);
    if (execute_latest(linked_id_taken_plan, args, nullptr, 1) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: Unipile owner look-up failed");
    char *taken = nullptr;
    if (SPI_processed == 1) {
        char *id = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
        if (id != nullptr) {  // copied out of SPI's memory, which SPI_finish frees
            taken = static_cast<char *>(SPI_palloc(std::strlen(id) + 1));
            std::strcpy(taken, id);
        }
    }
    restore_user(saved);
    SPI_finish();
    if (taken)
        raise_taken(taken);
}

}  // namespace pod_amplify::pg
