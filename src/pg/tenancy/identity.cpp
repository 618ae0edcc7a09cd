// Tenant identity: pod_amplify.current_user_id().
#include "pg/runtime/boundary.hpp"
#include "pg/settings/identity_settings.hpp"

#include "core/jwt_claims.hpp"
#include "core/uuid_text.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {

bool uuid_from_setting(const char *name, core::UuidBytes &out)
{
    const char *value = GetConfigOption(name, true, false);
    if (value == nullptr || value[0] == '\0')
        return false;
    const auto parsed = core::parse_uuid(value);
    if (!parsed)
        return false;
    out = *parsed;
    return true;
}

bool identity_from_jwt(core::UuidBytes &out)
{
    const char *claims = GetConfigOption("request.jwt.claims", true, false);
    if (claims != nullptr && claims[0] != '\0') {
        // Read without recursion: no claims text can make this raise (depth, size, types).
        if (const auto sub = core::sub_claim(claims)) {
            out = *sub;
            return true;
        }
    }
    return uuid_from_setting("request.jwt.claim.sub", out);
}

}  // namespace

// The session's user, or false when none is set. Used by SQL and by triggers.
bool current_user_uuid(pg_uuid_t *out)
{
    core::UuidBytes bytes{};
    bool found = false;
    switch (setting_identity_source) {
    case IDENTITY_JWT: found = identity_from_jwt(bytes); break;
    case IDENTITY_SETTING: found = uuid_from_setting("pod_amplify.user_id", bytes); break;
    default:
        found = identity_from_jwt(bytes) || uuid_from_setting("pod_amplify.user_id", bytes);
        break;
    }
    if (found)
        std::memcpy(out->data, bytes.data(), UUID_LEN);
    return found;
}

}  // namespace pod_amplify::pg

POD_AMPLIFY_FUNCTION(pod_amplify_current_user_id)
{
    auto *result = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t)));
    if (!pod_amplify::pg::current_user_uuid(result))
        PG_RETURN_NULL();
    PG_RETURN_UUID_P(result);
}
