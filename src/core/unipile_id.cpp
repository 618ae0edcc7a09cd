#include "unipile_id.hpp"

#include "rule_error.hpp"
#include "utf8_text.hpp"

#include <string>

namespace pod_amplify::core {

void check_unipile_account_id(std::string_view id)
{
    const auto refuse = [&](const std::string &why) {
        throw RuleError(SqlState::InvalidParameterValue,
                        "invalid Unipile account id \"" + display_value(id) + "\": " + why,
                        {},
                        "Use the account_id that Unipile returned when the LinkedIn account was connected.");
    };
    if (id.size() < kMinUnipileIdLength || id.size() > kMaxUnipileIdLength)
        refuse("must be " + std::to_string(kMinUnipileIdLength) + " to " + std::to_string(kMaxUnipileIdLength) +
               " characters long");
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_';
        if (!ok)
            refuse("may hold only ASCII letters, digits, '-' and '_'");
    }
}

}  // namespace pod_amplify::core
