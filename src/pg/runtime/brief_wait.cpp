#include "pg/runtime/brief_wait.hpp"

namespace pod_amplify::pg {

namespace {

// Runs body(arg) in a subtransaction, kept when it returns true and undone
// when it returns false. An error undoes it; then a lock wait that ran out
// (55P03) or a deadlock (40P01) returns false when `lock_errors_end_it`, and
// any other error is raised again.
bool in_subtransaction(bool (*body)(void *), void *arg, bool lock_errors_end_it)
{
    MemoryContext caller_context = CurrentMemoryContext;
    ResourceOwner caller_owner = CurrentResourceOwner;
    volatile bool kept = false;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(caller_context);
    PG_TRY();
    {
        kept = body(arg);
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
        if (!lock_errors_end_it ||
            (error->sqlerrcode != ERRCODE_LOCK_NOT_AVAILABLE && error->sqlerrcode != ERRCODE_T_R_DEADLOCK_DETECTED))
            ReThrowError(error);
        FreeErrorData(error);
    }
    PG_END_TRY();
    return kept;
}

// lock_timeout at most `ms` until the current GUC nest level ends (a shorter
// session setting is kept).
void cap_lock_timeout(long ms)
{
    if (LockTimeout != 0 && LockTimeout <= ms)
        return;
    char value[24];
    snprintf(value, sizeof value, "%ld", ms);
    (void) set_config_option("lock_timeout", value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
}

struct BriefStep {
    void (*step)(void *);
    void *arg;
    int ms;
};

bool run_brief_step(void *arg)
{
    auto *b = static_cast<BriefStep *>(arg);
    const int guc_level = NewGUCNestLevel();
    cap_lock_timeout(b->ms);
    b->step(b->arg);
    AtEOXact_GUC(true, guc_level);
    return true;
}

struct RowWaits {
    void (*lock_row)(int i, void *arg);
    int n;
    void *arg;
    TimestampTz deadline;
    bool all_free;
};

// Always undone (returns false): the waits only find out when the rows are free.
bool run_row_waits(void *arg)
{
    auto *w = static_cast<RowWaits *>(arg);
    const int guc_level = NewGUCNestLevel();
    int i = 0;
    for (; i < w->n; i++) {
        const long left_ms = static_cast<long>((w->deadline - GetCurrentTimestamp()) / 1000);
        if (left_ms < 1)
            break;
        cap_lock_timeout(left_ms);
        w->lock_row(i, w->arg);
    }
    w->all_free = i == w->n;
    AtEOXact_GUC(false, guc_level);
    return false;
}

}  // namespace

bool run_waiting_briefly(void (*step)(void *), void *arg, int ms)
{
    BriefStep b{step, arg, ms};
    return in_subtransaction(run_brief_step, &b, true);
}

bool run_or_undo(bool (*step)(void *), void *arg)
{
    return in_subtransaction(step, arg, false);
}

bool wait_for_rows_until(void (*lock_row)(int i, void *arg), int n, void *arg, TimestampTz deadline)
{
    if (n == 0)
        return true;
    RowWaits w{lock_row, n, arg, deadline, false};
    (void) in_subtransaction(run_row_waits, &w, true);
    return w.all_free;
}

}  // namespace pod_amplify::pg
