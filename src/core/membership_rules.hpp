// The membership and activity rules, on plain values. The PostgreSQL layer looks
// the facts up; these functions decide. Ids are canonical uuid text; an empty
// string stands for SQL NULL.
#pragma once

#include <string>

namespace pod_amplify::core {

struct MembershipFacts {
    std::string pod_id;
    std::string pod_client_id;      // the client owning the pod
    std::string user_id;
    std::string user_client_id;     // the client the user belongs to
    std::string account_id;         // linkedin_account_id, may be empty
    std::string account_user_id;    // the user owning that account
    bool is_owner = false;
    std::string other_owner_id;     // user id of another owner of the pod, or empty
};

// Throws RuleError 23514 naming the broken rule.
void check_membership(const MembershipFacts &facts);

struct ActivityFacts {
    std::string pod_id;
    std::string pod_client_id;
    std::string member_id;
    std::string member_pod_id;      // the pod the member row belongs to
    std::string member_user_id;
    std::string post_id;
    std::string post_client_id;
    std::string post_author_id;     // may be empty
};

// Throws RuleError 23514 naming the broken rule.
void check_activity(const ActivityFacts &facts);

}  // namespace pod_amplify::core

namespace pod_amplify::core {

// Tenancy: a session under row-level security may only write rows of its own
// client. caller_client_id is empty when the session has no identity.
// Throws RuleError 42501.
void check_same_tenant(const std::string &caller_client_id, const std::string &row_client_id,
                       const std::string &what);

}  // namespace pod_amplify::core
