#include "pg/runtime/spi.hpp"

#include "pg/runtime/engine_context.hpp"

#include <cstring>

namespace pod_amplify::pg {

void connect_spi()
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "pod_amplify: SPI_connect failed");
}

SPIPlanPtr saved_plan(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, int extra_options)
{
    if (*slot != nullptr)
        return *slot;
    // Generic plans: otherwise the plan cache may re-plan a parameterised
    // statement on every call, which costs more than running it.
    SPIPlanPtr plan = SPI_prepare_cursor(sql, nargs, const_cast<Oid *>(argtypes), CURSOR_OPT_GENERIC_PLAN | extra_options);
    if (plan == nullptr)
        elog(ERROR, "pod_amplify: SPI_prepare failed (%s) for: %s", SPI_result_code_string(SPI_result), sql);
    if (SPI_keepplan(plan) != 0)
        elog(ERROR, "pod_amplify: SPI_keepplan failed");
    *slot = plan;
    return plan;
}

int begin_engine_spi()
{
    const int level = enter_engine(FLAG_ENGINE);
    connect_spi();
    return level;
}

void end_engine_spi(int scope)
{
    SPI_finish();
    leave_engine(scope);
}

SavedUser become_user(Oid role)
{
    SavedUser saved;
    GetUserIdAndSecContext(&saved.user_id, &saved.sec_context);
    SetUserIdAndSecContext(role, saved.sec_context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
    saved.guc_level = enter_engine(0);  // pins search_path
    return saved;
}

void restore_user(SavedUser saved)
{
    leave_engine(saved.guc_level);
    SetUserIdAndSecContext(saved.user_id, saved.sec_context);
}

bool tuple_uuid(HeapTuple tuple, TupleDesc desc, int attnum, pg_uuid_t *out)
{
    bool isnull = true;
    Datum value = heap_getattr(tuple, attnum, desc, &isnull);
    if (isnull)
        return false;
    std::memcpy(out, DatumGetUUIDP(value), sizeof(pg_uuid_t));
    return true;
}

int column_number(TupleDesc desc, const char *name)
{
    for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (!att->attisdropped && std::strcmp(NameStr(att->attname), name) == 0)
            return i + 1;
    }
    elog(ERROR, "pod_amplify: column \"%s\" not found", name);
    return 0;
}

}  // namespace pod_amplify::pg


namespace pod_amplify::pg {

Fact tuple_fact(HeapTuple tuple, TupleDesc desc, int attnum)
{
    Fact f;
    f.present = false;
    f.text = nullptr;
    bool isnull = true;
    Datum value = heap_getattr(tuple, attnum, desc, &isnull);
    if (isnull)
        return f;
    f.present = true;
    if (TupleDescAttr(desc, attnum - 1)->atttypid == UUIDOID)
        std::memcpy(&f.uuid, DatumGetUUIDP(value), sizeof(pg_uuid_t));
    else
        f.text = TextDatumGetCString(value);
    return f;
}

namespace {

void run_lookup(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args, const char *nulls,
                Oid run_as, Fact *out, int ncols, bool read_only)
{
    MemoryContext caller_context = CurrentMemoryContext;
    connect_spi();
    SavedUser saved = become_user(run_as);  // prepared and run in the same context
    SPIPlanPtr plan = saved_plan(slot, sql, nargs, argtypes);
    int rc = SPI_execute_plan(plan, args, nulls, read_only, 1);
    restore_user(saved);
    if (rc != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "pod_amplify: look-up returned %d rows (rc %d)", (int) SPI_processed, rc);
    // Text must outlive SPI_finish: read it in the caller's memory context.
    MemoryContext spi_context = MemoryContextSwitchTo(caller_context);
    for (int i = 0; i < ncols; i++)
        out[i] = tuple_fact(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1);
    MemoryContextSwitchTo(spi_context);
    SPI_finish();
}

}  // namespace

// Read-only: the statement's own snapshot, and no command counter increment.
void lookup_facts(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args,
                  const char *nulls, Oid run_as, Fact *out, int ncols)
{
    run_lookup(slot, sql, nargs, argtypes, args, nulls, run_as, out, ncols, true);
}

void lookup_locked_facts(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args,
                         const char *nulls, Oid run_as, Fact *out, int ncols)
{
    run_lookup(slot, sql, nargs, argtypes, args, nulls, run_as, out, ncols, false);
}

int execute_latest(SPIPlanPtr plan, Datum *args, const char *nulls, long tcount)
{
    // Not read-only: SPI copies the snapshot and advances its command id, so the
    // statement also sees what this transaction wrote up to now.
    return SPI_execute_snapshot(plan, args, nulls, GetLatestSnapshot(), InvalidSnapshot, false, true, tcount);
}

}  // namespace pod_amplify::pg
