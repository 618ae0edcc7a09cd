// What every pod_amplify row trigger shares.
#pragma once

#include "pg/runtime/postgres_headers.hpp"
#include "pg/runtime/spi.hpp"

#include <string>

namespace pod_amplify::pg {

// The row a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger is about to write;
// raises if the function was fired any other way.
HeapTuple new_row_of_before_trigger(FunctionCallInfo fcinfo, const char *function_name);

// True when the session writing `rel` is subject to its row-level security.
bool caller_is_row_restricted(Relation rel);

// A bulk load: row_security = off, as every pg_dump script sets it (a session
// subject to row-level security cannot write at all then). Rows are loaded as
// they are: the triggers still fill derived columns but enforce no rule, so a
// restore brings back every row of every tenant, whatever it holds;
// pod_amplify.rule_violations() lists what breaks a rule afterwards.
bool bulk_load_session();

std::string uuid_text(const MaybeUuid &id);  // "" when absent

// SQL text helpers so saved plans never resolve an operator through search_path.
#define POD_EQ " OPERATOR(pg_catalog.=) "
#define POD_NE " OPERATOR(pg_catalog.<>) "

}  // namespace pod_amplify::pg

namespace pod_amplify::pg {

// On UPDATE: true when the statement changed the column (binary comparison).
bool column_changed(TriggerData *td, int attnum);

// Copies a core result into palloc'd memory without ever raising a PostgreSQL
// error (it may run while C++ objects are alive): throws std::bad_alloc instead.
char *palloc_copy(const std::string &value);

// A value as a message may quote it: at most 80 characters, controls shown as
// '?', always valid UTF-8 (core::display_value), palloc'd.
char *shown_value(const char *value);

// Canonical uuid text (from the core) into a pg_uuid_t; "" gives false.
bool uuid_from_text(const std::string &text, pg_uuid_t *out);

// Replaces columns of the row a BEFORE trigger returns. values[i] NULL = SQL NULL.
struct ColumnValue {
    int attnum;
    bool is_uuid;
    bool present;
    pg_uuid_t uuid;
    const char *text;
};
HeapTuple with_columns(HeapTuple tuple, TupleDesc desc, const ColumnValue *columns, int ncolumns);

}  // namespace pod_amplify::pg

// More operators, pinned to pg_catalog for the same reason as POD_EQ.
#define POD_GT " OPERATOR(pg_catalog.>) "
#define POD_LT " OPERATOR(pg_catalog.<) "
#define POD_LE " OPERATOR(pg_catalog.<=) "
#define POD_GE " OPERATOR(pg_catalog.>=) "
#define POD_PLUS " OPERATOR(pg_catalog.+) "
#define POD_MINUS " OPERATOR(pg_catalog.-) "
#define POD_CONCAT " OPERATOR(pg_catalog.||) "
// Where a new lease's time starts: the wall clock, not now() (the start of the
// transaction). A call that waited (a report part, a lock) must not hand out a
// lease that is already over, for the next claim to reap as "did not report".
#define POD_LEASE_FROM "pg_catalog.clock_timestamp()"
// The status words in engine SQL, spelled as pod_activities_status_check and
// core/activity_state.hpp (kPending, kSuccess, kFailed) spell them.
#define POD_PENDING "'pending'::pg_catalog.text"
#define POD_SUCCESS "'success'::pg_catalog.text"
#define POD_FAILED "'failed'::pg_catalog.text"
