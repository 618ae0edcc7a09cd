// What the engine's SQL functions share: argument checks, row look-ups as the
// table owner, results as rows, NOTIFY, and the backend-local flags the
// triggers read.
#pragma once

#include "pg/runtime/postgres_headers.hpp"
#include "pg/runtime/engine_context.hpp"
#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

// 25006 naming the function when the transaction is read-only (a hot standby,
// default_transaction_read_only): writers fail at once, with the reason.
void require_writable(const char *function);

// 25000 naming the function under REPEATABLE READ or SERIALIZABLE: a batch
// call that skips what other sessions hold decides each row against its latest
// committed state; under those levels one tenant's committed edit of a row the
// call meets fails the whole call (40001), every tenant's ids with it.
void require_read_committed(const char *function);

// 42501 when the session is subject to pod_activities' row-level security and
// has no identity: it could never see an activity, and would silently get none.
void require_visible_activities(const char *function);

// Whether row-level security on pod_activities applies to the caller: a
// tenant's session (or a worker serving one client), not the owner, a superuser
// or a BYPASSRLS operator.
bool tenant_session();

// 22004 "<function>: <argument> must not be NULL".
void require_arg(FunctionCallInfo fcinfo, int argno, const char *argument, const char *function);

// Raises P0002 (no such row) or 42501 (the row exists but belongs to another
// client) for a row the caller's row-level security hides or that is missing.
void raise_missing(const char *table, const char *what, const pg_uuid_t *id);

// The owner of the extension's tables (look-ups that must see every row run as it).
Oid tables_owner();

// Copies SPI result rows into the function's result set (SETOF a table's rows).
// The rows are mapped by column name: the table's row type keeps the slots of
// dropped columns (an operator's ADD then DROP COLUMN), which "a.*" leaves out.
void return_spi_rows(FunctionCallInfo fcinfo, SPITupleTable *rows, uint64 count);
void return_rows(FunctionCallInfo fcinfo, HeapTuple *rows, TupleDesc desc, uint64 count);
// One SPI result row as the function's composite result (SPI connected), mapped
// the same way.
HeapTupleHeader return_one_row(FunctionCallInfo fcinfo, HeapTuple row, TupleDesc desc);

// NOTIFY pod_amplify_activities with {"event": <event>} and nothing else.
void notify_activities(const char *event);

// Runs an SPI plan with an engine flag set that the triggers see
// (runtime/engine_context.hpp); an error clears it with the transaction.
int execute_with_flag(int flag, SPIPlanPtr plan, Datum *args, const char *nulls, long tcount);

// Microseconds of a non-negative finite interval (months not allowed); raises
// 22023 naming the argument otherwise, or when it exceeds max_seconds.
double interval_seconds(Interval *value, const char *argument, const char *function, double max_seconds);

// A uuid[] argument as a C array, raising 22004 on NULL elements and 22023 on
// more than max_items; *count gets its length.
pg_uuid_t *uuid_array_arg(ArrayType *array, const char *argument, const char *function, int max_items, int *count);
// A text[] argument (NULL elements allowed when allow_nulls).
char **text_array_arg(ArrayType *array, const char *argument, const char *function, bool allow_nulls, int *count);

Datum uuid_array_datum(const pg_uuid_t *values, int count);
Datum text_array_datum(char **values, int count);  // NULL pointers become NULL elements
Datum int4_array_datum(const int32 *values, int count);
Datum float8_array_datum(const double *values, int count);
Datum bool_array_datum(const bool *values, int count);

// uuid order is memcmp order (PostgreSQL's uuid_cmp): for sorting and
// binary searches of id arrays.
inline bool uuid_less(const pg_uuid_t &a, const pg_uuid_t &b)
{
    return memcmp(a.data, b.data, UUID_LEN) < 0;
}

// Runs a SELECT (saved in *plan) whose one parameter is ids[0..n) as uuid[] and
// whose first column is a uuid; returns those uuids in the query's order
// (palloc'd, *count of them). `what` names the query in its error.
pg_uuid_t *select_uuids(SPIPlanPtr *plan, const char *sql, const pg_uuid_t *ids, int n, int *count, const char *what);

}  // namespace pod_amplify::pg

namespace pod_amplify::pg {

// Expired leases count as failed attempts (retryable): up to `limit` of them are
// failed or re-queued (SPI connected). With `with_waiting` (schema 1.2), one a
// success waits for records it instead (waiting_successes.hpp). Returns how
// many were failed, re-queued or recorded.
int reap_expired_leases(int limit, bool with_waiting);

}  // namespace pod_amplify::pg

namespace pod_amplify::pg {

// Matches the ids a batch call asked for against the rows it locked (which come
// in id order): raises P0002/42501 for the first id not found and, unless
// duplicates are allowed, 22023 for an id named twice. Returns, for each locked
// row, the position of its id in the request. O(n log n).
int *match_requested_ids(const pg_uuid_t *requested, int n, const pg_uuid_t *locked, int nlocked,
                         bool allow_duplicates, const char *function);

}  // namespace pod_amplify::pg
