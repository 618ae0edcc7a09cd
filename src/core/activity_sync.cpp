#include "activity_sync.hpp"

#include "membership_rules.hpp"
#include "rule_error.hpp"

namespace pod_amplify::core {

namespace {

[[noreturn]] void violation(std::string message, std::string hint = {})
{
    throw RuleError(SqlState::CheckViolation, std::move(message), {}, std::move(hint));
}

const char *const kDefaultAction = "repost";  // the column default of action

// Reconciles action (1.1) and engagement_type (1.0): they always hold the same word.
std::string reconciled_action(const ActivityWrite &row)
{
    const auto &action = row.action;
    const auto &engagement = row.engagement_type;
    std::string word;
    if (!engagement) {
        if (!action)
            violation("activity rule: an activity needs an action (like, comment or repost)");
        word = *action;
    } else if (!action || *action == *engagement) {
        word = *engagement;
    } else if (row.is_insert) {
        // A 1.0 insert names engagement_type and gets action's column default.
        if (*action != kDefaultAction)
            violation("activity rule: action '" + *action + "' contradicts engagement_type '" + *engagement + "'",
                      "Set only one of them; the other follows.");
        word = *engagement;
    } else if (row.action_changed && !row.engagement_changed) {
        word = *action;
    } else if (row.engagement_changed && !row.action_changed) {
        word = *engagement;
    } else {
        violation("activity rule: action '" + *action + "' contradicts engagement_type '" + *engagement + "'",
                  "Set only one of them; the other follows.");
    }
    return word;
}

}  // namespace

bool is_action(const std::string &word) noexcept
{
    return word == "like" || word == "comment" || word == "repost";
}

ActivityValues sync_activity(const ActivityWrite &row, const ActivityContext &ctx)
{
    ActivityValues out;
    const std::string word = reconciled_action(row);
    if (is_action(word) || !row.engagement_type) {
        out.action = word;
        out.engagement_type = word;
    } else {
        out.action = row.action;
        out.engagement_type = row.engagement_type;
    }

    // The activity's client is its pod's, else its post's; both must agree with the member's.
    out.client_id = row.pod_id.empty() ? ctx.post_client_id : ctx.pod_client_id;
    if (!row.client_id.empty() && row.client_changed && row.client_id != out.client_id)
        violation("activity rule: client_id " + row.client_id + " is not the client of " +
                  (row.pod_id.empty() ? "post " + row.post_id : "pod " + row.pod_id) + " (" + out.client_id + ")");
    if (ctx.restricted)
        check_same_tenant(ctx.caller_client_id, out.client_id,
                          row.pod_id.empty() ? "post " + row.post_id : "pod " + row.pod_id);

    if (!row.pod_id.empty()) {
        if (ctx.member_pod_id != row.pod_id)
            violation("activity rule: member " + row.member_id + " is not a member of pod " + row.pod_id);
    } else if (ctx.member_client_id != out.client_id) {
        violation("activity rule: member " + row.member_id + " is not a member of client " + out.client_id);
    }
    if (ctx.post_client_id != out.client_id)
        violation("activity rule: post " + row.post_id + " does not belong to client " + out.client_id +
                  (row.pod_id.empty() ? std::string() : ", which owns pod " + row.pod_id));
    if (!ctx.post_author_id.empty() && ctx.post_author_id == ctx.member_user_id)
        violation("authorship rule: member " + row.member_id + " wrote post " + row.post_id + " and cannot amplify it",
                  "Members amplify other members' posts only.");
    return out;
}

}  // namespace pod_amplify::core
