// The data rules of pod_amplify, each written once, on plain values.
//
// Every path that enforces a rule calls these predicates: the row triggers of
// every version (1.0, 1.1, 1.2), the triggers on the tables a rule reads (a post
// whose author changes, a user who moves to another client...), and the audit
// pod_amplify.rule_violations() that the upgrades and the README use. Callers look
// the facts up; these functions decide. Ids are canonical uuid text, "" for NULL.
#pragma once

#include "rule_error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pod_amplify::core {

enum class Rule {
    Tenancy,                 // a restricted session writes only its own client's rows
    MemberNeedsScope,        // a member has a pod or a client
    MemberClientIsPodClient, // a pod member's client_id is its pod's client
    MemberUserOfClient,      // the member's user is a user of the member's client
    MemberAccountOfUser,     // a linked LinkedIn account belongs to the member's user
    OneOwnerPerPod,          // at most one owner per pod
    OneMembershipPerClient,  // a user is a new-design member of a client at most once
    ActivityClient,          // an activity's client_id is its pod's (or post's) client
    ActivityMemberScope,     // the member is in the activity's pod (or client)
    ActivityPostClient,      // the post belongs to the activity's client
    Authorship,              // nobody amplifies a post they wrote
    PostAuthorOfClient,      // a post's author is a user of the post's client
};

// The rule's name as messages and the audit spell it, e.g. "membership rule".
const char *rule_family(Rule rule) noexcept;
// A stable identifier for the audit, e.g. "member_user_of_client".
const char *rule_key(Rule rule) noexcept;

struct Violation {
    Rule rule;
    SqlState state;
    std::string message, detail, hint;
};
[[noreturn]] void raise(const Violation &v);

// The session that writes. Unrestricted sessions (table owner, BYPASSRLS) pass
// the tenancy rule; restricted ones must name rows of their own client only.
struct Writer {
    bool restricted = false;
    std::string client_id;  // the session's client; "" = no identity
};

// Tenancy: `what` (e.g. "pod <id>") belongs to client `row_client_id`. Checked
// before any other rule, so no message ever names another tenant's ids.
std::optional<Violation> tenancy(const Writer &writer, const std::string &row_client_id, const std::string &what);

// A pod_members row with every fact its rules read.
struct MemberFacts {
    std::string member_id, pod_id, client_id;  // client_id: the member's own, else its pod's
    std::string pod_client_id;                 // client of pod_id (for the audit's stored-value check)
    std::string stored_client_id;              // pod_members.client_id as stored ("" = not backfilled)
    std::string user_id, user_client_id;
    std::string account_id, account_user_id;   // linkedin_account_id and its user
    bool is_owner = false;
    std::string other_owner_id;                // another owner of the same pod
    std::string duplicate_member_id;           // another new-design row of the same user and client
};
void member_violations(const MemberFacts &f, std::vector<Violation> &out);

// A pod_activities row with every fact its rules read.
struct ActivityFacts {
    std::string activity_id, pod_id, client_id;  // client_id: the row's own, else derived
    std::string pod_client_id;                    // client of pod_id
    std::string member_id, member_pod_id, member_client_id, member_user_id;
    std::string post_id, post_client_id, post_author_id;
};
void activity_violations(const ActivityFacts &f, std::vector<Violation> &out);

// A posts row: its author must be one of its client's users.
struct PostFacts {
    std::string post_id, client_id, author_id, author_client_id;
};
void post_violations(const PostFacts &f, std::vector<Violation> &out);

// Throwing forms for the triggers: the first violation, as a RuleError.
void check_member(const MemberFacts &f);
void check_activity(const ActivityFacts &f);
void check_post(const PostFacts &f);
void check_tenancy(const Writer &writer, const std::string &row_client_id, const std::string &what);

}  // namespace pod_amplify::core
