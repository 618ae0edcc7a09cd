/* The drain benchmark's worker for pod_amplify and for the SKIP LOCKED floor:
 * one process = one worker = one connection. It connects and prepares its
 * statements, sleeps until the common start instant, then claims and reports
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
 *     BATCH   claim size (1..1000)
 *     START_US  CLOCK_REALTIME microseconds to start at
 *     LEASE   the lease asked for (default '60 seconds', pod_amplify_worker's)
 *             pod-cycle    report_and_claim: each report and the next claim in
 *                          one call (one statement, one transaction); the
 *                          first call reports nothing, the last one reports
 *                          nothing and claims nothing
 *   MODE-fused (pod-fused, floor-fused): after the first claim, each report and
 *     the next claim go in one transaction, one round trip (libpq pipeline:
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

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: drain pod|pod-complete|pod-report|pod-cycle|floor BATCH WORKER START_US [LEASE]\n");
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
    const int floor_mode = strcmp(mode, "floor") == 0;
    const int cycle_mode = strcmp(mode, "pod-cycle") == 0;
    const int use_report = strcmp(mode, "pod-report") == 0 || (strcmp(mode, "pod") == 0 && batch > 1);
    const int use_single = strcmp(mode, "pod") == 0 && batch == 1;
    if (!floor_mode && !cycle_mode && strcmp(mode, "pod") != 0 && strcmp(mode, "pod-complete") != 0 && strcmp(mode, "pod-report") != 0) {
        fprintf(stderr, "drain: unknown mode %s\n", mode);
        return 2;
    }

    PGconn *conn = PQconnectdb("application_name=drain");
    if (PQstatus(conn) != CONNECTION_OK)
        die(conn, "connect", NULL);

    if (cycle_mode)
        return run_cycle(conn, batch, worker, lease, start_us);
    char sql[1024];
    if (floor_mode) {
        /* The limit is a literal, as in pod_amplify's claim (a generic plan of
         * LIMIT $n sorts instead of reading the claim index in order). */
        snprintf(sql, sizeof sql,
                 "UPDATE drain.floor_jobs SET lease_owner = $1, lease_expires_at = now() + $2::interval"
                 " WHERE id IN (SELECT id FROM drain.floor_jobs"
                 "              WHERE status = 'pending' AND scheduled_for <= now() AND lease_owner IS NULL"
                 "              ORDER BY scheduled_for LIMIT %d FOR UPDATE SKIP LOCKED)"
                 " RETURNING id",
                 batch);
        prepare(conn, "claim", sql);
        if (batch == 1)
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
        if (batch == 1 && (use_single || floor_mode)) {
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
            res = take(conn, "report", floor_mode ? PGRES_COMMAND_OK : PGRES_TUPLES_OK);
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
        if (floor_mode) {
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
