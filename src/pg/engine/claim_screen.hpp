// What a claim must not hand out (schema 1.2), screened out of the rows it has
// just leased, with one look-up as the tables' owner when there is nothing:
// - an activity a success waits for (waiting_successes.hpp): its worker did
//   it; the success is recorded now, or the activity is leased back to that
//   worker while its member is held;
// - an activity whose member would act through a Unipile account id that
//   another user holds too (looked for only while unipile_disputes lists one). 1.2 refuses such a binding on every write, but
//   rows 1.0 and 1.1 let in (an id written into another tenant's linked
//   account) are kept by the upgrade, and an owner's load skips the rules:
//   the action could run through another tenant's account. It fails at once
//   (fatal, history kind claim_refused) and is never attempted; once one user
//   holds the id, retry_activity.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

// Screens fresh (a.* rows of pod_activities leased by the caller's claim, SPI
// memory): removes the rows above from it (compacted in place) and returns
// how many remain. SPI connected.
uint64 screen_claimed(SPITupleTable *fresh, uint64 nfresh, const char *worker);

// Housekeeping: drops from unipile_disputes the ids one user (or none) holds
// now (triggers/unipile_disputes.hpp); returns how many. SPI connected.
int drop_settled_unipile_disputes();

}  // namespace pod_amplify::pg
