/* The drain benchmark's worker for pod_amplify and for the SKIP LOCKED floor:
 * one process = one worker = one connection (two in the -pipe modes). It
 * connects and prepares its statements, sleeps until the common start instant, then claims and reports
 * (every claim and every report its own autocommit transaction, as a worker's
 * are) until a claim returns nothing; it prints what it drained and when.
 *
 *   drain MODE BATCH WORKER START_US [LEASE]
 *     MODE    pod          claim_activities; report_activities (batch > 1) or
 *                          complete_activity (batch 1)
 *             pod-complete claim_activities; complete_activities (any batch)
 *             pod-report   claim_activities; report_activities (any batch)
 *             floor        UPDATE .. WHERE id IN (SELECT .. FOR UPDATE SKIP
 *                          LOCKED LIMIT n) RETURNING id; UPDATE .. SET status
 *                          = 'success' on drain.floor_jobs
 *             pod-cycle    report_and_claim: each report and the next claim in
 *                          one call (one statement, one transaction); the
 *                          first call reports nothing, the last one reports
 *                          nothing and claims nothing
 *             floor-score  floor, its report also adding 1 to each member's
 *                          participation_score (drain.floor_members, locked
 *                          in id order first), as the contract asks
 *             pod-pipe, floor-pipe, floor-score-pipe
 *                          one worker, two connections: the next claim runs
 *                          while this batch is reported (see run_pipe)
 *     BATCH   claim size (1..1000)
 *     START_US  CLOCK_REALTIME microseconds to start at
 *     LEASE   the lease asked for (default '60 seconds', pod_amplify_worker's)
 *   MODE-fused (pod-fused, floor-fused, floor-score-fused): after the first
 *     claim, each report and the next claim go in one transaction, one round trip (libpq pipeline:
 *     BEGIN, report, claim, COMMIT): what a "report and claim the next" call
 *     would cost, made of today's functions.
 * Connection: libpq's environment (PGHOST, PGPORT, PGUSER, PGDATABASE).
 * Output, one line: jobs=N claims=N start_us=N end_us=N late_us=N
 * Ids a report answers busy are reported again (pod_amplify_worker does); exit 1
 * on any other error (a report refused for any other reason included). */
#include <libpq-fe.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void die(PGconn *conn, const char *what, PGresult *res)
{
    fprintf(stderr, "drain: %s: %s", what, res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
    exit(1);
}

/* In pipeline mode: the next result, and the NULL that ends it. */
static PGresult *take(PGconn *conn, const char *what, ExecStatusType want)
{
    PGresult *res = PQgetResult(conn);
    if (res == NULL || PQresultStatus(res) != want)
        die(conn, what, res);
    PGresult *end = PQgetResult(conn);
    if (end != NULL)
        die(conn, "pipeline: more results than expected", end);
    return res;
}

static void prepare(PGconn *conn, const char *name, const char *sql)
{
    PGresult *res = PQprepare(conn, name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        die(conn, name, res);
    PQclear(res);
}

/* Appends s to the buffer (grows it). */
static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
        if (!*buf) {
            perror("realloc");
            exit(1);
        }
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* The report of a batch as two array literals: ids and as many 'success'. */
typedef struct {
    char *ids, *outcomes;
    size_t ids_len, ids_cap, out_len, out_cap;
    int count;
} Report;

static void report_begin(Report *r)
{
    r->ids_len = r->out_len = 0;
    r->count = 0;
    append(&r->ids, &r->ids_len, &r->ids_cap, "{");
    append(&r->outcomes, &r->out_len, &r->out_cap, "{");
}

static void report_add(Report *r, const char *id)
{
    if (r->count++ > 0) {
        append(&r->ids, &r->ids_len, &r->ids_cap, ",");
        append(&r->outcomes, &r->out_len, &r->out_cap, ",");
    }
    append(&r->ids, &r->ids_len, &r->ids_cap, id);
    append(&r->outcomes, &r->out_len, &r->out_cap, "success");
}

static void report_end(Report *r)
{
    append(&r->ids, &r->ids_len, &r->ids_cap, "}");
    append(&r->outcomes, &r->out_len, &r->out_cap, "}");
}

static void wait_until(long long start_us)
{
    long long wait = start_us - now_us();
    if (wait > 2000) {
        struct timespec ts = {(time_t) ((wait - 1000) / 1000000), (long) (((wait - 1000) % 1000000) * 1000)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
    }
    while (now_us() < start_us) {
    }
}

/* pod-cycle: report_and_claim until it claims nothing; every report must be
 * accepted for every id, or answered busy (another transaction held the row
 * or its member longer than the engine waits): a busy id is reported again
 * with the next call, as pod_amplify_worker does. */
static int run_cycle(PGconn *conn, int batch, const char *worker, const char *lease, long long start_us)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT kind, id, accepted, reason LIKE 'busy%%' FROM pod_amplify.report_and_claim($1, $2::uuid[], $3::text[], NULL,"
             " %d, $4::interval, $5::boolean)",
             batch);
    prepare(conn, "cycle", sql);
    wait_until(start_us);
    const long long late_us = now_us() - start_us;
    long long jobs = 0, claims = 0, busy_answers = 0;
    Report rep = {0};
    report_begin(&rep);
    report_end(&rep);
    int reported = 0;
    for (;;) {
        /* As pod_amplify_worker: its own live leases handed back only on the
         * first call (after that it knows every lease it holds). */
        const char *params[5] = {worker, rep.ids, rep.outcomes, lease, claims == 0 ? "true" : "false"};
        PGresult *res = PQexecPrepared(conn, "cycle", 5, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            die(conn, "report_and_claim", res);
        claims++;
        int accepted = 0, busy = 0, first_claim = 0;
        report_begin(&rep);
        for (int i = 0; i < PQntuples(res); i++) {
            if (strcmp(PQgetvalue(res, i, 0), "report") == 0) {
                accepted += strcmp(PQgetvalue(res, i, 2), "t") == 0;
                if (strcmp(PQgetvalue(res, i, 3), "t") == 0) {
                    report_add(&rep, PQgetvalue(res, i, 1)); /* reported again next call */
                    busy++;
                }
                first_claim = i + 1;
            } else {
                /* The claim hands a busy id back first (its lease is still ours): skip it. */
                int carried = 0;
                for (int j = 0; j < first_claim && !carried; j++)
                    carried = strcmp(PQgetvalue(res, j, 3), "t") == 0 && strcmp(PQgetvalue(res, j, 1), PQgetvalue(res, i, 1)) == 0;
                if (!carried)
                    report_add(&rep, PQgetvalue(res, i, 1));
            }
        }
        report_end(&rep);
        const int claimed = rep.count;
        PQclear(res);
        if (accepted + busy != reported) {
            fprintf(stderr, "drain: report accepted %d of %d (%d busy)\n", accepted, reported, busy);
            return 1;
        }
        jobs += accepted;
        busy_answers += busy;
        /* Done when a call that reported nothing claimed nothing: a call that
         * reported may have given its claim up rather than wait. */
        const int was_empty = reported == 0;
        reported = claimed;
        if (claimed == 0 && was_empty)
            break;
    }
    printf("jobs=%lld claims=%lld start_us=%lld end_us=%lld late_us=%lld\n", jobs, claims, start_us, now_us(), late_us);
    if (busy_answers > 0)
        fprintf(stderr, "drain: %s: %lld busy answers, reported again\n", worker, busy_answers);
    PQfinish(conn);
    return 0;
}

/* pod-pipe, floor-pipe: one worker, two connections, a claim ahead (what
 * graphile-worker's local queue does over its pool): while one connection
 * reports batch k, the other claims batch k + 1, so the two statements run at
 * once on two backends. pod_amplify: the claim is report_and_claim reporting
 * nothing with p_hand_back => false (claim_activities would hand back the
 * leases of the batch being reported); the report is report_and_claim with
 * p_limit 0. Each statement its own transaction. */
/* The floor's statements get generic plans, as the engine's do (its SPI plans
 * are saved with CURSOR_OPT_GENERIC_PLAN): otherwise the plan cache may find
 * the generic plan dearer and plan the floor's statement again at every call
 * (the score statement: about 0.45 ms a job at batch 1). */
static PGconn *connect_as(int floor_mode)
{
    PGconn *conn = PQconnectdb(floor_mode ? "application_name=drain options='-c plan_cache_mode=force_generic_plan'"
                                          : "application_name=drain");
    if (PQstatus(conn) != CONNECTION_OK)
        die(conn, "connect", NULL);
    return conn;
}

static PGresult *finish(PGconn *conn, const char *what, ExecStatusType want)
{
    PGresult *res = PQgetResult(conn), *end;
    if (res == NULL || PQresultStatus(res) != want)
        die(conn, what, res);
    while ((end = PQgetResult(conn)) != NULL)
        PQclear(end);
    return res;
}

/* The floor's claim. The limit is a literal, as in pod_amplify's claim (a
 * generic plan of LIMIT $n sorts instead of reading the claim index in order). */
static void prepare_floor_claim(PGconn *conn, int batch)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE drain.floor_jobs SET lease_owner = $1, lease_expires_at = now() + $2::interval"
             " WHERE id IN (SELECT id FROM drain.floor_jobs"
             "              WHERE status = 'pending' AND scheduled_for <= now() AND lease_owner IS NULL"
             "              ORDER BY scheduled_for LIMIT %d FOR UPDATE SKIP LOCKED)"
             " RETURNING id",
             batch);
    prepare(conn, "claim", sql);
}

/* floor-score: the floor's report plus what the contract adds to a success:
 * +1 to its member's participation_score, in the same transaction, members
 * locked in id order first (so that concurrent reports never deadlock). One
 * statement; one row per completed job. */
static const char *const kFloorScoreReport =
    "WITH locked AS MATERIALIZED (SELECT m.id FROM drain.floor_members m WHERE m.id IN"
    "   (SELECT j.member_id FROM drain.floor_jobs j WHERE j.id = ANY ($1::uuid[])) ORDER BY m.id FOR NO KEY UPDATE),"
    " done AS (UPDATE drain.floor_jobs SET status = 'success', executed_at = now(), lease_owner = NULL,"
    "   lease_expires_at = NULL WHERE id = ANY ($1::uuid[]) RETURNING id, member_id),"
    " scored AS (UPDATE drain.floor_members m SET participation_score = m.participation_score + c.n"
    "   FROM (SELECT member_id, count(*)::int AS n FROM done GROUP BY member_id) c WHERE m.id = c.member_id)"
    " SELECT 'report' AS kind, d.id, true AS accepted, false AS busy FROM done d WHERE (SELECT count(*) FROM locked) >= 0";

static int run_pipe(int floor_mode, int score, int batch, const char *worker, const char *lease, long long start_us)
{
    PGconn *claimer = connect_as(floor_mode), *reporter = connect_as(floor_mode);
    char sql[1024];
    if (floor_mode) {
        prepare_floor_claim(claimer, batch);
        prepare(reporter, "report", score ? kFloorScoreReport :
                "WITH u AS (UPDATE drain.floor_jobs SET status = 'success', executed_at = now(), lease_owner = NULL,"
                " lease_expires_at = NULL WHERE id = ANY ($1::uuid[]) RETURNING id) SELECT 'report' AS kind, id, true AS accepted, false AS busy FROM u");
    } else {
        snprintf(sql, sizeof sql,
                 "SELECT id FROM pod_amplify.report_and_claim($1, '{}', '{}', NULL, %d, $2::interval, false)", batch);
        prepare(claimer, "claim", sql);
        prepare(reporter, "report",
                "SELECT kind, id, accepted, reason LIKE 'busy%' FROM pod_amplify.report_and_claim($2, $1::uuid[], $3::text[], NULL, 0)");
    }
    wait_until(start_us);
    const long long late_us = now_us() - start_us;
    long long jobs = 0, claims = 0, busy_answers = 0;
    Report rep = {0}, again = {0};
    const char *claim_params[2] = {worker, lease};
    PGresult *res = PQexecPrepared(claimer, "claim", 2, claim_params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        die(claimer, "claim", res);
    claims++;
    report_begin(&again);
    report_end(&again);
    for (;;) {
        const int n = PQntuples(res);
        report_begin(&rep);
        for (int i = 0; i < n; i++)
            report_add(&rep, PQgetvalue(res, i, 0));
        PQclear(res);
        if (n == 0)
            break;
        report_end(&rep);
        /* The next claim and this report, at once. */
        if (!PQsendQueryPrepared(claimer, "claim", 2, claim_params, NULL, NULL, 0))
            die(claimer, "send claim", NULL);
        int to_report = n;
        for (;;) {
            const char *report_params[3] = {rep.ids, worker, rep.outcomes};
            if (!PQsendQueryPrepared(reporter, "report", floor_mode ? 1 : 3, report_params, NULL, NULL, 0))
                die(reporter, "send report", NULL);
            PGresult *r = finish(reporter, "report", PGRES_TUPLES_OK);
            int accepted = 0;
            report_begin(&again);
            for (int i = 0; i < PQntuples(r); i++) {
                if (strcmp(PQgetvalue(r, i, 2), "t") == 0)
                    accepted++;
                else if (strcmp(PQgetvalue(r, i, 3), "t") == 0)
                    report_add(&again, PQgetvalue(r, i, 1));
                else {
                    fprintf(stderr, "drain: report refused %s\n", PQgetvalue(r, i, 1));
                    return 1;
                }
            }
            report_end(&again);
            PQclear(r);
            if (accepted + again.count != to_report) {
                fprintf(stderr, "drain: report answered %d of %d\n", accepted + again.count, to_report);
                return 1;
            }
            jobs += accepted;
            if (again.count == 0)
                break;
            busy_answers += again.count;
            to_report = again.count;
            Report t = rep;
            rep = again;
            again = t;
        }
        res = finish(claimer, "claim", PGRES_TUPLES_OK);
        claims++;
    }
    printf("jobs=%lld claims=%lld start_us=%lld end_us=%lld late_us=%lld\n", jobs, claims, start_us, now_us(), late_us);
    if (busy_answers > 0)
        fprintf(stderr, "drain: %s: %lld busy answers, reported again\n", worker, busy_answers);
    PQfinish(claimer);
    PQfinish(reporter);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: drain pod|pod-complete|pod-report|pod-cycle|floor|floor-score[-fused]|pod-pipe|floor-pipe|floor-score-pipe"
                        " BATCH WORKER START_US [LEASE]\n");
        return 2;
    }
    char mode_buf[64];
    snprintf(mode_buf, sizeof mode_buf, "%s", argv[1]);
    char *suffix = strstr(mode_buf, "-fused");
    const int fused = suffix != NULL;
    if (suffix)
        *suffix = '\0';
    const char *mode = mode_buf;
    const int batch = atoi(argv[2]);
    const char *worker = argv[3];
    const long long start_us = atoll(argv[4]);
    const char *lease = argc > 5 ? argv[5] : "60 seconds";
    if (batch < 1 || batch > 1000) {
        fprintf(stderr, "drain: batch must be 1..1000\n");
        return 2;
    }
    if (strcmp(mode, "pod-pipe") == 0 || strcmp(mode, "floor-pipe") == 0 || strcmp(mode, "floor-score-pipe") == 0)
        return run_pipe(mode[0] == 'f', strstr(mode, "score") != NULL, batch, worker, lease, start_us);
    const int score = strcmp(mode, "floor-score") == 0;
    const int floor_mode = strcmp(mode, "floor") == 0 || score;
    const int cycle_mode = strcmp(mode, "pod-cycle") == 0;
    const int use_report = strcmp(mode, "pod-report") == 0 || (strcmp(mode, "pod") == 0 && batch > 1);
    const int use_single = strcmp(mode, "pod") == 0 && batch == 1;
    if (!floor_mode && !cycle_mode && strcmp(mode, "pod") != 0 && strcmp(mode, "pod-complete") != 0 && strcmp(mode, "pod-report") != 0) {
        fprintf(stderr, "drain: unknown mode %s\n", mode);
        return 2;
    }

    PGconn *conn = connect_as(floor_mode);
    if (cycle_mode)
        return run_cycle(conn, batch, worker, lease, start_us);
    char sql[1024];
    if (floor_mode) {
        prepare_floor_claim(conn, batch);
        if (score)
            prepare(conn, "report", kFloorScoreReport);
        else if (batch == 1)
            prepare(conn, "report",
                    "UPDATE drain.floor_jobs SET status = 'success', executed_at = now(), lease_owner = NULL,"
                    " lease_expires_at = NULL WHERE id = $1::uuid");
        else
            prepare(conn, "report",
                    "UPDATE drain.floor_jobs SET status = 'success', executed_at = now(), lease_owner = NULL,"
                    " lease_expires_at = NULL WHERE id = ANY ($1::uuid[])");
    } else {
        snprintf(sql, sizeof sql, "SELECT id FROM pod_amplify.claim_activities($1, %d, $2::interval)", batch);
        prepare(conn, "claim", sql);
        if (use_single)
            prepare(conn, "report", "SELECT status FROM pod_amplify.complete_activity($1::uuid, NULL, $2)");
        else if (use_report)
            prepare(conn, "report",
                    "SELECT id, reason LIKE 'busy%' FROM pod_amplify.report_activities($2, $1::uuid[], $3::text[])"
                    " WHERE NOT accepted");
        else
            prepare(conn, "report",
                    "SELECT count(*) FILTER (WHERE status = 'success') FROM pod_amplify.complete_activities($1::uuid[], NULL, $2)");
    }

    wait_until(start_us);
    const long long late_us = now_us() - start_us;

    long long jobs = 0, claims = 0, busy_answers = 0;
    Report rep = {0};
    const char *claim_params[2] = {worker, lease};
    PGresult *res = PQexecPrepared(conn, "claim", 2, claim_params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        die(conn, "claim", res);
    if (fused && !PQenterPipelineMode(conn))
        die(conn, "pipeline mode", NULL);
    for (;;) {
        claims++;
        const int n = PQntuples(res);
        if (n == 0) {
            PQclear(res);
            break;
        }
        const char *one_id = NULL;
        if (batch == 1 && (use_single || (floor_mode && !score))) {
            one_id = PQgetvalue(res, 0, 0);
        } else {
            report_begin(&rep);
            for (int i = 0; i < n; i++)
                report_add(&rep, PQgetvalue(res, i, 0));
            report_end(&rep);
        }
        char *single = one_id ? strdup(one_id) : NULL;
        PQclear(res);
        const char *report_params[3] = {single ? single : rep.ids, worker, rep.outcomes};
        const int nreport = floor_mode ? 1 : (use_report ? 3 : 2);
        PGresult *next = NULL;
        if (fused) {
            if (!PQsendQueryParams(conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) ||
                !PQsendQueryPrepared(conn, "report", nreport, report_params, NULL, NULL, 0) ||
                !PQsendQueryPrepared(conn, "claim", 2, claim_params, NULL, NULL, 0) ||
                !PQsendQueryParams(conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) || !PQpipelineSync(conn))
                die(conn, "pipeline send", NULL);
            PQclear(take(conn, "begin", PGRES_COMMAND_OK));
            res = take(conn, "report", floor_mode && !score ? PGRES_COMMAND_OK : PGRES_TUPLES_OK);
            next = take(conn, "claim", PGRES_TUPLES_OK);
            PQclear(take(conn, "commit", PGRES_COMMAND_OK));
            PGresult *sync = PQgetResult(conn);
            if (sync == NULL || PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
                die(conn, "pipeline sync", sync);
            PQclear(sync);
        } else {
            res = PQexecPrepared(conn, "report", nreport, report_params, NULL, NULL, 0);
        }
        const ExecStatusType st = PQresultStatus(res);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
            die(conn, "report", res);
        if (score) {
            if (PQntuples(res) != n) {
                fprintf(stderr, "drain: floor report completed %d of %d\n", PQntuples(res), n);
                return 1;
            }
        } else if (floor_mode) {
            if (atoi(PQcmdTuples(res)) != n) {
                fprintf(stderr, "drain: floor report updated %s of %d\n", PQcmdTuples(res), n);
                return 1;
            }
        } else if (use_single) {
            if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "success") != 0) {
                fprintf(stderr, "drain: complete_activity left %s\n", PQntuples(res) ? PQgetvalue(res, 0, 0) : "nothing");
                return 1;
            }
        } else if (use_report) {
            /* Ids answered busy (another transaction held the row or its
             * member longer than the engine waits) are reported again, as
             * pod_amplify_worker does; any other refusal is an error. */
            while (PQntuples(res) > 0) {
                if (fused) {
                    fprintf(stderr, "drain: %d ids answered busy in a pipeline\n", PQntuples(res));
                    return 1;
                }
                report_begin(&rep);
                for (int i = 0; i < PQntuples(res); i++) {
                    if (strcmp(PQgetvalue(res, i, 1), "t") != 0) {
                        fprintf(stderr, "drain: report refused %s\n", PQgetvalue(res, i, 0));
                        return 1;
                    }
                    report_add(&rep, PQgetvalue(res, i, 0));
                }
                report_end(&rep);
                busy_answers += PQntuples(res);
                PQclear(res);
                const char *again[3] = {rep.ids, worker, rep.outcomes};
                res = PQexecPrepared(conn, "report", 3, again, NULL, NULL, 0);
                if (PQresultStatus(res) != PGRES_TUPLES_OK)
                    die(conn, "report", res);
            }
        } else if (atoi(PQgetvalue(res, 0, 0)) != n) {
            fprintf(stderr, "drain: report accepted %s of %d\n", PQgetvalue(res, 0, 0), n);
            return 1;
        }
        PQclear(res);
        free(single);
        jobs += n;
        if (fused) {
            res = next;
        } else {
            res = PQexecPrepared(conn, "claim", 2, claim_params, NULL, NULL, 0);
            if (PQresultStatus(res) != PGRES_TUPLES_OK)
                die(conn, "claim", res);
        }
    }
    const long long end_us = now_us();
    printf("jobs=%lld claims=%lld start_us=%lld end_us=%lld late_us=%lld\n", jobs, claims, start_us, end_us, late_us);
    if (busy_answers > 0)
        fprintf(stderr, "drain: %s: %lld busy answers, reported again\n", worker, busy_answers);
    PQfinish(conn);
    return 0;
}
