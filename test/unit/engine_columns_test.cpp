// Engine-owned columns: what a tenant's direct INSERT or UPDATE may not touch.
#include "engine_columns.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

using namespace pod_amplify::core;

namespace {
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
EngineColumnsUpdate update(std::vector<std::string> changed, std::string from = "pending", std::string to = "pending")
{
    EngineColumnsUpdate u;
    u.activity_id = "act-1";
    u.changed = std::move(changed);
    u.old_status = std::move(from);
    u.new_status = std::move(to);
    return u;
}
}  // namespace

TEST(EngineColumns, a_plain_insert_passes)
{
    EngineColumnsInsert r;
    r.status = "pending";
    EXPECT_NO_THROW(check_tenant_insert(r));
    r.status = "completed";  // a 1.0-era writer recording work it did
    r.executed_at_set = true;
    EXPECT_NO_THROW(check_tenant_insert(r));
}

TEST(EngineColumns, an_insert_may_not_forge_a_lease_attempts_history_or_origin)
{
    EngineColumnsInsert r;
    r.status = "pending";
    r.lease_set = true;
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).first, SqlState::InsufficientPrivilege);
    r = EngineColumnsInsert{};
    r.attempt_number = 2;
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).second,
              "engine column rule: attempt_number of activity (new) is set by pod_amplify's functions only");
    r = EngineColumnsInsert{};
    r.max_attempts = 2147483647;
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).second,
              "engine column rule: max_attempts of a new activity is at most 100, not 2147483647");
    r.max_attempts = 100;
    EXPECT_NO_THROW(check_tenant_insert(r));
    r = EngineColumnsInsert{};
    r.history_empty = false;
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).first, SqlState::InsufficientPrivilege);
    r = EngineColumnsInsert{};
    r.origin = "schedule";
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).first, SqlState::InsufficientPrivilege);
    r = EngineColumnsInsert{};
    r.status = "pending";
    r.executed_at_set = true;
    EXPECT_EQ(error_of([&] { check_tenant_insert(r); }).first, SqlState::InsufficientPrivilege);
}

TEST(EngineColumns, every_engine_column_update_is_refused)
{
    for (const char *c : {"lease_owner", "lease_expires_at", "attempt_number", "max_attempts", "error_history", "origin",
                          "executed_at"})
        EXPECT_EQ(error_of([&] { check_tenant_update(update({c})); }).second,
                  std::string("engine column rule: ") + c + " of activity act-1 is set by pod_amplify's functions only");
}

TEST(EngineColumns, a_legacy_completion_may_set_executed_at)
{
    EXPECT_NO_THROW(check_tenant_update(update({"executed_at"}, "pending", "completed")));
    EXPECT_NO_THROW(check_tenant_update(update({"executed_at"}, "pending", "success")));
    EXPECT_NO_THROW(check_tenant_update(update({}, "pending", "failed")));
    EXPECT_EQ(error_of([&] { check_tenant_update(update({"executed_at"}, "success", "success")); }).first,
              SqlState::InsufficientPrivilege);
}

TEST(EngineColumns, a_live_lease_blocks_a_status_change)
{
    auto u = update({}, "pending", "success");
    u.old_lease_live = true;
    const auto e = error_of([&] { check_tenant_update(u); });
    EXPECT_EQ(e.first, SqlState::ObjectNotInPrerequisiteState);
    EXPECT_EQ(e.second.rfind("lease rule: activity act-1 is claimed by a worker right now", 0), 0u);
    u.new_status = "pending";  // rescheduling or renaming keeps the lease
    EXPECT_NO_THROW(check_tenant_update(u));
}
