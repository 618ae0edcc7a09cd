#include "pg/triggers/engine_columns.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/engine_context.hpp"

#include "core/engine_columns.hpp"

namespace pod_amplify::pg {

namespace {

// id too: workers and reports name activities by it.
const char *const kEngineColumns[] = {"id", "lease_owner", "lease_expires_at", "attempt_number", "max_attempts",
                                      "error_history", "origin", "executed_at"};

bool outside_engine_and_restricted(Relation rel)
{
    return !engine_flag(FLAG_ENGINE) && caller_is_row_restricted(rel);
}

const char *text_or(HeapTuple row, TupleDesc desc, const char *column, const char *otherwise)
{
    const Fact f = tuple_fact(row, desc, column_number(desc, column));
    return f.present ? f.text : otherwise;
}

long int_or(HeapTuple row, TupleDesc desc, const char *column, long otherwise)
{
    bool isnull;
    const Datum d = heap_getattr(row, column_number(desc, column), desc, &isnull);
    return isnull ? otherwise : DatumGetInt32(d);
}

bool is_null(HeapTuple row, TupleDesc desc, const char *column)
{
    return heap_attisnull(row, column_number(desc, column), desc);
}

// Pure C++ frames: the core decides.
void judge_insert(const char *id, const char *status, bool lease_set, long attempt, long max, bool history_empty,
                  const char *origin, bool executed_at_set)
{
    core::EngineColumnsInsert r;
    r.activity_id = id;
    r.status = status;
    r.lease_set = lease_set;
    r.attempt_number = attempt;
    r.max_attempts = max;
    r.history_empty = history_empty;
    r.origin = origin;
    r.executed_at_set = executed_at_set;
    core::check_tenant_insert(r);
}

void judge_update(const char *id, const char *const *changed, int nchanged, const char *old_status,
                  const char *new_status, bool old_lease_live)
{
    core::EngineColumnsUpdate r;
    r.activity_id = id;
    r.changed.assign(changed, changed + nchanged);
    r.old_status = old_status;
    r.new_status = new_status;
    r.old_lease_live = old_lease_live;
    core::check_tenant_update(r);
}

char *id_text(HeapTuple row, TupleDesc desc)
{
    const Fact id = tuple_fact(row, desc, column_number(desc, "id"));
    return id.present ? palloc_copy(uuid_text(id)) : pstrdup("");
}

}  // namespace

void guard_engine_columns_on_insert(Relation rel, HeapTuple row)
{
    if (!outside_engine_and_restricted(rel))
        return;
    TupleDesc desc = RelationGetDescr(rel);
    bool history_empty = true;
    bool isnull;
    const Datum history = heap_getattr(row, column_number(desc, "error_history"), desc, &isnull);
    if (!isnull) {
        Jsonb *j = DatumGetJsonbP(history);
        history_empty = JB_ROOT_IS_ARRAY(j) && JB_ROOT_COUNT(j) == 0;
    }
    judge_insert(id_text(row, desc), text_or(row, desc, "status", ""),
                 !is_null(row, desc, "lease_owner") || !is_null(row, desc, "lease_expires_at"),
                 int_or(row, desc, "attempt_number", 1), int_or(row, desc, "max_attempts", 1), history_empty,
                 text_or(row, desc, "origin", "insert"), !is_null(row, desc, "executed_at"));
}

void guard_engine_columns_on_update(TriggerData *td)
{
    if (!outside_engine_and_restricted(td->tg_relation))
        return;
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    const char *changed[sizeof kEngineColumns / sizeof kEngineColumns[0]];
    int nchanged = 0;
    for (const char *column : kEngineColumns)
        if (column_changed(td, column_number(desc, column)))
            changed[nchanged++] = column;
    const char *old_status = text_or(td->tg_trigtuple, desc, "status", "");
    const char *new_status = text_or(td->tg_newtuple, desc, "status", "");
    bool isnull;
    const Datum expires = heap_getattr(td->tg_trigtuple, column_number(desc, "lease_expires_at"), desc, &isnull);
    const bool live = !isnull && DatumGetTimestampTz(expires) > GetCurrentTransactionStartTimestamp();
    if (nchanged == 0 && !(live && strcmp(old_status, new_status) != 0))
        return;
    judge_update(id_text(td->tg_newtuple, desc), changed, nchanged, old_status, new_status, live);
}

}  // namespace pod_amplify::pg
