// Unipile account ids: opaque tokens Unipile hands out (e.g. "t5XY4yQzR9WVrln3pCvUyA").
#pragma once

#include <string_view>

namespace pod_amplify::core {

inline constexpr std::size_t kMinUnipileIdLength = 6;
inline constexpr std::size_t kMaxUnipileIdLength = 128;

// 6 to 128 characters of ASCII letters, digits, '-' and '_'. Throws RuleError 22023.
void check_unipile_account_id(std::string_view id);

}  // namespace pod_amplify::core
