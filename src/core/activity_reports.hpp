// What workers and operators may report about an activity, on plain values:
// the lease rules, idempotent completion, and the checks of their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pod_amplify::core {

struct LeasedActivity {
    std::string id;
    std::string status;                     // pending, success, failed, completed
    std::optional<std::string> lease_owner;
    bool lease_live = false;                // lease_expires_at > now()
};

// complete: true when the row must change (pending -> success); false when a
// completion already took effect (repeating it returns the row unchanged).
// Throws RuleError 55000: failed activity, or p_worker is not the live lease holder.
bool completion_needed(const LeasedActivity &row, const std::optional<std::string> &worker);

// fail: throws 55000 unless the activity is pending (and leased to worker, when given).
void check_failure_allowed(const LeasedActivity &row, const std::optional<std::string> &worker);

// extend_lease: throws 55000 unless the activity is pending with a live lease held by worker.
void check_lease_extension(const LeasedActivity &row, const std::string &worker);

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
