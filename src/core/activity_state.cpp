#include "activity_state.hpp"

#include "rule_error.hpp"

namespace pod_amplify::core {

namespace {

// kAllowed[from][to]: the transitions any writer may make.
constexpr bool kAllowed[4][4] = {
    //            pending success failed completed
    /* pending */ {true, true, true, true},
    /* success */ {false, true, false, false},
    /* failed  */ {false, false, true, false},  // failed -> pending only by retry_activity
    /* completed*/ {false, false, false, true},
};

[[noreturn]] void illegal(const StateChange &c, const std::string &why, const std::string &hint = {})
{
    throw RuleError(SqlState::ObjectNotInPrerequisiteState,
                    "activity state rule: activity " + c.activity_id + " " + why, {}, hint);
}

}  // namespace

std::optional<ActivityStatus> parse_status(const std::string &word) noexcept
{
    if (word == kPending) return ActivityStatus::Pending;
    if (word == kSuccess) return ActivityStatus::Success;
    if (word == kFailed) return ActivityStatus::Failed;
    if (word == kCompleted) return ActivityStatus::Completed;
    return std::nullopt;
}

const char *status_word(ActivityStatus status) noexcept
{
    switch (status) {
    case ActivityStatus::Pending: return kPending;
    case ActivityStatus::Success: return kSuccess;
    case ActivityStatus::Failed: return kFailed;
    case ActivityStatus::Completed: return kCompleted;
    }
    return kPending;
}

bool is_success_word(std::string_view word) noexcept
{
    return word == kSuccess || word == kCompleted;
}

bool is_terminal(ActivityStatus status) noexcept
{
    return status != ActivityStatus::Pending;
}

void check_state_change(const StateChange &c)
{
    const auto from = parse_status(c.old_status);
    const auto to = parse_status(c.new_status);
    if (from && to) {
        const bool requeue = *from == ActivityStatus::Failed && *to == ActivityStatus::Pending;
        const bool revived = *from == ActivityStatus::Failed && *to == ActivityStatus::Success && c.by_late_success;
        if (requeue && !c.by_retry_activity)
            illegal(c, "is failed; only pod_amplify.retry_activity() may re-queue it",
                    "SELECT pod_amplify.retry_activity(id) raises max_attempts and re-queues it.");
        if (!requeue && !revived && !kAllowed[static_cast<int>(*from)][static_cast<int>(*to)])
            illegal(c, "cannot go from " + c.old_status + " to " + c.new_status + ": " + c.old_status + " is terminal");
    }
    if (c.new_attempt < c.old_attempt)
        illegal(c, "cannot lower attempt_number from " + std::to_string(c.old_attempt) + " to " +
                       std::to_string(c.new_attempt));
    if (c.new_attempt > c.new_max)
        illegal(c, "cannot pass max_attempts: attempt_number " + std::to_string(c.new_attempt) + " > max_attempts " +
                       std::to_string(c.new_max));
}

}  // namespace pod_amplify::core
