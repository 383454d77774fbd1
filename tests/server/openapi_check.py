#!/usr/bin/python3
"""docs/openapi.yaml against the real deltadesk-server (issue 13).

The file is checked as OpenAPI 3.1 (the official JSON Schema, installed by
scripts/install-deps.sh) with every $ref resolved; then real requests go to
real servers on loopback and every answer is validated against what the file
declares for its path, method, status and content type: its body, its
headers, the stream's frames. An answer whose status the operation does not
declare fails, and so does an operation no request reached.

    DELTADESK_SERVER_BIN=build/release/server/deltadesk-server \\
        /usr/bin/python3 tests/server/openapi_check.py [docs/openapi.yaml]

Exit 0: all passed; 1: a failure; 77 (skipped, outside CI): all passed but
the official OpenAPI schema is not installed, so the file itself went
unchecked."""

import json
import os
import socket
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openapi_spec  # noqa: E402
from openapi_wire import Answer, Server, Stream, request  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


class Checker:
    def stopped(self, server):
        """A server that did not exit cleanly on SIGTERM is a failure (a
        crash, or a sanitizer's report in the ASan build)."""
        server.stop()
        for code in server.exit_codes:
            if code != 0:
                self.failures.append("a server exited with %d: %s" % (code, server.log_tail()))
        server.close()

    def __init__(self, spec):
        self.spec = spec
        self.ops = openapi_spec.Operations(spec)
        self.validated = 0
        self.undeclared = 0
        self.failures = []
        self.reached = set()

    def fail(self, answer, why):
        self.failures.append("%s %s -> %d: %s" % (answer.method, answer.path, answer.status, why))

    def check(self, answer, expect=None):
        """Validates answer against the file; expect: the status the request
        was made to provoke (a different one is a failure of the check)."""
        if expect is not None and answer.status != expect:
            self.fail(answer, "expected %d (body %r)" % (expect, answer.body[:300]))
        template, operation = self.ops.find(answer.method, answer.path)
        if operation is None:
            self.fail(answer, "no operation for this path and method")
            return answer
        self.reached.add((template, answer.method.lower()))
        response = self.ops.response(operation, answer.status)
        if response is None:
            self.undeclared += 1
            self.fail(answer, "status not declared for %s %s" % (answer.method, template))
            return answer
        for problem in self.ops.check_headers(response, answer.headers):
            self.fail(answer, problem)
        content = response.get("content")
        media = answer.headers.get("content-type", "").split(";")[0].strip()
        if not content:
            if answer.body:
                self.fail(answer, "a body where none is declared")
            self.validated += 1
            return answer
        if media not in content:
            self.fail(answer, "content type %r not declared" % media)
            return answer
        if media == "application/json":
            try:
                body = json.loads(answer.body)
            except ValueError as e:
                self.fail(answer, "body is not JSON: %s" % e)
                return answer
            for problem in self.ops.validate(content[media].get("schema", {}), body):
                self.fail(answer, "body " + problem)
        self.validated += 1
        return answer

    def check_stream_event(self, stream_path, event):
        """One SSE event's data against the schema that the stream's
        x-sse-data discriminator maps its type to; returns the data."""
        _, operation = self.ops.find("GET", stream_path)
        media = self.ops.response(operation, 200)["content"]["text/event-stream"]
        union = openapi_spec.deref(self.spec, media["x-sse-data"])
        label = "stream event %r" % event.get("event")
        try:
            data = json.loads(event["data"])
        except (KeyError, ValueError) as e:
            self.failures.append("%s: data is not JSON: %s" % (label, e))
            return None
        mapping = union["discriminator"]["mapping"]
        kind = data.get("type") if isinstance(data, dict) else None
        if kind not in mapping:
            self.failures.append("%s: type %r is not one the file maps" % (label, kind))
            return data
        if kind != event.get("event"):
            self.failures.append("%s: data type %r is not the event name" % (label, kind))
        for problem in self.ops.validate({"$ref": mapping[kind]}, data):
            self.failures.append("%s: %s" % (label, problem))
        for problem in self.ops.validate(union, data):
            self.failures.append("%s (as %s): %s" % (label, media["x-sse-data"]["$ref"],
                                                     problem))
        if kind == "change" and event.get("id") != data.get("cursor"):
            self.failures.append("%s: id %r is not the cursor" % (label, event.get("id")))
        self.validated += 1
        return data


def body(value):
    return json.dumps(value).encode()


def login(c, port, name):
    a = c.check(request(port, "POST", "/api/auth/login",
                        body=body({"username": name, "password": name})), 200)
    if a.status != 200:
        raise RuntimeError("login %s: %d %r" % (name, a.status, a.body))
    return a.json()["token"]


def bearer(token, **extra):
    headers = {"Authorization": "Bearer " + token}
    headers.update(extra)
    return headers


def event_fields(title="OpenAPI check"):
    return {"title": title, "startsAt": "2025-03-01T10:00:00.000Z",
            "endsAt": "2025-03-01T12:00:00.000Z", "clientId": "c-1", "tariffId": "t-1",
            "status": "confirmed", "x-kept": {"any": ["field"]}}


def exercise_main(c, port):
    """Every route of one demo server, every status that can be provoked."""
    get = lambda path, headers=None, expect=None: c.check(  # noqa: E731
        request(port, "GET", path, headers), expect)
    admin = login(c, port, "admin")
    manager = login(c, port, "manager")
    staff = login(c, port, "staff")

    # /health: anonymous, with a token, with a token it does not know.
    get("/health", expect=200)
    get("/health", bearer(admin), 200)
    get("/health", bearer("not-a-token"), 200)
    echoed = get("/health", {"X-Request-Id": "proxy.req:42-a_b"}, 200)
    if echoed.headers.get("x-request-id") != "proxy.req:42-a_b":
        c.fail(echoed, "X-Request-Id was not echoed: %r" % echoed.headers.get("x-request-id"))

    # Login: malformed, wrong, throttled, too large.
    c.check(request(port, "POST", "/api/auth/login", body=b"{"), 400)
    c.check(request(port, "POST", "/api/auth/login", body=body({"username": ""})), 400)
    c.check(request(port, "POST", "/api/auth/login",
                    body=body({"username": "admin", "password": "wrong"})), 401)
    for _ in range(5):
        c.check(request(port, "POST", "/api/auth/login",
                        body=body({"username": "viewer", "password": "guess"})), 401)
    c.check(request(port, "POST", "/api/auth/login",
                    body=body({"username": "viewer", "password": "guess"})), 429)
    c.check(request(port, "POST", "/api/auth/login", body=b"x" * 9000, send_body=False), 413)

    # Logout.
    c.check(request(port, "POST", "/api/auth/logout"), 401)
    c.check(request(port, "POST", "/api/auth/logout", bearer(login(c, port, "admin"))), 204)

    # Pages: full, delta by cursor and by lastSync, gzip'd, every collection.
    head = int(get("/health", bearer(admin), 200).json()["cursor"])
    get("/api/events?limit=2", bearer(staff), 200)
    get("/api/events?limit=2&cursor=%d" % (head - 3), bearer(staff), 200)
    get("/api/events?limit=1&lastSync=2024-01-01", bearer(staff), 200)
    gz = get("/api/events?limit=3", bearer(staff, **{"Accept-Encoding": "gzip"}), 200)
    if gz.headers.get("content-encoding") != "gzip":
        c.fail(gz, "a 3-event page was not gzip'd")
    for name in ("users", "clients", "roles", "tariffs"):
        get("/api/%s?limit=3" % name, bearer(staff), 200)
        get("/api/%s?cursor=%d" % (name, head), bearer(staff), 200)
    get("/api/events", None, 401)
    get("/api/users", None, 401)
    get("/api/events?cursor=abc", bearer(staff), 400)
    get("/api/events?limit=0", bearer(staff), 400)
    get("/api/users?lastSync=2024-1-1", bearer(staff), 400)
    get("/api/nope", bearer(staff), 400)
    get("/api/events?limit=%zz", bearer(staff), 400)

    # Writes: create, update, delete with If-Match; every refusal.
    created = c.check(request(port, "POST", "/api/events", bearer(manager),
                              body(event_fields())), 201).json()
    event_id = created["_id"]
    item = "/api/events/" + event_id
    c.check(request(port, "POST", "/api/events", bearer(staff), body(event_fields())), 403)
    c.check(request(port, "POST", "/api/events", None, body(event_fields())), 401)
    c.check(request(port, "POST", "/api/events", bearer(manager), b"[1]"), 400)
    c.check(request(port, "POST", "/api/events", bearer(manager), b'{"a":1,"a":2}'), 400)
    c.check(request(port, "POST", "/api/events", bearer(manager), body({})), 422)
    deep = {"title": "deep", "startsAt": "2025-03-01T10:00:00.000Z",
            "endsAt": "2025-03-01T12:00:00.000Z"}
    nested = deep
    for _ in range(33):
        nested["n"] = {}
        nested = nested["n"]
    c.check(request(port, "POST", "/api/events", bearer(manager), body(deep)), 422)
    c.check(request(port, "POST", "/api/events", bearer(manager), b"x" * (2 << 20),
                    send_body=False), 413)
    updated = c.check(request(port, "PUT", item, bearer(manager, **{"If-Match": '"1"'}),
                              body({"title": "Updated", "notes": None})), 200).json()
    c.check(request(port, "PUT", item, bearer(manager, **{"If-Match": "1"}),
                    body({"title": "Stale"})), 412)
    c.check(request(port, "PUT", item, bearer(manager, **{"If-Match": "one"}),
                    body({"title": "x"})), 400)
    c.check(request(port, "PUT", item, bearer(manager), body({"endsAt": "2000-01-01"})), 422)
    c.check(request(port, "PUT", item, bearer(staff), body({"title": "x"})), 403)
    c.check(request(port, "PUT", "/api/events/no-such-event", bearer(manager),
                    body({"title": "x"})), 404)
    grown = "y" * ((1 << 20) - 200)
    c.check(request(port, "PUT", item, bearer(manager), body({"notes": grown})), 413)
    c.check(request(port, "DELETE", item, bearer(manager, **{"If-Match": "1"})), 412)
    c.check(request(port, "DELETE", item, bearer(manager, **{"If-Match": "W/x"})), 400)
    c.check(request(port, "DELETE", item, bearer(staff)), 403)
    c.check(request(port, "DELETE", item,
                    bearer(manager, **{"If-Match": 'W/"%d"' % updated["version"]})), 204)
    c.check(request(port, "DELETE", item, bearer(manager)), 404)
    c.check(request(port, "DELETE", item), 401)
    # The page after the delete lists its tombstone.
    page = get("/api/events?cursor=%d" % head, bearer(staff), 200).json()
    if event_id not in page["deleted"]:
        c.failures.append("the delta page after a delete does not list %s" % event_id)

    # Routes that only say 405 or 404.
    for method in ("PUT", "DELETE", "PATCH"):
        c.check(request(port, method, "/api/events", bearer(staff), b"{}"), 405)
    for method in ("GET", "POST", "PATCH"):
        c.check(request(port, method, "/api/events/e-1", bearer(staff), b"{}"), 405)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        c.check(request(port, method, "/api/users", bearer(admin), b"{}"), 405)
        c.check(request(port, method, "/api/roles/r-1", bearer(admin), b"{}"), 405)
        c.check(request(port, method, "/api/nope", bearer(admin), b"{}"), 404)
    get("/api/clients/c-1", bearer(staff), 404)  # no method succeeds there
    c.check(request(port, "POST", "/api/tariffs/t-1", None, b"{}"), 401)

    # Framing, before any route: no Host, headers past 16 KiB, a coding not understood.
    c.check(request(port, "GET", "/health",
                    raw_head=b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"), 400)
    c.check(request(port, "GET", "/health", {"X-Filler": "f" * 17000}), 431)
    c.check(request(port, "POST", "/api/events", raw_head=(
        b"POST /api/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
        b"Connection: close\r\n\r\n0\r\n\r\n")), 501)

    exercise_stream(c, port, staff, manager, head)


def exercise_stream(c, port, token, writer, head):
    """A resumed stream's first frames (the replay, then live writes); the
    per-token cap; its refusals."""
    path = "/api/sync/stream?collections=events,users"
    stream = Stream(port, path, bearer(token, **{"Last-Event-ID": str(head)}))
    c.check(_stream_answer(stream, path), 200)
    seen = set()
    wanted = {"retry", "connected", "heartbeat", "insert", "update", "delete"}
    written = False
    try:
        while not wanted <= seen:
            event = stream.next_event()
            if event is None:
                c.failures.append("the stream ended after %s" % sorted(seen))
                break
            if "retry" in event:
                seen.add("retry")
            if event.get("comment") == "heartbeat":
                seen.add("heartbeat")
            if "event" in event:
                seen.add(event["event"])
                data = c.check_stream_event(path, event)
                seen.add((data or {}).get("operationType"))
            if "delete" in seen and not written:
                # The replay is out (the delete of the earlier write): now
                # live frames, an insert and an update.
                written = True
                created = request(port, "POST", "/api/events", bearer(writer),
                                  body(event_fields("Live")))
                c.check(created, 201)
                c.check(request(port, "PUT", "/api/events/" + created.json()["_id"],
                                bearer(writer), body({"status": "draft"})), 200)
        # The server counts a stream as soon as its head is out: one more
        # on the same token is past --max-streams-per-token 1.
        second = Stream(port, path, bearer(token))
        c.check(_stream_answer(second, path), 429)
        second.close()
    except socket.timeout:
        c.failures.append("the stream went quiet after %s" % sorted(seen))
    finally:
        stream.close()
    for bad in ("/api/sync/stream?collections=events,nope", "/api/sync/stream?since=x"):
        s = Stream(port, bad, bearer(token))
        c.check(_stream_answer(s, bad), 400)
        s.close()
    s = Stream(port, path, {"Last-Event-ID": "1x"})
    c.check(_stream_answer(s, path), 401)
    s.close()
    s = Stream(port, path, bearer(token, **{"Last-Event-ID": "1x"}))
    c.check(_stream_answer(s, path), 400)
    s.close()


def _stream_answer(stream, path):
    return Answer("GET", path, stream.status, stream.headers, stream.body)


def exercise_expiry(c, binary):
    """410 and the stream's reset: a cursor from before a purged tombstone.
    Retention 0 purges every tombstone when the server starts."""
    server = Server(binary, ["--demo"])
    try:
        manager = login(c, server.port, "manager")
        created = c.check(request(server.port, "POST", "/api/events", bearer(manager),
                                  body(event_fields())), 201)
        before = int(created.headers["x-sync-cursor"]) - 1
        c.check(request(server.port, "DELETE", "/api/events/" + created.json()["_id"],
                        bearer(manager)), 204)
        server.stop()
        server.start(["--tombstone-retention-days", "0"])
        token = login(c, server.port, "manager")
        c.check(request(server.port, "GET", "/api/events?cursor=%d" % before, bearer(token)), 410)
        path = "/api/sync/stream?since=%d" % before
        stream = Stream(server.port, path, bearer(token))
        c.check(_stream_answer(stream, path), 200)
        try:
            seen = []
            while "reset" not in seen:
                event = stream.next_event()
                if event is None:
                    c.failures.append("the stream ended before a reset (%s)" % seen)
                    break
                if "event" in event:
                    seen.append(event["event"])
                    c.check_stream_event(path, event)
        finally:
            stream.close()
    finally:
        c.stopped(server)


def exercise_connection_caps(c, binary):
    """The answers written at accept, past a connection cap."""
    for args, status in ((["--max-connections-per-address", "1"], 429),
                         (["--max-connections", "1"], 503)):
        server = Server(binary, args)
        try:
            holder = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            try:
                # Answered once the server holds the first connection.
                c.check(request(server.port, "GET", "/health", timeout=10), status)
            finally:
                holder.close()
        finally:
            c.stopped(server)


def main():
    spec_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "openapi.yaml")
    binary = os.environ.get("DELTADESK_SERVER_BIN")
    if not binary:
        print("openapi: DELTADESK_SERVER_BIN is not set", file=sys.stderr)
        return 1
    spec = openapi_spec.load(spec_path)
    try:
        refs = openapi_spec.check_refs(spec)
        official = openapi_spec.check_openapi(spec)
    except openapi_spec.SpecError as e:
        print("openapi: %s: %s" % (spec_path, e), file=sys.stderr)
        return 1
    print("openapi: %d $refs resolved; %s" % (
        refs, "valid OpenAPI 3.1" if official else "OpenAPI 3.1 schema NOT INSTALLED"))

    c = Checker(spec)
    server = Server(binary, ["--demo", "--heartbeat-ms", "200", "--max-streams-per-token", "1"])
    try:
        exercise_main(c, server.port)
    finally:
        if c.failures:
            print(server.log_tail(), file=sys.stderr)
        c.stopped(server)
    exercise_expiry(c, binary)
    exercise_connection_caps(c, binary)

    unreached = sorted(set(c.ops.all_operations()) - c.reached)
    for template, method in unreached:
        c.failures.append("no request reached %s %s" % (method.upper(), template))
    for failure in c.failures:
        print("FAIL " + failure, file=sys.stderr)
    print("openapi: %d responses validated against %d operations; %d undeclared" % (
        c.validated, len(c.reached), c.undeclared))
    if c.failures:
        return 1
    if not official:
        message = ("the official OpenAPI 3.1 schema is missing from %s: run "
                   "scripts/install-deps.sh" % openapi_spec.META_SCHEMA_DIR)
        if os.environ.get("CI"):
            print("openapi: FAIL: " + message, file=sys.stderr)
            return 1
        print("openapi: SKIPPED: " + message, file=sys.stderr)
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
