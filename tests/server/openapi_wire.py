"""The real server and raw HTTP/1.1 over loopback, for openapi_check.py.

Raw sockets rather than urllib: the check sends what a library would refuse
(no Host, 16 KiB of headers, a Content-Length it never sends) and reads the
stream frame by frame."""

import gzip
import http.client
import os
import re
import secrets
import selectors
import socket
import subprocess
import tempfile
import time
import urllib.parse


def uses_postgres():
    return os.environ.get("DELTADESK_TEST_STORE") == "postgres"


def _admin_sql(sql):
    # psql, as the C++ suites' PgTestDatabase uses libpq: a database of its
    # own on the test cluster that DELTADESK_TEST_PG names.
    subprocess.run(["psql", os.environ["DELTADESK_TEST_PG"], "-qAtc", sql], check=True,
                   stdout=subprocess.DEVNULL, timeout=30)


class Server:
    """deltadesk-server on 127.0.0.1 port 0 with a temporary data dir (or,
    with DELTADESK_TEST_STORE=postgres, a database of its own), kept across
    stop() and start() (a restart)."""

    def __init__(self, binary, args, timeout=30.0):
        self.binary = binary
        self.data = tempfile.TemporaryDirectory(prefix="deltadesk-openapi-")
        self.store = ["--data-dir", self.data.name]
        self.database = None
        if uses_postgres():
            self.database = "dd_openapi_" + secrets.token_hex(8)
            _admin_sql("CREATE DATABASE " + self.database)
            url = urllib.parse.urlsplit(os.environ["DELTADESK_TEST_PG"])
            self.store = ["--database", url._replace(path="/" + self.database).geturl()]
        self.process = None
        self.exit_codes = []
        # A file, not a pipe: the server logs every request, and a full pipe
        # would stop it.
        self.log = tempfile.TemporaryFile()
        self.start(args, timeout)

    def start(self, args, timeout=30.0):
        self.process = subprocess.Popen(
            [self.binary] + self.store + ["--listen", "127.0.0.1:0"] + args,
            stdout=subprocess.PIPE, stderr=self.log)
        self.port = self._read_port(timeout)

    def _read_port(self, timeout):
        # Polls the start line with a deadline: no sleep, no guess.
        deadline = time.monotonic() + timeout
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        seen = b""
        while time.monotonic() < deadline:
            if not selector.select(deadline - time.monotonic()):
                continue
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
            match = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", seen)
            if match:
                selector.close()
                return int(match.group(1))
        selector.close()
        self.stop()
        raise RuntimeError("server did not start: %r" % seen)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and not self.process.stdout.closed:
            self.exit_codes.append(self.process.returncode)
            self.process.stdout.close()

    def close(self):
        self.stop()
        self.log.close()
        self.data.cleanup()
        if self.database:
            _admin_sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.database)

    def log_tail(self, size=4000):
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - size))
        return self.log.read().decode("utf-8", "replace")


class Answer:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status = method, path, status
        self.headers, self.body = headers, body

    def json(self):
        import json
        return json.loads(self.body)


def _headers_of(message):
    out = {}
    for name, value in message.items():
        name = name.lower()
        out[name] = value if name not in out else out[name] + ", " + value
    return out


def _read_answer(sock, method, path):
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    body = response.read()
    headers = _headers_of(response.msg)
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return Answer(method, path, response.status, headers, body)


def request(port, method, path, headers=None, body=None, raw_head=None, send_body=True,
            timeout=20.0):
    """One request on its own connection (Connection: close).

    raw_head: the request's head as bytes, sent as is. send_body=False sends
    the Content-Length of body but not the body (a 413 is answered from the
    header alone)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if raw_head is None:
            lines = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1:%d" % port,
                     "Connection: close"]
            for name, value in (headers or {}).items():
                lines.append("%s: %s" % (name, value))
            if body is not None:
                lines.append("Content-Type: application/json")
                lines.append("Content-Length: %d" % len(body))
            raw_head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        sock.sendall(raw_head)
        if body is not None and send_body:
            sock.sendall(body)
        return _read_answer(sock, method, path)
    finally:
        sock.close()


class Stream:
    """An open GET /api/sync/stream: its head, then one SSE event at a time."""

    def __init__(self, port, path, headers, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port,
                 "Accept: text/event-stream"]
        lines += ["%s: %s" % item for item in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.response = http.client.HTTPResponse(self.sock, method="GET")
        self.response.begin()
        self.status = self.response.status
        self.headers = _headers_of(self.response.msg)
        self.body = b"" if self.status == 200 else self.response.read()

    def next_event(self):
        """The next block: {"event":..., "data":..., "id":..., "retry":...,
        "comment":...}; None at the end of the stream."""
        block = {}
        while True:
            line = self.response.fp.readline()
            if not line:
                return None
            line = line.decode("utf-8").rstrip("\r\n")
            if not line:
                if block:
                    return block
                continue
            if line.startswith(":"):
                block["comment"] = line[1:].strip()
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            block[name] = block[name] + "\n" + value if name in block else value

    def close(self):
        self.response.close()
        self.sock.close()
