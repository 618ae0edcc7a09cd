#!/usr/bin/env python3
"""The attack suite: hostile tenants, careless operators and racing sessions
against pod_amplify, one case at a time, each asserting exactly what must happen.

Cases live in test/security/cases/*.sql, one class per file:

    -- @case <name that says the rule>
    -- @as <role>          owner | tenant_a | tenant_b | tenant_none | worker | operator | creator
    -- @expect <outcome>   ok | <SQLSTATE> | value <text> (the last statement's one value)
    -- @refute <text>      the answer (rows, notices, error, detail, hint) must not contain it
    -- @contains <text>    the answer must contain it (e.g. a notification)
    -- @then <sql>         run as owner after the case; its one value must be 't'
    <SQL, one or more statements>

    -- @race <name>        two sessions started together (a barrier releases them)
    -- @as ... / @expect any
    <setup SQL run as owner first, up to the first "-- @session">
    -- @session <role>
    <SQL of session 1>
    -- @session <role>
    <SQL of session 2>
    -- @then <sql>         the invariant, as owner: must be 't'

After every case: no SQLSTATE XX000 and no crash; a refused write changed no
table (checksums of every row); after every write that succeeded, the rules
still hold (rule_violations() is empty) and a full pg_dump / pg_restore round
trip brings back every row of every tenant, equal. Prints TAP.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.environ.get("POD_ATTACK_DB", "pod_attack")

IDENTITIES = {
    "tenant_a": "a1000000-0000-4000-8000-000000000000",
    "tenant_b": "b1000000-0000-4000-8000-000000000000",
}
ROLES = {
    "owner": None,
    "tenant_a": "pod_attack_tenant",
    "tenant_b": "pod_attack_tenant",
    "tenant_none": "pod_attack_tenant",
    "worker": "pod_attack_worker",
    "operator": "pod_attack_operator",
    "creator": "pod_attack_creator",
}

CHECKSUMS = """
SELECT string_agg(t || ':' || n || ':' || h, ' ' ORDER BY t) FROM (
  SELECT 'clients' t, count(*) n, md5(string_agg(x::text, '|' ORDER BY x.id)) h FROM pod_amplify.clients x
  UNION ALL SELECT 'users', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.users x
  UNION ALL SELECT 'linkedin_accounts', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.linkedin_accounts x
  UNION ALL SELECT 'posts', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.posts x
  UNION ALL SELECT 'pods', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.pods x
  UNION ALL SELECT 'pod_members', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.pod_members x
  UNION ALL SELECT 'pod_activities', count(*), md5(string_agg(x::text, '|' ORDER BY x.id)) FROM pod_amplify.pod_activities x
) s"""


# For measuring the attacks against 1.1 (which has no rule_violations()): the
# same rules as plain queries, legacy and new-design rows alike.
LEGACY_AUDIT = """
SELECT (SELECT count(*) FROM pod_amplify.pod_members m LEFT JOIN pod_amplify.pods p ON p.id = m.pod_id
        JOIN pod_amplify.users u ON u.id = m.user_id WHERE u.client_id <> COALESCE(p.client_id, m.client_id))
     + (SELECT count(*) FROM pod_amplify.pod_members m JOIN pod_amplify.linkedin_accounts a ON a.id = m.linkedin_account_id
        WHERE a.user_id <> m.user_id)
     + (SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
        WHERE a.pod_id IS NOT NULL AND m.pod_id IS DISTINCT FROM a.pod_id)
     + (SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.posts po ON po.id = a.post_id
        LEFT JOIN pod_amplify.pods p ON p.id = a.pod_id WHERE po.client_id <> COALESCE(p.client_id, a.client_id))
     + (SELECT count(*) FROM pod_amplify.pod_activities a JOIN pod_amplify.pod_members m ON m.id = a.member_id
        JOIN pod_amplify.posts po ON po.id = a.post_id WHERE po.author_id = m.user_id)
     + (SELECT count(*) FROM pod_amplify.posts po JOIN pod_amplify.users u ON u.id = po.author_id WHERE u.client_id <> po.client_id)
"""


def psql(sql, db=DB, role=None, identity=None, timeout=120, check=False):
    """Runs sql in one session; returns (rc, stdout, stderr)."""
    prelude = ""
    if role:
        prelude += f"SET ROLE {role};\n"
    if identity:
        prelude += f"SELECT set_config('request.jwt.claims', '{{\"sub\": \"{identity}\"}}', false) \\gset _ignored_\n"
    proc = subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-d", db],
        input=prelude + sql, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"psql failed: {proc.stderr}\n{sql[:500]}")
    return proc.returncode, proc.stdout, proc.stderr


def sqlstate_of(stderr):
    m = re.search(r"ERROR:\s+([0-9A-Z]{5}):", stderr)
    return m.group(1) if m else None


def session_args(who):
    return ROLES.get(who), IDENTITIES.get(who)


class Suite:
    def __init__(self):
        self.known = None  # the checksums as last computed (the state changes only through cases)
        self.n = 0
        self.failed = 0
        self.roundtrips = 0
        self.counts = {}

    def result(self, ok, name, diag=""):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}")
        if not ok:
            self.failed += 1
            for line in diag.strip().splitlines()[:12]:
                print(f"#   {line}")
        sys.stdout.flush()

    # ---------------------------------------------------------------- checks
    def checksums(self, fresh=False):
        if fresh or self.known is None:
            self.known = psql(CHECKSUMS, check=True)[1].strip()
        return self.known

    def rules_hold(self):
        rc, out, err = psql(LEGACY_AUDIT if os.environ.get("POD_ATTACK_LEGACY_AUDIT") else
                            "SELECT count(*) FROM pod_amplify.rule_violations()")
        return rc == 0 and out.strip() == "0", out + err

    def roundtrip(self):
        """pg_dump -Fc of the whole database, restored into a new one: every row equal."""
        self.roundtrips += 1
        copy = DB + "_restored"
        with tempfile.NamedTemporaryFile(suffix=".dump") as dump:
            subprocess.run(["dropdb", "--if-exists", copy], capture_output=True)
            steps = [["pg_dump", "-Fc", "-d", DB, "-f", dump.name], ["createdb", copy],
                     ["pg_restore", "--exit-on-error", "-d", copy, dump.name]]
            for step in steps:
                p = subprocess.run(step, capture_output=True, text=True)
                if p.returncode != 0:
                    return False, f"{' '.join(step[:2])}: {p.stderr}"
        before = self.checksums()
        rc, after, err = psql(CHECKSUMS, db=copy)
        subprocess.run(["dropdb", "--if-exists", copy], capture_output=True)
        return rc == 0 and after.strip() == before, f"source:   {before}\nrestored: {after.strip()} {err}"

    # ----------------------------------------------------------------- cases
    def run_case(self, case):
        name, who, expect, body = case["name"], case["as"], case["expect"], case["sql"]
        role, identity = session_args(who)
        before = self.checksums()
        rc, out, err = psql(body, role=role, identity=identity)
        state = sqlstate_of(err) if rc else None
        ok, why = True, ""
        if state == "XX000" or "server closed the connection" in err:
            ok, why = False, "internal error or crash: " + err
        elif expect == "ok":
            ok, why = rc == 0, err
        elif expect.startswith("value "):
            got = out.strip().splitlines()[-1] if out.strip() else ""
            ok, why = rc == 0 and got == expect[6:], f"got {got!r} {err}"
        else:
            ok, why = state == expect, f"got {state}: {err.strip()}"
        for text in case["contains"]:
            if text not in out + err:
                ok, why = False, f"the answer lacks {text!r}: {out.strip()} {err.strip()}"
        for text in case["refute"]:
            if text.lower() in (out + err).lower():
                ok, why = False, f"the answer names {text!r}: {err.strip()}"
        for then in case["then"]:
            rc2, out2, err2 = psql(then)
            if rc2 != 0 or out2.strip() != "t":
                ok, why = False, f"then {then!r} gave {out2.strip()!r} {err2}"
        if ok and rc != 0:
            after = self.checksums(fresh=True)
            if after != before:
                ok, why = False, "a refused write changed a table"
        self.result(ok, f"[{case['class']}] {name} ({who}: {expect})", why)
        rolled_back = re.search(r"\bROLLBACK;\s*$", body) is not None
        if rc == 0 and not case.get("readonly") and not rolled_back:
            self.known = None  # a write: read the state again
            self.after_write(name)

    def after_write(self, name):
        held, why = self.rules_hold()
        if not held:
            self.result(False, f"  rules hold after: {name}", why)
        good, why = self.roundtrip()
        self.result(good, f"  pg_dump/pg_restore keeps every row of every tenant after: {name}", why)

    def run_race(self, race):
        self.known = None
        if race["setup"].strip():
            rc, out, err = psql(race["setup"])
            if rc != 0:
                self.result(False, f"[{race['class']}] {race['name']} (race): its setup", err)
                return
        # The barrier: sessions wait for a lock this control session holds.
        control = subprocess.Popen(["psql", "-X", "-q", "-d", DB], stdin=subprocess.PIPE, text=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        control.stdin.write("SELECT pg_advisory_lock(4242);\n")
        control.stdin.flush()
        time.sleep(0.3)
        results = [None] * len(race["sessions"])

        def go(i, who, sql):
            role, identity = session_args(who)
            barrier = "SELECT pg_advisory_lock_shared(4242); SELECT pg_advisory_unlock_shared(4242);\n"
            results[i] = psql(barrier + sql, role=role, identity=identity)

        threads = [threading.Thread(target=go, args=(i, w, s)) for i, (w, s) in enumerate(race["sessions"])]
        for t in threads:
            t.start()
        time.sleep(0.5)
        control.stdin.write("SELECT pg_advisory_unlock(4242);\n\\q\n")
        control.stdin.flush()
        for t in threads:
            t.join()
        control.wait()
        ok, why = True, ""
        for rc, out, err in results:
            if sqlstate_of(err) == "XX000" or "server closed the connection" in err:
                ok, why = False, err
        for then in race["then"]:
            rc2, out2, err2 = psql(then)
            if rc2 != 0 or out2.strip() != "t":
                ok, why = False, f"then {then!r} gave {out2.strip()!r} {err2}\n" + "\n".join(r[2] for r in results)
        self.result(ok, f"[{race['class']}] {race['name']} (race)", why)
        self.after_write(race["name"])


def parse(path):
    klass = os.path.splitext(os.path.basename(path))[0].split("_", 1)[1]
    items, cur, section = [], None, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"--\s*@(\w+)\s*(.*)$", line.rstrip("\n"))
        if m:
            key, val = m.group(1), m.group(2).strip()
            if key in ("case", "race"):
                cur = {"kind": key, "name": val, "class": klass, "as": "owner", "expect": "ok", "refute": [], "contains": [],
                       "then": [], "sql": "", "setup": "", "sessions": [], "readonly": False}
                items.append(cur)
                section = "sql" if key == "case" else "setup"
                continue
            if cur is None:
                continue
            if key == "as":
                cur["as"] = val
            elif key == "expect":
                cur["expect"] = val
            elif key == "refute":
                cur["refute"].append(val)
            elif key == "contains":
                cur["contains"].append(val)
            elif key == "then":
                cur["then"].append(val)
            elif key == "readonly":
                cur["readonly"] = True
            elif key == "session":
                cur["sessions"].append([val, ""])
                section = "session"
            continue
        if cur is None:
            continue
        if section == "session":
            cur["sessions"][-1][1] += line
        else:
            cur[section] += line
    return items


def main():
    suite = Suite()
    files = sorted(f for f in os.listdir(os.path.join(HERE, "cases")) if f.endswith(".sql"))
    only = sys.argv[1:]
    for f in files:
        if only and not any(o in f for o in only):
            continue
        for item in parse(os.path.join(HERE, "cases", f)):
            suite.counts[item["class"]] = suite.counts.get(item["class"], 0) + 1
            if item["kind"] == "case":
                suite.run_case(item)
            else:
                suite.run_race(item)
    for klass, n in sorted(suite.counts.items()):
        print(f"# class {klass}: {n} cases")
    print(f"# {suite.roundtrips} pg_dump/pg_restore round trips")
    print(f"1..{suite.n}")
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
