// The engine-owned columns of pod_activities (core/engine_columns.hpp), read
// from a trigger's rows. No-ops for sessions row-level security does not
// restrict and inside pod_amplify's own functions.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

void guard_engine_columns_on_insert(Relation rel, HeapTuple row);
void guard_engine_columns_on_update(TriggerData *td);

}  // namespace pod_amplify::pg
