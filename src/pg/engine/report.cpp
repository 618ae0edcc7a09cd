// report_activities and extend_leases (1.2): one call for a worker's whole
// batch. Each id is applied or refused on its own, with the reason; never
// all-or-nothing. The rules are core/activity_reports.cpp's decide_report().
#include "pg/engine/common.hpp"
#include "pg/engine/locked_activity.hpp"
#include "pg/engine/outcomes.hpp"
#include "pg/engine/report_batch.hpp"
#include "pg/engine/waiting_successes.hpp"
#include "pg/engine/row_waits.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/brief_wait.hpp"
#include "pg/runtime/datum.hpp"

#include "core/activity_reports.hpp"
#include "core/activity_state.hpp"
#include "core/utf8_text.hpp"

#include <algorithm>
#include <cstring>

namespace {

using namespace pod_amplify::pg;
namespace core = pod_amplify::core;

const int kMaxBatch = 10000;
// Refusals that are not outcomes: nothing was recorded, the lease stands, and
// the same report later is decided then. Workers tell them by the "busy" prefix.
const char *const kBusyActivity = "busy: another transaction holds this activity; report it again";
const char *const kBusyMember = "busy: another transaction holds this activity's member; report it again";
// A success the worker's lease makes its own waits in the database until then
// (waiting_successes.hpp); reporting it again records it sooner.
const char *const kBusyActivityKept =
    "busy: another transaction holds this activity; the success waits and is recorded once it is free";
const char *const kBusyMemberKept =
    "busy: another transaction holds this activity's member; the success waits and is recorded once it is free";
const double kMaxLeaseSeconds = 86400;

const char *const kFinalStateSql =
    "SELECT a.id, a.status, a.attempt_number FROM pod_amplify.pod_activities a WHERE a.id" POD_EQ "ANY ($1) ORDER BY a.id";
// A heartbeat never shortens a lease (see claim.cpp's reclaim).
const char *const kExtendSql =
    "UPDATE pod_amplify.pod_activities a SET lease_expires_at = GREATEST(a.lease_expires_at, " POD_LEASE_FROM POD_PLUS "COALESCE($2,"
    "  pg_catalog.make_interval(secs => pod_amplify.setting_value("
    "    (SELECT p.settings FROM pod_amplify.pods p WHERE p.id" POD_EQ "a.pod_id), 'lease_duration'::pg_catalog.text))))"
    " WHERE a.id" POD_EQ "ANY ($1) RETURNING a.id, a.lease_expires_at";
SPIPlanPtr final_state_plan, extend_plan;

// Pure C++ frame: the decision for one reported id.
void decide_one(const LockedActivity &row, core::ReportOutcome outcome, const char *worker, Verdict *out)
{
    const core::ReportDecision d = core::decide_report(leased_facts(row), outcome, worker);
    out->accepted = d.accepted;
    out->reason = d.reason;
    out->action = d.action;
}

// Pure C++ frame: a repost URL is stored only when it is one (the success is
// recorded either way: the action happened).
bool repost_url_ok(const char *url)
{
    try {
        core::check_repost_url(url, "report_activities");
        return true;
    } catch (const core::RuleError &) {
        return false;
    }
}

// An error text for the history: never empty, at most kMaxErrorText bytes, cut
// on a character boundary. A worker's report is never refused for its wording.
char *error_text(const char *detail, core::ReportOutcome outcome)
{
    if (detail == nullptr || detail[0] == '\0')
        return pstrdup(outcome == core::ReportOutcome::Retry ? "retry (no detail given)" : "fatal (no detail given)");
    std::size_t len = std::strlen(detail);
    if (len <= core::kMaxErrorText)
        return pstrdup(detail);
    len = core::kMaxErrorText;
    while (len > 0 && (static_cast<unsigned char>(detail[len]) & 0xC0) == 0x80)
        --len;
    return pnstrdup(detail, len);
}

// The value as a message may quote it (core::display_value), palloc'd.
char *shown(const char *value)
{
    return palloc_copy(core::display_value(value));
}

void check_outcomes(const char *fn, char **outcomes, int n, core::ReportOutcome *out)
{
    for (int i = 0; i < n; i++) {
        const auto parsed = core::parse_outcome(outcomes[i]);
        if (!parsed)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: p_outcomes element %d must be success, retry or fatal, not \"%s\"", fn, i + 1,
                                   shown(outcomes[i])),
                            errhint("success: the action happened (detail = the repost URL); retry: try again later "
                                    "(429, 5xx, timeout); fatal: it never will (other 4xx).")));
        out[i] = *parsed;
    }
}

void check_worker(const char *fn, const char *worker)
{
    core::check_worker_name(worker, fn);
}

// What the decisions ask to apply: completions (in request order) and failures.
struct ReportPlan {
    Verdict *verdicts;  // one per requested id
    pg_uuid_t *done_ids, *done_members;
    char **done_urls;
    bool *done_late;
    int *done_verdict;  // which requested id each completion answers
    int ndone = 0;
    bool revive = false;  // a completion turns a failed activity into a success
    FailureToApply *failures;
    int *failure_rows;
    int nfail = 0;
};

}  // namespace

namespace pod_amplify::pg {

// Step 1: arguments (22004 / 22023 as documented).
ReportRequest read_report_request(FunctionCallInfo fcinfo, const char *fn)
{
    require_writable(fn);
    require_read_committed(fn);
    require_arg(fcinfo, 0, "p_worker", fn);
    require_arg(fcinfo, 1, "p_ids", fn);
    require_arg(fcinfo, 2, "p_outcomes", fn);
    ReportRequest r;
    r.worker = text_to_cstring(PG_GETARG_TEXT_PP(0));
    check_worker(fn, r.worker);
    int noutcomes, ndetails = 0;
    r.ids = uuid_array_arg(PG_GETARG_ARRAYTYPE_P(1), "p_ids", fn, kMaxBatch, &r.n);
    char **outcome_words = text_array_arg(PG_GETARG_ARRAYTYPE_P(2), "p_outcomes", fn, false, &noutcomes);
    r.details = PG_ARGISNULL(3) ? nullptr : text_array_arg(PG_GETARG_ARRAYTYPE_P(3), "p_details", fn, true, &ndetails);
    if (noutcomes != r.n || (r.details && ndetails != r.n))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: p_ids has %d elements, p_outcomes %d%s", fn, r.n, noutcomes,
                               r.details ? psprintf(", p_details %d", ndetails) : "")));
    r.outcomes = static_cast<core::ReportOutcome *>(palloc(sizeof(core::ReportOutcome) * (r.n > 0 ? r.n : 1)));
    check_outcomes(fn, outcome_words, r.n, r.outcomes);
    return r;
}

}  // namespace pod_amplify::pg

namespace {

// Step 2: every id decided on its own against its locked row.
ReportPlan decide_all(const ReportRequest &r, const LockedSet &set, const int *where)
{
    const int cap = r.n > 0 ? r.n : 1;
    ReportPlan plan;
    plan.verdicts = static_cast<Verdict *>(palloc(sizeof(Verdict) * cap));
    plan.done_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * cap));
    plan.done_members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * cap));
    plan.done_urls = static_cast<char **>(palloc(sizeof(char *) * cap));
    plan.done_late = static_cast<bool *>(palloc(sizeof(bool) * cap));
    plan.done_verdict = static_cast<int *>(palloc(sizeof(int) * cap));
    plan.failures = static_cast<FailureToApply *>(palloc(sizeof(FailureToApply) * cap));
    plan.failure_rows = static_cast<int *>(palloc(sizeof(int) * cap));
    bool *seen = static_cast<bool *>(palloc0(sizeof(bool) * (set.count > 0 ? set.count : 1)));
    for (int i = 0; i < r.n; i++) {
        Verdict &v = plan.verdicts[i];
        if (where[i] < 0) {
            v = is_busy(set, r.ids[i]) ? Verdict{false, kBusyActivity, core::ReportAction::None}
                                       : Verdict{false, "no such activity", core::ReportAction::None};
            continue;
        }
        if (seen[where[i]]) {
            v = Verdict{false, "duplicate id in this report", core::ReportAction::None};
            continue;
        }
        seen[where[i]] = true;
        const LockedActivity &row = set.rows[where[i]];
        decide_one(row, r.outcomes[i], r.worker, &v);
        const char *detail = r.details ? r.details[i] : nullptr;
        if (v.action == core::ReportAction::Complete || v.action == core::ReportAction::CompleteFromFailed) {
            const bool url_ok = detail == nullptr || repost_url_ok(detail);
            if (!url_ok)
                v.reason = psprintf("%s; repost URL not stored: not an http(s) URL on linkedin.com", v.reason);
            plan.done_ids[plan.ndone] = row.id;
            plan.done_members[plan.ndone] = row.member_id;
            plan.done_urls[plan.ndone] = url_ok ? const_cast<char *>(detail) : nullptr;
            plan.done_late[plan.ndone] = std::strcmp(v.reason, "recorded") != 0;
            plan.done_verdict[plan.ndone] = i;
            plan.revive |= v.action == core::ReportAction::CompleteFromFailed;
            plan.ndone++;
        } else if (v.action == core::ReportAction::Fail) {
            plan.failures[plan.nfail] = FailureToApply{row.id, error_text(detail, r.outcomes[i]), r.worker,
                                                       r.outcomes[i] == core::ReportOutcome::Retry, false};
            plan.failure_rows[plan.nfail++] = where[i];
        }
    }
    return plan;
}

// A success whose member row another transaction holds (a tenant editing its
// member: the score must be added in this transaction) is not applied now: the
// id is answered busy, the lease stays, the success waits in the database
// (waiting_successes.hpp) and the worker reports it again. Returns how many wait.
// With MemberWait::AllOrNothing and a member held elsewhere: -1, nothing
// decided, the members held elsewhere in *elsewhere.
int keep_completions_of_held_members(ReportPlan *plan, const ReportRequest &r, const LockedSet &set, const int *where,
                                     WaitingSuccess *waiting, MemberWait wait, RowsElsewhere *elsewhere)
{
    const bool *held = lock_members(plan->done_members, plan->ndone, wait, elsewhere);
    if (wait == MemberWait::AllOrNothing && elsewhere->n > 0)
        return -1;
    int kept = 0, nwaiting = 0;
    plan->revive = false;
    for (int k = 0; k < plan->ndone; k++) {
        if (!held[k]) {
            const int i = plan->done_verdict[k];
            const LockedActivity &row = set.rows[where[i]];
            // Only a pending activity the worker still holds the lease on waits
            // (the claim and the reaper go by that lease).
            const bool leased = row.lease_owner && std::strcmp(row.lease_owner, r.worker) == 0 &&
                                std::strcmp(row.status, core::kPending) == 0;
            plan->verdicts[i] = Verdict{false, leased ? kBusyMemberKept : kBusyMember, core::ReportAction::None};
            if (leased)
                waiting[nwaiting++] = WaitingSuccess{plan->done_ids[k], nullptr, row.attempt_number, plan->done_urls[k]};
            continue;
        }
        plan->done_ids[kept] = plan->done_ids[k];
        plan->done_members[kept] = plan->done_members[k];
        plan->done_urls[kept] = plan->done_urls[k];
        plan->done_late[kept] = plan->done_late[k];
        plan->done_verdict[kept] = plan->done_verdict[k];
        plan->revive |= plan->verdicts[plan->done_verdict[k]].action == core::ReportAction::CompleteFromFailed;
        kept++;
    }
    plan->ndone = kept;
    return nwaiting;
}

// Successes reported for activities another transaction holds (a tenant
// deleting its post): those the reporting worker holds the lease on wait in
// the database; the others are answered as before (nothing is known of them).
int keep_successes_of_busy_activities(const ReportRequest &r, const int *where, Verdict *verdicts,
                                      WaitingSuccess *waiting)
{
    auto *busy = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (r.n > 0 ? r.n : 1)));
    int nbusy = 0;
    for (int i = 0; i < r.n; i++)
        if (where[i] < 0 && r.outcomes[i] == core::ReportOutcome::Success && verdicts[i].reason == kBusyActivity)
            busy[nbusy++] = r.ids[i];
    int nleased = 0;
    const WaitingSuccess *leased = nbusy > 0 ? leased_to_worker(busy, nbusy, r.worker, &nleased) : nullptr;
    if (nleased == 0)
        return 0;
    int nwaiting = 0;
    for (int i = 0; i < r.n; i++) {
        if (where[i] >= 0 || verdicts[i].reason != kBusyActivity || r.outcomes[i] != core::ReportOutcome::Success)
            continue;
        // leased comes in id order: one binary search per id, not a scan
        // (a report names up to 10,000).
        const WaitingSuccess key{r.ids[i], nullptr, 0, nullptr};
        const WaitingSuccess *hit = std::lower_bound(
            leased, leased + nleased, key, [](const WaitingSuccess &a, const WaitingSuccess &b) { return uuid_less(a.id, b.id); });
        if (hit == leased + nleased || uuid_less(r.ids[i], hit->id))
            continue;
        const char *detail = r.details ? r.details[i] : nullptr;
        waiting[nwaiting++] = WaitingSuccess{r.ids[i], nullptr, hit->attempt_number,
                                             detail && repost_url_ok(detail) ? const_cast<char *>(detail) : nullptr};
        verdicts[i] = Verdict{false, kBusyActivityKept, core::ReportAction::None};
    }
    return nwaiting;
}

}  // namespace

namespace pod_amplify::pg {

namespace {

// Rows another transaction held when an attempt was undone.
struct HeldElsewhere {
    RowsElsewhere activities, members;
};

// Steps 2 and 3: lock, decide every id on its own, apply (SPI connected).
// Brief: waits up to 100 ms for held activities, then for held members.
// AllOrNothing: never waits; nullptr (the caller undoes the attempt) when a
// row is held elsewhere, listed in *held. None: never waits; held rows busy.
const Verdict *apply_report_with(const ReportRequest &r, MemberWait wait, HeldElsewhere *held = nullptr)
{
    // Pod settings (retry delays) matter only to failures: a report of
    // successes does not look up each row's pod.
    const bool any_failure = std::any_of(r.outcomes, r.outcomes + r.n,
                                         [](core::ReportOutcome o) { return o != core::ReportOutcome::Success; });
    const LockedSet set = lock_activities(r.ids, r.n, r.worker, any_failure,
                                          wait == MemberWait::Brief ? RowLocks::SKIP_BUSY : RowLocks::SKIP_NOW);
    if (wait == MemberWait::AllOrNothing && set.nbusy > 0) {
        held->activities = RowsElsewhere{set.busy, set.nbusy};
        return nullptr;
    }
    const int *where = locate_requested(r.ids, r.n, set);
    ReportPlan plan = decide_all(r, set, where);
    auto *waiting = static_cast<WaitingSuccess *>(palloc(sizeof(WaitingSuccess) * (r.n > 0 ? r.n : 1)));
    int nwaiting = set.nbusy > 0 ? keep_successes_of_busy_activities(r, where, plan.verdicts, waiting) : 0;
    // Completions (their members locked first, in id order) then failures,
    // one statement each.
    if (plan.ndone > 0) {
        RowsElsewhere members;
        const int kept = keep_completions_of_held_members(&plan, r, set, where, waiting + nwaiting, wait, &members);
        if (kept < 0) {
            held->members = members;
            return nullptr;
        }
        nwaiting += kept;
        if (plan.ndone > 0)
            apply_completions(plan.done_ids, plan.done_members, plan.done_urls, plan.done_late, plan.ndone, r.worker,
                              plan.revive, false, true);
    }
    apply_failures(set, plan.failure_rows, plan.failures, plan.nfail);
    for (int k = 0; k < nwaiting; k++)
        waiting[k].worker = r.worker;
    // Not kept (a row of waiting_successes held past a brief wait): answered
    // busy as before, and the worker keeps the success.
    if (!keep_waiting_successes(waiting, nwaiting))
        for (int i = 0; i < r.n; i++) {
            if (plan.verdicts[i].reason == kBusyActivityKept)
                plan.verdicts[i].reason = kBusyActivity;
            else if (plan.verdicts[i].reason == kBusyMemberKept)
                plan.verdicts[i].reason = kBusyMember;
        }
    return plan.verdicts;
}

struct Attempt {
    const ReportRequest *r;
    const Verdict *verdicts;
    HeldElsewhere held;
};

bool attempt_report(void *arg)
{
    auto *a = static_cast<Attempt *>(arg);
    a->held = HeldElsewhere{};
    a->verdicts = apply_report_with(*a->r, MemberWait::AllOrNothing, &a->held);
    return a->verdicts != nullptr;
}

// Tries that may be undone; the one after them takes only the free rows.
const int kUndoableTries = 2;

}  // namespace

// A report of several ids is tried whole in a subtransaction that never waits.
// If a row it needs is held elsewhere, the attempt is undone (so nothing is
// held meanwhile), those rows are waited for in id order (up to 100 ms for
// all the waits of the call together) and the report is tried again; at the
// last try, or when the time is up, it runs taking only the free rows (the
// others answered busy). Why so:
// - taking the free members first and then waiting for the others held some
//   while waiting: two reports each holding what the other waited for both
//   ran out their wait and answered busy (8 workers draining a backlog: a
//   thousand busy answers in 20,000 reports, once 9,635);
// - lock_timeout bounds each wait, not their sum: a tenant freeing its rows
//   one by one just in time held a batch of 30 ids for 2.7 s;
// - a row locked by a subtransaction and then updated by its parent gets a
//   MultiXact (a lock and an update by two transaction ids): an attempt locks
//   and writes its rows itself.
const Verdict *apply_report(const ReportRequest &r)
{
    if (r.n < 2)
        return apply_report_with(r, MemberWait::Brief);
    const TimestampTz deadline = brief_deadline();
    Attempt a{&r, nullptr, {}};
    for (int i = 0; i < kUndoableTries; i++) {
        if (run_or_undo(attempt_report, &a))
            return a.verdicts;
        const bool free = wait_until_free(RowTable::Activities, a.held.activities.ids, a.held.activities.n, deadline) &&
                          wait_until_free(RowTable::Members, a.held.members.ids, a.held.members.n, deadline);
        if (!free)
            break;
    }
    return apply_report_with(r, MemberWait::None);
}

// Step 4: one result row per requested id, with its row's state now: columns
// (id, accepted, reason, status, attempt_number) from `first`, the others NULL
// and, when `kind` is given, column 0 set to it.
void emit_report_rows(FunctionCallInfo fcinfo, const ReportRequest &r, const Verdict *verdicts, const char *kind)
{
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    const int natts = rsinfo->setDesc->natts;
    const int first = kind ? 1 : 0;
    Assert(natts >= first + 5);
    Oid uuid_array = UUIDARRAYOID;
    Datum ids_datum = uuid_array_datum(r.ids, r.n);
    saved_plan(&final_state_plan, kFinalStateSql, 1, &uuid_array);
    if (SPI_execute_plan(final_state_plan, &ids_datum, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: report result query failed");
    LockedSet final_rows;  // only ids are needed to locate: reuse the id matcher
    final_rows.count = static_cast<int>(SPI_processed);
    final_rows.rows =
        static_cast<LockedActivity *>(palloc0(sizeof(LockedActivity) * (final_rows.count > 0 ? final_rows.count : 1)));
    for (int j = 0; j < final_rows.count; j++)
        tuple_uuid(SPI_tuptable->vals[j], SPI_tuptable->tupdesc, 1, &final_rows.rows[j].id);
    const int *final_where = locate_requested(r.ids, r.n, final_rows);
    Datum *values = static_cast<Datum *>(palloc0(sizeof(Datum) * natts));
    bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * natts));
    Datum kind_datum = kind ? CStringGetTextDatum(kind) : (Datum) 0;
    for (int i = 0; i < r.n; i++) {
        for (int c = 0; c < natts; c++)
            nulls[c] = true;
        if (kind) {
            values[0] = kind_datum;
            nulls[0] = false;
        }
        values[first] = UUIDPGetDatum(&r.ids[i]);
        values[first + 1] = BoolGetDatum(verdicts[i].accepted);
        values[first + 2] = CStringGetTextDatum(verdicts[i].reason);
        nulls[first] = nulls[first + 1] = nulls[first + 2] = false;
        if (final_where[i] >= 0) {
            HeapTuple t = SPI_tuptable->vals[final_where[i]];
            values[first + 3] = SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &nulls[first + 3]);
            values[first + 4] = SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &nulls[first + 4]);
        }
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
}

}  // namespace pod_amplify::pg

// report_activities(p_worker text, p_ids uuid[], p_outcomes text[], p_details text[] DEFAULT NULL)
//   RETURNS TABLE (id uuid, accepted boolean, reason text, status text, attempt_number integer)
POD_AMPLIFY_FUNCTION(pod_amplify_report_activities)
{
    const char *fn = "report_activities";
    const ReportRequest r = read_report_request(fcinfo, fn);
    require_visible_activities(fn);

    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    const int spi_scope = begin_engine_spi();
    const Verdict *verdicts = apply_report(r);
    emit_report_rows(fcinfo, r, verdicts, nullptr);
    end_engine_spi(spi_scope);
    return (Datum) 0;
}

// extend_leases(p_ids uuid[], p_worker text, p_lease interval DEFAULT NULL)
//   RETURNS TABLE (id uuid, extended boolean, lease_expires_at timestamptz)
POD_AMPLIFY_FUNCTION(pod_amplify_extend_leases)
{
    const char *fn = "extend_leases";
    require_writable(fn);
    require_read_committed(fn);
    require_arg(fcinfo, 0, "p_ids", fn);
    require_arg(fcinfo, 1, "p_worker", fn);
    int n;
    pg_uuid_t *ids = uuid_array_arg(PG_GETARG_ARRAYTYPE_P(0), "p_ids", fn, kMaxBatch, &n);
    char *worker = text_to_cstring(PG_GETARG_TEXT_PP(1));
    check_worker(fn, worker);
    if (!PG_ARGISNULL(2))
        interval_seconds(PG_GETARG_INTERVAL_P(2), "p_lease", fn, kMaxLeaseSeconds);
    require_visible_activities(fn);

    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    const int spi_scope = begin_engine_spi();
    // A row another transaction holds is not waited for (extended false): one
    // tenant's open transaction must not hold up the heartbeat of every lease.
    LockedSet set = lock_activities(ids, n, worker, false, RowLocks::SKIP_BUSY);
    // Only the holder of a live lease on a pending activity extends it.
    auto *extend_ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (set.count > 0 ? set.count : 1)));
    int nextend = 0;
    for (int j = 0; j < set.count; j++) {
        const LockedActivity &r = set.rows[j];
        if (r.lease_live && r.lease_owner && std::strcmp(r.lease_owner, worker) == 0 && std::strcmp(r.status, core::kPending) == 0)
            extend_ids[nextend++] = r.id;
    }
    // The new expiry of every extended row, by id (RETURNING comes in no set order).
    struct Extended {
        pg_uuid_t id;
        TimestampTz expires;
    };
    auto *done = static_cast<Extended *>(palloc(sizeof(Extended) * (nextend > 0 ? nextend : 1)));
    int ndone = 0;
    if (nextend > 0) {
        Oid types[2] = {UUIDARRAYOID, INTERVALOID};
        Datum args[2] = {uuid_array_datum(extend_ids, nextend), PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2)};
        const char nulls[3] = {' ', PG_ARGISNULL(2) ? 'n' : ' ', '\0'};
        saved_plan(&extend_plan, kExtendSql, 2, types);
        if (SPI_execute_plan(extend_plan, args, nulls, false, 0) != SPI_OK_UPDATE_RETURNING)
            elog(ERROR, "pod_amplify: lease extension failed");
        for (uint64 k = 0; k < SPI_processed; k++) {
            bool isnull;
            tuple_uuid(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &done[ndone].id);
            done[ndone++].expires =
                DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
        }
        std::sort(done, done + ndone,
                  [](const Extended &a, const Extended &b) { return std::memcmp(a.id.data, b.id.data, UUID_LEN) < 0; });
    }
    for (int i = 0; i < n; i++) {
        const Extended key{ids[i], 0};
        const Extended *hit = std::lower_bound(done, done + ndone, key, [](const Extended &a, const Extended &b) {
            return std::memcmp(a.id.data, b.id.data, UUID_LEN) < 0;
        });
        const bool ok = hit != done + ndone && std::memcmp(hit->id.data, ids[i].data, UUID_LEN) == 0;
        Datum values[3] = {UUIDPGetDatum(&ids[i]), BoolGetDatum(ok), ok ? TimestampTzGetDatum(hit->expires) : (Datum) 0};
        bool nulls[3] = {false, false, !ok};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    end_engine_spi(spi_scope);
    return (Datum) 0;
}
