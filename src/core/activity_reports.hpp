// What workers and operators may report about an activity, on plain values:
// the lease rules, idempotent completion, and the checks of their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pod_amplify::core {

// The last entry of an activity's error_history.
struct HistoryEntry {
    std::string worker;
    long attempt = 0;
    bool is_report = true;  // a worker's or operator's failure report, not a reaped lapse
    std::optional<bool> retryable;  // what that report said (unknown in entries that do not record it)
};

struct LeasedActivity {
    std::string id;
    std::string status;                     // pending, success, failed, completed
    std::optional<std::string> lease_owner;
    bool lease_live = false;                // lease_expires_at > now()
    long attempt_number = 1;
    // The reporting worker holds or held a lease on this activity: it is the
    // lease owner, or error_history names it (every lapse is reaped into an
    // entry naming its worker before anyone else may claim the activity).
    bool claimed_by_worker = false;
    std::optional<HistoryEntry> last_entry;
};

// What a worker reports for an activity it claimed.
enum class ReportOutcome { Success, Retry, Fatal };
std::optional<ReportOutcome> parse_outcome(std::string_view word) noexcept;

enum class ReportAction {
    None,                // nothing to change (refused, or already recorded)
    Complete,            // pending -> success
    CompleteFromFailed,  // failed -> success: the lapse that failed it did happen on LinkedIn
    Fail,                // the failure: retry or final, as attempts allow
};
struct ReportDecision {
    bool accepted;
    ReportAction action;
    const char *reason;  // "recorded", "late success recorded", "already recorded", "lease lost", ...
};

// The truthful-report rules. A success is recorded whenever a worker that
// claimed the activity reports it, even after its lease lapsed: the action
// happened on LinkedIn, so it wins over a pending retry or another worker's
// claim, and turns a final failure into the success; a second success changes
// nothing. A failure needs the worker's live lease, except that the same
// worker repeating the failure it already reported (its COMMIT's answer was
// lost; nobody claimed the activity since) is accepted and changes nothing; a
// different failure (retry after fatal, fatal after retry) is not a repeat.
ReportDecision decide_report(const LeasedActivity &row, ReportOutcome outcome, const std::string &worker);

// complete (1.1 API): true when the row must change; false when a completion
// already took effect (repeating it returns the row unchanged). Without a
// worker (an operator or a 1.0-era worker) a pending activity is completed.
// Throws RuleError 55000: a failed activity (operator), or a worker that never
// claimed the activity.
bool completion_needed(const LeasedActivity &row, const std::optional<std::string> &worker);
// Whether a completion turns a final failure into the success (a late success).
bool completion_revives_failure(const LeasedActivity &row, const std::optional<std::string> &worker);

// fail (1.1 API): true when the failure must be applied; false when it repeats
// the worker's last report (the row is returned unchanged). Throws 55000 when
// the activity is not pending, or (with a worker) not leased to it.
bool failure_needed(const LeasedActivity &row, const std::optional<std::string> &worker, bool retryable);

// extend_lease: throws 55000 unless the activity is pending with a live lease held by worker.
void check_lease_extension(const LeasedActivity &row, const std::string &worker);

// A report without p_worker is an operator's or a 1.0-era worker's. From a
// tenant's session (row-level security applies to it) it is neither: it may not
// end the live lease a worker holds (throws 55000).
void check_report_without_worker(const LeasedActivity &row, bool tenant_session);

// retry_activity: throws 55000 unless the activity is failed.
void check_requeue_allowed(const LeasedActivity &row);

// Argument checks, 22023 with the argument and function named.
void check_worker_name(std::string_view worker, const char *function);
void check_error_text(std::string_view error, const char *function);
void check_repost_url(std::string_view url, const char *function);
void check_action_word(std::string_view action, const char *function);

inline constexpr std::size_t kMaxWorkerName = 200;
inline constexpr std::size_t kMaxErrorText = 8192;

}  // namespace pod_amplify::core
