#include "pg/engine/outcomes.hpp"

#include "pg/engine/common.hpp"
#include "pg/engine/row_waits.hpp"
#include "pg/runtime/datum.hpp"
#include "pg/runtime/engine_context.hpp"

#include "core/retry_policy.hpp"

#include <algorithm>
#include <cstring>

namespace pod_amplify::pg {

namespace {

// Several members: lock them in id order first, so two batches never deadlock.
const char *const kLockMembersSql =
    "SELECT m.id FROM pod_amplify.pod_members m WHERE m.id" POD_EQ "ANY ($1) ORDER BY m.id FOR NO KEY UPDATE OF m";
const char *const kLockMembersSkipSql =
    "SELECT m.id FROM pod_amplify.pod_members m WHERE m.id" POD_EQ "ANY ($1) ORDER BY m.id FOR NO KEY UPDATE OF m SKIP LOCKED";
// $1 ids, $2 repost URLs, $3 late flags, $4 the reporting worker.
// The completion, then its final SELECT (kCompleteRows or kCompleteCount).
const char *const kCompleteCte =
    "WITH done AS ("
    "  UPDATE pod_amplify.pod_activities a SET status = " POD_SUCCESS ", executed_at = pg_catalog.now(),"
    "    repost_url = COALESCE(u.url, a.repost_url), lease_owner = NULL, lease_expires_at = NULL,"
    "    error_history = CASE WHEN u.late THEN a.error_history" POD_CONCAT "pg_catalog.jsonb_build_array("
    "      pg_catalog.jsonb_build_object('attempt', a.attempt_number, 'at', pg_catalog.now(), 'worker', $4,"
    "                                    'kind', 'late_success'::pg_catalog.text, 'outcome', 'success'::pg_catalog.text))"
    "      ELSE a.error_history END"
    "  FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) AS u(id, url, late)"
    "  WHERE a.id" POD_EQ "u.id RETURNING a.*),"
    " scored AS ("
    // Saturates: a score a tenant set near the top of int4 must not fail the batch.
    "  UPDATE pod_amplify.pod_members m SET participation_score ="
    "    LEAST(m.participation_score::pg_catalog.int8" POD_PLUS "c.n, 2147483647)::pg_catalog.int4"
    "  FROM (SELECT member_id, pg_catalog.count(*)::pg_catalog.int4 AS n FROM done GROUP BY member_id) c"
    "  WHERE m.id" POD_EQ "c.member_id)";
const char *const kCompleteRows = " SELECT * FROM done ORDER BY id";
// For callers that need only the count (report_activities re-reads the final
// state of every requested id anyway): no row copied out or sorted.
const char *const kCompleteCount = " SELECT pg_catalog.count(*) FROM done";
// Records each error and applies the outcome chosen in C++.
const char *const kFailSql =
    "UPDATE pod_amplify.pod_activities a SET status = u.status, attempt_number = u.next_attempt,"
    " scheduled_for = CASE WHEN u.status" POD_EQ POD_PENDING
    "   THEN pg_catalog.now()" POD_PLUS "pg_catalog.make_interval(secs => u.delay_s) ELSE a.scheduled_for END,"
    " error_message = u.error,"
    " error_history = a.error_history" POD_CONCAT "pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object("
    "   'attempt', a.attempt_number, 'error', u.error, 'at', pg_catalog.now(), 'worker', u.worker,"
    "   'retryable', u.retryable, 'outcome', u.status, 'kind', u.kind)),"
    " lease_owner = NULL, lease_expires_at = NULL"
    " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3), pg_catalog.unnest($4),"
    "                 pg_catalog.unnest($5), pg_catalog.unnest($6), pg_catalog.unnest($7), pg_catalog.unnest($8))"
    "   AS u(id, status, next_attempt, delay_s, error, worker, retryable, kind)"
    " WHERE a.id" POD_EQ "u.id";
SPIPlanPtr lock_members_plan, lock_members_skip_plan, complete_plan, complete_count_plan, fail_plan;

bool uuid_equal(const pg_uuid_t &a, const pg_uuid_t &b) { return std::memcmp(a.data, b.data, UUID_LEN) == 0; }

// Pure C++ frame: the outcome of one failure and its jittered delay.
void plan_failure(const LockedActivity &row, bool retryable, double u, bool *retry, int32 *next_attempt, double *delay_s)
{
    namespace core = pod_amplify::core;
    const auto outcome = core::after_failure(row.attempt_number, row.max_attempts, retryable);
    *retry = outcome.retry;
    *next_attempt = outcome.next_attempt;
    *delay_s = 0;
    if (outcome.retry) {
        const auto &s = row.settings;
        const std::int64_t d = core::retry_delay_us(row.attempt_number, static_cast<std::int64_t>(s.retry_base_delay * 1e6),
                                                    static_cast<std::int64_t>(s.retry_max_delay * 1e6));
        *delay_s = static_cast<double>(core::jittered_delay_us(d, s.retry_jitter, u)) / 1e6;
    }
}

}  // namespace

namespace {

// Member rows of ids[0..n) this transaction now holds (got, sorted): locked
// without waiting.
int lock_members_now(const pg_uuid_t *ids, int n, pg_uuid_t **got)
{
    int nheld;
    *got = select_uuids(&lock_members_skip_plan, kLockMembersSkipSql, ids, n, &nheld, "member lock");
    return nheld;
}

}  // namespace

bool *lock_members(const pg_uuid_t *member_ids, int n, MemberWait wait, RowsElsewhere *elsewhere)
{
    auto *held = static_cast<bool *>(palloc0(sizeof(bool) * (n > 0 ? n : 1)));
    if (n == 0)
        return held;
    pg_uuid_t *got;
    int nheld = lock_members_now(member_ids, n, &got);
    auto *missing = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    int nmissing = 0;
    for (int i = 0; i < n; i++)
        if (!std::binary_search(got, got + nheld, member_ids[i], uuid_less))  // uuid order is memcmp order
            missing[nmissing++] = member_ids[i];
    std::sort(missing, missing + nmissing, uuid_less);
    nmissing = static_cast<int>(std::unique(missing, missing + nmissing, uuid_equal) - missing);
    if (elsewhere != nullptr)
        *elsewhere = RowsElsewhere{missing, nmissing};
    // Waited for in id order, holding none of them afterwards; then what is free.
    if (nmissing > 0 && wait == MemberWait::Brief &&
        wait_until_free(RowTable::Members, missing, nmissing, brief_deadline()))
        nheld = lock_members_now(member_ids, n, &got);
    for (int i = 0; i < n; i++)
        held[i] = std::binary_search(got, got + nheld, member_ids[i], uuid_less);
    return held;
}

uint64 apply_completions(const pg_uuid_t *ids, const pg_uuid_t *member_ids, char *const *urls, const bool *late, int n,
                         const char *worker, bool revive, bool want_rows, bool members_locked)
{
    // Distinct members, in id order: the ordered lock is needed only when there are several.
    auto *members = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * (n > 0 ? n : 1)));
    std::memcpy(members, member_ids, sizeof(pg_uuid_t) * n);
    int nmembers = n;
    if (nmembers > 1 && !members_locked) {
        std::sort(members, members + nmembers, uuid_less);
        nmembers = static_cast<int>(std::unique(members, members + nmembers, uuid_equal) - members);
        int nlocked;
        (void) select_uuids(&lock_members_plan, kLockMembersSql, members, nmembers, &nlocked, "member lock");
    }
    Oid types[4] = {UUIDARRAYOID, TEXTARRAYOID, BOOLARRAYOID, TEXTOID};
    Datum args[4] = {uuid_array_datum(ids, n), text_array_datum(const_cast<char **>(urls), n), bool_array_datum(late, n),
                     worker ? CStringGetTextDatum(worker) : (Datum) 0};
    const char nulls[5] = {' ', ' ', ' ', worker ? ' ' : 'n', '\0'};
    SPIPlanPtr &plan = want_rows ? complete_plan : complete_count_plan;
    if (plan == nullptr)
        saved_plan(&plan, psprintf("%s%s", kCompleteCte, want_rows ? kCompleteRows : kCompleteCount), 4, types);
    const int rc = execute_with_flag(revive ? FLAG_LATE_SUCCESS : 0, plan, args, nulls, 0);
    if (rc != SPI_OK_SELECT)
        elog(ERROR, "pod_amplify: completion failed");
    if (want_rows)
        return SPI_processed;
    bool isnull;
    const Datum count = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
    return isnull ? 0 : static_cast<uint64>(DatumGetInt64(count));
}

int apply_failures(const LockedSet &set, const int *row_of, const FailureToApply *failures, int n)
{
    if (n == 0)
        return 0;
    auto *ids = static_cast<pg_uuid_t *>(palloc(sizeof(pg_uuid_t) * n));
    auto **status = static_cast<char **>(palloc(sizeof(char *) * n));
    auto *next_attempt = static_cast<int32 *>(palloc(sizeof(int32) * n));
    auto *delay_s = static_cast<double *>(palloc(sizeof(double) * n));
    auto **errors = static_cast<char **>(palloc(sizeof(char *) * n));
    auto **workers = static_cast<char **>(palloc(sizeof(char *) * n));
    auto *retryable = static_cast<bool *>(palloc(sizeof(bool) * n));
    auto **kinds = static_cast<char **>(palloc(sizeof(char *) * n));
    static char pending[] = "pending", failed[] = "failed", report[] = "report", lapse[] = "lease_expired",
                refused[] = "claim_refused";
    int requeued = 0;
    for (int i = 0; i < n; i++) {
        const LockedActivity &row = set.rows[row_of[i]];
        bool retry;
        plan_failure(row, failures[i].retryable, pg_prng_double(&pg_global_prng_state), &retry, &next_attempt[i],
                     &delay_s[i]);
        ids[i] = failures[i].id;
        status[i] = retry ? pending : failed;
        requeued += retry ? 1 : 0;
        errors[i] = failures[i].error;
        workers[i] = const_cast<char *>(failures[i].worker);
        retryable[i] = failures[i].retryable;
        kinds[i] = failures[i].lapse ? lapse : failures[i].refused ? refused : report;
    }
    Oid types[8] = {UUIDARRAYOID, TEXTARRAYOID, INT4ARRAYOID, FLOAT8ARRAYOID,
                    TEXTARRAYOID, TEXTARRAYOID, BOOLARRAYOID, TEXTARRAYOID};
    Datum args[8] = {uuid_array_datum(ids, n),    text_array_datum(status, n),    int4_array_datum(next_attempt, n),
                     float8_array_datum(delay_s, n), text_array_datum(errors, n), text_array_datum(workers, n),
                     bool_array_datum(retryable, n), text_array_datum(kinds, n)};
    saved_plan(&fail_plan, kFailSql, 8, types);
    if (SPI_execute_plan(fail_plan, args, nullptr, false, 0) != SPI_OK_UPDATE)
        elog(ERROR, "pod_amplify: failure update failed");
    if (requeued > 0)
        notify_activities("retry_scheduled");
    return n;
}

}  // namespace pod_amplify::pg
