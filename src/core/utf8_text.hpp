// UTF-8 helpers for values that end up in error messages: PostgreSQL rejects a
// message cut in the middle of a character, so values are shortened on a code
// point boundary.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pod_amplify::core {

// True when every byte sequence is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text) noexcept;

// The value quoted for a message: at most max_chars code points, control
// characters replaced by '?', "..." appended when shortened. Invalid UTF-8
// bytes are shown as '?', so the result is always valid UTF-8.
std::string display_value(std::string_view text, std::size_t max_chars = 80);

}  // namespace pod_amplify::core
