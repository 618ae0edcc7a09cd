#include "engine.hpp"

#include "text.hpp"

#include <cstdlib>

namespace worker {

namespace {

std::optional<std::string> value(PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return std::nullopt;
    return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}

std::string seconds_param(double s)
{
    return std::to_string(s);
}

const char *const kReportSql =
    "SELECT r.id, r.accepted, r.reason, r.status, r.attempt_number"
    " FROM pod_amplify.report_activities($1, $2::uuid[], $3::text[], $4::text[]) r";

// Report rows first, then claimed ones joined with what a call needs. LEFT
// JOINs: a claimed activity is never dropped by the join; whatever is missing
// makes it "cannot attempt" and it is reported as such.
// The id and the URL come from rows a tenant wrote, some before 1.2 checked
// them: a value too long to be right is answered by its size (octet_length
// reads no toasted value) and fails that activity, never the whole call.
const char *const kReportAndClaimSql =
    "SELECT r.kind, r.id, r.accepted, r.reason, r.status, r.attempt_number,"
    "       COALESCE((r.activity).action, (r.activity).engagement_type), (r.activity).comment_text,"
    "       CASE WHEN octet_length(COALESCE(m.unipile_account_id, la.unipile_account_id)) > 128"
    "            THEN '(id over 128 bytes)' ELSE COALESCE(m.unipile_account_id, la.unipile_account_id) END,"
    "       CASE WHEN octet_length(p.linkedin_post_url) > 2048 THEN '(URL over 2048 bytes)'"
    "            ELSE p.linkedin_post_url END,"
    "       COALESCE((r.activity).client_id::text, 'pod:' || (r.activity).pod_id::text)"
    " FROM pod_amplify.report_and_claim($1, $2::uuid[], $3::text[], $4::text[], $5::integer,"
    "                                   $6::double precision * interval '1 second', $7::boolean) r"
    " LEFT JOIN pod_amplify.pod_members m ON m.id = (r.activity).member_id"
    " LEFT JOIN pod_amplify.linkedin_accounts la ON la.id = m.linkedin_account_id"
    " LEFT JOIN pod_amplify.posts p ON p.id = (r.activity).post_id";

const char *const kExtendSql =
    "SELECT e.id FROM pod_amplify.extend_leases($1::uuid[], $2, $3::double precision * interval '1 second') e"
    " WHERE NOT e.extended";

// Mirrors what claim_activities hands out (pending, due, no live lease, a
// comment has its text) to know when to claim next, and whether anything at
// all is pending within the horizon (for WORKER_EXIT_WHEN_IDLE). Both read the
// claim index (scheduled_for) WHERE status = 'pending' from its start, so a
// large backlog scheduled for later costs nothing. A tenant may date a row
// 'infinity' or '-infinity': the next due time is clamped to a finite one.
const char *const kLookaheadSql =
    "SELECT EXISTS (SELECT FROM pod_amplify.pod_activities a WHERE a.status = 'pending'"
    "                 AND a.scheduled_for <= now() + $1::double precision * interval '1 second'),"
    "       extract(epoch FROM (SELECT LEAST(GREATEST(x.due, now() - interval '1 day'), now() + interval '1 year')"
    "                           FROM (SELECT min(a.scheduled_for) AS due FROM pod_amplify.pod_activities a"
    "                                 WHERE a.status = 'pending' AND (a.lease_owner IS NULL OR a.lease_expires_at <= now())"
    "                                   AND (COALESCE(a.action, a.engagement_type) <> 'comment' OR a.comment_text IS NOT NULL)) x"
    "                           WHERE x.due IS NOT NULL)"
    "               - now())";

}  // namespace

namespace {

// The report's three arrays as literals: ids, outcomes, details. A detail
// that is not clean text (invalid UTF-8, NUL, control characters) would fail
// the whole statement: a success's URL is then left out, an error cleaned.
std::vector<std::optional<std::string>> report_params(const std::string &worker, const std::vector<ReportItem> &items)
{
    std::vector<std::optional<std::string>> ids, outcomes, details;
    for (const auto &item : items) {
        ids.emplace_back(item.id);
        outcomes.emplace_back(outcome_word(item.outcome));
        std::optional<std::string> detail = item.detail;
        if (detail) {
            std::string cleaned = clean_text(*detail);
            if (cleaned != *detail)
                detail = item.outcome == Outcome::Success ? std::nullopt : std::optional<std::string>(std::move(cleaned));
        }
        details.push_back(std::move(detail));
    }
    return {worker, pg_array_literal(ids), pg_array_literal(outcomes), pg_array_literal(details)};
}

// A report row from columns first .. first + 4 (id, accepted, reason, status, attempt_number).
ReportRow report_row(PGresult *r, int i, int first)
{
    ReportRow row;
    row.id = *value(r, i, first);
    row.accepted = value(r, i, first + 1).value_or("f") == "t";
    row.reason = value(r, i, first + 2).value_or("");
    row.status = value(r, i, first + 3).value_or("");
    row.attempt = std::atoi(value(r, i, first + 4).value_or("0").c_str());
    return row;
}

}  // namespace

std::vector<ReportRow> report(PgConn &db, const std::string &worker, const std::vector<ReportItem> &items)
{
    Result r = db.exec(kReportSql, report_params(worker, items));
    std::vector<ReportRow> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(report_row(r.get(), i, 0));
    return out;
}

Cycle report_and_claim(PgConn &db, const std::string &worker, const std::vector<ReportItem> &items, int limit,
                       double lease_seconds, bool hand_back)
{
    std::vector<std::optional<std::string>> params = report_params(worker, items);
    params.emplace_back(std::to_string(limit));
    params.emplace_back(seconds_param(lease_seconds));
    params.emplace_back(hand_back ? "true" : "false");
    Result r = db.exec(kReportAndClaimSql, params);
    Cycle out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        if (value(r.get(), i, 0).value_or("") == "report") {
            out.reports.push_back(report_row(r.get(), i, 1));
            continue;
        }
        Claimed c;
        c.id = *value(r.get(), i, 1);
        c.attempt = std::atoi(value(r.get(), i, 5).value_or("0").c_str());
        c.action = value(r.get(), i, 6).value_or("");
        c.comment_text = value(r.get(), i, 7);
        c.account_id = value(r.get(), i, 8);
        c.post_url = value(r.get(), i, 9);
        c.client = value(r.get(), i, 10).value_or("");
        out.claimed.push_back(std::move(c));
    }
    return out;
}

std::vector<std::string> extend(PgConn &db, const std::string &worker, const std::vector<std::string> &ids,
                                double lease_seconds)
{
    std::vector<std::optional<std::string>> elements(ids.begin(), ids.end());
    Result r = db.exec(kExtendSql, {pg_array_literal(elements), worker, seconds_param(lease_seconds)});
    std::vector<std::string> lost;
    for (int i = 0; i < PQntuples(r.get()); ++i) lost.push_back(*value(r.get(), i, 0));
    return lost;
}

Lookahead look_ahead(PgConn &db, double horizon_seconds)
{
    Result r = db.exec(kLookaheadSql, {seconds_param(horizon_seconds)});
    Lookahead l;
    l.pending_soon = value(r.get(), 0, 0).value_or("f") == "t";
    if (auto due = value(r.get(), 0, 1)) l.next_free_due = std::strtod(due->c_str(), nullptr);
    return l;
}

}  // namespace worker
