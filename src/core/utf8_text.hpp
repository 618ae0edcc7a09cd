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

// Code points that render as nothing or reorder what surrounds them: controls
// (C0, C1), format characters (zero-width, soft hyphen, bidirectional marks,
// embeddings, overrides and isolates, BOM, tags), spaces and separators,
// variation selectors, fillers, private use, noncharacters and specials.
// A name holding one can look like another name (spoofing) or hide text.
bool is_invisible_or_control(char32_t cp) noexcept;

// Decodes one well-formed UTF-8 sequence at text[i]; 0 length when malformed.
struct DecodedChar {
    char32_t cp;
    std::size_t length;
};
DecodedChar decode_utf8(std::string_view text, std::size_t i) noexcept;

// The value quoted for a message: at most max_chars code points, control
// characters replaced by '?', "..." appended when shortened. Invalid UTF-8
// bytes are shown as '?', so the result is always valid UTF-8.
std::string display_value(std::string_view text, std::size_t max_chars = 80);

}  // namespace pod_amplify::core
