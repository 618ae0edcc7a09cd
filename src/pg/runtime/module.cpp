// The shared library's entry: module magic and start-up.
#include "pg/runtime/postgres_headers.hpp"
#include "pg/settings/identity_settings.hpp"

extern "C" {
PG_MODULE_MAGIC;

void _PG_init(void);
void _PG_init(void)
{
    pod_amplify::pg::define_settings();
}
}
