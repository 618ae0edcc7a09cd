// Version 1.1 activities: the rules and the legacy/new-design synchronisation of
// a pod_activities row on plain values. A legacy row (pod_id, member_id,
// engagement_type) gets action and client_id; a new-design row (member_id,
// action, no pod) gets engagement_type and client_id.
#pragma once

#include <optional>
#include <string>

namespace pod_amplify::core {

// The three actions; engagement_type (1.0) and action (1.1) use the same words.
bool is_action(const std::string &word) noexcept;

struct ActivityWrite {
    std::string id, pod_id, post_id, member_id, client_id;
    std::optional<std::string> action, engagement_type;
    bool is_insert = true;
    bool action_changed = true, engagement_changed = true, client_changed = true;  // on UPDATE
};

struct ActivityContext {
    std::string pod_client_id;      // client of pod_id
    std::string member_pod_id;      // pod of the member row ("" for a new-design member)
    std::string member_client_id;   // client of the member (its own, else its pod's)
    std::string member_user_id;
    std::string post_client_id, post_author_id;
    bool restricted = false;
    std::string caller_client_id;
};

// action and engagement_type hold the same word; when it is not an action both
// are left as written, so the CHECK constraints report it as they did in 1.0.
struct ActivityValues {
    std::string client_id;
    std::optional<std::string> action, engagement_type;
};

// Throws RuleError (23514 rules, 42501 tenancy).
ActivityValues sync_activity(const ActivityWrite &row, const ActivityContext &ctx);

}  // namespace pod_amplify::core
