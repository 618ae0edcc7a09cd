// Triggers on users and linkedin_accounts (1.2): a user's time zone is one of
// PostgreSQL's own, stored under its canonical name; a Unipile account id
// belongs to one user in the whole database.
#include "pg/engine/zone_rules.hpp"
#include "pg/triggers/unipile_disputes.hpp"
#include "pg/triggers/unipile_owner.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"

#include "core/unipile_id.hpp"

#include <cstring>

extern "C" {
#include "pgtime.h"
}

// BEFORE INSERT OR UPDATE OF timezone ON users
POD_AMPLIFY_FUNCTION(pod_amplify_validate_user)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_user");
    Relation rel = reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);
    const int c_timezone = column_number(desc, "timezone");
    const Fact zone = tuple_fact(tuple, desc, c_timezone);
    if (!zone.present || bulk_load_session())
        return PointerGetDatum(tuple);
    // The planner's own test: PostgreSQL also takes POSIX strings such as
    // 'XXX-25', whose offset no calendar has.
    const char *problem = zone_problem(zone.text);
    if (problem != nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid time zone for user: \"%s\"%s", shown_value(zone.text),
                               std::strcmp(problem, kUnknownZone) == 0 ? "" : psprintf(" (%s)", problem)),
                        errhint("Use a name from pg_timezone_names, e.g. Europe/Berlin or America/New_York; NULL "
                                "takes pod_amplify.default_timezone.")));
    // Stored as PostgreSQL spells it ('europe/berlin' becomes 'Europe/Berlin').
    const ColumnValue canonical = {c_timezone, false, true, {}, pg_get_timezone_name(pg_tzset(zone.text))};
    return PointerGetDatum(with_columns(tuple, desc, &canonical, 1));
}

// BEFORE INSERT OR UPDATE OF unipile_account_id, user_id ON linkedin_accounts
POD_AMPLIFY_FUNCTION(pod_amplify_validate_linkedin_account)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_linkedin_account");
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    Relation rel = td->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);
    const int c_unipile = column_number(desc, "unipile_account_id");
    const Fact unipile = tuple_fact(tuple, desc, c_unipile);
    if (!unipile.present)
        return PointerGetDatum(tuple);
    if (bulk_load_session()) {  // a restore: rows load as they are; a disputed id is noted
        pg_uuid_t owner_user;
        if (tuple_uuid(tuple, desc, column_number(desc, "user_id"), &owner_user))
            note_unipile_dispute(rel->rd_rel->relowner, unipile.text, owner_user);
        return PointerGetDatum(tuple);
    }
    // A new or changed id has the shape pod_members' ids have (22023): the
    // worker sends it to Unipile as it is, and " id\t" is not "id" to the
    // one-user rule below. Ids stored before 1.2 are left as they are.
    if (TRIGGER_FIRED_BY_INSERT(td->tg_event) || column_changed(td, c_unipile))
        pod_amplify::core::check_unipile_account_id(unipile.text);
    pg_uuid_t user, id;
    if (!tuple_uuid(tuple, desc, column_number(desc, "user_id"), &user) ||
        !tuple_uuid(tuple, desc, column_number(desc, "id"), &id))
        return PointerGetDatum(tuple);  // the NOT NULL constraints report it
    check_unipile_owner(rel->rd_rel->relowner, unipile.text, user, &id, nullptr);
    return PointerGetDatum(tuple);
}
