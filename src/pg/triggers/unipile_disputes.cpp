#include "pg/triggers/unipile_disputes.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

namespace {

// $1 the id, $2 the row's user. The ids' hash indexes answer both probes.
const char *const kNoteSql =
    "INSERT INTO pod_amplify.unipile_disputes (unipile_account_id) SELECT $1"
    " WHERE NOT EXISTS (SELECT 1 FROM pod_amplify.unipile_disputes d WHERE d.unipile_account_id" POD_EQ "$1)"
    "   AND (EXISTS (SELECT 1 FROM pod_amplify.pod_members o WHERE o.unipile_account_id" POD_EQ "$1"
    "                  AND o.user_id" POD_NE "$2)"
    "     OR EXISTS (SELECT 1 FROM pod_amplify.linkedin_accounts o WHERE o.unipile_account_id" POD_EQ "$1"
    "                  AND o.user_id" POD_NE "$2))";
SPIPlanPtr note_plan;

}  // namespace

void note_unipile_dispute(Oid owner, const char *unipile_id, const pg_uuid_t &user)
{
    Oid types[2] = {TEXTOID, UUIDOID};
    Datum args[2] = {CStringGetTextDatum(unipile_id), UUIDPGetDatum(const_cast<pg_uuid_t *>(&user))};
    connect_spi();
    SavedUser saved = become_user(owner);
    saved_plan(&note_plan, kNoteSql, 2, types);
    const int rc = SPI_execute_plan(note_plan, args, nullptr, false, 0);
    restore_user(saved);
    SPI_finish();
    if (rc != SPI_OK_INSERT)
        elog(ERROR, "pod_amplify: noting a disputed Unipile id failed");
}

}  // namespace pod_amplify::pg
