// The claim itself, shared by claim_activities and report_and_claim: reap
// expired leases, hand the worker back its own live leases (unless the caller
// says it knows them), then lease due pending activities, oldest first (SPI
// connected as the engine).
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

enum ClaimLevel { CLAIM_LEVEL_1_1 = 0, CLAIM_LEVEL_1_2 = 1 };  // 1.2: a comment needs its text

// Rows of pod_activities ("a.*", SPI tuple tables valid until SPI_finish).
struct ClaimedRows {
    SPITupleTable *mine = nullptr;  // the worker's own live leases, renewed
    uint64 nmine = 0;
    SPITupleTable *fresh = nullptr;  // newly leased
    uint64 nfresh = 0;
};

// 22023 unless min <= limit <= 1000.
void check_claim_limit(const char *fn, int32 limit, int32 min);
// 22023 for a negative, infinite, month-based or over-a-day lease (nullptr: none given).
void check_claim_lease(const char *fn, Interval *lease);

ClaimedRows claim_rows(const char *worker, int limit, Datum lease, bool lease_null, ClaimLevel level,
                       bool hand_back = true);

}  // namespace pod_amplify::pg
