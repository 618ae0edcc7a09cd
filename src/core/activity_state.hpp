// The activity life cycle as one transition table, enforced for every writer
// (the engine's functions and direct SQL alike):
//
//   pending --claim/extend (lease)--> pending
//   pending --fail, retryable, attempts left--> pending (attempt_number + 1)
//   pending --complete--> success        pending --fail, last attempt--> failed
//   failed --retry_activity only--> pending
//   failed --a late success of the worker whose lapse failed it--> success
//   success, completed (legacy success) and failed are terminal otherwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pod_amplify::core {

enum class ActivityStatus { Pending, Success, Failed, Completed };

// The status words, as the CHECK constraint of pod_activities.status spells
// them (SQL in src/pg spells them as literals next to that constraint's).
inline constexpr const char kPending[] = "pending";
inline constexpr const char kSuccess[] = "success";
inline constexpr const char kFailed[] = "failed";
inline constexpr const char kCompleted[] = "completed";  // 1.0's word for success

// success, or 1.0's completed.
bool is_success_word(std::string_view word) noexcept;

std::optional<ActivityStatus> parse_status(const std::string &word) noexcept;
const char *status_word(ActivityStatus status) noexcept;
bool is_terminal(ActivityStatus status) noexcept;

struct StateChange {
    std::string activity_id;
    std::string old_status, new_status;
    long old_attempt, new_attempt, old_max, new_max;
    bool by_retry_activity = false;  // the operator's re-queue, the only way out of failed...
    bool by_late_success = false;    // ...but for a late success: the action did happen
};

// Throws RuleError 55000 naming the illegal transition. Unknown status words are
// left to the CHECK constraint.
void check_state_change(const StateChange &change);

}  // namespace pod_amplify::core
