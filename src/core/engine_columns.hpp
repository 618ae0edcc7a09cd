// Engine-owned columns of pod_activities: lease_owner, lease_expires_at,
// attempt_number, max_attempts, error_history, origin, executed_at. They change
// only through pod_amplify's functions, or by a session that row-level security
// does not restrict (the table owner, a BYPASSRLS operator). A tenant's direct
// write can neither end a worker's live lease nor grant extra attempts.
#pragma once

#include <string>
#include <vector>

namespace pod_amplify::core {

inline constexpr int kMaxAttemptsLimit = 100;  // as default_max_attempts' range

struct EngineColumnsInsert {
    std::string activity_id;
    std::string status;
    bool lease_set = false;            // lease_owner or lease_expires_at given
    long attempt_number = 1, max_attempts = 3;
    bool history_empty = true;         // error_history = '[]'
    std::string origin = "insert";
    bool executed_at_set = false;
};

struct EngineColumnsUpdate {
    std::string activity_id;
    std::vector<std::string> changed;  // engine-owned columns the statement changed
    std::string old_status, new_status;
    bool old_lease_live = false;       // a worker holds a lease that has not expired
};

// Throws RuleError 42501 naming the column, or 55000 for a live lease. Call only
// for restricted sessions outside the engine's functions.
void check_tenant_insert(const EngineColumnsInsert &row);
void check_tenant_update(const EngineColumnsUpdate &row);

}  // namespace pod_amplify::core
