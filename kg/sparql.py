"""Queries for ``kg serve``, each in a worker process that can be stopped.

A worker opens the store read-only once and answers requests over a pipe;
Oxigraph evaluates the query and serializes the answer. A query that runs
past its timeout has its worker killed and replaced, so it never holds the
server. Results are cut at ``max_results``: Oxigraph writes the rows as
SPARQL TSV, stopped past the cap, and re-serializes the kept ones into the
negotiated format.
Workers read the store as a build left it, so an answer stays right until
the next build: answers are kept (:class:`AnswerCache`), and a request asked
before is answered without running the query again. After a build, new
workers open the store and the kept answers go (:class:`QueryWorkers`).

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
'application/sparql-results+xml'
>>> negotiate("*/*", GRAPH_TYPES)
'text/turtle'
>>> negotiate("image/png", SELECT_TYPES) is None
True
"""
from __future__ import annotations

import itertools
import multiprocessing
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError

__all__ = ["Request", "QueryWorkers", "AnswerCache", "negotiate", "SELECT_TYPES", "GRAPH_TYPES"]

R, G = ox.QueryResultsFormat, ox.RdfFormat
#: media type -> format, the first being the default
SELECT_TYPES = {"application/sparql-results+json": R.JSON, "application/json": R.JSON,
                "application/sparql-results+xml": R.XML, "application/xml": R.XML, "text/xml": R.XML,
                "text/csv": R.CSV, "text/tab-separated-values": R.TSV}
GRAPH_TYPES = {"text/turtle": G.TURTLE, "application/n-triples": G.N_TRIPLES, "text/plain": G.N_TRIPLES,
               "application/rdf+xml": G.RDF_XML, "application/ld+json": G.JSON_LD}
_SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
          "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
          "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
          "jsonld": "application/ld+json", "json-ld": "application/ld+json"}


@dataclass(frozen=True)
class Request:
    """One query as asked; equal requests get the same answer from one store (it is their cache key)."""

    query: str
    accept: str = ""
    format: str = ""  # json, xml, csv, tsv, turtle, ... or a media type; overrides accept
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


Response = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, extra headers


def negotiate(accept: str, offers: dict) -> str | None:
    """The offered media type the Accept header prefers (the first offer for none or */*)."""
    if not accept.strip():
        return next(iter(offers))
    ranked = []
    for i, part in enumerate(accept.split(",")):
        mtype, *opts = [x.strip() for x in part.split(";")]
        q = next((float(o[2:]) for o in opts if o.startswith("q=") and o[2:].replace(".", "", 1).isdigit()), 1.0)
        ranked.append((-q, i, mtype.lower()))
    for negq, _, mtype in sorted(ranked):
        if negq == 0:
            break
        if mtype in offers:
            return mtype
        if mtype in ("*/*", "*") or (mtype.endswith("/*") and any(o.startswith(mtype[:-1]) for o in offers)):
            return next(o for o in offers if mtype in ("*/*", "*") or o.startswith(mtype[:-1]))
    return None


class _Full(Exception):
    """Stops Oxigraph's serializer once :class:`_FirstLines` has what it wants."""


class _FirstLines:
    """A file that keeps the first ``wanted`` lines written to it, then stops the writer.

    Answers are written by Oxigraph as SPARQL TSV, one line per row (line breaks in
    values are escaped), so a capped answer is its first lines, read without a
    Python object per value: a query is not evaluated past what it returns.
    """

    def __init__(self, wanted: int) -> None:
        self.wanted, self.seen, self.chunks, self.full = wanted, 0, [], False

    def write(self, data: bytes) -> int:
        if not self.full:  # after _Full, Oxigraph may still flush its buffer here: not wanted
            self.chunks.append(bytes(data))
            self.seen += self.chunks[-1].count(b"\n")
            if self.seen >= self.wanted:
                self.full = True
                raise _Full
        return len(data)

    def flush(self) -> None:
        pass

    def lines(self) -> list[bytes]:
        """The whole lines written (each ends with a line break; a stopped writer leaves a part of one)."""
        return b"".join(self.chunks).split(b"\n")[:-1]


def _select(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_results: int) -> tuple[bytes, dict]:
    """A SELECT answer in ``fmt``, cut at ``max_results`` rows; its extra headers."""
    sink = _FirstLines(max_results + 2)  # the header, the rows, and one more that says it was cut
    try:
        result.serialize(sink, format=R.TSV)
    except _Full:
        pass
    header, *rows = sink.lines()
    headers = {"X-KG-Truncated": "true"} if len(rows) > max_results else {}
    tsv = b"\n".join([header, *rows[:max_results]]) + b"\n"
    return (tsv if fmt == R.TSV else ox.parse_query_results(tsv, format=R.TSV).serialize(format=fmt)), headers


def _text(status: int, message: str) -> Response:
    return status, "text/plain; charset=utf-8", (message + "\n").encode(), {}


def evaluate(store: ox.Store, req: Request, max_results: int) -> Response:
    """Run one request on the store; every failure is an HTTP answer, never an exception."""
    wanted = _SHORT.get(req.format.lower(), req.format.lower()) if req.format else ""
    try:
        # without default-graph-uri: the store's default graph, which a build keeps as the union of all
        kwargs: dict = {"default_graph": [ox.NamedNode(g) for g in req.default_graphs]} if req.default_graphs else {}
        if req.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
        result = store.query(req.query, **kwargs)
        graph = isinstance(result, ox.QueryTriples)
        offers = GRAPH_TYPES if graph else SELECT_TYPES
        mtype = wanted if wanted in offers else negotiate(req.accept, offers)
        if mtype is None:
            return _text(406, f"cannot answer in {req.format or req.accept}; offered: {', '.join(offers)}")
        headers = {}
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=offers[mtype])
        elif graph:
            triples = list(itertools.islice(result, max_results + 1))
            if len(triples) > max_results:
                triples, headers = triples[:max_results], {"X-KG-Truncated": "true"}
            body = ox.serialize(triples, format=offers[mtype])
        else:
            body, headers = _select(result, offers[mtype], max_results)
    except SyntaxError as exc:
        return _text(400, f"bad SPARQL: {str(exc).splitlines()[0]}")
    except (ValueError, OSError, RuntimeError) as exc:
        return _text(400 if isinstance(exc, ValueError) else 500, f"query failed: {str(exc).splitlines()[0]}")
    charset = "; charset=utf-8" if mtype.startswith("text/") or mtype.endswith("json") else ""
    return 200, mtype + charset, body, headers


def _worker(conn, store_path: str, max_results: int) -> None:
    store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        conn.send(evaluate(store, req, max_results))


class _Worker:
    def __init__(self, ctx, store: str, max_results: int, home: queue.Queue[_Worker]) -> None:
        self.home = home  # where it goes back when idle; a worker of a store read before goes away instead
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, store, max_results), daemon=True)
        self.proc.start()
        child.close()

    def ready(self, timeout: float) -> bool:
        return self.conn.poll(timeout) and self.conn.recv() == "ready"

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class AnswerCache:
    """Successful answers by request, up to ``max_bytes`` of bodies; the least recently asked go first.

    >>> cache = AnswerCache(max_bytes=10)
    >>> cache.put(Request("ASK {}"), (200, "text/csv", b"12345678", {}))
    >>> cache.put(Request("ASK { ?s ?p ?o }"), (200, "text/csv", b"1234", {}))  # over 10 bytes: the first goes
    >>> cache.get(Request("ASK {}")), cache.get(Request("ASK { ?s ?p ?o }"))[2]
    (None, b'1234')
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self.answers: OrderedDict[Request, Response] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, req: Request) -> Response | None:
        with self.lock:
            answer = self.answers.get(req)
            if answer is not None:
                self.answers.move_to_end(req)
            return answer

    def clear(self) -> None:
        with self.lock:
            self.answers.clear()
            self.size = 0

    def put(self, req: Request, answer: Response) -> None:
        if answer[0] != 200 or len(answer[2]) > self.max_bytes:
            return  # errors and timeouts are asked again; an answer bigger than the cache is not kept
        with self.lock:
            if req in self.answers:
                return
            self.answers[req] = answer
            self.size += len(answer[2])
            while self.size > self.max_bytes:
                self.size -= len(self.answers.popitem(last=False)[1][2])


class QueryWorkers:
    """``workers`` query processes over a read-only store; :meth:`run` answers one request.

    Answers are kept in an :class:`AnswerCache` of ``cache_bytes`` (0: none).
    When a build has written the store since (:func:`kg.store.written_stamp`),
    the next request starts new workers on it and drops the kept answers.
    """

    def __init__(self, store: Path, *, workers: int = 2, max_results: int = 10000, cache_bytes: int = 0) -> None:
        from .store import written_stamp  # here, not at the top: a spawned worker need not import rdflib

        self.written = written_stamp
        self.store, self.max_results, self.size = str(store), max_results, workers
        self.cache = AnswerCache(cache_bytes)
        self.ctx = multiprocessing.get_context("spawn")  # the server has threads; never fork it
        self.lock, self.reopening = threading.Lock(), threading.Lock()
        self.all: list[_Worker] = []
        self.stamp = written_stamp(store)
        self.idle = self._pool()

    def _pool(self) -> queue.Queue[_Worker]:
        """A queue of ``size`` new workers, each with the store open."""
        idle: queue.Queue[_Worker] = queue.Queue()
        fresh = [self._start(idle) for _ in range(self.size)]
        if not all(w.ready(60) for w in fresh):
            for w in fresh:
                self._retire(w)
            raise StoreError(f"{self.store}: a query worker could not open the store read-only")
        for w in fresh:
            idle.put(w)
        return idle

    def _start(self, home: queue.Queue[_Worker]) -> _Worker:
        w = _Worker(self.ctx, self.store, self.max_results, home)
        with self.lock:
            self.all.append(w)
        return w

    def _retire(self, w: _Worker) -> None:
        w.kill()
        with self.lock:
            if w in self.all:
                self.all.remove(w)

    def _replace(self, w: _Worker) -> None:
        self._retire(w)
        fresh = self._start(w.home)
        fresh.ready(60)
        w.home.put(fresh)

    def _follow_builds(self) -> None:
        stamp = self.written(self.store)
        if stamp == self.stamp:
            return
        with self.reopening:
            if stamp == self.stamp:  # another request did it meanwhile
                return
            try:
                idle = self._pool()
            except StoreError:
                return  # go on answering from the store as it was; the next request tries again
            with self.lock:
                old, self.idle, self.stamp = self.idle, idle, stamp
                self.cache.clear()
        while not old.empty():  # the busy ones go when they finish (_evaluate)
            self._retire(old.get_nowait())

    def run(self, req: Request, timeout: float) -> Response:
        self._follow_builds()
        stamp = self.stamp
        kept = self.cache.get(req)
        if kept is not None:
            status, ctype, body, headers = kept
            return status, ctype, body, {**headers, "X-KG-Cache": "hit"}
        answer = self._evaluate(req, timeout)
        with self.lock:
            if stamp == self.stamp:  # not an answer from a store read before
                self.cache.put(req, answer)
        return answer

    def _evaluate(self, req: Request, timeout: float) -> Response:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return _text(503, "every query worker is busy; retry later (or start kg serve with more --workers)")
        try:
            w.conn.send(req)
            if w.conn.poll(timeout):
                answer = w.conn.recv()
                if w.home is self.idle:
                    w.home.put(w)
                else:
                    self._retire(w)
                return answer
            message = f"query stopped after the {timeout:g} s timeout (kg serve --timeout)"
        except (EOFError, OSError):
            message = "the query worker died (out of memory?); the query was not answered"
        threading.Thread(target=self._replace, args=(w,), daemon=True).start()
        return _text(503, message)

    def close(self) -> None:
        with self.lock:
            workers, self.all = self.all, []
        for w in workers:
            w.kill()
