// Whether the statement running was issued by one of pod_amplify's own
// functions, and for what. The triggers read it: engine-owned columns change
// only under FLAG_ENGINE, a failed activity is re-queued only under
// FLAG_RETRY_ACTIVITY, and so on.
//
// The flags live in an internal setting (pod_amplify.engine_flags, which no
// session can SET): entering pushes a GUC nest level, leaving pops it, and a
// transaction or subtransaction abort pops it too, so an error can never leave
// a flag set behind.
#pragma once

namespace pod_amplify::pg {

enum EngineFlag {
    FLAG_ENGINE = 1,          // any statement of an engine function
    FLAG_RETRY_ACTIVITY = 2,  // retry_activity: failed -> pending
    FLAG_TRUSTED_INSERT = 4,  // schedule_post's insert of rows it validated as a set
    FLAG_LATE_SUCCESS = 8,    // a success reported after the lapse was reaped into failed
};

void define_engine_context();

// Adds `flags` and pins search_path to pg_catalog, pg_temp until leave_engine().
int enter_engine(int flags);
void leave_engine(int level);

bool engine_flag(int flag);

}  // namespace pod_amplify::pg
