// The engine's API as the worker calls it (schema pod_amplify, 1.2): claim,
// report, heartbeat, and the look-ahead for idling. One statement each.
#pragma once

#include "activity.hpp"
#include "pg_conn.hpp"

#include <optional>
#include <string>
#include <vector>

namespace worker {

// claim_activities joined with what a call needs (the member's Unipile
// account, the post's URL) in one statement. The engine hands a worker back
// its own live leases first, so `limit` must count the ones already held.
std::vector<Claimed> claim(PgConn &db, const std::string &worker, int limit, double lease_seconds);

struct ReportItem {
    std::string id;
    Outcome outcome;
    std::optional<std::string> detail;
};
struct ReportRow {
    std::string id;
    bool accepted = false;
    std::string reason;  // recorded, already recorded, late success recorded, lease lost, ...
    std::string status;  // the activity's status now (empty when no such activity)
    int attempt = 0;
};
// report_activities for a batch: each id applied or refused on its own.
// Repeating the call after a lost COMMIT answer is harmless.
std::vector<ReportRow> report(PgConn &db, const std::string &worker, const std::vector<ReportItem> &items);

// report_and_claim: the report and the next claim in one call, one
// transaction (one commit a cycle). Report rows as report(), claimed
// activities as claim() (own live leases first: `limit` counts the held ones
// still unreported). Repeating it after a lost answer is harmless.
struct Cycle {
    std::vector<ReportRow> reports;
    std::vector<Claimed> claimed;
};
Cycle report_and_claim(PgConn &db, const std::string &worker, const std::vector<ReportItem> &items, int limit,
                       double lease_seconds);

// extend_leases: the ids whose lease was NOT extended (lost, reported, gone).
std::vector<std::string> extend(PgConn &db, const std::string &worker, const std::vector<std::string> &ids,
                                double lease_seconds);

struct Lookahead {
    bool pending_soon = false;            // a pending activity is due within `horizon` (leased or not)
    std::optional<double> next_free_due;  // seconds until the next claimable one is due (<= 0: due now)
};
Lookahead look_ahead(PgConn &db, double horizon_seconds);

}  // namespace worker
