#include "activity_reports.hpp"

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

bool completion_needed(const LeasedActivity &row, const std::optional<std::string> &worker)
{
    if (row.status == "success" || row.status == "completed")
        return false;
    if (row.status != "pending")
        state_error("activity state rule: activity " + row.id + " is " + row.status + " and cannot be completed",
                    "A failed activity goes back to pending only through pod_amplify.retry_activity().");
    if (worker)
        check_lease_holder(row, *worker, "complete");
    return true;
}

void check_failure_allowed(const LeasedActivity &row, const std::optional<std::string> &worker)
{
    if (row.status != "pending")
        state_error("activity state rule: activity " + row.id + " is " + row.status + " and cannot fail again");
    if (worker)
        check_lease_holder(row, *worker, "fail");
}

void check_lease_extension(const LeasedActivity &row, const std::string &worker)
{
    if (row.status != "pending")
        state_error("activity state rule: activity " + row.id + " is " + row.status + "; there is no lease to extend");
    check_lease_holder(row, worker, "extend the lease of");
}

void check_requeue_allowed(const LeasedActivity &row)
{
    if (row.status != "failed")
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
