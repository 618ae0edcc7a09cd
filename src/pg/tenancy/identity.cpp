// Tenant identity: pod_amplify.current_user_id().
#include "pg/runtime/boundary.hpp"
#include "pg/settings/identity_settings.hpp"

#include "core/uuid_text.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {

// State of the JSON walk that finds the top-level "sub" claim.
struct SubClaimWalk {
    int depth;
    bool in_sub;
    bool found;
    core::UuidBytes uuid;
};

void walk_object_start(void *state) { static_cast<SubClaimWalk *>(state)->depth++; }
void walk_object_end(void *state) { static_cast<SubClaimWalk *>(state)->depth--; }
void walk_array_start(void *state) { static_cast<SubClaimWalk *>(state)->depth++; }
void walk_array_end(void *state) { static_cast<SubClaimWalk *>(state)->depth--; }

void walk_field_start(void *state, char *fname, bool)
{
    auto *w = static_cast<SubClaimWalk *>(state);
    w->in_sub = (w->depth == 1 && std::strcmp(fname, "sub") == 0);
}

void walk_field_end(void *state, char *, bool) { static_cast<SubClaimWalk *>(state)->in_sub = false; }

void walk_scalar(void *state, char *token, JsonTokenType type)
{
    auto *w = static_cast<SubClaimWalk *>(state);
    if (!w->in_sub || w->depth != 1)
        return;
    // Like jsonb, the last "sub" wins; a non-string or non-uuid "sub" means no identity.
    const auto parsed = type == JSON_TOKEN_STRING ? core::parse_uuid(token) : std::nullopt;
    w->found = parsed.has_value();
    if (parsed)
        w->uuid = *parsed;
}

// The uuid in the "sub" key of a JSON claims object; false when absent,
// malformed or not a uuid (never an error: a bad claim means no identity).
bool sub_from_claims(const char *json, core::UuidBytes &out)
{
    SubClaimWalk walk{};
    JsonSemAction sem;
    std::memset(&sem, 0, sizeof sem);
    sem.semstate = &walk;
    sem.object_start = walk_object_start;
    sem.object_end = walk_object_end;
    sem.array_start = walk_array_start;
    sem.array_end = walk_array_end;
    sem.object_field_start = walk_field_start;
    sem.object_field_end = walk_field_end;
    sem.scalar = walk_scalar;
    JsonLexContext *lex = makeJsonLexContextCstringLen(const_cast<char *>(json), static_cast<int>(std::strlen(json)),
                                                       GetDatabaseEncoding(), true);
    if (pg_parse_json(lex, &sem) != JSON_SUCCESS || !walk.found)
        return false;
    out = walk.uuid;
    return true;
}

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
    if (claims != nullptr && claims[0] != '\0' && sub_from_claims(claims, out))
        return true;
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
