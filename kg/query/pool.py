"""The worker processes that answer ``kg serve``'s requests, and the answers they keep.

A worker opens the store read-only once and answers requests over a pipe
(:func:`kg.query.sparql.evaluate`). A query that runs past its timeout has its
worker killed and replaced, so it never holds the server; a worker's
memory is capped (:func:`kg.query.limits.limit_memory`), so a query
that grows past it ends its own worker only, and is answered 503 likewise.
Workers read the store as a build left it, so an answer stays right until
the next build: answers are kept (:class:`AnswerCache`), and a request asked
before is answered without running the query again. After a build, new
workers open the store and the kept answers go (:class:`QueryWorkers`).
"""
from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from collections import OrderedDict
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from .limits import MEMORY_MB, limit_memory, memory_message
from .sparql import Request, Response, evaluate, text_response

__all__ = ["QueryWorkers", "AnswerCache"]


def _stamp(store: str) -> str:
    from ..store.embedded import written_stamp  # here, not at the top: a spawned worker need not import rdflib

    return written_stamp(store)


def _worker(conn, store_path: str, max_results: int, memory_mb: float) -> None:
    limit_memory(memory_mb)  # a query that needs more fails an allocation and ends this process only
    store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        conn.send(evaluate(store, req, max_results))


class _Worker:
    def __init__(self, ctx, store: str, limits: tuple[int, float], home: queue.Queue[_Worker]) -> None:
        self.home = home  # where it goes back when idle; a worker of a store read before goes away instead
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, store, *limits), daemon=True)
        self.proc.start()
        child.close()

    def ready(self, timeout: float) -> bool:
        try:
            return self.conn.poll(timeout) and self.conn.recv() == "ready"
        except (EOFError, OSError):  # it died opening the store
            return False

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
    When a build has written the store since (:func:`kg.store.embedded.written_stamp`),
    the next request starts new workers on it and drops the kept answers.
    """

    def __init__(self, store: Path, *, workers: int = 2, max_results: int = 10000, cache_bytes: int = 0,
                 memory_mb: float = MEMORY_MB) -> None:
        self.store, self.max_results, self.size, self.memory_mb = str(store), max_results, workers, memory_mb
        self.cache = AnswerCache(cache_bytes)
        self.ctx = multiprocessing.get_context("spawn")  # the server has threads; never fork it
        self.lock, self.reopening = threading.Lock(), threading.Lock()
        self.all: list[_Worker] = []
        self.stamp = _stamp(self.store)
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
        w = _Worker(self.ctx, self.store, (self.max_results, self.memory_mb), home)
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
        if w.home is not self.idle:  # the store was opened again meanwhile: no worker wanted there
            return
        fresh = self._start(w.home)
        fresh.ready(60)
        w.home.put(fresh)

    def _follow_builds(self) -> None:
        stamp = _stamp(self.store)
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
            return text_response(503, "every query worker is busy; retry later "
                                      "(or start kg serve with more --workers)")
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
        except (EOFError, OSError):  # it died: Oxigraph aborts a process whose allocation failed
            w.proc.join(1)
            message = (memory_message(self.memory_mb, "kg serve --memory-mb") if w.proc.exitcode == -signal.SIGABRT
                       else f"the query worker died (exit code {w.proc.exitcode}); the query was not answered")
        threading.Thread(target=self._replace, args=(w,), daemon=True).start()
        return text_response(503, message)

    def close(self) -> None:
        with self.lock:
            workers, self.all = self.all, []
        for w in workers:
            w.kill()
