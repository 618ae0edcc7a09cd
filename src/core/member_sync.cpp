#include "member_sync.hpp"

#include "linkedin_url.hpp"
#include "membership_rules.hpp"
#include "rule_error.hpp"
#include "unipile_id.hpp"

namespace pod_amplify::core {

namespace {
[[noreturn]] void violation(std::string message, std::string hint = {})
{
    throw RuleError(SqlState::CheckViolation, std::move(message), {}, std::move(hint));
}
}  // namespace

OptText derived_linkedin_url(const OptText &profile_url)
{
    if (!profile_url)
        return std::nullopt;
    try {
        return parse_linkedin_profile_url(*profile_url).normalized;
    } catch (const RuleError &) {
        return std::nullopt;
    }
}

OptText derived_unipile_id(const OptText &unipile_id)
{
    if (!unipile_id)
        return std::nullopt;
    try {
        check_unipile_account_id(*unipile_id);
        return unipile_id;
    } catch (const RuleError &) {
        return std::nullopt;
    }
}

MemberValues sync_member(const MemberWrite &row, const MemberContext &ctx)
{
    MemberValues out;
    // The client: the pod's for a pod member, else the one given.
    if (!row.pod_id.empty()) {
        // A client_id the statement did not set follows the pod (1.0 code moves members by pod_id).
        if (!row.client_id.empty() && row.client_changed && row.client_id != ctx.pod_client_id)
            violation("membership rule: client_id " + row.client_id + " is not the client of pod " + row.pod_id +
                          " (" + ctx.pod_client_id + ")",
                      "Leave client_id NULL to take the pod's client.");
        out.client_id = ctx.pod_client_id;
    } else {
        if (row.client_id.empty())
            violation("membership rule: a member needs a pod_id or a client_id");
        out.client_id = row.client_id;
    }
    if (ctx.restricted)
        check_same_tenant(ctx.caller_client_id, out.client_id,
                          row.pod_id.empty() ? "client " + out.client_id : "pod " + row.pod_id);

    if (ctx.user_client_id != out.client_id)
        violation("membership rule: user " + row.user_id + " is not a user of client " + out.client_id +
                      (row.pod_id.empty() ? std::string() : ", which owns pod " + row.pod_id),
                  row.pod_id.empty() ? "A member must be a user of the member's client."
                                     : "A pod's members must be users of the pod's client.");
    if (!row.account_id.empty() && ctx.account_user_id != row.user_id)
        violation("membership rule: LinkedIn account " + row.account_id + " does not belong to user " + row.user_id,
                  "Link the member to one of the user's own LinkedIn accounts.");
    if (!row.pod_id.empty() && row.is_owner && !ctx.other_owner_id.empty())
        throw RuleError(SqlState::CheckViolation, "membership rule: pod " + row.pod_id + " already has an owner",
                        "User " + ctx.other_owner_id + " owns the pod.", "Demote the current owner to 'member' first.");
    if (row.pod_id.empty() && !ctx.duplicate_member_id.empty())
        violation("membership rule: user " + row.user_id + " is already a member of client " + out.client_id +
                      " (member " + ctx.duplicate_member_id + ")",
                  "A user is a member of a client at most once; update that row instead.");

    // Explicit values are validated; values derived from the linked account never fail.
    out.name = row.name ? row.name : ctx.user_full_name;
    const bool derive_url = !row.linkedin_url || (row.account_changed && !row.url_changed);
    out.linkedin_url = derive_url ? derived_linkedin_url(ctx.account_profile_url)
                                  : OptText(parse_linkedin_profile_url(*row.linkedin_url).normalized);
    const bool derive_unipile = !row.unipile_account_id || (row.account_changed && !row.unipile_changed);
    if (derive_unipile) {
        out.unipile_account_id = derived_unipile_id(ctx.account_unipile_id);
    } else {
        check_unipile_account_id(*row.unipile_account_id);
        out.unipile_account_id = row.unipile_account_id;
    }
    return out;
}

}  // namespace pod_amplify::core
