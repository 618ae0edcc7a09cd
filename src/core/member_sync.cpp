#include "member_sync.hpp"

#include "linkedin_url.hpp"
#include "rule_error.hpp"
#include "rules.hpp"
#include "unipile_id.hpp"

namespace pod_amplify::core {

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
    // Tenancy first: no later message may name another client's ids.
    const Writer writer{ctx.restricted, ctx.caller_client_id};
    if (!row.pod_id.empty())
        check_tenancy(writer, ctx.pod_client_id, "pod " + row.pod_id);
    if (!row.client_id.empty() && (row.client_changed || row.pod_id.empty()))
        check_tenancy(writer, row.client_id, "client " + row.client_id);

    // The client: the pod's for a pod member, else the one given. A client_id the
    // statement did not set follows the pod (1.0 code moves members by pod_id).
    if (!row.pod_id.empty()) {
        if (!row.client_id.empty() && row.client_changed && row.client_id != ctx.pod_client_id)
            raise(Violation{Rule::MemberClientIsPodClient, SqlState::CheckViolation,
                            "membership rule: client_id " + row.client_id + " is not the client of pod " + row.pod_id +
                                " (" + ctx.pod_client_id + ")",
                            {}, "Leave client_id NULL to take the pod's client."});
        out.client_id = ctx.pod_client_id;
    } else {
        out.client_id = row.client_id;
    }
    MemberFacts facts;
    facts.member_id = row.id;
    facts.pod_id = row.pod_id;
    facts.client_id = out.client_id;
    facts.user_id = row.user_id;
    facts.user_client_id = ctx.user_client_id;
    facts.account_id = row.account_id;
    facts.account_user_id = ctx.account_user_id;
    facts.is_owner = row.is_owner;
    facts.other_owner_id = ctx.other_owner_id;
    facts.duplicate_member_id = ctx.duplicate_member_id;
    check_member(facts);

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
