// What every pod_amplify row trigger shares.
#pragma once

#include "postgres_headers.hpp"
#include "spi_support.hpp"

#include <string>

namespace pod_amplify::pg {

// The row a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger is about to write;
// raises if the function was fired any other way.
HeapTuple new_row_of_before_trigger(FunctionCallInfo fcinfo, const char *function_name);

// True when the session writing `rel` is subject to its row-level security.
bool caller_is_row_restricted(Relation rel);

std::string uuid_text(const MaybeUuid &id);  // "" when absent

// SQL text helpers so saved plans never resolve an operator through search_path.
#define POD_EQ " OPERATOR(pg_catalog.=) "
#define POD_NE " OPERATOR(pg_catalog.<>) "

}  // namespace pod_amplify::pg
