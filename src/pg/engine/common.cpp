#include "pg/engine/common.hpp"

#include "pg/runtime/datum.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {
SPIPlanPtr exists_plans[2] = {nullptr, nullptr};
}  // namespace

void require_writable(const char *function)
{
    if (!XactReadOnly)
        return;
    ereport(ERROR, (errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
                    errmsg("%s: cannot write in a read-only transaction", function),
                    RecoveryInProgress()
                        ? errdetail("This server is a hot standby: it replays the primary's changes and accepts no writes.")
                        : errdetail("The transaction is read-only (SET TRANSACTION READ ONLY or default_transaction_read_only)."),
                    errhint("Connect to the primary, e.g. with target_session_attrs=read-write in the connection string.")));
}

void require_read_committed(const char *function)
{
    if (!IsolationUsesXactSnapshot())
        return;
    ereport(ERROR, (errcode(ERRCODE_INVALID_TRANSACTION_STATE),
                    errmsg("%s must run under READ COMMITTED, not %s", function,
                           IsolationIsSerializable() ? "SERIALIZABLE" : "REPEATABLE READ"),
                    errdetail("Each id is decided against its row's latest committed state; under this level a "
                              "concurrent edit of one row the call meets would fail the whole batch (40001)."),
                    errhint("Run the worker's sessions at the default isolation level (check "
                            "default_transaction_isolation of its role and database).")));
}

bool tenant_session()
{
    const Oid relid = get_relname_relid("pod_activities", get_namespace_oid("pod_amplify", false));
    return check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED;
}

void require_visible_activities(const char *function)
{
    if (!tenant_session())
        return;
    pg_uuid_t user;
    if (current_user_uuid(&user))
        return;
    ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                    errmsg("%s: this session is subject to row-level security on pod_activities and has no "
                           "pod_amplify identity, so it would never see an activity", function),
                    errhint("Run workers as a role with BYPASSRLS, or set the acting user (request.jwt.claims or "
                            "pod_amplify.user_id) for a worker that serves one client.")));
}

void require_arg(FunctionCallInfo fcinfo, int argno, const char *argument, const char *function)
{
    if (PG_ARGISNULL(argno))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s: %s must not be NULL", function, argument)));
}

Oid tables_owner()
{
    Oid relid = get_relname_relid("pod_activities", get_namespace_oid("pod_amplify", false));
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tuple))
        elog(ERROR, "pod_amplify: pod_activities not found");
    Oid owner = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relowner;
    ReleaseSysCache(tuple);
    return owner;
}

void raise_missing(const char *table, const char *what, const pg_uuid_t *id)
{
    const bool is_post = std::strcmp(table, "posts") == 0;
    const char *sql = is_post ? "SELECT 1 FROM pod_amplify.posts WHERE id" POD_EQ "$1"
                              : "SELECT 1 FROM pod_amplify.pod_activities WHERE id" POD_EQ "$1";
    Oid types[1] = {UUIDOID};
    Datum args[1] = {UUIDPGetDatum(const_cast<pg_uuid_t *>(id))};
    connect_spi();
    SavedUser saved = become_user(tables_owner());
    SPIPlanPtr plan = saved_plan(&exists_plans[is_post ? 1 : 0], sql, 1, types);
    int rc = SPI_execute_plan(plan, args, nullptr, true, 1);
    restore_user(saved);
    const bool exists = rc == SPI_OK_SELECT && SPI_processed > 0;
    SPI_finish();
    char *text = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(const_cast<pg_uuid_t *>(id))));
    if (exists)
        ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                        errmsg("tenancy rule: %s %s belongs to another client", what, text)));
    ereport(ERROR, (errcode(ERRCODE_NO_DATA_FOUND), errmsg("no such %s: %s", what, text)));
}

void return_rows(FunctionCallInfo fcinfo, HeapTuple *rows, TupleDesc desc, uint64 count)
{
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    // NULL when the layouts already agree (no dropped column): rows go as they are.
    TupleConversionMap *map = convert_tuples_by_name(desc, rsinfo->setDesc);
    for (uint64 i = 0; i < count; i++) {
        if (map == nullptr) {
            tuplestore_puttuple(rsinfo->setResult, rows[i]);
            continue;
        }
        HeapTuple converted = execute_attr_map_tuple(rows[i], map);
        tuplestore_puttuple(rsinfo->setResult, converted);
        heap_freetuple(converted);
    }
}

void return_spi_rows(FunctionCallInfo fcinfo, SPITupleTable *rows, uint64 count)
{
    return_rows(fcinfo, rows->vals, rows->tupdesc, count);
}

HeapTupleHeader return_one_row(FunctionCallInfo fcinfo, HeapTuple row, TupleDesc desc)
{
    TupleDesc result_desc;
    if (get_call_result_type(fcinfo, nullptr, &result_desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "pod_amplify: function returning a row called in a context that cannot accept one");
    TupleConversionMap *map = convert_tuples_by_name(desc, result_desc);
    if (map == nullptr)
        return SPI_returntuple(row, desc);
    return SPI_returntuple(execute_attr_map_tuple(row, map), result_desc);
}

void notify_activities(const char *event)
{
    // Any role may LISTEN: the payload says only that there is work, never
    // whose (no post, activity or client id, no count, no time).
    Async_Notify("pod_amplify_activities", psprintf("{\"event\": \"%s\"}", event));
}

int execute_with_flag(int flag, SPIPlanPtr plan, Datum *args, const char *nulls, long tcount)
{
    const int level = enter_engine(flag);  // an error pops it with the (sub)transaction
    const int rc = SPI_execute_plan(plan, args, nulls, false, tcount);
    leave_engine(level);
    return rc;
}

double interval_seconds(Interval *value, const char *argument, const char *function, double max_seconds)
{
    if (value->month != 0)  // months have no fixed length
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s must be a finite interval of days, hours, minutes or seconds", function, argument)));
    const double seconds = (static_cast<double>(value->day) * 86400.0) + static_cast<double>(value->time) / 1e6;
    if (seconds <= 0 || seconds > max_seconds)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s must be more than 0 and at most %g seconds, not %.15g", function, argument,
                               max_seconds, seconds)));
    return seconds;
}

pg_uuid_t *uuid_array_arg(ArrayType *array, const char *argument, const char *function, int max_items, int *count)
{
    Datum *items;
    bool *nulls;
    if (ARR_NDIM(array) > 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: %s must be one-dimensional", function, argument)));
    deconstruct_array(array, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR, &items, &nulls, count);
    if (*count > max_items)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s holds %d ids, more than %d", function, argument, *count, max_items)));
    auto *out = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (*count > 0 ? *count : 1)));
    for (int i = 0; i < *count; i++) {
        if (nulls[i])
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: %s must not hold NULL (element %d)", function, argument, i + 1)));
        std::memcpy(&out[i], DatumGetUUIDP(items[i]), sizeof(pg_uuid_t));
    }
    return out;
}

char **text_array_arg(ArrayType *array, const char *argument, const char *function, bool allow_nulls, int *count)
{
    Datum *items;
    bool *nulls;
    if (ARR_NDIM(array) > 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: %s must be one-dimensional", function, argument)));
    deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, count);
    auto **out = static_cast<char **>(palloc(sizeof(char *) * (*count > 0 ? *count : 1)));
    for (int i = 0; i < *count; i++) {
        if (nulls[i] && !allow_nulls)
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: %s must not hold NULL (element %d)", function, argument, i + 1)));
        out[i] = nulls[i] ? nullptr : TextDatumGetCString(items[i]);
    }
    return out;
}

pg_uuid_t *select_uuids(SPIPlanPtr *plan, const char *sql, const pg_uuid_t *ids, int n, int *count, const char *what)
{
    Datum ids_datum = uuid_array_datum(ids, n);
    Oid uuid_array = UUIDARRAYOID;
    saved_plan(plan, sql, 1, &uuid_array);
    if (SPI_execute_plan(*plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: %s failed", what);
    *count = static_cast<int>(SPI_processed);
    auto *out = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (*count > 0 ? *count : 1)));
    for (int j = 0; j < *count; j++)
        tuple_uuid(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 1, &out[j]);
    return out;
}

Datum uuid_array_datum(const pg_uuid_t *values, int count)
{
    Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
    for (int i = 0; i < count; i++)
        items[i] = UUIDPGetDatum(const_cast<pg_uuid_t *>(&values[i]));
    return PointerGetDatum(construct_array(items, count, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR));
}

Datum text_array_datum(char **values, int count)
{
    Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * (count > 0 ? count : 1)));
    for (int i = 0; i < count; i++) {
        nulls[i] = values[i] == nullptr;
        items[i] = nulls[i] ? (Datum) 0 : CStringGetTextDatum(values[i]);
    }
    int dims[1] = {count};
    int lbs[1] = {1};
    return PointerGetDatum(construct_md_array(items, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum int4_array_datum(const int32 *values, int count)
{
    Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
    for (int i = 0; i < count; i++)
        items[i] = Int32GetDatum(values[i]);
    return PointerGetDatum(construct_array(items, count, INT4OID, 4, true, TYPALIGN_INT));
}

Datum float8_array_datum(const double *values, int count)
{
    Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
    for (int i = 0; i < count; i++)
        items[i] = Float8GetDatum(values[i]);
    return PointerGetDatum(construct_array(items, count, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum bool_array_datum(const bool *values, int count)
{
    Datum *items = static_cast<Datum *>(palloc(sizeof(Datum) * (count > 0 ? count : 1)));
    for (int i = 0; i < count; i++)
        items[i] = BoolGetDatum(values[i]);
    return PointerGetDatum(construct_array(items, count, BOOLOID, 1, true, TYPALIGN_CHAR));
}

}  // namespace pod_amplify::pg

#include <algorithm>

namespace pod_amplify::pg {

int *match_requested_ids(const pg_uuid_t *requested, int n, const pg_uuid_t *locked, int nlocked,
                         bool allow_duplicates, const char *function)
{
    const auto less = [](const pg_uuid_t &a, const pg_uuid_t &b) { return std::memcmp(a.data, b.data, UUID_LEN) < 0; };
    int *order = static_cast<int *>(palloc(sizeof(int) * (n > 0 ? n : 1)));
    for (int i = 0; i < n; i++)
        order[i] = i;
    // Ties keep request order, so a duplicate is reported at its second place.
    std::stable_sort(order, order + n, [&](int a, int b) { return less(requested[a], requested[b]); });
    int *position = static_cast<int *>(palloc(sizeof(int) * (nlocked > 0 ? nlocked : 1)));
    int j = 0;
    for (int k = 0; k < n; k++) {
        const pg_uuid_t &id = requested[order[k]];
        if (k > 0 && std::memcmp(id.data, requested[order[k - 1]].data, UUID_LEN) == 0) {
            if (!allow_duplicates)
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("%s: p_ids names an activity twice (elements %d and %d)", function,
                                       std::min(order[k - 1], order[k]) + 1, std::max(order[k - 1], order[k]) + 1)));
            continue;
        }
        while (j < nlocked && less(locked[j], id))
            j++;
        if (j >= nlocked || std::memcmp(locked[j].data, id.data, UUID_LEN) != 0)
            raise_missing("pod_activities", "activity", &id);
        position[j] = order[k];
    }
    return position;
}

}  // namespace pod_amplify::pg
