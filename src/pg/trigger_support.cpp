#include "trigger_support.hpp"

#include "../core/uuid_text.hpp"

#include <cstring>

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

std::string uuid_text(const MaybeUuid &id)
{
    if (!id.present)
        return {};
    core::UuidBytes bytes;
    std::memcpy(bytes.data(), id.value.data, bytes.size());
    return core::format_uuid(bytes);
}

}  // namespace pod_amplify::pg
