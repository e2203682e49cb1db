"""``kg serve``: the store of a build as a read-only SPARQL 1.1 Protocol endpoint.

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded or
``application/sparql-query``) answer SELECT and ASK in JSON, XML, CSV or TSV
and CONSTRUCT/DESCRIBE in Turtle, N-Triples, RDF/XML or JSON-LD, chosen by
the ``Accept`` header (or a ``format``/``output`` parameter, as SPARQLWrapper
sends). Without ``default-graph-uri`` the default graph is the store's,
which a build keeps as the union of every named graph. Updates get 403.
Each query runs in a worker process with the store open read-only
(:mod:`kg.query.pool`); one that runs past the timeout is stopped (503), and at
most ``max_results`` rows or triples are returned (header
``X-KG-Truncated: true`` when cut). A worker is also stopped when its
process grows past ``memory_mb`` (503). Federated ``SERVICE`` clauses are
refused (400) unless ``allow_service``: they would make this machine send
requests wherever a query says. Cross-origin reads from a browser (CORS,
for YASGUI say) are allowed only from the ``cors`` origin. A client has
``read_timeout`` seconds to send a whole request (a malformed or negative
``Content-Length`` is answered 400 at once), so a slow or stalled one never
holds the server.

Workers read the store as the last build left it; after a build (a
``kg build --watch`` over a feed, say), the next request opens it again.
Answers are kept until then, up to ``cache_mb`` megabytes: a query asked
again (as a dashboard or a reloaded page does) is answered at once, with
header ``X-KG-Cache: hit``.
"""
from __future__ import annotations

import signal
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import StoreError
from .limits import MEMORY_MB, SERVICE_REFUSED, TIMEOUT, uses_service
from .pool import QueryWorkers
from .sparql import Request

__all__ = ["make_server", "serve", "SparqlServer"]

MAX_BODY = 1 << 20
HELP = """kg SPARQL endpoint (read-only)

  GET  /sparql?query=SELECT...      POST /sparql  (query=... form, or application/sparql-query body)
  Accept: application/sparql-results+json | application/sparql-results+xml | text/csv | text/tab-separated-values
          text/turtle | application/n-triples | application/rdf+xml | application/ld+json (CONSTRUCT, DESCRIBE)

example: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5' {url}
"""


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server with a pool of query workers; ``url`` is its /sparql endpoint."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], workers: QueryWorkers, timeout: float, log: bool, *,
                 allow_service: bool = False, cors: str | None = None, read_timeout: float = 10.0) -> None:
        # set before binding: a port in use calls server_close() from inside super().__init__
        self.workers, self.query_timeout, self.log = workers, timeout, log
        self.allow_service, self.cors, self.read_timeout = allow_service, cors, read_timeout
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.workers.close()

    def handle_error(self, request: object, client_address: tuple) -> None:
        """One line in the log for a connection that failed (a client gone, a request cut off)."""
        if self.log:
            exc = sys.exc_info()[1]
            print(f"kg serve: {client_address[0]}: connection dropped ({type(exc).__name__}: {exc})",
                  file=sys.stderr)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"

    def setup(self) -> None:
        self.timeout = self.server.read_timeout  # each read of the socket; the whole request: _deadline
        super().setup()

    def handle_one_request(self) -> None:
        # a client that trickles its request a byte at a time passes every socket timeout: give it
        # read_timeout seconds for the whole request, then close its connection
        self._deadline = threading.Timer(self.server.read_timeout, self._too_slow)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            super().handle_one_request()
        finally:
            self._deadline.cancel()

    def _too_slow(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RD)  # its reads end; a 408 can still be written
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        if self.server.log:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        cors = {"Access-Control-Allow-Origin": self.server.cors} if self.server.cors else {}
        for name, value in {"Content-Type": ctype, "Content-Length": str(len(body)), **cors,
                            "Vary": "Accept", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode())

    def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight; without --cors, a browser is refused
        self._send(HTTPStatus.NO_CONTENT, b"", headers={
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"}
            if self.server.cors else {})

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.FOUND, b"", headers={"Location": "/sparql"})
        elif url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
        else:
            self._answer(parse_qs(url.query, keep_blank_values=True), body_query=None)

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
            return
        given = (self.headers.get("Content-Length") or "0").strip()
        if not given.isdigit():  # "abc", "-1": no body can be read by it
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, f"bad Content-Length {given[:40]!r}: give the body's size in bytes")
            return
        if int(given) > MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
            return
        try:
            body = self.rfile.read(int(given))
        except TimeoutError:  # nothing came for read_timeout seconds
            body = b""
        if len(body) < int(given):  # stalled, too slow (the deadline ended its reads) or gone
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_TIMEOUT, f"request body not received within "
                        f"{self.server.read_timeout:g} s")
            return
        self._deadline.cancel()  # the request is read: the query has its own timeout
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        elif ctype == "application/sparql-query":
            self._answer(params, body_query=body.decode("utf-8", "replace"))
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for name, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
            self._answer(params, body_query=None)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype}; use "
                        "application/x-www-form-urlencoded or application/sparql-query")

    def _answer(self, params: dict[str, list[str]], body_query: str | None) -> None:
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            return
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        if not queries:
            self._send(HTTPStatus.OK, HELP.replace("{url}", self.server.url).encode())
            return
        if len(queries) > 1:
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query")
            return
        if not self.server.allow_service and uses_service(queries[0]):
            self._error(HTTPStatus.BAD_REQUEST, SERVICE_REFUSED.replace("--allow-service", "kg serve --allow-service"))
            return
        self._deadline.cancel()
        fmt = (params.get("format") or params.get("output") or [""])[0]
        request = Request(query=queries[0], accept=self.headers.get("Accept") or "", format=fmt,
                          default_graphs=tuple(params.get("default-graph-uri", [])),
                          named_graphs=tuple(params.get("named-graph-uri", [])))
        status, ctype, body, headers = self.server.workers.run(request, self.server.query_timeout)
        self._send(status, body, ctype, headers)


def make_server(out: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = TIMEOUT,
                max_results: int = 10000, workers: int = 2, cache_mb: float = 64, log: bool = True,
                memory_mb: float = MEMORY_MB, allow_service: bool = False, cors: str | None = None,
                read_timeout: float = 10.0) -> SparqlServer:
    """A server for the store in ``out/store``, bound but not yet serving (``port=0``: any free port)."""
    store = Path(out) / "store"
    if not store.is_dir():
        raise StoreError(f"{store}: no store to serve; run `kg build --out {out}` first")
    if min(timeout, max_results, workers, memory_mb, read_timeout) <= 0 or cache_mb < 0:
        raise StoreError("--timeout, --max-results, --workers and --memory-mb must be positive, "
                         "--cache-mb 0 or more")
    pool = QueryWorkers(store, workers=workers, max_results=max_results, cache_bytes=int(cache_mb * 1e6),
                        memory_mb=memory_mb)
    try:
        return SparqlServer((host, port), pool, timeout, log, allow_service=allow_service, cors=cors,
                            read_timeout=read_timeout)
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another --port") from None


def serve(out: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = TIMEOUT,
          max_results: int = 10000, workers: int = 2, cache_mb: float = 64, memory_mb: float = MEMORY_MB,
          allow_service: bool = False, cors: str | None = None) -> None:
    """Serve until interrupted."""
    server = make_server(out, host=host, port=port, timeout=timeout, max_results=max_results, workers=workers,
                         cache_mb=cache_mb, memory_mb=memory_mb, allow_service=allow_service, cors=cors)
    print(f"kg: serving {Path(out) / 'store'} read-only at {server.url} (timeout {timeout:g} s, "
          f"{memory_mb:g} MB a query, SERVICE {'allowed' if allow_service else 'refused'}, "
          f"{'CORS for ' + cors if cors else 'no CORS'}, "
          f"at most {max_results} results, answers kept up to {cache_mb:g} MB until the next build; "
          "Ctrl-C stops)", file=sys.stderr)
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # stop the query workers too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
