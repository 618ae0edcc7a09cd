#include "pg/runtime/engine_context.hpp"

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

namespace {
int engine_flags = 0;
const char *const kPinnedSearchPath = "pg_catalog, pg_temp";
}  // namespace

void define_engine_context()
{
    DefineCustomIntVariable("pod_amplify.engine_flags", "Internal: what the running pod_amplify function is doing.",
                            nullptr, &engine_flags, 0, 0, 1 << 30, PGC_INTERNAL,
                            GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE | GUC_DISALLOW_IN_FILE | GUC_NO_RESET_ALL, nullptr,
                            nullptr, nullptr);
}

int enter_engine(int flags)
{
    const int level = NewGUCNestLevel();
    (void) set_config_option("search_path", kPinnedSearchPath, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                             false);
    if ((engine_flags | flags) != engine_flags) {
        char value[16];
        snprintf(value, sizeof value, "%d", engine_flags | flags);
        (void) set_config_option("pod_amplify.engine_flags", value, PGC_INTERNAL, PGC_S_SESSION, GUC_ACTION_SAVE,
                                 true, 0, false);
    }
    return level;
}

void leave_engine(int level)
{
    AtEOXact_GUC(false, level);
}

bool engine_flag(int flag)
{
    return (engine_flags & flag) != 0;
}

}  // namespace pod_amplify::pg
