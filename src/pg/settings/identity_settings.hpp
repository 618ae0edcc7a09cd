// pod_amplify.* settings (GUCs), defined once in _PG_init.
#pragma once

namespace pod_amplify::pg {

enum IdentitySource { IDENTITY_AUTO, IDENTITY_SETTING, IDENTITY_JWT };

extern char *setting_user_id;       // pod_amplify.user_id
extern int setting_identity_source; // pod_amplify.identity_source

void define_settings();

}  // namespace pod_amplify::pg
