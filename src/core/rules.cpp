#include "rules.hpp"

namespace pod_amplify::core {

namespace {

Violation check_violation(Rule rule, std::string message, std::string hint = {}, std::string detail = {})
{
    return Violation{rule, SqlState::CheckViolation, std::move(message), std::move(detail), std::move(hint)};
}

void first_or_nothing(const std::vector<Violation> &found)
{
    if (!found.empty())
        raise(found.front());
}

}  // namespace

const char *rule_family(Rule rule) noexcept
{
    switch (rule) {
    case Rule::Tenancy: return "tenancy rule";
    case Rule::ActivityClient:
    case Rule::ActivityMemberScope:
    case Rule::ActivityPostClient: return "activity rule";
    case Rule::Authorship:
    case Rule::PostAuthorOfClient: return "authorship rule";
    default: return "membership rule";
    }
}

const char *rule_key(Rule rule) noexcept
{
    switch (rule) {
    case Rule::Tenancy: return "tenancy";
    case Rule::MemberNeedsScope: return "member_needs_scope";
    case Rule::MemberClientIsPodClient: return "member_client_is_pod_client";
    case Rule::MemberUserOfClient: return "member_user_of_client";
    case Rule::MemberAccountOfUser: return "member_account_of_user";
    case Rule::OneOwnerPerPod: return "one_owner_per_pod";
    case Rule::OneMembershipPerClient: return "one_membership_per_client";
    case Rule::ActivityClient: return "activity_client";
    case Rule::ActivityMemberScope: return "activity_member_scope";
    case Rule::ActivityPostClient: return "activity_post_client";
    case Rule::Authorship: return "authorship";
    case Rule::PostAuthorOfClient: return "post_author_of_client";
    }
    return "unknown";
}

void raise(const Violation &v)
{
    throw RuleError(v.state, v.message, v.detail, v.hint);
}

std::optional<Violation> tenancy(const Writer &writer, const std::string &row_client_id, const std::string &what)
{
    if (!writer.restricted)
        return std::nullopt;
    if (writer.client_id.empty())
        return Violation{Rule::Tenancy, SqlState::InsufficientPrivilege,
                         "tenancy rule: this session has no pod_amplify identity, so it cannot write " + what, {},
                         "Set request.jwt.claims or pod_amplify.user_id to the acting user's id."};
    if (writer.client_id != row_client_id)
        return Violation{Rule::Tenancy, SqlState::InsufficientPrivilege,
                         "tenancy rule: " + what + " belongs to another client than " + writer.client_id, {}, {}};
    return std::nullopt;
}

void member_violations(const MemberFacts &f, std::vector<Violation> &out)
{
    const bool in_pod = !f.pod_id.empty();
    if (f.client_id.empty()) {
        out.push_back(check_violation(Rule::MemberNeedsScope, "membership rule: a member needs a pod_id or a client_id"));
        return;
    }
    if (in_pod && !f.stored_client_id.empty() && !f.pod_client_id.empty() && f.stored_client_id != f.pod_client_id)
        out.push_back(check_violation(Rule::MemberClientIsPodClient, "membership rule: client_id " + f.stored_client_id +
                                                                         " is not the client of pod " + f.pod_id + " (" +
                                                                         f.pod_client_id + ")"));
    if (f.user_client_id != f.client_id)
        out.push_back(check_violation(
            Rule::MemberUserOfClient,
            "membership rule: user " + f.user_id + " is not a user of client " + f.client_id +
                (in_pod ? ", which owns pod " + f.pod_id : std::string()),
            in_pod ? "A pod's members must be users of the pod's client." : "A member must be a user of the member's client."));
    if (!f.account_id.empty() && f.account_user_id != f.user_id)
        out.push_back(check_violation(Rule::MemberAccountOfUser,
                                      "membership rule: LinkedIn account " + f.account_id + " does not belong to user " +
                                          f.user_id,
                                      "Link the member to one of the user's own LinkedIn accounts."));
    if (in_pod && f.is_owner && !f.other_owner_id.empty())
        out.push_back(check_violation(Rule::OneOwnerPerPod, "membership rule: pod " + f.pod_id + " already has an owner",
                                      "Demote the current owner to 'member' first.", "User " + f.other_owner_id + " owns the pod."));
    if (!in_pod && !f.duplicate_member_id.empty())
        out.push_back(check_violation(Rule::OneMembershipPerClient,
                                      "membership rule: user " + f.user_id + " is already a member of client " + f.client_id +
                                          " (member " + f.duplicate_member_id + ")",
                                      "A user is a member of a client at most once; update that row instead."));
}

void activity_violations(const ActivityFacts &f, std::vector<Violation> &out)
{
    const bool in_pod = !f.pod_id.empty();
    const std::string scope = in_pod ? "pod " + f.pod_id : "post " + f.post_id;
    const std::string expected_client = in_pod ? f.pod_client_id : f.post_client_id;
    if (!f.client_id.empty() && f.client_id != expected_client)
        out.push_back(check_violation(Rule::ActivityClient, "activity rule: client_id " + f.client_id +
                                                                " is not the client of " + scope + " (" +
                                                                expected_client + ")"));
    if (in_pod) {
        if (f.member_pod_id != f.pod_id)
            out.push_back(check_violation(Rule::ActivityMemberScope,
                                          "activity rule: member " + f.member_id + " is not a member of pod " + f.pod_id));
    } else if (f.member_client_id != expected_client) {
        out.push_back(check_violation(Rule::ActivityMemberScope, "activity rule: member " + f.member_id +
                                                                     " is not a member of client " + expected_client));
    }
    if (f.post_client_id != expected_client)
        out.push_back(check_violation(Rule::ActivityPostClient,
                                      "activity rule: post " + f.post_id + " does not belong to client " + expected_client +
                                          (in_pod ? ", which owns pod " + f.pod_id : std::string())));
    if (!f.post_author_id.empty() && f.post_author_id == f.member_user_id)
        out.push_back(check_violation(Rule::Authorship,
                                      "authorship rule: member " + f.member_id + " wrote post " + f.post_id +
                                          " and cannot amplify it",
                                      "Members amplify other members' posts only."));
}

void post_violations(const PostFacts &f, std::vector<Violation> &out)
{
    if (!f.author_id.empty() && f.author_client_id != f.client_id)
        out.push_back(check_violation(Rule::PostAuthorOfClient,
                                      "authorship rule: user " + f.author_id + " is not a user of client " + f.client_id +
                                          " and cannot be the author of post " + f.post_id,
                                      "A post's author is one of its client's users."));
}

void check_member(const MemberFacts &f)
{
    std::vector<Violation> found;
    member_violations(f, found);
    first_or_nothing(found);
}

void check_activity(const ActivityFacts &f)
{
    std::vector<Violation> found;
    activity_violations(f, found);
    first_or_nothing(found);
}

void check_post(const PostFacts &f)
{
    std::vector<Violation> found;
    post_violations(f, found);
    first_or_nothing(found);
}

void check_tenancy(const Writer &writer, const std::string &row_client_id, const std::string &what)
{
    if (const auto v = tenancy(writer, row_client_id, what))
        raise(*v);
}

}  // namespace pod_amplify::core
