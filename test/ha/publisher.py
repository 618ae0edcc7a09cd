#!/usr/bin/python3
"""The HA test's publisher: publishes and schedules posts through a multi-host
libpq connection (target_session_attrs=read-write) for as long as it runs, and
writes down every operation whose COMMIT returned success: only those are
"acknowledged", and every one of them must be on the final leader.

Operations, in turn (post ids are made here, so a failed attempt is still known):
  publish   INSERT a published post: the engine schedules it (auto_schedule)
  draft     INSERT a draft post (one transaction) ...
  update    ... then UPDATE it to published (another): the engine schedules it
  schedule  INSERT a published post with auto_schedule off, then schedule_post(id, 'like')
Each acknowledged line of --acks:  <ms since epoch after COMMIT> <op> <post id> <activities it saw> <server port>
Each failed attempt in --errors:   <ms> <op> <post id> <phase> <SQLSTATE or -> <message>
  (phase "commit": the COMMIT's answer was lost, the outcome is unknown; not counted)
A COMMIT that returned with "canceling wait for synchronous replication" (committed
locally, maybe not on the standby) is written to --errors as phase "unsafe_ack" and
is not counted: this publisher never cancels, so it should not happen.

Stops when --stop-file exists. psycopg2 (Debian's python3-psycopg2, a Patroni
dependency) only.
"""
import argparse
import os
import sys
import time
import uuid

import psycopg2


def now_ms():
    return int(time.time() * 1000)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dsn", required=True)
    p.add_argument("--acks", required=True)
    p.add_argument("--errors", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--client", required=True)
    p.add_argument("--author", required=True)
    p.add_argument("--interval", type=float, default=0.25, help="seconds between operations while all is well")
    p.add_argument("--retry", type=float, default=0.05, help="seconds between attempts while writes fail")
    p.add_argument("--first-post", type=int, default=1)
    args = p.parse_args()

    acks = open(args.acks, "a", buffering=1)
    errors = open(args.errors, "a", buffering=1)
    conn = None
    port = 0  # inet_server_port() of the connection: which node took the write
    n = args.first_post
    ops = ("publish", "draft", "schedule")
    step = 0
    pending_update = None  # a draft acknowledged and not yet published
    counts = {}

    def url(k):
        return "https://www.linkedin.com/feed/update/urn:li:activity:%d/" % (7300000000000000000 + k)

    while not os.path.exists(args.stop_file):
        if pending_update:
            op, post = "update", pending_update
        else:
            op, post = ops[step % len(ops)], str(uuid.uuid4())
        phase = "connect"
        try:
            if conn is None or conn.closed:
                conn = psycopg2.connect(args.dsn, connect_timeout=2, application_name="ha_publisher",
                                        keepalives=1, keepalives_idle=2, keepalives_interval=1, keepalives_count=2)
                conn.autocommit = True
                with conn.cursor() as c:
                    c.execute("SELECT inet_server_port()")
                    port = c.fetchone()[0]
                conn.autocommit = False
            phase = "statement"
            cur = conn.cursor()
            seen = 0
            if op == "publish":
                cur.execute("INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)"
                            " VALUES (%s, %s, %s, 'published', %s)", (post, args.client, args.author, url(n)))
                cur.execute("SELECT count(*) FROM pod_amplify.pod_activities WHERE post_id = %s", (post,))
                seen = cur.fetchone()[0]
            elif op == "draft":
                cur.execute("INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)"
                            " VALUES (%s, %s, %s, 'draft', %s)", (post, args.client, args.author, url(n)))
            elif op == "update":
                cur.execute("UPDATE pod_amplify.posts SET status = 'published' WHERE id = %s", (post,))
                cur.execute("SELECT count(*) FROM pod_amplify.pod_activities WHERE post_id = %s", (post,))
                seen = cur.fetchone()[0]
            else:  # schedule
                cur.execute("SET LOCAL pod_amplify.auto_schedule = off")
                cur.execute("INSERT INTO pod_amplify.posts (id, client_id, author_id, status, linkedin_post_url)"
                            " VALUES (%s, %s, %s, 'published', %s)", (post, args.client, args.author, url(n)))
                cur.execute("SELECT pod_amplify.schedule_post(%s, 'like')", (post,))
                seen = cur.fetchone()[0]
            phase = "commit"
            del conn.notices[:]
            conn.commit()
            t = now_ms()
            if any("synchronous replication" in m for m in conn.notices):
                errors.write("%d %s %s unsafe_ack - %s\n" % (t, op, post, " ".join(conn.notices).replace("\n", " ")))
            else:
                acks.write("%d %s %s %d %d\n" % (t, op, post, seen, port))
                counts[op] = counts.get(op, 0) + 1
            if op == "draft":
                pending_update = post
            elif op == "update":
                pending_update = None
            if op != "update":
                n += 1
                step += 1
            time.sleep(args.interval)
        except psycopg2.Error as e:
            code = getattr(e, "pgcode", None) or "-"
            msg = " ".join(str(e).split())[:300]
            errors.write("%d %s %s %s %s %s\n" % (now_ms(), op, post, phase, code, msg))
            try:
                if conn is not None:
                    conn.close()
            except psycopg2.Error:
                pass
            conn = None
            if op != "update":
                # A post whose INSERT's outcome is unknown keeps its URL; the next gets a new one.
                n += 1
                step += 1
            time.sleep(args.retry)
    print("publisher: acknowledged %s" % counts, file=sys.stderr)


if __name__ == "__main__":
    main()
