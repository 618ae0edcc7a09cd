// The "sub" claim of a JWT claims object (PostgREST's request.jwt.claims), read
// without recursion: whatever the claims text (size, depth, types, garbage),
// the answer is a uuid or nothing, never an error, and never a stack overflow.
#pragma once

#include "uuid_text.hpp"

#include <optional>
#include <string_view>

namespace pod_amplify::core {

// The uuid held by the top-level "sub" key of a JSON object. Like PostgreSQL's
// json processing functions, the last "sub" wins; keys are compared after
// unescaping ("\u0073ub" is "sub"). nullopt when the text is not valid JSON
// (RFC 8259), is not an object, has no top-level "sub", or its "sub" is not a
// string holding a uuid that uuid_in accepts.
std::optional<UuidBytes> sub_claim(std::string_view json) noexcept;

}  // namespace pod_amplify::core
