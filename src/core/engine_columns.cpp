#include "engine_columns.hpp"

#include "activity_state.hpp"
#include "rule_error.hpp"

#include <algorithm>

namespace pod_amplify::core {

namespace {

[[noreturn]] void owned(const std::string &column, const std::string &id)
{
    throw RuleError(SqlState::InsufficientPrivilege,
                    "engine column rule: " + column + " of activity " + (id.empty() ? std::string("(new)") : id) +
                        " is set by pod_amplify's functions only",
                    {},
                    "Workers report with pod_amplify.report_activities() or complete_/fail_activity(); operators "
                    "re-queue with retry_activity().");
}

}  // namespace

void check_tenant_insert(const EngineColumnsInsert &r)
{
    if (r.lease_set)
        owned("lease_owner / lease_expires_at", r.activity_id);
    if (r.attempt_number != 1)
        owned("attempt_number", r.activity_id);
    if (r.max_attempts > kMaxAttemptsLimit)
        throw RuleError(SqlState::InsufficientPrivilege,
                        "engine column rule: max_attempts of a new activity is at most " +
                            std::to_string(kMaxAttemptsLimit) + ", not " + std::to_string(r.max_attempts));
    if (!r.history_empty)
        owned("error_history", r.activity_id);
    if (r.origin != "insert")
        owned("origin", r.activity_id);
    // A 1.0-era writer may record an activity it already did.
    if (r.executed_at_set && !is_success_word(r.status) && r.status != kFailed)
        owned("executed_at", r.activity_id);
}

void check_tenant_update(const EngineColumnsUpdate &r)
{
    const bool finishing = r.old_status == kPending && r.new_status != kPending;
    for (const auto &column : r.changed) {
        // A 1.0-era worker marks its own work done: status and executed_at together.
        if (column == "executed_at" && finishing && (is_success_word(r.new_status) || r.new_status == kFailed))
            continue;
        owned(column, r.activity_id);
    }
    if (r.old_lease_live && r.old_status != r.new_status)
        throw RuleError(SqlState::ObjectNotInPrerequisiteState,
                        "lease rule: activity " + r.activity_id + " is claimed by a worker right now; its status changes "
                        "when the worker reports",
                        {}, "Wait for the report, or for the lease to expire.");
}

}  // namespace pod_amplify::core
