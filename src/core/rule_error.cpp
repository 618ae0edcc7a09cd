#include "rule_error.hpp"

namespace pod_amplify::core {

const char *sqlstate_code(SqlState state) noexcept
{
    switch (state) {
    case SqlState::NullValueNotAllowed: return "22004";
    case SqlState::InvalidParameterValue: return "22023";
    case SqlState::CheckViolation: return "23514";
    case SqlState::ObjectNotInPrerequisiteState: return "55000";
    case SqlState::NoDataFound: return "P0002";
    case SqlState::InsufficientPrivilege: return "42501";
    case SqlState::InternalError: return "XX000";
    }
    return "XX000";
}

}  // namespace pod_amplify::core
