#include "membership_rules.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

using namespace pod_amplify::core;

namespace {

MembershipFacts valid_member()
{
    MembershipFacts f;
    f.pod_id = "pod-1";
    f.pod_client_id = "client-a";
    f.user_id = "user-1";
    f.user_client_id = "client-a";
    return f;
}

ActivityFacts valid_activity()
{
    ActivityFacts f;
    f.pod_id = "pod-1";
    f.pod_client_id = "client-a";
    f.member_id = "member-1";
    f.member_pod_id = "pod-1";
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

}  // namespace

TEST(Membership, user_of_the_pods_client_is_accepted)
{
    EXPECT_NO_THROW(check_membership(valid_member()));
}

TEST(Membership, user_of_another_client_is_refused)
{
    auto f = valid_member();
    f.user_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_membership(f); }),
              "membership rule: user user-1 is not a user of client client-a, which owns pod pod-1");
}

TEST(Membership, account_of_another_user_is_refused)
{
    auto f = valid_member();
    f.account_id = "acct-9";
    f.account_user_id = "user-2";
    EXPECT_EQ(violation_of([&] { check_membership(f); }),
              "membership rule: LinkedIn account acct-9 does not belong to user user-1");
    f.account_user_id = "user-1";
    EXPECT_NO_THROW(check_membership(f));
}

TEST(Membership, second_owner_is_refused_first_owner_accepted)
{
    auto f = valid_member();
    f.is_owner = true;
    EXPECT_NO_THROW(check_membership(f));
    f.other_owner_id = "user-7";
    EXPECT_EQ(violation_of([&] { check_membership(f); }), "membership rule: pod pod-1 already has an owner");
    f.is_owner = false;
    EXPECT_NO_THROW(check_membership(f));
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

TEST(Activity, post_of_another_client_is_refused)
{
    auto f = valid_activity();
    f.post_client_id = "client-b";
    EXPECT_EQ(violation_of([&] { check_activity(f); }),
              "activity rule: post post-1 does not belong to client client-a, which owns pod pod-1");
}

TEST(Activity, self_amplification_is_refused)
{
    auto f = valid_activity();
    f.post_author_id = "user-1";
    EXPECT_EQ(violation_of([&] { check_activity(f); }),
              "authorship rule: member member-1 wrote post post-1 and cannot amplify it");
}

TEST(Tenancy, own_client_passes_other_client_and_no_identity_are_refused)
{
    EXPECT_NO_THROW(check_same_tenant("client-a", "client-a", "pod p"));
    EXPECT_EQ(violation_of([] { check_same_tenant("client-a", "client-b", "pod p"); }, SqlState::InsufficientPrivilege),
              "tenancy rule: pod p belongs to another client than client-a");
    EXPECT_EQ(violation_of([] { check_same_tenant("", "client-b", "pod p"); }, SqlState::InsufficientPrivilege),
              "tenancy rule: this session has no pod_amplify identity, so it cannot write pod p");
}
