// The activity state machine, for every writer: BEFORE UPDATE ON pod_activities.
// The table of transitions is src/core/activity_state.cpp.
#include "pg/runtime/boundary.hpp"
#include "pg/engine/common.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/triggers/engine_columns.hpp"

#include "core/activity_state.hpp"

namespace {

struct StateRow {
    char *status;
    int32 attempt, max_attempts;
};

StateRow read_state(HeapTuple tuple, TupleDesc desc, int c_status, int c_attempt, int c_max)
{
    StateRow r;
    bool isnull;
    Datum status = heap_getattr(tuple, c_status, desc, &isnull);
    r.status = isnull ? nullptr : TextDatumGetCString(status);
    Datum attempt = heap_getattr(tuple, c_attempt, desc, &isnull);
    r.attempt = isnull ? 0 : DatumGetInt32(attempt);
    Datum max = heap_getattr(tuple, c_max, desc, &isnull);
    r.max_attempts = isnull ? 0 : DatumGetInt32(max);
    return r;
}

void judge(const pg_uuid_t &id, const StateRow &old_row, const StateRow &new_row, bool by_retry, bool by_late_success)
{
    pod_amplify::core::StateChange c;
    c.activity_id = pod_amplify::pg::uuid_text(pod_amplify::pg::Fact{true, id, nullptr});
    c.old_status = old_row.status ? old_row.status : "";
    c.new_status = new_row.status ? new_row.status : "";
    c.old_attempt = old_row.attempt;
    c.new_attempt = new_row.attempt;
    c.old_max = old_row.max_attempts;
    c.new_max = new_row.max_attempts;
    c.by_retry_activity = by_retry;
    c.by_late_success = by_late_success;
    pod_amplify::core::check_state_change(c);
}

}  // namespace

POD_AMPLIFY_FUNCTION(pod_amplify_enforce_activity_state)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_enforce_activity_state");
    auto *td = reinterpret_cast<TriggerData *>(fcinfo->context);
    if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
        return PointerGetDatum(tuple);
    guard_engine_columns_on_update(td);
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    const int c_status = column_number(desc, "status"), c_attempt = column_number(desc, "attempt_number"),
              c_max = column_number(desc, "max_attempts");
    if (!column_changed(td, c_status) && !column_changed(td, c_attempt) && !column_changed(td, c_max))
        return PointerGetDatum(tuple);
    const StateRow old_row = read_state(td->tg_trigtuple, desc, c_status, c_attempt, c_max);
    const StateRow new_row = read_state(tuple, desc, c_status, c_attempt, c_max);
    Fact id = tuple_fact(tuple, desc, column_number(desc, "id"));
    judge(id.uuid, old_row, new_row, engine_flag(FLAG_RETRY_ACTIVITY), engine_flag(FLAG_LATE_SUCCESS));
    return PointerGetDatum(tuple);
}
