#include "activity_reports.hpp"

#include "activity_state.hpp"
#include "rule_error.hpp"
#include "utf8_text.hpp"

#include <boost/url/parse.hpp>

namespace pod_amplify::core {

namespace {

[[noreturn]] void state_error(const std::string &message, const std::string &hint = {})
{
    throw RuleError(SqlState::ObjectNotInPrerequisiteState, message, {}, hint);
}

[[noreturn]] void bad_argument(const char *function, const std::string &message, const std::string &hint = {})
{
    throw RuleError(SqlState::InvalidParameterValue, std::string(function) + ": " + message, {}, hint);
}

void check_lease_holder(const LeasedActivity &row, const std::string &worker, const char *what)
{
    if (!row.lease_owner || *row.lease_owner != worker || !row.lease_live)
        state_error("lease rule: worker \"" + display_value(worker) + "\" does not hold a live lease on activity " +
                        row.id + ", so it cannot " + what + " it",
                    row.lease_owner ? (row.lease_live ? "The lease is held by \"" + display_value(*row.lease_owner) + "\"."
                                                      : "The lease of \"" + display_value(*row.lease_owner) +
                                                            "\" has expired; claim the activity again.")
                                    : "The activity is not claimed; claim it first.");
}

}  // namespace

std::optional<ReportOutcome> parse_outcome(std::string_view word) noexcept
{
    if (word == "success") return ReportOutcome::Success;
    if (word == "retry") return ReportOutcome::Retry;
    if (word == "fatal") return ReportOutcome::Fatal;
    return std::nullopt;
}

namespace {

// The worker's own last failure report, with no claim since: a repeat.
bool repeats_last_report(const LeasedActivity &row, const std::string &worker, ReportOutcome outcome)
{
    if (!row.last_entry || !row.last_entry->is_report || row.last_entry->worker != worker || row.lease_owner)
        return false;
    // The same failure, not another one: a "fatal" after a recorded retry (or
    // the reverse) would otherwise be answered "recorded" and not applied.
    if (row.last_entry->retryable && *row.last_entry->retryable != (outcome == ReportOutcome::Retry))
        return false;
    const long reported = row.last_entry->attempt;
    return row.status == kPending ? reported == row.attempt_number - 1
                                   : row.status == kFailed && reported == row.attempt_number;
}

}  // namespace

ReportDecision decide_report(const LeasedActivity &row, ReportOutcome outcome, const std::string &worker)
{
    const bool holds_live_lease = row.lease_owner && *row.lease_owner == worker && row.lease_live;
    if (outcome == ReportOutcome::Success) {
        if (is_success_word(row.status))
            return {true, ReportAction::None, "already recorded"};
        if (!row.claimed_by_worker)
            return {false, ReportAction::None, "not claimed by this worker"};
        if (row.status == kFailed)
            return {true, ReportAction::CompleteFromFailed, "late success recorded"};
        if (row.status != kPending)
            return {false, ReportAction::None, "unknown status"};
        return {true, ReportAction::Complete, holds_live_lease ? "recorded" : "late success recorded"};
    }
    if (holds_live_lease && row.status == kPending)
        return {true, ReportAction::Fail, "recorded"};
    if (repeats_last_report(row, worker, outcome))
        return {true, ReportAction::None, "already recorded"};
    if (row.status != kPending)
        return {false, ReportAction::None, "already final"};
    return {false, ReportAction::None, "lease lost"};
}

bool completion_needed(const LeasedActivity &row, const std::optional<std::string> &worker)
{
    if (is_success_word(row.status))
        return false;
    if (!worker) {
        if (row.status != kPending)
            state_error("activity state rule: activity " + row.id + " is " + row.status + " and cannot be completed",
                        "A failed activity goes back to pending only through pod_amplify.retry_activity().");
        return true;
    }
    const ReportDecision d = decide_report(row, ReportOutcome::Success, *worker);
    if (!d.accepted) {
        check_lease_holder(row, *worker, "complete");  // throws the lease rule
        state_error("lease rule: worker \"" + display_value(*worker) + "\" never claimed activity " + row.id);
    }
    return d.action != ReportAction::None;
}

bool completion_revives_failure(const LeasedActivity &row, const std::optional<std::string> &worker)
{
    return worker && row.status == kFailed &&
           decide_report(row, ReportOutcome::Success, *worker).action == ReportAction::CompleteFromFailed;
}

bool failure_needed(const LeasedActivity &row, const std::optional<std::string> &worker, bool retryable)
{
    if (worker) {
        const ReportDecision d = decide_report(row, retryable ? ReportOutcome::Retry : ReportOutcome::Fatal, *worker);
        if (d.accepted)
            return d.action != ReportAction::None;
    }
    if (row.status != kPending)
        state_error("activity state rule: activity " + row.id + " is " + row.status + " and cannot fail again");
    if (worker)
        check_lease_holder(row, *worker, "fail");
    return true;
}

void check_lease_extension(const LeasedActivity &row, const std::string &worker)
{
    if (row.status != kPending)
        state_error("activity state rule: activity " + row.id + " is " + row.status + "; there is no lease to extend");
    check_lease_holder(row, worker, "extend the lease of");
}

void check_report_without_worker(const LeasedActivity &row, bool tenant_session)
{
    if (tenant_session && row.lease_owner && row.lease_live)
        state_error("lease rule: activity " + row.id + " is leased to a worker; only that worker (p_worker) or an "
                    "operator may report it while the lease lives");
}

void check_requeue_allowed(const LeasedActivity &row)
{
    if (row.status != kFailed)
        state_error("activity state rule: activity " + row.id + " is " + row.status +
                    "; only failed activities are re-queued");
}

void check_worker_name(std::string_view worker, const char *function)
{
    if (worker.empty() || worker.size() > kMaxWorkerName)
        bad_argument(function, "p_worker must be 1 to " + std::to_string(kMaxWorkerName) + " bytes, not " +
                                   std::to_string(worker.size()));
}

void check_error_text(std::string_view error, const char *function)
{
    if (error.empty())
        bad_argument(function, "p_error must not be empty", "Say what went wrong, e.g. the HTTP status and message.");
    if (error.size() > kMaxErrorText)
        bad_argument(function, "p_error is " + std::to_string(error.size()) + " bytes, more than " +
                                   std::to_string(kMaxErrorText));
}

void check_repost_url(std::string_view url, const char *function)
{
    if (url.size() > 2048)
        bad_argument(function, "p_repost_url is longer than 2048 bytes");
    const auto parsed = boost::urls::parse_uri(url);
    bool ok = parsed.has_value();
    if (ok) {
        const auto scheme = parsed->scheme_id();
        std::string host(parsed->encoded_host());
        for (auto &c : host)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        const std::string base = "linkedin.com";
        ok = (scheme == boost::urls::scheme::https || scheme == boost::urls::scheme::http) &&
             !parsed->has_userinfo() && !parsed->has_port() &&
             (host == base || (host.size() > base.size() &&
                               host.compare(host.size() - base.size() - 1, base.size() + 1, "." + base) == 0));
    }
    if (!ok)
        bad_argument(function, "p_repost_url \"" + display_value(url) + "\" is not an http(s) URL on linkedin.com",
                     "Pass the URL LinkedIn returned for the repost, e.g. https://www.linkedin.com/feed/update/urn:li:activity:1/.");
}

void check_action_word(std::string_view action, const char *function)
{
    if (action != "like" && action != "comment" && action != "repost")
        bad_argument(function, "p_action must be like, comment or repost, not \"" + display_value(action) + "\"");
}

}  // namespace pod_amplify::core
