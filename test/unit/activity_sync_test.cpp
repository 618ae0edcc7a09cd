#include "activity_sync.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

using namespace pod_amplify::core;

namespace {

ActivityWrite legacy_activity()
{
    ActivityWrite w;
    w.id = "act-1";
    w.pod_id = "pod-1";
    w.post_id = "post-1";
    w.member_id = "m2";
    w.engagement_type = "like";
    w.action = "repost";  // the column default a 1.0 insert gets
    return w;
}

ActivityWrite new_design_activity()
{
    ActivityWrite w;
    w.id = "act-2";
    w.post_id = "post-1";
    w.member_id = "m2";
    w.action = "comment";
    return w;
}

ActivityContext context()
{
    ActivityContext c;
    c.pod_client_id = "client-a";
    c.member_pod_id = "pod-1";
    c.member_client_id = "client-a";
    c.member_user_id = "user-2";
    c.post_client_id = "client-a";
    c.post_author_id = "user-1";
    return c;
}

std::string message_of(const ActivityWrite &w, const ActivityContext &c)
{
    try {
        sync_activity(w, c);
    } catch (const RuleError &e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(ActivitySync, legacy_insert_gets_action_from_engagement_type_and_client_from_pod)
{
    const auto v = sync_activity(legacy_activity(), context());
    EXPECT_EQ(v.action, std::optional<std::string>("like"));
    EXPECT_EQ(v.engagement_type, std::optional<std::string>("like"));
    EXPECT_EQ(v.client_id, "client-a");
}

TEST(ActivitySync, new_design_insert_gets_engagement_type_and_client_from_post)
{
    auto c = context();
    c.member_pod_id.clear();
    const auto v = sync_activity(new_design_activity(), c);
    EXPECT_EQ(v.engagement_type, std::optional<std::string>("comment"));
    EXPECT_EQ(v.client_id, "client-a");
}

TEST(ActivitySync, contradicting_action_and_engagement_type_are_refused)
{
    auto w = legacy_activity();
    w.action = "comment";
    EXPECT_EQ(message_of(w, context()), "activity rule: action 'comment' contradicts engagement_type 'like'");
    w.is_insert = false;  // an UPDATE that set both
    EXPECT_EQ(message_of(w, context()), "activity rule: action 'comment' contradicts engagement_type 'like'");
}

TEST(ActivitySync, update_of_one_word_carries_the_other)
{
    auto w = legacy_activity();
    w.is_insert = false;
    w.action = "comment";
    w.engagement_changed = false;
    EXPECT_EQ(sync_activity(w, context()).engagement_type, std::optional<std::string>("comment"));
    w.action = "like";
    w.engagement_type = "repost";
    w.action_changed = false;
    w.engagement_changed = true;
    EXPECT_EQ(sync_activity(w, context()).action, std::optional<std::string>("repost"));
}

TEST(ActivitySync, unknown_word_is_left_for_the_check_constraints)
{
    auto w = legacy_activity();
    w.engagement_type = "share";
    const auto v = sync_activity(w, context());
    EXPECT_EQ(v.engagement_type, std::optional<std::string>("share"));
    EXPECT_EQ(v.action, std::optional<std::string>("repost"));
    auto n = new_design_activity();
    n.action = "share";
    auto c = context();
    c.member_pod_id.clear();
    EXPECT_EQ(sync_activity(n, c).engagement_type, std::optional<std::string>("share"));
}

TEST(ActivitySync, missing_action_and_engagement_is_refused)
{
    auto w = new_design_activity();
    w.action.reset();
    EXPECT_EQ(message_of(w, context()), "activity rule: an activity needs an action (like, comment or repost)");
}

TEST(ActivitySync, member_post_client_and_author_rules)
{
    auto c = context();
    c.member_pod_id = "pod-2";
    EXPECT_EQ(message_of(legacy_activity(), c), "activity rule: member m2 is not a member of pod pod-1");
    c = context();
    c.member_client_id = "client-b";
    c.member_pod_id.clear();
    EXPECT_EQ(message_of(new_design_activity(), c), "activity rule: member m2 is not a member of client client-a");
    c = context();
    c.post_client_id = "client-b";
    EXPECT_EQ(message_of(legacy_activity(), c),
              "activity rule: post post-1 does not belong to client client-a, which owns pod pod-1");
    c = context();
    c.post_author_id = "user-2";
    EXPECT_EQ(message_of(legacy_activity(), c), "authorship rule: member m2 wrote post post-1 and cannot amplify it");
}

TEST(ActivitySync, explicit_client_must_match)
{
    auto w = new_design_activity();
    w.client_id = "client-b";
    auto c = context();
    c.member_pod_id.clear();
    EXPECT_EQ(message_of(w, c), "activity rule: client_id client-b is not the client of post post-1 (client-a)");
    w.client_changed = false;
    EXPECT_EQ(sync_activity(w, c).client_id, "client-a");
}

TEST(ActivitySync, tenancy_for_restricted_sessions)
{
    auto c = context();
    c.restricted = true;
    c.caller_client_id = "client-b";
    try {
        sync_activity(legacy_activity(), c);
        FAIL();
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), SqlState::InsufficientPrivilege);
        EXPECT_STREQ(e.what(), "tenancy rule: pod pod-1 belongs to another client than client-b");
    }
}
