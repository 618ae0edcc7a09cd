// The one exception type the core throws: a broken rule, with the SQLSTATE the
// PostgreSQL layer reports it under. No PostgreSQL header may be included in src/core/.
#pragma once

#include <stdexcept>
#include <string>

namespace pod_amplify::core {

// The SQLSTATEs that are part of the public API (README, "Errors").
enum class SqlState {
    NullValueNotAllowed,     // 22004: a required argument is NULL
    InvalidParameterValue,   // 22023: an argument out of range or malformed
    CheckViolation,          // 23514: a membership / tenancy / authorship rule
    ObjectNotInPrerequisiteState,  // 55000: an illegal state transition
    NoDataFound,             // P0002: no such activity / post
    InsufficientPrivilege,   // 42501: another client's row
    InternalError,           // XX000: a bug in pod_amplify, never a user's fault
};

// The five-character code, e.g. "23514".
const char *sqlstate_code(SqlState state) noexcept;

class RuleError : public std::runtime_error {
public:
    RuleError(SqlState state, std::string message, std::string detail = {}, std::string hint = {})
        : std::runtime_error(message), state_(state), detail_(std::move(detail)), hint_(std::move(hint)) {}

    SqlState state() const noexcept { return state_; }
    const std::string &detail() const noexcept { return detail_; }
    const std::string &hint() const noexcept { return hint_; }

private:
    SqlState state_;
    std::string detail_;
    std::string hint_;
};

}  // namespace pod_amplify::core
