// Text helpers shared by the worker's files: JSON strings, PostgreSQL array
// literals, and making an untrusted HTTP body fit to store in an error message.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace worker {

// "value" with JSON escapes, quotes included.
std::string json_quote(const std::string &value);

// The string value of the first "key": "..." pair in a JSON text, unescaped;
// nullopt when there is none or it is not a string. Enough for the few fields
// the worker reads from Unipile's answers, not a JSON parser.
std::optional<std::string> json_string_field(const std::string &json, const std::string &key);

// A PostgreSQL array literal ({"a","b",NULL}) of text elements, every element
// quoted and escaped, so any text (quotes, commas, braces) survives.
std::string pg_array_literal(const std::vector<std::optional<std::string>> &elements);

// Valid UTF-8 without control characters (newlines become spaces, invalid
// bytes U+FFFD): an answer body may hold anything, the log and the database
// must get one clean line.
std::string clean_text(const std::string &raw);

// At most max_bytes bytes, cut on a character boundary, "…" appended when cut.
std::string truncate_utf8(const std::string &text, std::size_t max_bytes);

// Percent-encodes what may not stand in a URL path segment (keeps ':' so that
// LinkedIn URNs read as Unipile's documentation writes them).
std::string encode_path_segment(const std::string &segment);

// Number of characters (code points) of a valid UTF-8 text.
std::size_t utf8_length(const std::string &text);

}  // namespace worker
