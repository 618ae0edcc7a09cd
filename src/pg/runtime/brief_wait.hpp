// Lock waits with an end: a step run in a subtransaction whose lock waits give
// up after a few milliseconds. Engine transactions hold their locks for
// milliseconds, a tenant's open transaction for as long as it likes: waiting
// briefly lets the first through and never stalls a worker on the second.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// Runs step(arg) in a subtransaction with lock_timeout `ms` (a shorter session
// setting is kept). True when it ran (its work stays); false when a lock wait
// ran out (55P03) or deadlocked (40P01): everything it did is undone. Any other
// error is raised again. `step` runs PostgreSQL code only (SPI): the PG_TRY
// longjmp skips no C++ destructor.
bool run_waiting_briefly(void (*step)(void *), void *arg, int ms);

// Runs step(arg) in a subtransaction, kept when it returns true and undone
// when it returns false (rows it locked are then held no more). An error
// undoes it and is raised again. Same rules for `step` as above.
bool run_or_undo(bool (*step)(void *), void *arg);

// Waits until rows 0..n-1, one after another, are free or `deadline` passes:
// lock_row(i, arg) locks row i (one statement, waiting) with lock_timeout set
// to what is left until the deadline (a shorter session setting is kept), so
// the whole wait ends by then, however many rows another transaction frees
// one by one just in time (lock_timeout alone bounds each wait, not their
// sum). Everything runs in a subtransaction that is always undone: nothing is
// held afterwards; the caller takes the rows it needs again without waiting.
// True when every row was free by the deadline.
bool wait_for_rows_until(void (*lock_row)(int i, void *arg), int n, void *arg, TimestampTz deadline);

}  // namespace pod_amplify::pg
