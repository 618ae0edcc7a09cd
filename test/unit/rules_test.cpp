// The data rules (src/core/rules.hpp): one test a rule, each with the exact
// message, for the triggers of every version and the audit alike.
#include "rules.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace pod_amplify::core;

namespace {

MemberFacts valid_member()
{
    MemberFacts f;
    f.member_id = "member-1";
    f.pod_id = "pod-1";
    f.client_id = "client-a";
    f.user_id = "user-1";
    f.user_client_id = "client-a";
    return f;
}

ActivityFacts valid_activity()
{
    ActivityFacts f;
    f.activity_id = "act-1";
    f.pod_id = "pod-1";
    f.pod_client_id = "client-a";
    f.member_id = "member-1";
    f.member_pod_id = "pod-1";
    f.member_client_id = "client-a";
    f.member_user_id = "user-1";
    f.post_id = "post-1";
    f.post_client_id = "client-a";
    f.post_author_id = "user-2";
    return f;
}

template <typename Fn>
std::string violation_of(Fn fn, SqlState expected = SqlState::CheckViolation)
{
    try {
        fn();
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), expected);
        return e.what();
    }
    return "no violation";
}

std::vector<std::string> keys_of(const std::vector<Violation> &found)
{
    std::vector<std::string> keys;
    for (const auto &v : found)
        keys.push_back(rule_key(v.rule));
    return keys;
}

}  // namespace

TEST(Membership, user_of_the_pods_client_is_accepted)
{
    EXPECT_NO_THROW(check_member(valid_member()));
}

TEST(Membership, user_of_another_client_is_refused)
{
    auto f = valid_member();
    f.user_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_member(f); }),
              "membership rule: user user-1 is not a user of client client-a, which owns pod pod-1");
    f.pod_id.clear();  // a new-design member
    EXPECT_EQ(violation_of([&] { check_member(f); }), "membership rule: user user-1 is not a user of client client-a");
}

TEST(Membership, member_without_pod_or_client_is_refused)
{
    auto f = valid_member();
    f.pod_id.clear();
    f.client_id.clear();
    EXPECT_EQ(violation_of([&] { check_member(f); }), "membership rule: a member needs a pod_id or a client_id");
}

TEST(Membership, account_of_another_user_is_refused)
{
    auto f = valid_member();
    f.account_id = "acct-9";
    f.account_user_id = "user-2";
    EXPECT_EQ(violation_of([&] { check_member(f); }),
              "membership rule: LinkedIn account acct-9 does not belong to user user-1");
    f.account_user_id = "user-1";
    EXPECT_NO_THROW(check_member(f));
}

TEST(Membership, second_owner_is_refused_first_owner_accepted)
{
    auto f = valid_member();
    f.is_owner = true;
    EXPECT_NO_THROW(check_member(f));
    f.other_owner_id = "user-7";
    EXPECT_EQ(violation_of([&] { check_member(f); }), "membership rule: pod pod-1 already has an owner");
    f.is_owner = false;
    EXPECT_NO_THROW(check_member(f));
}

TEST(Membership, second_new_design_membership_is_refused)
{
    auto f = valid_member();
    f.pod_id.clear();
    f.duplicate_member_id = "member-9";
    EXPECT_EQ(violation_of([&] { check_member(f); }),
              "membership rule: user user-1 is already a member of client client-a (member member-9)");
}

TEST(Membership, the_audit_lists_every_broken_rule_of_a_row)
{
    auto f = valid_member();
    f.user_client_id = "client-b";
    f.account_id = "acct-9";
    f.account_user_id = "user-2";
    std::vector<Violation> found;
    member_violations(f, found);
    EXPECT_EQ(keys_of(found), (std::vector<std::string>{"member_user_of_client", "member_account_of_user"}));
}

TEST(Membership, the_audit_sees_a_stored_client_that_is_not_the_pods)
{
    auto f = valid_member();
    f.pod_client_id = "client-a";
    f.stored_client_id = "client-old";  // the pod moved after the member was backfilled
    std::vector<Violation> found;
    member_violations(f, found);
    EXPECT_EQ(keys_of(found), (std::vector<std::string>{"member_client_is_pod_client"}));
}

TEST(Activity, valid_activity_is_accepted)
{
    EXPECT_NO_THROW(check_activity(valid_activity()));
    auto f = valid_activity();
    f.post_author_id.clear();  // author deleted: nobody is the author
    EXPECT_NO_THROW(check_activity(f));
}

TEST(Activity, member_of_another_pod_is_refused)
{
    auto f = valid_activity();
    f.member_pod_id = "pod-2";
    EXPECT_EQ(violation_of([&] { check_activity(f); }), "activity rule: member member-1 is not a member of pod pod-1");
}

TEST(Activity, new_design_member_of_another_client_is_refused)
{
    auto f = valid_activity();
    f.pod_id.clear();
    f.member_pod_id.clear();
    EXPECT_NO_THROW(check_activity(f));
    f.member_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_activity(f); }), "activity rule: member member-1 is not a member of client client-a");
}

TEST(Activity, post_of_another_client_is_refused)
{
    auto f = valid_activity();
    f.post_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_activity(f); }),
              "activity rule: post post-1 does not belong to client client-a, which owns pod pod-1");
}

TEST(Activity, client_id_other_than_the_pods_is_refused)
{
    auto f = valid_activity();
    f.client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_activity(f); }),
              "activity rule: client_id client-b is not the client of pod pod-1 (client-a)");
}

TEST(Activity, self_amplification_is_refused)
{
    auto f = valid_activity();
    f.post_author_id = "user-1";
    EXPECT_EQ(violation_of([&] { check_activity(f); }),
              "authorship rule: member member-1 wrote post post-1 and cannot amplify it");
}

TEST(Post, author_of_another_client_is_refused)
{
    PostFacts f{"post-1", "client-a", "user-1", "client-a"};
    EXPECT_NO_THROW(check_post(f));
    f.author_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_post(f); }),
              "authorship rule: user user-1 is not a user of client client-a and cannot be the author of post post-1");
    f.author_id.clear();  // no author
    EXPECT_NO_THROW(check_post(f));
}

TEST(Tenancy, own_client_passes_other_client_and_no_identity_are_refused)
{
    const Writer a{true, "client-a"}, none{true, ""}, owner{false, ""};
    EXPECT_NO_THROW(check_tenancy(a, "client-a", "pod p"));
    EXPECT_NO_THROW(check_tenancy(owner, "client-b", "pod p"));
    EXPECT_EQ(violation_of([&] { check_tenancy(a, "client-b", "pod p"); }, SqlState::InsufficientPrivilege),
              "tenancy rule: pod p belongs to another client than client-a");
    EXPECT_EQ(violation_of([&] { check_tenancy(none, "client-b", "pod p"); }, SqlState::InsufficientPrivilege),
              "tenancy rule: this session has no pod_amplify identity, so it cannot write pod p");
}

TEST(Tenancy, every_rule_has_a_family_and_a_distinct_key)
{
    std::set<std::string> keys;
    for (int r = 0; r <= static_cast<int>(Rule::PostAuthorOfClient); ++r) {
        EXPECT_TRUE(keys.insert(rule_key(static_cast<Rule>(r))).second);
        EXPECT_NE(std::string(rule_family(static_cast<Rule>(r))).find(" rule"), std::string::npos);
    }
}
