#include "pg/runtime/brief_wait.hpp"

namespace pod_amplify::pg {

bool run_waiting_briefly(void (*step)(void *), void *arg, int ms)
{
    MemoryContext caller_context = CurrentMemoryContext;
    ResourceOwner caller_owner = CurrentResourceOwner;
    volatile bool ran = false;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(caller_context);
    PG_TRY();
    {
        const int guc_level = NewGUCNestLevel();
        if (LockTimeout == 0 || LockTimeout > ms) {
            char value[16];
            snprintf(value, sizeof value, "%d", ms);
            (void) set_config_option("lock_timeout", value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
        }
        step(arg);
        AtEOXact_GUC(true, guc_level);
        ReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(caller_context);
        CurrentResourceOwner = caller_owner;
        ran = true;
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller_context);
        ErrorData *error = CopyErrorData();
        FlushErrorState();
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(caller_context);
        CurrentResourceOwner = caller_owner;
        if (error->sqlerrcode != ERRCODE_LOCK_NOT_AVAILABLE && error->sqlerrcode != ERRCODE_T_R_DEADLOCK_DETECTED)
            ReThrowError(error);
        FreeErrorData(error);
    }
    PG_END_TRY();
    return ran;
}

}  // namespace pod_amplify::pg
