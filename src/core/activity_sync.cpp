#include "activity_sync.hpp"

#include "rule_error.hpp"
#include "rules.hpp"

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

    // The activity's client is its pod's, else its post's. Tenancy first: no later
    // message may name another client's ids.
    out.client_id = row.pod_id.empty() ? ctx.post_client_id : ctx.pod_client_id;
    const Writer writer{ctx.restricted, ctx.caller_client_id};
    check_tenancy(writer, out.client_id, row.pod_id.empty() ? "post " + row.post_id : "pod " + row.pod_id);
    if (!row.client_id.empty() && row.client_changed)
        check_tenancy(writer, row.client_id, "client " + row.client_id);

    ActivityFacts facts;
    facts.activity_id = row.id;
    facts.pod_id = row.pod_id;
    facts.client_id = row.client_changed ? row.client_id : std::string();  // an unchanged value follows the pod
    facts.pod_client_id = ctx.pod_client_id;
    facts.member_id = row.member_id;
    facts.member_pod_id = ctx.member_pod_id;
    facts.member_client_id = ctx.member_client_id;
    facts.member_user_id = ctx.member_user_id;
    facts.post_id = row.post_id;
    facts.post_client_id = ctx.post_client_id;
    facts.post_author_id = ctx.post_author_id;
    check_activity(facts);
    return out;
}

}  // namespace pod_amplify::core
