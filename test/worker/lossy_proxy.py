#!/usr/bin/python3
"""A TCP proxy in front of PostgreSQL that loses answers on purpose: for a
statement whose text contains PATTERN, it forwards the server's answer (rows,
CommandComplete) but swallows the final ReadyForQuery and closes the
connection, the first COUNT times. The server sends ReadyForQuery after the
implicit transaction committed (at Sync, in the extended protocol), so the
statement has committed while the client sees the connection die before the
end of the answer: exactly "a COMMIT whose answer was lost". With
--after PATTERN N, the first N matching statements pass untouched.

  lossy_proxy.py --target-port 5432 --port-file F --drop report_activities 3 --drop claim_activities 2

Clients must connect with sslmode=disable gssencmode=disable (the proxy reads
the protocol in the clear). Python 3 standard library, 127.0.0.1 only.
"""
import argparse
import os
import socket
import struct
import sys
import threading


class Budget:
    def __init__(self, drops, after):
        self.lock = threading.Lock()
        self.left = {pattern: int(count) for pattern, count in drops}
        self.dropped = {pattern: 0 for pattern, _ in drops}
        self.passing = {pattern: int(count) for pattern, count in after}

    def match(self, text):
        for pattern in self.left:
            if pattern in text:
                return pattern
        return None

    def take(self, pattern):
        with self.lock:
            if self.passing.get(pattern, 0) > 0:
                self.passing[pattern] -= 1
                return False
            if self.left.get(pattern, 0) > 0:
                self.left[pattern] -= 1
                self.dropped[pattern] += 1
                return True
            return False


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError
        buf += chunk
    return buf


def serve(client, args, budget, log):
    server = socket.create_connection(("127.0.0.1", args.target_port))
    state = {"current": None, "closed": False}
    lock = threading.Lock()

    def close_both():
        with lock:
            state["closed"] = True
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def upstream():  # client -> server: watch which statement runs
        try:
            head = recv_exact(client, 8)  # startup packet: length, protocol (no type byte)
            length = struct.unpack("!I", head[:4])[0]
            server.sendall(head + recv_exact(client, length - 8))
            while True:
                kind = recv_exact(client, 1)
                length = struct.unpack("!I", recv_exact(client, 4))[0]
                body = recv_exact(client, length - 4)
                if kind in (b"P", b"Q"):
                    text = body.decode("utf-8", "replace")
                    with lock:
                        state["current"] = budget.match(text)
                server.sendall(kind + struct.pack("!I", length) + body)
        except (ConnectionError, OSError):
            close_both()

    def downstream():  # server -> client: lose the end of a matching answer
        try:
            while True:
                kind = recv_exact(server, 1)
                length = struct.unpack("!I", recv_exact(server, 4))[0]
                body = recv_exact(server, length - 4)
                if kind == b"Z":
                    # ReadyForQuery: the server has committed. Swallow it and
                    # close: the client has the rows but no end of the answer.
                    with lock:
                        pattern, state["current"] = state["current"], None
                    if pattern and budget.take(pattern):
                        log.write("dropped the answer of %s after its commit\n" % pattern)
                        log.flush()
                        close_both()
                        return
                client.sendall(kind + struct.pack("!I", length) + body)
        except (ConnectionError, OSError):
            close_both()

    threading.Thread(target=upstream, daemon=True).start()
    downstream()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--target-port", type=int, required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--drop", nargs=2, action="append", default=[], metavar=("PATTERN", "COUNT"))
    p.add_argument("--after", nargs=2, action="append", default=[], metavar=("PATTERN", "COUNT"))
    p.add_argument("--log", default="/dev/stderr")
    args = p.parse_args()
    budget = Budget(args.drop, args.after)
    log = open(args.log, "a")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, args, budget, log), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
