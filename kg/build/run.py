"""A whole build: read inputs, extract, write the store and the exports.

Only new or changed articles (by content hash) are extracted; the others come
from the build cache (:mod:`kg.store.cache`). Extraction runs on every core or on a
Dask cluster (:mod:`kg.build.parallel`). The store (:mod:`kg.store`, by default an
embedded Oxigraph store in ``OUT/store``) gets one named graph per article;
only changed graphs are written and those of removed articles are dropped.
``graph.ttl``, ``graph.jsonld``, ``graph.html`` and the other exports
(:mod:`kg.build.exports`) are made of the union or, for TriG and N-Quads, of the
named graphs, the same bytes as a clean rebuild would write. Bad input is skipped and
reported; the output of the good input is always written.
"""
from __future__ import annotations

import errno
import gc
import itertools
import shutil
import sqlite3
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError, NothingToBuild, StoreError
from ..extract.lexicon import Lexicon, load_lexicon
from ..graph.rdf import article_iri
from ..graph.serialize import ontology_ntriples, ontology_prefixes, part_ntriples, union_lines
from ..read.ingest import Skipped, read_inputs
from ..resources import DEFAULT_MODEL, DEFAULT_ONTOLOGY
from ..store.base import ONTOLOGY_GRAPH
from ..store.cache import CACHE_DIR, BuildCache, Summary, fingerprint
from ..store.generations import hold_lock, release_lock
from .exports import ExportSource, check_exports, stage_exports
from .parallel import default_jobs, extract_iter, has_worker, start_worker
from .shards import digest, merged, placed, write_store

__all__ = ["BuildReport", "build", "watch", "DEFAULT_EXPORTS"]

DEFAULT_EXPORTS = ("ttl", "jsonld", "html")
_LEXICONS: dict[tuple[str, str], Lexicon] = {}  # (ontology, fingerprint) -> the last lexicon loaded
LOCK_FILE = ".kg-lock"  # in the output folder: held by the build writing it
#: extraction results go to the cache at least this often (one transaction each), so a build
#: killed before its store write loses at most this much of its extraction
SAVE_SECONDS = 1.0


@dataclass
class BuildReport:
    """What a build read, made and skipped."""

    out: Path
    articles: int = 0
    entities: int = 0
    facts: Counter = field(default_factory=Counter)  # relation -> direct triples
    assertions: Counter = field(default_factory=Counter)  # modality -> assertions
    skipped: list[Skipped] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    extracted: int = 0  # articles extracted by this build (new or changed)
    reused: int = 0  # articles whose result came from the cache
    store: str = ""
    written: int = 0  # named graphs written to the store
    dropped: int = 0  # named graphs of removed articles dropped from the store
    fragmented: bool = False  # the store was written in place and not compacted (slower reads until it is)

    def summary(self) -> str:
        lines = [f"read {self.articles} article(s); {self.entities} entities; "
                 f"{sum(self.facts.values())} facts, {sum(self.assertions.values())} assertions"]
        for rel, n in sorted(self.facts.items()):
            lines.append(f"  {rel}: {n}")
        if self.assertions:
            lines.append("  assertions by modality: " + ", ".join(f"{m} {n}" for m, n in sorted(self.assertions.items())))
        lines += [f"  {s}" for s in self.skipped]
        lines.append(f"extracted {self.extracted} new or changed article(s), reused {self.reused}; store {self.store}: "
                     f"wrote {self.written} graph(s), dropped {self.dropped}")
        if self.files:
            lines.append("wrote " + ", ".join(str(f) for f in self.files))
        return "\n".join(lines)


@contextmanager
def _uncollected() -> Iterator[None]:
    """No cycle collection while the cache is read and the articles merged: that makes
    millions of objects with no cycles, which live to the build's end, and the collector
    walked them again and again as they came (0.7 s of the 3.3 s one more article took at
    10,000 articles). Objects are freed by reference counting as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _lexicon(ontology: str | Path | None, model: str | None) -> tuple[Lexicon, str]:
    """The lexicon and the extraction fingerprint; the same lexicon object while
    neither changed, so a running process (:func:`watch`) keeps its model loaded."""
    path = Path(ontology) if ontology else DEFAULT_ONTOLOGY
    if not path.is_file():
        load_lexicon(ontology)  # says what is wrong
    stamp = fingerprint(path, model or DEFAULT_MODEL)
    if (str(path), stamp) not in _LEXICONS:
        _LEXICONS.clear()
        _LEXICONS[(str(path), stamp)] = load_lexicon(ontology)
    return _LEXICONS[(str(path), stamp)], stamp


def build(inputs: Iterable[str | Path], out: str | Path = "output", *, ontology: str | Path | None = None,
          model: str | None = None, store: str | None = None, jobs: int | None = None,
          scheduler: str | None = None, formats: Iterable[str] = DEFAULT_EXPORTS, progress: bool = False,
          rebuild: bool = False) -> BuildReport:
    """Build the graph of ``inputs`` into ``out``; raises NothingToBuild when nothing could be read.

    ``store`` is a store spec (:func:`kg.store.base.open_store`; default ``OUT/store``),
    ``jobs`` the number of processes (default: every core), ``scheduler`` the
    address of a Dask scheduler, ``formats`` the exports to write (``ttl``,
    ``jsonld``, ``html``, ... :data:`kg.build.exports.EXPORTS`), ``rebuild`` ignores what earlier builds made.
    """
    out = Path(out)
    exports = check_exports(formats)
    lexicon, stamp = _lexicon(ontology, model)
    with _owning(out):
        return _build_owned(inputs, out, lexicon, stamp, model=model, store=store, jobs=jobs, scheduler=scheduler,
                            exports=exports, progress=progress, rebuild=rebuild)


@contextmanager
def _owning(out: Path) -> Iterator[None]:
    """This build alone writes ``out`` (store, cache, exports) until it ends: a second build
    stops here, before it writes anything. Errors of the disk become one line."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: a file, not a folder; give a folder (it is made if missing)")
    try:
        lock = hold_lock(out / LOCK_FILE, f"{out}: the output folder is in use by another process (a build?); "
                                          "stop it and retry")
    except OSError as exc:
        raise _disk_error(exc, out) from None
    try:
        yield
    except OSError as exc:
        raise _disk_error(exc, out) from None
    except sqlite3.OperationalError as exc:  # "database or disk is full"
        raise StoreError(f"{out / CACHE_DIR}: cannot write the build cache ({exc}); "
                         "free some space or build with another --out") from None
    finally:
        release_lock(lock)


def _disk_error(exc: OSError, out: Path) -> StoreError:
    """One line for an error of the file system (disk full, a file where a folder goes)."""
    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"{where}: no space left on the device; the last good output is kept; "
                          "free some space or build with another --out")
    return StoreError(f"{where}: cannot write it ({exc.strerror or exc}); the last good output is kept; "
                      "check that path or build with another --out")


def _build_owned(inputs: Iterable[str | Path], out: Path, lexicon: Lexicon, stamp: str, *, model: str | None,
                 store: str | None, jobs: int | None, scheduler: str | None, exports: list[str], progress: bool,
                 rebuild: bool) -> BuildReport:
    if rebuild:
        shutil.rmtree(out / CACHE_DIR, ignore_errors=True)
    processes = default_jobs() if jobs is None else jobs
    if scheduler is None and processes > 1 and "spacy" not in sys.modules:
        # the model loads on other cores while the inputs and the cache are read: on every
        # core when all will be extracted (a first build, --rebuild), else on one
        start_worker(lexicon, model, processes if rebuild or not BuildCache.exists(out / CACHE_DIR) else 1)
    cache = BuildCache(out / CACHE_DIR, stamp)
    try:
        report = _build(cache, inputs, out, lexicon, store=store, exports=exports,
                        extract=lambda todo: extract_iter(todo, lexicon, model=model, jobs=jobs, scheduler=scheduler,
                                                          progress=progress))
    finally:
        cache.close()
    return report


def _build(cache: BuildCache, inputs: Iterable[str | Path], out: Path, lexicon, *, store: str | None,
           exports: list[str], extract: Callable) -> BuildReport:
    articles, skipped = read_inputs(inputs, read=cache.reader())
    report = BuildReport(out=out, skipped=skipped)
    if not articles:
        raise NothingToBuild("nothing to build: no article could be read" +
                             ("".join(f"\n  {s}" for s in skipped) if skipped else " (no .txt, .md, .html or .jsonl files)"))
    keyed = {cache.key(a): a for a in articles}
    known = cache.known(keyed)
    todo = [(k, a) for k, a in keyed.items() if k not in known]
    extracted = extract([a for _, a in todo])  # started workers are at it already
    with _uncollected():
        done = cache.summaries(known)
        if todo and has_worker() and not placed():
            # another process extracts; this one has counted nothing yet: count what the cache
            # holds meanwhile, and the count below redoes only what the new articles changed
            merged(list(done.values()), cache.fingerprint)
    pending: list[tuple[str, Summary, bytes]] = []  # cached as they come: a stopped or killed build resumes
    saved = time.monotonic()
    try:
        for (key, article), ex in zip(todo, extracted):
            if ex.result is None:
                report.skipped.append(Skipped(article.path or article.id, ex.error))
                continue
            done[key] = Summary.of(ex.result)
            pending.append((key, done[key], ex.nt))
            report.extracted += 1
            if len(pending) >= 200 or time.monotonic() - saved >= SAVE_SECONDS:
                cache.add(pending)
                pending, saved = [], time.monotonic()
    finally:
        cache.add(pending)
    keys = [k for k in keyed if k in done]  # input order
    summaries = [done[k] for k in keys]
    report.reused = len(keys) - report.extracted

    with _uncollected():
        parts, shards, shard_keys = merged(summaries, cache.fingerprint)
    onto = ontology_ntriples(lexicon.ontology_path)
    by_graph = {str(article_iri(keyed[k].id)): k for k in keys}

    def data(graphs: list[str]) -> dict[str, bytes]:
        wanted = [by_graph[g] for g in graphs if g in by_graph]
        blobs = dict(zip(wanted, cache.ntriples(wanted)))

        def one(g: str) -> bytes:
            if g in shards:  # serialized only now, when its key changed
                return b"".join(map(part_ntriples, shards[g]))
            return onto if g == ONTOLOGY_GRAPH else blobs[by_graph[g]]
        return {g: one(g) for g in graphs}

    wanted = {**by_graph, **shard_keys, ONTOLOGY_GRAPH: digest(onto)}
    staged = None
    with ThreadPoolExecutor(1, thread_name_prefix="kg-store") as writer:
        # Oxigraph bulk-loads without holding the GIL: the store is written while the exports are made
        stored = writer.submit(write_store, store or out / "store", cache.manifest, wanted, data)
        try:
            if exports:  # made aside: they replace the last good ones only once the store is written
                lines = union_lines(itertools.chain([onto], map(part_ntriples, parts), cache.ntriples(keys)))
                source = ExportSource(b"\n".join(lines), ontology_prefixes(lexicon.ontology_path),
                                      graphs=lambda: data(sorted(wanted)).items())  # what the store holds
                staged = stage_exports(source, out, exports)
        finally:  # the store is complete even when an export failed
            try:
                report.store, report.written, report.dropped, report.fragmented = stored.result()
                cache.set_manifest(report.store, wanted)
            except BaseException:
                if staged is not None:
                    staged.discard()
                raise
    if staged is not None:
        report.files = staged.publish()
    cache.prune(set(keys))
    report.articles = len(summaries)
    report.entities = len({k for s in summaries for k in s.entities})
    report.assertions = Counter(a.modality for s in summaries for a in s.facts)
    report.facts = Counter(rel for (_, rel, _) in {a[:3] for s in summaries for a in s.facts if a.factual})
    return report


def watch(inputs: Iterable[str | Path], out: str | Path = "output", *, interval: float = 5.0,
          on_report: Callable[[BuildReport], None] = print, on_error: Callable[[Exception], None] = print,
          **options) -> None:
    """Build, then build again whenever a file under ``inputs`` is added, changed or
    removed (by size and modification time, looked at every ``interval`` seconds),
    until interrupted. The model stays loaded, so a new article reaches the store in
    seconds. The first look that finds nothing new after a build that wrote the store
    in place compacts it, so its readers are fast again while the feed is quiet.
    ``options`` are those of :func:`build`.
    """
    from ..errors import KGError
    from ..read.ingest import find_inputs
    from ..store.base import compact_store

    inputs, last, to_compact = list(inputs), None, ""  # to_compact: a store written in place
    while True:
        try:
            seen = [(str(p), st.st_size, st.st_mtime_ns) for p in find_inputs(inputs) for st in (p.stat(),)]
        except (KGError, OSError) as exc:  # a folder or file vanished while we looked
            seen = [str(exc)]
        try:
            if seen != last:
                last = seen
                report = build(inputs, out, **options)
                options["rebuild"] = False  # --rebuild means the first build only
                to_compact = report.store if report.fragmented else ""
                on_report(report)
            elif to_compact:  # quiet since a build that wrote in place: merge what it left now
                location, to_compact = to_compact, ""
                compact_store(location)
        except KGError as exc:  # nothing to build yet, a store that went away...: say so, keep watching
            on_error(exc)
        time.sleep(interval)
