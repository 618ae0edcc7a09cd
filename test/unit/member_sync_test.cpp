#include "member_sync.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

using namespace pod_amplify::core;

namespace {

MemberWrite legacy_member()
{
    MemberWrite w;
    w.id = "m1";
    w.pod_id = "pod-1";
    w.user_id = "user-1";
    w.account_id = "acct-1";
    return w;
}

MemberContext context()
{
    MemberContext c;
    c.pod_client_id = "client-a";
    c.user_client_id = "client-a";
    c.user_full_name = "Ann Archer";
    c.account_user_id = "user-1";
    c.account_profile_url = "linkedin.com/in/Ann-Archer/";
    c.account_unipile_id = "unipileAnn01";
    return c;
}

MemberWrite new_design_member()
{
    MemberWrite w;
    w.id = "m2";
    w.client_id = "client-a";
    w.user_id = "user-1";
    w.name = "Ann A.";
    w.linkedin_url = "https://uk.linkedin.com/in/ann-a?trk=1";
    w.unipile_account_id = "unipileAnnXY";
    return w;
}

template <typename Fn>
std::pair<SqlState, std::string> error_of(Fn fn)
{
    try {
        fn();
    } catch (const RuleError &e) {
        return {e.state(), e.what()};
    }
    return {SqlState::InternalError, "no error"};
}

}  // namespace

TEST(MemberSync, legacy_insert_gets_client_name_url_and_unipile_from_pod_user_and_account)
{
    const auto v = sync_member(legacy_member(), context());
    EXPECT_EQ(v.client_id, "client-a");
    EXPECT_EQ(v.name, OptText("Ann Archer"));
    EXPECT_EQ(v.linkedin_url, OptText("https://www.linkedin.com/in/ann-archer"));
    EXPECT_EQ(v.unipile_account_id, OptText("unipileAnn01"));
}

TEST(MemberSync, legacy_member_without_account_or_full_name_gets_nulls)
{
    auto w = legacy_member();
    w.account_id.clear();
    auto c = context();
    c.user_full_name.reset();
    c.account_profile_url.reset();
    c.account_unipile_id.reset();
    const auto v = sync_member(w, c);
    EXPECT_FALSE(v.name);
    EXPECT_FALSE(v.linkedin_url);
    EXPECT_FALSE(v.unipile_account_id);
}

TEST(MemberSync, bad_values_on_the_linked_account_are_left_out_not_refused)
{
    auto c = context();
    c.account_profile_url = "https://example.com/not-linkedin";
    c.account_unipile_id = "x";
    const auto v = sync_member(legacy_member(), c);
    EXPECT_FALSE(v.linkedin_url);
    EXPECT_FALSE(v.unipile_account_id);
    EXPECT_EQ(v.client_id, "client-a");
}

TEST(MemberSync, new_design_member_keeps_its_values_normalised)
{
    const auto v = sync_member(new_design_member(), context());
    EXPECT_EQ(v.client_id, "client-a");
    EXPECT_EQ(v.name, OptText("Ann A."));
    EXPECT_EQ(v.linkedin_url, OptText("https://www.linkedin.com/in/ann-a"));
    EXPECT_EQ(v.unipile_account_id, OptText("unipileAnnXY"));
}

TEST(MemberSync, explicit_bad_url_and_unipile_id_are_refused_with_22023)
{
    auto w = new_design_member();
    w.linkedin_url = "https://linkedin.com.evil.io/in/ann";
    auto e = error_of([&] { sync_member(w, context()); });
    EXPECT_EQ(e.first, SqlState::InvalidParameterValue);
    EXPECT_NE(e.second.find("invalid LinkedIn profile URL"), std::string::npos);
    w = new_design_member();
    w.unipile_account_id = "bad id!";
    e = error_of([&] { sync_member(w, context()); });
    EXPECT_EQ(e.first, SqlState::InvalidParameterValue);
    EXPECT_NE(e.second.find("invalid Unipile account id"), std::string::npos);
}

TEST(MemberSync, member_needs_a_pod_or_a_client)
{
    auto w = new_design_member();
    w.client_id.clear();
    EXPECT_EQ(error_of([&] { sync_member(w, context()); }).second,
              "membership rule: a member needs a pod_id or a client_id");
}

TEST(MemberSync, explicit_client_must_match_the_pods_client)
{
    auto w = legacy_member();
    w.client_id = "client-b";
    const auto e = error_of([&] { sync_member(w, context()); });
    EXPECT_EQ(e.first, SqlState::CheckViolation);
    EXPECT_EQ(e.second, "membership rule: client_id client-b is not the client of pod pod-1 (client-a)");
}

TEST(MemberSync, unchanged_client_follows_a_moved_pod)
{
    auto w = legacy_member();
    w.client_id = "client-old";
    w.client_changed = false;  // an UPDATE that only moved pod_id
    EXPECT_EQ(sync_member(w, context()).client_id, "client-a");
}

TEST(MemberSync, user_of_another_client_is_refused_for_both_designs)
{
    auto c = context();
    c.user_client_id = "client-b";
    EXPECT_EQ(error_of([&] { sync_member(legacy_member(), c); }).second,
              "membership rule: user user-1 is not a user of client client-a, which owns pod pod-1");
    EXPECT_EQ(error_of([&] { sync_member(new_design_member(), c); }).second,
              "membership rule: user user-1 is not a user of client client-a");
}

TEST(MemberSync, account_of_another_user_and_second_owner_are_refused)
{
    auto c = context();
    c.account_user_id = "user-9";
    EXPECT_EQ(error_of([&] { sync_member(legacy_member(), c); }).second,
              "membership rule: LinkedIn account acct-1 does not belong to user user-1");
    auto w = legacy_member();
    w.is_owner = true;
    c = context();
    c.other_owner_id = "user-7";
    EXPECT_EQ(error_of([&] { sync_member(w, c); }).second, "membership rule: pod pod-1 already has an owner");
}

TEST(MemberSync, second_new_design_membership_of_a_user_is_refused)
{
    auto c = context();
    c.duplicate_member_id = "m9";
    EXPECT_EQ(error_of([&] { sync_member(new_design_member(), c); }).second,
              "membership rule: user user-1 is already a member of client client-a (member m9)");
}

TEST(MemberSync, tenancy_is_checked_for_restricted_sessions)
{
    auto c = context();
    c.restricted = true;
    c.caller_client_id = "client-b";
    const auto e = error_of([&] { sync_member(new_design_member(), c); });
    EXPECT_EQ(e.first, SqlState::InsufficientPrivilege);
    EXPECT_EQ(e.second, "tenancy rule: client client-a belongs to another client than client-b");
    c.caller_client_id = "client-a";
    EXPECT_NO_THROW(sync_member(new_design_member(), c));
}

TEST(MemberSync, relinking_an_account_rederives_url_unless_the_url_was_set_too)
{
    auto w = legacy_member();
    w.linkedin_url = "https://www.linkedin.com/in/old-profile";
    w.account_changed = true;
    w.url_changed = false;
    EXPECT_EQ(sync_member(w, context()).linkedin_url, OptText("https://www.linkedin.com/in/ann-archer"));
    w.account_changed = false;
    EXPECT_EQ(sync_member(w, context()).linkedin_url, OptText("https://www.linkedin.com/in/old-profile"));
}
