#include "membership_rules.hpp"

#include "rule_error.hpp"

namespace pod_amplify::core {

namespace {
[[noreturn]] void violation(std::string message, std::string detail = {}, std::string hint = {})
{
    throw RuleError(SqlState::CheckViolation, std::move(message), std::move(detail), std::move(hint));
}
}  // namespace

void check_membership(const MembershipFacts &f)
{
    if (f.user_client_id != f.pod_client_id)
        violation("membership rule: user " + f.user_id + " is not a user of client " + f.pod_client_id +
                      ", which owns pod " + f.pod_id,
                  {}, "A pod's members must be users of the pod's client.");
    if (!f.account_id.empty() && f.account_user_id != f.user_id)
        violation("membership rule: LinkedIn account " + f.account_id + " does not belong to user " + f.user_id,
                  {}, "Link the member to one of the user's own LinkedIn accounts.");
    if (f.is_owner && !f.other_owner_id.empty())
        violation("membership rule: pod " + f.pod_id + " already has an owner",
                  "User " + f.other_owner_id + " owns the pod.",
                  "Demote the current owner to 'member' first.");
}

void check_activity(const ActivityFacts &f)
{
    if (f.member_pod_id != f.pod_id)
        violation("activity rule: member " + f.member_id + " is not a member of pod " + f.pod_id);
    if (f.post_client_id != f.pod_client_id)
        violation("activity rule: post " + f.post_id + " does not belong to client " + f.pod_client_id +
                  ", which owns pod " + f.pod_id);
    if (!f.post_author_id.empty() && f.post_author_id == f.member_user_id)
        violation("authorship rule: member " + f.member_id + " wrote post " + f.post_id +
                      " and cannot amplify it",
                  {}, "Members amplify other members' posts only.");
}

}  // namespace pod_amplify::core

namespace pod_amplify::core {

void check_same_tenant(const std::string &caller_client_id, const std::string &row_client_id,
                       const std::string &what)
{
    if (caller_client_id.empty())
        throw RuleError(SqlState::InsufficientPrivilege,
                        "tenancy rule: this session has no pod_amplify identity, so it cannot write " + what,
                        {}, "Set request.jwt.claims or pod_amplify.user_id to the acting user's id.");
    if (caller_client_id != row_client_id)
        throw RuleError(SqlState::InsufficientPrivilege,
                        "tenancy rule: " + what + " belongs to another client than " + caller_client_id);
}

}  // namespace pod_amplify::core
