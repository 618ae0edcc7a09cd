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

}  // namespace pod_amplify::pg
