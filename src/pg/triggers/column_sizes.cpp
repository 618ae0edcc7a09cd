#include "pg/triggers/column_sizes.hpp"

#include "pg/runtime/datum.hpp"
#include "pg/runtime/spi.hpp"

extern "C" {
#include "access/detoast.h"
#include "utils/rel.h"
}

namespace pod_amplify::pg {

void refuse_oversized_columns(TriggerData *td, HeapTuple new_tuple, const ColumnLimit *limits, int n)
{
    TupleDesc desc = RelationGetDescr(td->tg_relation);
    const bool insert = TRIGGER_FIRED_BY_INSERT(td->tg_event);
    for (int i = 0; i < n; i++) {
        const int attnum = column_number(desc, limits[i].column);
        bool isnull;
        const Datum value = heap_getattr(new_tuple, attnum, desc, &isnull);
        if (isnull || (!insert && !column_changed(td, attnum)))
            continue;
        const Size bytes = toast_raw_datum_size(value) - VARHDRSZ;
        if (bytes > limits[i].max_bytes)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("size rule: %s.%s is %zu bytes, at most %zu", RelationGetRelationName(td->tg_relation),
                                   limits[i].column, static_cast<size_t>(bytes), limits[i].max_bytes),
                            errhint("Workers read this column with every claim; keep large data elsewhere.")));
    }
}

}  // namespace pod_amplify::pg
