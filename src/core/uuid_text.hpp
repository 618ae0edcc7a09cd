// Parses uuid text exactly as PostgreSQL's uuid_in does, without raising: identity
// claims that are not uuids must give NULL, not an error.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pod_amplify::core {

using UuidBytes = std::array<std::uint8_t, 16>;

// Accepts 32 hex digits, optionally in braces, with an optional '-' after any
// group of four digits (the forms uuid_in accepts). nullopt otherwise.
std::optional<UuidBytes> parse_uuid(std::string_view text) noexcept;

// Canonical lower-case 8-4-4-4-12 form.
std::string format_uuid(const UuidBytes &bytes);

}  // namespace pod_amplify::core
