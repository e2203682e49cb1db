"""Extraction on every core, or on a Dask cluster.

One function, :func:`extract_batch`, parses a batch of articles with
``nlp.pipe`` and extracts each; it runs in this process, in a pool of
processes (each loads the model once) or on the workers of a Dask cluster
(the lexicon is scattered once to every worker). Results come back in input
order whatever ran them, so the graph does not depend on the executor.

spaCy is imported only where extraction runs. A build starts its workers at
once (:func:`start_worker`): they import spaCy and load the model on other
cores while the build reads its inputs and cache, so a new ``kg build``
waits for neither. It starts one when a few articles may be new (adding one
article to thousands), every core when all will be extracted.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import sys
from dataclasses import dataclass
from typing import Iterator, Sequence

from ..errors import ClusterError
from ..extract.lexicon import Lexicon
from ..model import Article, ArticleResult

__all__ = ["Extracted", "extract_batch", "extract_iter", "extract_many", "default_jobs", "start_worker", "has_worker",
           "stop_worker"]

BATCH = 16


@dataclass(frozen=True)
class Extracted:
    """One article's result and the N-Triples of its graph, or why extraction failed."""

    result: ArticleResult | None
    nt: bytes = b""
    error: str = ""


def extract_batch(articles: Sequence[Article], lexicon: Lexicon, model: str | None = None) -> list[Extracted]:
    """Parse and extract a batch; an article that fails is reported, not fatal."""
    from ..extract import extract
    from ..extract.nlp import load_nlp, parse
    from ..graph.rdf import article_triples
    from ..graph.serialize import to_ntriples

    nlp = load_nlp(lexicon, model)
    out = []
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles), batch_size=max(1, len(articles)))):
        try:
            result = extract(article, doc, lexicon)
            out.append(Extracted(result, to_ntriples(article_triples(result))))
        except Exception as exc:  # noqa: BLE001 - one bad article must not sink the build
            out.append(Extracted(None, error=f"extraction failed ({type(exc).__name__}: {exc})"))
    return out


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_WORKER: tuple[Lexicon, str | None] | None = None


def _init_worker(lexicon: Lexicon, model: str | None) -> None:
    from ..extract.nlp import load_nlp

    global _WORKER
    _WORKER = (lexicon, model)
    try:
        load_nlp(lexicon, model)  # once per process, before the first batch
    except Exception:  # noqa: BLE001 - the first batch says it: a pool restarts a worker that fails here, forever
        pass


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the parent's loaded modules (and model, if loaded); elsewhere each worker starts afresh
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


#: (id(lexicon), model) -> (the pool start_worker started, its number of processes)
_STARTED: dict[tuple[int, str | None], tuple[multiprocessing.pool.Pool, int]] = {}


def start_worker(lexicon: Lexicon, model: str | None = None, processes: int = 1) -> None:
    """Start ``processes`` processes that import spaCy and load the model now, for
    :func:`extract_iter` to use: one for a build that may have a few articles to
    extract, every core for one that will extract them all. They are kept for the
    next build of this process (``kg build --watch``), with the model loaded."""
    key = (id(lexicon), model)
    if key not in _STARTED or _STARTED[key][1] < processes:
        stop_worker()  # one of another ontology or model, or too few, is of no use now
        _STARTED[key] = (_context().Pool(processes, initializer=_init_worker, initargs=(lexicon, model)), processes)


def _run_batch(batch: Sequence[Article]) -> list[Extracted]:
    assert _WORKER is not None, "worker not initialised"
    return extract_batch(batch, *_WORKER)


def stop_worker() -> None:
    """Stop the started workers, if any (a build that ends its process)."""
    for pool, _ in _STARTED.values():
        pool.terminate()
    _STARTED.clear()


def has_worker() -> bool:
    """Whether a started worker (:func:`start_worker`) is there: extraction then runs
    in another process, and this one is free meanwhile."""
    return bool(_STARTED)


def _in_pool(batches: list[list[Article]], lexicon: Lexicon, model: str | None, jobs: int) -> Iterator[list[Extracted]]:
    from .. import extract  # noqa: F401 - spaCy imported once, here: forked workers share it, not import it each
    with _context().Pool(min(jobs, len(batches)), initializer=_init_worker, initargs=(lexicon, model)) as pool:
        yield from pool.imap(_run_batch, batches)


def _on_cluster(batches: list[list[Article]], lexicon: Lexicon, model: str | None,
                address: str) -> Iterator[list[Extracted]]:
    from distributed import Client

    try:  # waits as long as dask's distributed.comm.timeouts.connect says
        client = Client(address)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({exc}); start one "
                           "(`dask scheduler`) or check --scheduler") from None
    with client:
        lex = client.scatter(lexicon, broadcast=True, hash=False)
        futures = client.map(extract_batch, batches, lexicon=lex, model=model, pure=False)
        for future in futures:
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died or could not import kg
                raise ClusterError(f"{address}: a Dask worker failed ({type(exc).__name__}: {exc}); "
                                   "is kg installed on every worker?") from None


def _batches(articles: list[Article], size: int, jobs: int) -> list[list[Article]]:
    """Batches of ``size`` articles, smaller towards the end when ``jobs`` share
    them, so no process is left alone with a whole batch while the others idle."""
    out, i = [], 0
    while i < len(articles):
        n = min(size, max(1, (len(articles) - i) // (2 * jobs))) if jobs > 1 else size
        out.append(articles[i:i + n])
        i += n
    return out


def extract_iter(articles: Sequence[Article], lexicon: Lexicon, *, model: str | None = None,
                 jobs: int | None = None, scheduler: str | None = None, progress: bool = False,
                 batch_size: int | None = None) -> Iterator[Extracted]:
    """Extract every article, yielding results in input order as they come: on a
    cluster, in ``jobs`` processes (those :func:`start_worker` started, when
    there are as many), in the one it started, or here. Started workers have the
    articles from this call on, so the caller can do other work before it reads
    the results. ``progress`` shows a bar (rate, time left) on stderr.
    """
    articles = list(articles)
    if not articles:
        return iter(())
    jobs = default_jobs() if jobs is None else max(1, jobs)
    size = batch_size or BATCH
    pooled = jobs > 1 and len(articles) > size  # for one batch, a pool would only load the model again
    started = _STARTED.get((id(lexicon), model))
    batches = _batches(articles, size, jobs if pooled or scheduler else 1)
    if scheduler:
        parts = _on_cluster(batches, lexicon, model, scheduler)
    elif pooled and (started is None or started[1] < jobs):
        stop_worker()  # the pool's processes do the work: free the started one's core and memory
        parts = _in_pool(batches, lexicon, model, jobs)
    elif started is not None:
        parts = started[0].imap(_run_batch, batches)  # sent now
    else:
        parts = (extract_batch(b, lexicon, model) for b in batches)
    return _with_progress(parts, len(articles), progress)


def _with_progress(parts: Iterator[list[Extracted]], total: int, progress: bool) -> Iterator[Extracted]:
    from tqdm import tqdm

    with tqdm(total=total, unit="article", disable=not progress, dynamic_ncols=True,
              desc="extracting", file=sys.stderr) as bar:
        for part in parts:
            yield from part
            bar.update(len(part))


def extract_many(articles: Sequence[Article], lexicon: Lexicon, **options) -> list[Extracted]:
    """:func:`extract_iter` as a list."""
    return list(extract_iter(articles, lexicon, **options))
