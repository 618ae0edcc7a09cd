#!/usr/bin/python3
"""A fake Unipile API for the worker tests: Python 3 standard library only,
listening on 127.0.0.1, with faults injected at given rates.

Endpoints (the ones pod_amplify_worker calls, as Unipile's v1 reference
documents them):
  POST /api/v1/posts/reaction            JSON {account_id, post_id, reaction_type}  -> 201 {"object": "ReactionAdded"}
  POST /api/v1/posts/{post_id}/comments  JSON {account_id, text}                    -> 201 {"object": "CommentSent"}
  POST /api/v1/posts                     multipart {account_id, text, repost}       -> 201 {"object": "PostCreated", "post_id": "..."}
  GET  /api/v1/accounts                  -> 200 {"object": "AccountList", "items": []}
Every request must carry X-API-KEY (else 401).

Two logs:
  --actions-log   one line per action PERFORMED ("done on LinkedIn"):
                  <time> <account_id> <post id> <kind> <request id>     (kind: like, comment, repost)
  --requests-log  one line per request and what became of it:
                  <time> <request id> <method> <path> <account_id> <post id> <kind> <fault> <answer> <performed> <ms>

Faults, each a rate in [0, 1], one draw per action request (their sum <= 1):
  --rate-429        answer 429, nothing performed
  --rate-5xx        answer 500 or 503, nothing performed
  --rate-403        answer 403 (errors/account_restricted), nothing performed
  --rate-slow       perform, then answer only after --slow-seconds (longer than the worker's lease)
  --rate-drop       read the request, then close the connection without an answer and WITHOUT performing:
                    the client cannot tell whether the action happened, but it did not, so a retry
                    never doubles; "0 doubles without kills" stays a meaningful claim
  --rate-drop-after perform, then close without an answer: the ambiguous case where a retry does double

Odd answers to a performed repost (by the repost's number, so the same in every run):
  --junk-share-url-every N    every Nth answer's share_url holds a lone surrogate and a NUL (\ud800\u0000),
                              text PostgreSQL cannot store
  --poison-share-url-every N  every Nth answer's share_url is a clean linkedin.com URL containing "poison"
                              (a test may make the database refuse it)
"""
import argparse
import email.parser
import email.policy
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("429", "5xx", "403", "drop", "drop_after", "slow")


def now_text():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % (int(t * 1000) % 1000)


class State:
    def __init__(self, args):
        self.args = args
        self.rates = [(f, getattr(args, "rate_" + f)) for f in FAULTS]
        if sum(r for _, r in self.rates) > 1:
            sys.exit("fake_unipile: the fault rates add up to more than 1")
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.counter = 0
        self.reposts = 0
        self.actions = open(args.actions_log, "a", buffering=1) if args.actions_log else None
        self.requests = open(args.requests_log, "a", buffering=1) if args.requests_log else None
        self.counts = {}

    def next_request(self):
        with self.lock:
            self.counter += 1
            draw = self.rng.random()
            latency = self.rng.uniform(self.args.latency_min_ms, self.args.latency_max_ms) / 1000.0
            code_5xx = self.rng.choice((500, 503))
            return "req-%06d" % self.counter, draw, latency, code_5xx

    def fault_for(self, draw):
        acc = 0.0
        for fault, rate in self.rates:
            acc += rate
            if draw < acc:
                return fault
        return "none"

    def performed(self, account, post, kind, request_id):
        with self.lock:
            if self.actions:
                self.actions.write("%s %s %s %s %s\n" % (now_text(), account, post, kind, request_id))

    def answered(self, request_id, method, path, account, post, kind, fault, answer, performed, started):
        ms = int((time.monotonic() - started) * 1000)
        with self.lock:
            self.counts[fault] = self.counts.get(fault, 0) + 1
            if self.requests:
                self.requests.write("%s %s %s %s %s %s %s %s %s %s %d\n" % (
                    now_text(), request_id, method, path, account or "-", post or "-", kind or "-", fault,
                    answer, "performed" if performed else "not-performed", ms))


def error_body(status, kind, title):
    return {"status": status, "type": kind, "title": title}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeUnipile/1.0"

    def log_message(self, fmt, *args):  # the requests log says it all
        pass

    # --- plumbing -----------------------------------------------------------
    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            return str(status)
        except (BrokenPipeError, ConnectionResetError):
            return "%d-client-gone" % status

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return "dropped"

    # --- routes -------------------------------------------------------------
    def do_GET(self):
        st = self.server.state
        request_id, _, _, _ = st.next_request()
        started = time.monotonic()
        path = urllib.parse.urlsplit(self.path).path
        if self.headers.get("X-API-KEY") != st.args.api_key:
            answer = self.send_json(401, error_body(401, "errors/missing_credentials", "Missing credentials"))
        elif path == "/api/v1/accounts":
            answer = self.send_json(200, {"object": "AccountList", "items": [], "cursor": None})
        else:
            answer = self.send_json(404, error_body(404, "errors/resource_not_found", "Not found"))
        st.answered(request_id, "GET", path, None, None, None, "none", answer, False, started)

    def do_POST(self):
        st = self.server.state
        request_id, draw, latency, code_5xx = st.next_request()
        started = time.monotonic()
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        raw = self.read_body()
        account = post = kind = None
        fault = "none"
        performed = False
        try:
            if self.headers.get("X-API-KEY") != st.args.api_key:
                answer = self.send_json(401, error_body(401, "errors/missing_credentials", "Missing credentials"))
                return
            parsed = self.parse_action(path, raw)
            if isinstance(parsed, str):
                answer = self.send_json(400, error_body(400, "errors/invalid_parameters", parsed))
                return
            account, post, kind, success_body = parsed
            fault = st.fault_for(draw)
            time.sleep(latency)
            if fault == "429":
                answer = self.send_json(429, error_body(429, "errors/too_many_requests", "Too many requests"))
            elif fault == "5xx":
                answer = self.send_json(code_5xx, error_body(code_5xx, "errors/provider_error",
                                                             "The provider is experiencing operational problems"))
            elif fault == "403":
                answer = self.send_json(403, error_body(403, "errors/account_restricted",
                                                        "Access to this account has been restricted by the provider"))
            elif fault == "drop":
                answer = self.drop()
            else:
                st.performed(account, post, kind, request_id)
                performed = True
                if fault == "drop_after":
                    answer = self.drop()
                else:
                    if fault == "slow":
                        time.sleep(st.args.slow_seconds)
                    answer = self.send_json(201, success_body)
        finally:
            if "answer" not in locals():
                answer = "error"
            st.answered(request_id, "POST", path, account, post, kind, fault, answer, performed, started)

    def parse_action(self, path, raw):
        """(account, post, kind, success body), or an error text for a 400."""
        ctype = self.headers.get("Content-Type", "")
        if path == "/api/v1/posts/reaction":
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return "body is not JSON"
            if not body.get("account_id") or not body.get("post_id"):
                return "account_id and post_id are required"
            if body.get("reaction_type", "like") not in ("like", "celebrate", "support", "love", "insightful", "funny"):
                return "bad reaction_type"
            return body["account_id"], body["post_id"], "like", {"object": "ReactionAdded"}
        if path.startswith("/api/v1/posts/") and path.endswith("/comments"):
            post_id = path[len("/api/v1/posts/"):-len("/comments")]
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return "body is not JSON"
            text = body.get("text")
            if not body.get("account_id") or not post_id or not text:
                return "account_id and text are required"
            if len(text) > 1250:
                return "text is longer than 1250 characters"
            return body["account_id"], post_id, "comment", {"object": "CommentSent"}
        if path == "/api/v1/posts":
            if not ctype.startswith("multipart/form-data"):
                return "multipart/form-data expected"
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + raw)
            fields = {}
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                fields[name] = (part.get_payload(decode=True) or b"").decode()
            if not fields.get("account_id") or "text" not in fields:
                return "account_id and text are required"
            if not fields.get("repost"):
                return "this fake only reposts (repost is required)"
            with self.server.state.lock:
                self.server.state.reposts += 1
                n = self.server.state.reposts
                new_id = str(7200000000000000000 + self.server.state.counter)
            answer = {"object": "PostCreated", "post_id": new_id}
            args = self.server.state.args
            if args.poison_share_url_every and n % args.poison_share_url_every == 0:
                answer["share_url"] = "https://www.linkedin.com/feed/update/urn:li:activity:%s/?poison" % new_id
            elif args.junk_share_url_every and n % args.junk_share_url_every == 0:
                answer["share_url"] = "https://www.linkedin.com/feed/update/\ud800\u0000/"
            return fields["account_id"], fields["repost"], "repost", answer
        return "no such route: " + path


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # listen() backlog: the default 5 drops SYNs when many workers connect at once


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--api-key", default=os.environ.get("FAKE_UNIPILE_API_KEY", "test-key"))
    p.add_argument("--actions-log")
    p.add_argument("--requests-log")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--latency-min-ms", type=float, default=2)
    p.add_argument("--latency-max-ms", type=float, default=15)
    p.add_argument("--slow-seconds", type=float, default=5)
    p.add_argument("--junk-share-url-every", type=int, default=0)
    p.add_argument("--poison-share-url-every", type=int, default=0)
    for f in FAULTS:
        env = "FAKE_UNIPILE_RATE_" + f.upper()
        p.add_argument("--rate-" + f.replace("_", "-"), dest="rate_" + f, type=float,
                       default=float(os.environ.get(env, "0")), help="(env %s)" % env)
    args = p.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State(args)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(tmp, args.port_file)
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    print("fake_unipile: requests by fault: %s" % json.dumps(server.state.counts, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
