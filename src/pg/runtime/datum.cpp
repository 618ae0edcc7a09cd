#include "pg/runtime/datum.hpp"

#include "core/utf8_text.hpp"
#include "core/uuid_text.hpp"

#include <cstring>
#include <new>

namespace pod_amplify::pg {

HeapTuple new_row_of_before_trigger(FunctionCallInfo fcinfo, const char *function_name)
{
    if (!CALLED_AS_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("%s must be called as a trigger", function_name)));
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (!TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("%s must be fired BEFORE ... FOR EACH ROW", function_name)));
    if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
        return td->tg_trigtuple;
    if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
        return td->tg_newtuple;
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("%s must be fired on INSERT or UPDATE", function_name)));
    return nullptr;
}

bool caller_is_row_restricted(Relation rel)
{
    return check_enable_rls(RelationGetRelid(rel), InvalidOid, true) == RLS_ENABLED;
}

bool bulk_load_session()
{
    return !row_security;
}

std::string uuid_text(const MaybeUuid &id)
{
    if (!id.present)
        return {};
    core::UuidBytes bytes;
    std::memcpy(bytes.data(), id.uuid.data, bytes.size());
    return core::format_uuid(bytes);
}

}  // namespace pod_amplify::pg

namespace pod_amplify::pg {

bool column_changed(TriggerData *td, int attnum)
{
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
    bool old_null, new_null;
    Datum old_value = heap_getattr(td->tg_trigtuple, attnum, desc, &old_null);
    Datum new_value = heap_getattr(td->tg_newtuple, attnum, desc, &new_null);
    if (old_null || new_null)
        return old_null != new_null;
    return !datumIsEqual(old_value, new_value, att->attbyval, att->attlen);
}

char *palloc_copy(const std::string &value)
{
    auto *copy = static_cast<char *>(palloc_extended(value.size() + 1, MCXT_ALLOC_NO_OOM));
    if (copy == nullptr)
        throw std::bad_alloc();
    std::memcpy(copy, value.c_str(), value.size() + 1);
    return copy;
}

char *shown_value(const char *value)
{
    return palloc_copy(core::display_value(value ? value : ""));
}

bool uuid_from_text(const std::string &text, pg_uuid_t *out)
{
    const auto parsed = core::parse_uuid(text);
    if (!parsed)
        return false;
    std::memcpy(out->data, parsed->data(), UUID_LEN);
    return true;
}

HeapTuple with_columns(HeapTuple tuple, TupleDesc desc, const ColumnValue *columns, int ncolumns)
{
    int *attnums = static_cast<int *>(palloc(sizeof(int) * ncolumns));
    Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * ncolumns));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * ncolumns));
    for (int i = 0; i < ncolumns; i++) {
        attnums[i] = columns[i].attnum;
        nulls[i] = !columns[i].present;
        if (!columns[i].present)
            values[i] = (Datum) 0;
        else if (columns[i].is_uuid) {
            auto *u = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t)));
            *u = columns[i].uuid;
            values[i] = UUIDPGetDatum(u);
        } else
            values[i] = CStringGetTextDatum(columns[i].text);
    }
    return heap_modify_tuple_by_cols(tuple, desc, ncolumns, attnums, values, nulls);
}

}  // namespace pod_amplify::pg
