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

bool run_or_undo(bool (*step)(void *), void *arg)
{
    MemoryContext caller_context = CurrentMemoryContext;
    ResourceOwner caller_owner = CurrentResourceOwner;
    volatile bool kept = false;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(caller_context);
    PG_TRY();
    {
        kept = step(arg);
        if (kept)
            ReleaseCurrentSubTransaction();
        else
            RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(caller_context);
        CurrentResourceOwner = caller_owner;
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller_context);
        ErrorData *error = CopyErrorData();
        FlushErrorState();
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(caller_context);
        CurrentResourceOwner = caller_owner;
        ReThrowError(error);
    }
    PG_END_TRY();
    return kept;
}

bool wait_for_rows_until(void (*lock_row)(int i, void *arg), int n, void *arg, TimestampTz deadline)
{
    if (n == 0)
        return true;
    MemoryContext caller_context = CurrentMemoryContext;
    ResourceOwner caller_owner = CurrentResourceOwner;
    volatile bool all_free = false;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(caller_context);
    PG_TRY();
    {
        const int guc_level = NewGUCNestLevel();
        int i = 0;
        for (; i < n; i++) {
            const long left_ms = static_cast<long>((deadline - GetCurrentTimestamp()) / 1000);
            if (left_ms < 1)
                break;
            if (LockTimeout == 0 || LockTimeout > left_ms) {
                char value[24];
                snprintf(value, sizeof value, "%ld", left_ms);
                (void) set_config_option("lock_timeout", value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                                         false);
            }
            lock_row(i, arg);
        }
        all_free = i == n;
        AtEOXact_GUC(false, guc_level);
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(caller_context);
        CurrentResourceOwner = caller_owner;
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
    return all_free;
}

}  // namespace pod_amplify::pg
