// A worker's batch report, shared by report_activities and report_and_claim:
// arguments read and checked, each id decided and applied on its own, one
// result row per id.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include "core/activity_reports.hpp"

namespace pod_amplify::pg {

// One requested id: what was decided, as plain data.
struct Verdict {
    bool accepted;
    const char *reason;  // static text or palloc'd
    pod_amplify::core::ReportAction action;
};

// The call's arguments (p_worker, p_ids, p_outcomes, p_details: arguments 0-3), checked.
struct ReportRequest {
    char *worker;
    pg_uuid_t *ids;
    pod_amplify::core::ReportOutcome *outcomes;
    char **details;  // nullptr: none given
    int n;
};

// 25006, 22004 and 22023 as documented; nothing is read from the tables yet.
ReportRequest read_report_request(FunctionCallInfo fcinfo, const char *fn);

// Locks the reported rows, decides each id, applies completions and failures
// (SPI connected as the engine). One verdict per requested id, in request order.
const Verdict *apply_report(const ReportRequest &r);

// One result row per requested id into the function's materialized result set:
// (id, accepted, reason, status, attempt_number) with the row's state now; when
// `kind` is given it goes to column 0 and those five follow; other columns NULL.
void emit_report_rows(FunctionCallInfo fcinfo, const ReportRequest &r, const Verdict *verdicts, const char *kind);

}  // namespace pod_amplify::pg
