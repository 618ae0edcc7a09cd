#include "activity_state.hpp"
#include "engine_settings.hpp"
#include "retry_policy.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

#include <set>

#include <cstdint>
#include <functional>
#include <limits>

using namespace pod_amplify::core;

namespace {
constexpr std::int64_t S = 1000000;  // microseconds per second

StateChange change(const char *from, const char *to, long old_attempt = 1, long new_attempt = 1, long max = 3)
{
    StateChange c;
    c.activity_id = "act";
    c.old_status = from;
    c.new_status = to;
    c.old_attempt = old_attempt;
    c.new_attempt = new_attempt;
    c.old_max = max;
    c.new_max = max;
    return c;
}

std::string state_error(const StateChange &c)
{
    try {
        check_state_change(c);
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), SqlState::ObjectNotInPrerequisiteState);
        return e.what();
    }
    return "allowed";
}
}  // namespace

TEST(RetryDelay, doubles_from_the_base_until_the_maximum)
{
    EXPECT_EQ(retry_delay_us(1, 60 * S, 3600 * S), 60 * S);
    EXPECT_EQ(retry_delay_us(2, 60 * S, 3600 * S), 120 * S);
    EXPECT_EQ(retry_delay_us(6, 60 * S, 3600 * S), 1920 * S);
    EXPECT_EQ(retry_delay_us(7, 60 * S, 3600 * S), 3600 * S);
}

TEST(RetryDelay, huge_attempts_do_not_overflow)
{
    EXPECT_EQ(retry_delay_us(63, 60 * S, 3600 * S), 3600 * S);
    EXPECT_EQ(retry_delay_us(64, 60 * S, 3600 * S), 3600 * S);
    EXPECT_EQ(retry_delay_us(std::numeric_limits<std::int64_t>::max(), 60 * S, 3600 * S), 3600 * S);
    EXPECT_EQ(retry_delay_us(62, 1, std::numeric_limits<std::int64_t>::max()), std::int64_t(1) << 61);
    EXPECT_EQ(retry_delay_us(63, 1, std::numeric_limits<std::int64_t>::max()), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(retry_delay_us(61, 1, std::numeric_limits<std::int64_t>::max()), std::int64_t(1) << 60);
}

TEST(RetryDelay, attempt_zero_or_negative_is_refused)
{
    for (std::int64_t bad : {std::int64_t(0), std::int64_t(-1), std::numeric_limits<std::int64_t>::min()}) {
        try {
            retry_delay_us(bad, 60 * S, 3600 * S);
            ADD_FAILURE() << bad;
        } catch (const RuleError &e) {
            EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
        }
    }
    EXPECT_THROW(retry_delay_us(1, 0, 10), RuleError);
}

TEST(RetryDelay, base_above_max_gives_max)
{
    EXPECT_EQ(retry_delay_us(1, 100 * S, 10 * S), 10 * S);
}

TEST(Jitter, zero_jitter_is_exact_and_one_spans_zero_to_double)
{
    EXPECT_EQ(jittered_delay_us(60 * S, 0.0, 0.0), 60 * S);
    EXPECT_EQ(jittered_delay_us(60 * S, 0.0, 0.999), 60 * S);
    EXPECT_EQ(jittered_delay_us(60 * S, 1.0, 0.0), 0);
    EXPECT_EQ(jittered_delay_us(60 * S, 1.0, 0.5), 60 * S);
    EXPECT_LT(jittered_delay_us(60 * S, 1.0, 0.9999999), 120 * S);
    EXPECT_GE(jittered_delay_us(60 * S, 1.0, 0.9999999), 119 * S);
}

TEST(Jitter, stays_within_bounds)
{
    for (double u = 0; u < 1; u += 0.01) {
        const auto d = jittered_delay_us(100 * S, 0.2, u);
        EXPECT_GE(d, 80 * S);
        EXPECT_LE(d, 120 * S);
    }
    EXPECT_EQ(jittered_delay_us(100 * S, 0.2, 7.0), 80 * S);  // u out of range is treated as 0
    EXPECT_THROW(jittered_delay_us(S, 1.5, 0.1), RuleError);
    EXPECT_THROW(jittered_delay_us(S, -0.1, 0.1), RuleError);
}

TEST(Failure, retries_while_attempts_remain_and_retryable)
{
    EXPECT_TRUE(after_failure(1, 3, true).retry);
    EXPECT_EQ(after_failure(1, 3, true).next_attempt, 2);
    EXPECT_TRUE(after_failure(2, 3, true).retry);
    EXPECT_FALSE(after_failure(3, 3, true).retry);
    EXPECT_FALSE(after_failure(1, 3, false).retry);
    EXPECT_EQ(after_failure(1, 3, false).next_attempt, 1);
    EXPECT_FALSE(after_failure(1, 1, true).retry);
}

TEST(StateMachine, pending_may_go_anywhere)
{
    for (const char *to : {"pending", "success", "failed", "completed"})
        EXPECT_EQ(state_error(change("pending", to)), "allowed") << to;
}

TEST(StateMachine, success_and_completed_are_terminal)
{
    EXPECT_EQ(state_error(change("success", "pending")),
              "activity state rule: activity act cannot go from success to pending: success is terminal");
    EXPECT_EQ(state_error(change("success", "failed")),
              "activity state rule: activity act cannot go from success to failed: success is terminal");
    EXPECT_EQ(state_error(change("completed", "pending")),
              "activity state rule: activity act cannot go from completed to pending: completed is terminal");
    EXPECT_EQ(state_error(change("completed", "success")),
              "activity state rule: activity act cannot go from completed to success: completed is terminal");
    EXPECT_EQ(state_error(change("success", "success")), "allowed");
}

TEST(StateMachine, failed_leaves_only_through_retry_activity)
{
    EXPECT_EQ(state_error(change("failed", "pending", 3, 4, 4)),
              "activity state rule: activity act is failed; only pod_amplify.retry_activity() may re-queue it");
    auto c = change("failed", "pending", 3, 4, 4);
    c.by_retry_activity = true;
    EXPECT_EQ(state_error(c), "allowed");
    EXPECT_EQ(state_error(change("failed", "success")),
              "activity state rule: activity act cannot go from failed to success: failed is terminal");
}

TEST(StateMachine, a_late_success_may_turn_failed_into_success_and_nothing_else)
{
    StateChange c;
    c.activity_id = "a";
    c.old_status = "failed";
    c.new_status = "success";
    c.old_attempt = c.new_attempt = 3;
    c.old_max = c.new_max = 3;
    EXPECT_THROW(check_state_change(c), RuleError);
    c.by_late_success = true;
    EXPECT_NO_THROW(check_state_change(c));
    c.new_status = "pending";
    EXPECT_THROW(check_state_change(c), RuleError);
}

TEST(StateMachine, attempt_number_never_decreases_nor_passes_max)
{
    EXPECT_EQ(state_error(change("pending", "pending", 2, 1)),
              "activity state rule: activity act cannot lower attempt_number from 2 to 1");
    EXPECT_EQ(state_error(change("pending", "pending", 3, 4, 3)),
              "activity state rule: activity act cannot pass max_attempts: attempt_number 4 > max_attempts 3");
    EXPECT_EQ(state_error(change("pending", "pending", 1, 2, 3)), "allowed");
}

TEST(StateMachine, unknown_words_are_left_to_the_check_constraint)
{
    EXPECT_EQ(state_error(change("pending", "done")), "allowed");
    EXPECT_FALSE(parse_status("done"));
    EXPECT_EQ(std::string(status_word(*parse_status("completed"))), "completed");
    EXPECT_TRUE(is_terminal(ActivityStatus::Failed));
    EXPECT_FALSE(is_terminal(ActivityStatus::Pending));
}

TEST(Settings, ranges_are_checked_with_the_setting_named)
{
    const SettingSpec *jitter = find_setting("retry_jitter");
    ASSERT_NE(jitter, nullptr);
    EXPECT_NO_THROW(check_setting_range(*jitter, 0.5, "pod p"));
    try {
        check_setting_range(*jitter, 1.5, "pod p");
        FAIL();
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
        EXPECT_STREQ(e.what(), "invalid value for retry_jitter in pod p: 1.5");
        EXPECT_EQ(e.hint(), "Allowed: from 0 to 1.");
    }
    const SettingSpec *cap = find_setting("member_daily_cap");
    EXPECT_THROW(check_setting_range(*cap, 2.5, "x"), RuleError);
    EXPECT_THROW(check_setting_range(*cap, -1, "x"), RuleError);
    EXPECT_THROW(check_setting_range(*find_setting("lease_duration"), 0, "x"), RuleError);
    EXPECT_EQ(find_setting("nope"), nullptr);
    std::size_t n = 0;
    engine_settings(&n);
    EXPECT_EQ(n, 16u);  // the 9 of 1.1 and the 7 of 1.2
}

TEST(Settings, text_settings_are_checked_by_their_parsers)
{
    const SettingSpec *hours = find_setting("active_hours");
    ASSERT_NE(hours, nullptr);
    EXPECT_EQ(hours->kind, SettingKind::Text);
    EXPECT_NO_THROW(check_setting_text(*hours, "09:30-17:00", "pods.settings"));
    try {
        check_setting_text(*hours, "20:00-08:00", "pods.settings");
        FAIL();
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
        EXPECT_EQ(std::string(e.what()).rfind("invalid value for active_hours in pods.settings: ", 0), 0u) << e.what();
    }
    EXPECT_THROW(check_setting_text(*find_setting("active_days"), "funday", "x"), RuleError);
    EXPECT_NO_THROW(check_setting_text(*find_setting("active_days"), "mon,wed-fri", "x"));
}

TEST(Settings, per_action_caps_and_comment_texts)
{
    EngineSettings s;
    s.daily_cap_comment = 3;
    EXPECT_EQ(s.daily_cap_for("comment"), 3);
    EXPECT_EQ(s.daily_cap_for("like"), 0);
    EXPECT_EQ(s.daily_cap_for("share"), 0);
    EXPECT_NO_THROW(check_comment_texts({"Great post!", "Congrats\nteam"}, "x"));
    EXPECT_THROW(check_comment_texts({}, "x"), RuleError);
    EXPECT_THROW(check_comment_texts({"  "}, "x"), RuleError);
    EXPECT_THROW(check_comment_texts({"bell\a"}, "x"), RuleError);
    EXPECT_THROW(check_comment_texts({std::string(3001, 'x')}, "x"), RuleError);
    EXPECT_NO_THROW(check_comment_texts({std::string(3000, 'x')}, "x"));
    const std::vector<std::string> texts = {"a", "b", "c", "d"};
    EXPECT_EQ(choose_comment_text(texts, "post-1", "m-1"), choose_comment_text(texts, "post-1", "m-1"));
    std::set<std::string> used;
    for (int m = 0; m < 50; ++m)
        used.insert(choose_comment_text(texts, "post-1", "member-" + std::to_string(m)));
    EXPECT_EQ(used.size(), 4u) << "texts are spread over members";
}

TEST(Settings, one_comment_text_says_why_it_is_unfit)
{
    EXPECT_EQ(comment_text_problem("Great post!\n\tThanks"), "");
    EXPECT_EQ(comment_text_problem(""), "is blank");
    EXPECT_EQ(comment_text_problem(" \t\n"), "is blank");
    EXPECT_EQ(comment_text_problem("a\rb"), "holds a control character");
    EXPECT_EQ(comment_text_problem("\xc3("), "is not valid UTF-8");
    std::string e3000;
    for (int i = 0; i < 3000; ++i)
        e3000 += "\xc3\xa9";  // é: 6,000 bytes, 3,000 characters
    EXPECT_EQ(comment_text_problem(e3000), "");
    EXPECT_EQ(comment_text_problem(e3000 + "x"), "has 3001 characters");
    // Past 4 bytes a character it is judged by its size, unread.
    EXPECT_EQ(comment_text_problem(std::string(12001, '\x01')), "has 12001 bytes, more than 3000 characters");
    EXPECT_EQ(comment_text_problem(std::string(12000, 'x')), "has 12000 characters");
}

TEST(Settings, inconsistent_windows_are_refused)
{
    EngineSettings s;
    EXPECT_NO_THROW(check_consistent(s, "session"));
    s.schedule_min_delay = 7200;
    EXPECT_THROW(check_consistent(s, "session"), RuleError);
    s = EngineSettings{};
    s.retry_base_delay = 7200;
    EXPECT_THROW(check_consistent(s, "session"), RuleError);
}

#include "activity_reports.hpp"

namespace {
LeasedActivity leased(const char *status, std::optional<std::string> owner = std::nullopt, bool live = false)
{
    LeasedActivity a;
    a.id = "act";
    a.status = status;
    a.lease_owner = std::move(owner);
    a.lease_live = live;
    return a;
}
LeasedActivity claimed_by(LeasedActivity a, bool claimed = true)
{
    a.claimed_by_worker = claimed;
    return a;
}
SqlState state_of(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const RuleError &e) {
        return e.state();
    }
    return SqlState::InternalError;
}
}  // namespace

TEST(Reports, completion_is_idempotent_and_needs_the_live_lease_when_a_worker_reports)
{
    EXPECT_TRUE(completion_needed(leased("pending"), std::nullopt));
    EXPECT_TRUE(completion_needed(claimed_by(leased("pending", "w1", true)), std::string("w1")));
    EXPECT_FALSE(completion_needed(leased("success"), std::string("w2")));
    EXPECT_FALSE(completion_needed(leased("completed"), std::nullopt));
    EXPECT_EQ(state_of([] { completion_needed(leased("pending", "w1", true), std::string("w2")); }),
              SqlState::ObjectNotInPrerequisiteState);
    // a late success of the worker that claimed it is recorded
    EXPECT_TRUE(completion_needed(claimed_by(leased("pending", "w1", false)), std::string("w1")));
    EXPECT_EQ(state_of([] { completion_needed(leased("pending"), std::string("w1")); }),
              SqlState::ObjectNotInPrerequisiteState);
    EXPECT_EQ(state_of([] { completion_needed(leased("failed"), std::nullopt); }),
              SqlState::ObjectNotInPrerequisiteState);
}

TEST(Reports, a_tenant_reports_no_live_lease_without_the_worker)
{
    EXPECT_EQ(state_of([] { check_report_without_worker(leased("pending", "w", true), true); }),
              SqlState::ObjectNotInPrerequisiteState);
    EXPECT_NO_THROW(check_report_without_worker(leased("pending", "w", true), false));   // an operator
    EXPECT_NO_THROW(check_report_without_worker(leased("pending", "w", false), true));   // the lease lapsed
    EXPECT_NO_THROW(check_report_without_worker(leased("pending"), true));               // nobody holds it
}

TEST(Reports, failure_extension_and_requeue_rules)
{
    EXPECT_TRUE(failure_needed(leased("pending"), std::nullopt, true));
    EXPECT_TRUE(failure_needed(claimed_by(leased("pending", "w", true)), std::string("w"), false));
    EXPECT_THROW(failure_needed(leased("success"), std::nullopt, true), RuleError);
    EXPECT_THROW(failure_needed(leased("pending", "w", true), std::string("x"), true), RuleError);
    EXPECT_NO_THROW(check_lease_extension(leased("pending", "w", true), "w"));
    EXPECT_THROW(check_lease_extension(leased("pending", "w", false), "w"), RuleError);
    EXPECT_THROW(check_lease_extension(leased("failed", "w", true), "w"), RuleError);
    EXPECT_NO_THROW(check_requeue_allowed(leased("failed")));
    EXPECT_THROW(check_requeue_allowed(leased("pending")), RuleError);
    EXPECT_THROW(check_requeue_allowed(leased("success")), RuleError);
}

TEST(Reports, argument_checks)
{
    EXPECT_NO_THROW(check_worker_name("worker-1", "f"));
    EXPECT_EQ(state_of([] { check_worker_name("", "f"); }), SqlState::InvalidParameterValue);
    EXPECT_THROW(check_worker_name(std::string(201, 'w'), "f"), RuleError);
    EXPECT_NO_THROW(check_error_text("HTTP 429", "f"));
    EXPECT_THROW(check_error_text("", "f"), RuleError);
    EXPECT_THROW(check_error_text(std::string(8193, 'e'), "f"), RuleError);
    EXPECT_NO_THROW(check_repost_url("https://www.linkedin.com/feed/update/urn:li:activity:1/", "f"));
    EXPECT_THROW(check_repost_url("https://linkedin.com.evil.io/feed", "f"), RuleError);
    EXPECT_THROW(check_repost_url("https://www.linkedin.com@evil.io/feed", "f"), RuleError);
    EXPECT_THROW(check_repost_url("javascript:alert(1)", "f"), RuleError);
    EXPECT_THROW(check_repost_url("", "f"), RuleError);
    EXPECT_NO_THROW(check_action_word("comment", "f"));
    EXPECT_THROW(check_action_word("share", "f"), RuleError);
}

namespace {
LeasedActivity after_report_by(const char *worker, const char *status, long attempt, long reported_attempt)
{
    LeasedActivity a = leased(status);
    a.attempt_number = attempt;
    a.claimed_by_worker = true;
    a.last_entry = HistoryEntry{worker, reported_attempt, true, std::nullopt};
    return a;
}
std::string decided(const LeasedActivity &a, ReportOutcome o, const char *worker)
{
    const auto d = decide_report(a, o, worker);
    const char *action[] = {"none", "complete", "complete_from_failed", "fail"};
    return std::string(d.accepted ? "accepted " : "refused ") + action[static_cast<int>(d.action)] + " (" + d.reason + ")";
}
}  // namespace

TEST(TruthfulReports, a_success_wins_whenever_the_claiming_worker_reports_it)
{
    const auto S = ReportOutcome::Success;
    EXPECT_EQ(decided(claimed_by(leased("pending", "w1", true)), S, "w1"), "accepted complete (recorded)");
    EXPECT_EQ(decided(claimed_by(leased("pending", "w1", false)), S, "w1"), "accepted complete (late success recorded)");
    // the lapse was reaped into a retry, and another worker holds it now
    EXPECT_EQ(decided(claimed_by(leased("pending", "w2", true)), S, "w1"), "accepted complete (late success recorded)");
    // the lapse was reaped into the final failure
    EXPECT_EQ(decided(claimed_by(leased("failed")), S, "w1"), "accepted complete_from_failed (late success recorded)");
    EXPECT_EQ(decided(claimed_by(leased("success")), S, "w1"), "accepted none (already recorded)");
    EXPECT_EQ(decided(leased("pending", "w2", true), S, "w1"), "refused none (not claimed by this worker)");
    EXPECT_EQ(decided(leased("failed"), S, "w1"), "refused none (not claimed by this worker)");
}

TEST(TruthfulReports, a_failure_needs_the_live_lease_unless_it_repeats_the_last_report)
{
    for (const auto o : {ReportOutcome::Retry, ReportOutcome::Fatal}) {
        EXPECT_EQ(decided(claimed_by(leased("pending", "w1", true)), o, "w1"), "accepted fail (recorded)");
        EXPECT_EQ(decided(claimed_by(leased("pending", "w1", false)), o, "w1"), "refused none (lease lost)");
        EXPECT_EQ(decided(claimed_by(leased("pending", "w2", true)), o, "w1"), "refused none (lease lost)");
        EXPECT_EQ(decided(claimed_by(leased("success")), o, "w1"), "refused none (already final)");
        // the COMMIT of w1's report was lost: attempt 1 failed, now pending as attempt 2, unclaimed
        EXPECT_EQ(decided(after_report_by("w1", "pending", 2, 1), o, "w1"), "accepted none (already recorded)");
        EXPECT_EQ(decided(after_report_by("w1", "failed", 3, 3), o, "w1"), "accepted none (already recorded)");
        // another worker's report, an older attempt, or a claim since: not a repeat
        EXPECT_EQ(decided(after_report_by("w2", "pending", 2, 1), o, "w1"), "refused none (lease lost)");
        EXPECT_EQ(decided(after_report_by("w1", "pending", 3, 1), o, "w1"), "refused none (lease lost)");
        auto reclaimed = after_report_by("w1", "pending", 2, 1);
        reclaimed.lease_owner = "w3";
        reclaimed.lease_live = true;
        EXPECT_EQ(decided(reclaimed, o, "w1"), "refused none (lease lost)");
        auto lapse = after_report_by("w1", "pending", 2, 1);
        lapse.last_entry->is_report = false;  // a reaped lapse is not the worker's report
        EXPECT_EQ(decided(lapse, o, "w1"), "refused none (lease lost)");
    }
}

TEST(TruthfulReports, a_different_failure_is_not_a_repeat_of_the_last_report)
{
    const auto R = ReportOutcome::Retry, F = ReportOutcome::Fatal;
    // w1 reported a retry of attempt 1 (now pending as attempt 2, unclaimed)
    auto retried = after_report_by("w1", "pending", 2, 1);
    retried.last_entry->retryable = true;
    EXPECT_EQ(decided(retried, R, "w1"), "accepted none (already recorded)");
    EXPECT_EQ(decided(retried, F, "w1"), "refused none (lease lost)");
    // w1 reported a fatal failure of attempt 1
    auto fatal = after_report_by("w1", "failed", 1, 1);
    fatal.last_entry->retryable = false;
    EXPECT_EQ(decided(fatal, F, "w1"), "accepted none (already recorded)");
    EXPECT_EQ(decided(fatal, R, "w1"), "refused none (already final)");
    // the 1.1 functions: the same repeat is a no-op, the other failure a lease error
    EXPECT_FALSE(failure_needed(retried, std::string("w1"), true));
    EXPECT_EQ(state_of([&] { failure_needed(retried, std::string("w1"), false); }),
              SqlState::ObjectNotInPrerequisiteState);
    EXPECT_FALSE(failure_needed(fatal, std::string("w1"), false));
    EXPECT_EQ(state_of([&] { failure_needed(fatal, std::string("w1"), true); }), SqlState::ObjectNotInPrerequisiteState);
}

TEST(TruthfulReports, the_1_1_functions_follow_the_same_rules)
{
    EXPECT_FALSE(failure_needed(after_report_by("w1", "pending", 2, 1), std::string("w1"), true));
    EXPECT_TRUE(completion_revives_failure(claimed_by(leased("failed")), std::string("w1")));
    EXPECT_FALSE(completion_revives_failure(claimed_by(leased("failed")), std::nullopt));
    EXPECT_EQ(state_of([] { completion_needed(leased("failed"), std::string("w1")); }),
              SqlState::ObjectNotInPrerequisiteState);
    EXPECT_EQ(parse_outcome("retry"), ReportOutcome::Retry);
    EXPECT_FALSE(parse_outcome("Success"));
}
