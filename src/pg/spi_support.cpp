#include "spi_support.hpp"

#include <cstring>

namespace pod_amplify::pg {

SPIPlanPtr saved_plan(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes)
{
    if (*slot != nullptr)
        return *slot;
    SPIPlanPtr plan = SPI_prepare(sql, nargs, const_cast<Oid *>(argtypes));
    if (plan == nullptr)
        elog(ERROR, "pod_amplify: SPI_prepare failed (%s) for: %s", SPI_result_code_string(SPI_result), sql);
    if (SPI_keepplan(plan) != 0)
        elog(ERROR, "pod_amplify: SPI_keepplan failed");
    *slot = plan;
    return plan;
}

SavedUser become_user(Oid role)
{
    SavedUser saved;
    GetUserIdAndSecContext(&saved.user_id, &saved.sec_context);
    SetUserIdAndSecContext(role, saved.sec_context | SECURITY_LOCAL_USERID_CHANGE);
    return saved;
}

void restore_user(SavedUser saved)
{
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

void lookup_uuids(SPIPlanPtr *slot, const char *sql, int nargs, const Oid *argtypes, Datum *args,
                  const char *nulls, Oid run_as, MaybeUuid *out, int ncols)
{
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "pod_amplify: SPI_connect failed");
    SPIPlanPtr plan = saved_plan(slot, sql, nargs, argtypes);
    SavedUser saved = become_user(run_as);
    int rc = SPI_execute_plan(plan, args, nulls, false, 1);
    restore_user(saved);
    if (rc != SPI_OK_SELECT || SPI_processed != 1)
        elog(ERROR, "pod_amplify: look-up returned %d rows (rc %d)", (int) SPI_processed, rc);
    for (int i = 0; i < ncols; i++)
        out[i].present = tuple_uuid(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1, &out[i].value);
    SPI_finish();
}

}  // namespace pod_amplify::pg
