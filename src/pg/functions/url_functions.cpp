// SQL faces of the core's LinkedIn URL and Unipile id checks.
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"

#include "core/linkedin_url.hpp"
#include "core/unipile_id.hpp"

namespace {

// The normalised URL, palloc'd; throws RuleError 22023 when malformed.
char *normalized_url(const char *raw, int len)
{
    return pod_amplify::pg::palloc_copy(pod_amplify::core::parse_linkedin_profile_url({raw, size_t(len)}).normalized);
}

}  // namespace

// normalize_linkedin_url(text) RETURNS text, STRICT.
POD_AMPLIFY_FUNCTION(pod_amplify_normalize_linkedin_url)
{
    text *raw = PG_GETARG_TEXT_PP(0);
    char *normalized = normalized_url(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
    PG_RETURN_TEXT_P(cstring_to_text(normalized));
}

// check_unipile_account_id(text) RETURNS text, STRICT: the id itself, or 22023.
POD_AMPLIFY_FUNCTION(pod_amplify_check_unipile_account_id)
{
    text *raw = PG_GETARG_TEXT_PP(0);
    pod_amplify::core::check_unipile_account_id({VARDATA_ANY(raw), size_t(VARSIZE_ANY_EXHDR(raw))});
    PG_RETURN_TEXT_P(raw);
}
