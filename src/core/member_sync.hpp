// Version 1.1 membership: the rules and the legacy/new-design synchronisation of
// a pod_members row, on plain values. A legacy row (pod_id, user_id,
// linkedin_account_id) gets client_id, name, linkedin_url and unipile_account_id
// filled in; a new-design row (client_id, user_id, no pod) is checked the same way.
#pragma once

#include <optional>
#include <string>

namespace pod_amplify::core {

using OptText = std::optional<std::string>;

// The row being written. Ids are canonical uuid text, "" for NULL.
struct MemberWrite {
    std::string id, pod_id, user_id, account_id, client_id;
    bool is_owner = false;
    OptText name, linkedin_url, unipile_account_id;
    // On UPDATE: which columns the statement changed (all true on INSERT).
    bool account_changed = true, url_changed = true, unipile_changed = true, client_changed = true;
};

// What the database knows about the row's references ("" / nullopt when absent).
struct MemberContext {
    std::string pod_client_id;       // client of pod_id
    std::string user_client_id;      // client of user_id
    OptText user_full_name;
    std::string account_user_id;     // owner of linkedin_account_id
    OptText account_profile_url, account_unipile_id;
    std::string other_owner_id;      // another owner of the same pod
    std::string duplicate_member_id; // another new-design row of the same user and client
    bool restricted = false;         // the session is subject to row-level security
    std::string caller_client_id;
};

struct MemberValues {
    std::string client_id;
    OptText name, linkedin_url, unipile_account_id;
};

// Throws RuleError (23514 rules, 22023 malformed URL or Unipile id, 42501 tenancy).
MemberValues sync_member(const MemberWrite &row, const MemberContext &ctx);

// Derived values that must never make a legacy statement fail: a linked account's
// URL or Unipile id that is not valid is left out (nullopt) rather than refused.
OptText derived_linkedin_url(const OptText &profile_url);
OptText derived_unipile_id(const OptText &unipile_id);

}  // namespace pod_amplify::core
