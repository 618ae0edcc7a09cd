// Size limits on text a tenant writes and a worker's call later reads with the
// row (claims return whole activities; the reference worker joins the post's
// URL): one tenant's hundreds of megabytes there made every worker's call run
// past its statement timeout, for every tenant, on every call.
#pragma once

extern "C" {
#include "postgres.h"
#include "access/htup.h"
#include "commands/trigger.h"
}

#include <cstddef>

namespace pod_amplify::pg {

struct ColumnLimit {
    const char *column;
    std::size_t max_bytes;
};

// In a BEFORE INSERT OR UPDATE row trigger: refuses (22023) a value of a listed
// column that the statement writes (any, on INSERT; a changed one, on UPDATE)
// longer than its limit. Judged by size, without detoasting the value.
void refuse_oversized_columns(TriggerData *td, HeapTuple new_tuple, const ColumnLimit *limits, int n);

}  // namespace pod_amplify::pg
