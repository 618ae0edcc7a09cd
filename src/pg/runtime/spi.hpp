// SPI helpers: plans prepared once per backend, and running a lookup as the
// table owner so validation sees every row whatever the caller's row-level security.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// A looked-up or read value that may be SQL NULL, as plain data: uuid columns
// fill `uuid`, text columns `text` (palloc'd in the caller's memory context).
struct Fact {
    bool present;
    pg_uuid_t uuid;
    const char *text;
};
using MaybeUuid = Fact;

// SPI_connect, raising if it fails.
void connect_spi();

// Prepares sql once per backend as a generic plan and keeps it in *slot (SPI
// must be connected). PostgreSQL's plan cache re-plans it by itself after DDL.
SPIPlanPtr saved_plan(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, int extra_options = 0);
// For "the first n rows in index order" queries (claims, reaping): planned for a
// fast start, so even without statistics the planner reads the index in order
// instead of sorting every due row.
inline constexpr int kFastStart = CURSOR_OPT_FAST_PLAN;

// Rule checks that another session's committed write can break run against the
// latest committed state (plus the transaction's own changes), in every
// isolation level: under REPEATABLE READ the transaction's snapshot would miss
// a row committed after it began by the session a lock just waited for.
// PostgreSQL's own foreign-key checks do the same.
int execute_latest(SPIPlanPtr plan, Datum *args, const char *nulls, long tcount);

// Statements that must see every row (rule look-ups, existence checks) run as
// the tables' owner, the way PostgreSQL runs index builds and amcheck: as a
// SECURITY_RESTRICTED_OPERATION (no temp objects, no SET ROLE, no deferred
// triggers of the caller's) with search_path pinned to pg_catalog, pg_temp, so
// nothing the caller defined can run with the owner's rights. Transaction and
// subtransaction abort undo both on error.
struct SavedUser {
    Oid user_id;
    int sec_context;
    int guc_level;
};
SavedUser become_user(Oid role);
void restore_user(SavedUser saved);

// The engine's own statements run as the caller (row-level security decides
// what a tenant's call touches) but with search_path pinned the same way, so a
// caller's search_path can neither redirect them nor make the plan cache
// re-plan them, and with FLAG_ENGINE set (runtime/engine_context.hpp).
// begin_engine_spi() connects SPI; end_engine_spi() finishes it and restores.
int begin_engine_spi();
void end_engine_spi(int scope);

// The session's user (from identity.cpp); false when none is set.
bool current_user_uuid(pg_uuid_t *out);

// Reads a uuid column of a tuple; false when NULL.
bool tuple_uuid(HeapTuple tuple, TupleDesc desc, int attnum, pg_uuid_t *out);
// The attribute number of a column, raising if the table lacks it.
int column_number(TupleDesc desc, const char *name);

}  // namespace pod_amplify::pg

namespace pod_amplify::pg {

// Runs a one-row, read-only look-up as `run_as` (the table owner, so row-level
// security does not hide rows a rule must see) against the statement's snapshot,
// and copies its uuid and text columns into out[0..ncols). The plan is prepared
// once per backend into *slot.
void lookup_facts(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args,
                  const char *nulls, Oid run_as, Fact *out, int ncols);

// The same for a look-up that locks the rows it reads (FOR KEY SHARE): it runs
// with a fresh snapshot, after the locks, so it reads what a concurrent change
// of those rows committed, and that change cannot commit under it.
void lookup_locked_facts(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args,
                         const char *nulls, Oid run_as, Fact *out, int ncols);

// Reads a uuid or text column of a tuple into a Fact.
Fact tuple_fact(HeapTuple tuple, TupleDesc desc, int attnum);

// The Datum of a Fact's uuid for an SPI argument, and its null flag.
inline Datum fact_datum(const Fact &f) { return f.present ? UUIDPGetDatum(const_cast<pg_uuid_t *>(&f.uuid)) : (Datum) 0; }
inline char fact_null(const Fact &f) { return f.present ? ' ' : 'n'; }

}  // namespace pod_amplify::pg
