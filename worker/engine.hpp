// The engine's API as the worker calls it (schema pod_amplify, 1.2): claim,
// report, heartbeat, and the look-ahead for idling. One statement each.
#pragma once

#include "activity.hpp"
#include "pg_conn.hpp"

#include <optional>
#include <string>
#include <vector>

namespace worker {

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
// transaction (one commit a cycle); with no items, a claim alone. Claimed
// activities come joined with what a call needs (the member's Unipile account,
// the post's URL). With `hand_back` the engine returns this worker's own live
// leases first (`limit` must then count the held ones still unreported): after
// a lost answer, that is how the worker learns what it claimed. Without it
// the whole limit goes to new activities. Repeating a call is harmless.
struct Cycle {
    std::vector<ReportRow> reports;
    std::vector<Claimed> claimed;
};
Cycle report_and_claim(PgConn &db, const std::string &worker, const std::vector<ReportItem> &items, int limit,
                       double lease_seconds, bool hand_back);

// extend_leases: the ids whose lease was NOT extended (lost, reported, gone).
std::vector<std::string> extend(PgConn &db, const std::string &worker, const std::vector<std::string> &ids,
                                double lease_seconds);

struct Lookahead {
    bool pending_soon = false;            // a pending activity is due within `horizon` (leased or not)
    std::optional<double> next_free_due;  // seconds until the next claimable one is due (<= 0: due now)
};
Lookahead look_ahead(PgConn &db, double horizon_seconds);

}  // namespace worker
