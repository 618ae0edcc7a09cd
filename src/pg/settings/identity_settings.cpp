#include "pg/settings/identity_settings.hpp"

#include "pg/runtime/postgres_headers.hpp"
#include "pg/runtime/engine_context.hpp"
#include "pg/triggers/fact_cache.hpp"
#include "pg/settings/engine_settings.hpp"

namespace pod_amplify::pg {

char *setting_user_id = nullptr;
int setting_identity_source = IDENTITY_AUTO;

namespace {
const struct config_enum_entry identity_source_options[] = {
    {"auto", IDENTITY_AUTO, false},
    {"setting", IDENTITY_SETTING, false},
    {"jwt", IDENTITY_JWT, false},
    {nullptr, 0, false},
};
}  // namespace

void define_settings()
{
    // Superuser-only: a tenant who could set these could become any user.
    // A trusted application role gets GRANT SET ON PARAMETER pod_amplify.user_id.
    DefineCustomStringVariable("pod_amplify.user_id",
                               "The uuid of the application user this session acts for.",
                               "Read by pod_amplify.current_user_id() when no JWT claim names the user.",
                               &setting_user_id, "", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("pod_amplify.identity_source",
                             "Where pod_amplify.current_user_id() takes the user from.",
                             "auto: request.jwt.claims, request.jwt.claim.sub, then pod_amplify.user_id; "
                             "jwt: only the first two; setting: only pod_amplify.user_id.",
                             &setting_identity_source, IDENTITY_AUTO, identity_source_options, PGC_SUSET, 0,
                             nullptr, nullptr, nullptr);
    define_engine_settings();
    define_engine_context();
    define_fact_cache();
    MarkGUCPrefixReserved("pod_amplify");
}

}  // namespace pod_amplify::pg
