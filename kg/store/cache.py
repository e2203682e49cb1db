"""What earlier builds made, kept in ``OUT/.kg-cache/cache-v3.sqlite``.

- ``files``: per input file, the articles read from it (or why it was
  skipped), under a hash of its bytes and path: an unchanged file is not
  cleaned again.
- ``stats``: per input file, its size and modification time when that hash
  was made: a file whose size and time did not change is not read again.
- ``results``: per article, a :class:`Summary` of its extraction and the
  N-Triples of its named graph, under a key that hashes the article (id,
  text, metadata).
- ``manifest``: per store, which graph holds which key, so a build writes
  only what changed and drops what was removed.

Every key also hashes a fingerprint of what extraction reads besides the
article: the model, the ontology, ``kg/data`` and kg's own code. A changed
article, model or rule gives a new key, so a stale result is never reused.
SQLite keeps it in one file with transactions: a build that stops half-way
leaves the last good state behind.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from ..errors import StoreError
from ..model import Article, ArticleResult, Entity, Said
from ..read.ingest import Skipped, read_file

__all__ = ["BuildCache", "Summary", "fingerprint", "CACHE_DIR"]

CACHE_DIR = ".kg-cache"
_DB = "cache-v3.sqlite"  # a new version when what is stored changes shape; older files are removed
_KG_DIR = Path(__file__).resolve().parent.parent
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, items BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, summary BLOB NOT NULL, nt BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS stats (path TEXT, size INTEGER, mtime INTEGER, fingerprint TEXT, key TEXT NOT NULL,
                                  PRIMARY KEY (path, size, mtime, fingerprint));
CREATE TABLE IF NOT EXISTS manifest (store TEXT, graph TEXT, key TEXT NOT NULL, PRIMARY KEY (store, graph));
"""


#: what makes a cached result: the stages up to the article's RDF (every module in
#: them, a new one included) and the shared records; later stages only move results
_EXTRACTION_CODE = ("read", "extract", "graph", "model.py", "namespace.py", "resources.py")


def fingerprint(ontology: Path, model: str) -> str:
    """A hash of what extraction depends on besides the article itself."""
    h = hashlib.sha256(model.encode())
    try:
        h.update(importlib.metadata.version(model.replace("_", "-")).encode())
    except importlib.metadata.PackageNotFoundError:  # a model given as a path
        pass
    code = [p for part in map(_KG_DIR.joinpath, _EXTRACTION_CODE)
            for p in ([part] if part.suffix else sorted(part.rglob("*.py")))]
    files = [Path(ontology), *sorted((_KG_DIR / "data").glob("*")), *code]
    for path in files:
        if path.is_file():
            name = path.relative_to(_KG_DIR).as_posix() if path.is_relative_to(_KG_DIR) else path.name
            h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class Summary:
    """What the merged graph and the build report need of one article's result."""

    entities: dict[str, Entity]
    facts: tuple[Said, ...]

    @classmethod
    def of(cls, result: ArticleResult) -> "Summary":
        return cls(dict(result.entities), tuple(map(Said.of, result.facts)))

    def dumps(self) -> bytes:
        ents = tuple((e.key, e.label, e.type, e.aliases, e.wikidata, e.based_in) for e in self.entities.values())
        return pickle.dumps((ents, tuple(map(tuple, self.facts))), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes) -> "Summary":
        ents, facts = pickle.loads(blob)
        return cls({e[0]: _EntityRow._make(e) for e in ents}, tuple(map(Said._make, facts)))


class _EntityRow(NamedTuple):
    """An :class:`~kg.model.Entity` as read back from the cache: the same fields,
    ten times cheaper to make than the frozen dataclass (thousands per build)."""

    key: str
    label: str
    type: str
    aliases: tuple[str, ...]
    wikidata: str
    based_in: str


@dataclass
class _Memo:
    """What this process already read from one cache folder or put in it, so a
    running process (``kg build --watch``) reads each thing once. Keys are
    content hashes, never stale; ``stats`` maps a file's (path, size, mtime,
    fingerprint) to its key, so an untouched file is not read and hashed again,
    and ``saved`` holds those of them the ``stats`` table has."""

    files: dict[str, list] = field(default_factory=dict)
    summaries: dict[str, Summary] = field(default_factory=dict)
    stats: dict[tuple[str, int, int, str], str] = field(default_factory=dict)
    saved: set[tuple[str, int, int, str]] | None = None


_MEMO: dict[str, _Memo] = {}  # cache folder -> its memo


def _hash(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update((part.encode("utf-8") if isinstance(part, str) else part) + b"\0")
    return h.hexdigest()


class BuildCache:
    """Per-file articles, per-article results and store manifests of one output folder."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self._files_seen: set[str] = set()
        self._files_new: list[tuple[str, bytes]] = []
        self._owner = threading.get_ident()
        self._readers: list[sqlite3.Connection] = []  # those of other threads (the store writer)
        self._local = threading.local()
        if not self.exists(self.folder):  # new, or deleted (--rebuild): forget it all
            _MEMO.pop(str(self.folder.resolve()), None)
            for old in self.folder.glob("cache-v*.sqlite*"):
                old.unlink(missing_ok=True)
        memo = _MEMO.setdefault(str(self.folder.resolve()), _Memo())
        self._memo = memo
        self._files, self._summaries, self._stats = memo.files, memo.summaries, memo.stats
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.folder / _DB, timeout=60)
            self.db.executescript(_SCHEMA)
            if memo.saved is None:  # a new process: what earlier builds saw of the files
                rows = self.db.execute("SELECT path, size, mtime, fingerprint, key FROM stats")
                self._stats.update(((p, size, mtime, f), key) for p, size, mtime, f, key in rows)
                memo.saved = set(self._stats)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.folder / _DB}: cannot open the build cache ({exc}); "
                             "delete the folder or build with --rebuild") from None

    @staticmethod
    def exists(folder: Path) -> bool:
        """Whether ``folder`` holds a build cache."""
        return (Path(folder) / _DB).is_file()

    def reader(self) -> Callable[[Path], list[Article | Skipped]]:
        """A :func:`kg.read.ingest.read_file` that reuses what an unchanged file gave last time."""
        known: dict[str, bytes] | None = None

        def read(path: Path) -> list[Article | Skipped]:
            nonlocal known
            try:
                st = path.stat()
                stamp = (str(path), st.st_size, st.st_mtime_ns, self.fingerprint)
                key = self._stats.get(stamp) or _hash(self.fingerprint, str(path), path.read_bytes())
            except OSError:
                return list(read_file(path))  # which says why
            self._stats[stamp] = key
            self._files_seen.add(key)
            if key in self._files:
                return self._files[key]
            if known is None:  # one query for every file, not one per file
                known = dict(self.db.execute("SELECT key, items FROM files"))
            if key in known:
                items = pickle.loads(known[key])
            else:
                items = list(read_file(path))
                self._files_new.append((key, pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)))
            self._files[key] = items
            return items
        return read

    def key(self, article: Article) -> str:
        """The cache key of an article: its content (not where the file is) and the fingerprint."""
        return _hash(self.fingerprint, article.id, article.text, article.title, article.author, article.date,
                     article.source, article.url, article.content_hash)

    def known(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` whose results are cached."""
        wanted = set(keys)
        found = {key for key in wanted if key in self._summaries}
        if len(found) < len(wanted):
            found.update(key for (key,) in self.db.execute("SELECT key FROM results") if key in wanted)
        return found

    def summaries(self, keys: Iterable[str]) -> dict[str, Summary]:
        """The cached summaries among ``keys``."""
        wanted = set(keys)
        found = {key: self._summaries[key] for key in wanted if key in self._summaries}
        if len(found) < len(wanted):
            for key, blob in self.db.execute("SELECT key, summary FROM results"):
                if key in wanted and key not in found:
                    found[key] = self._summaries[key] = Summary.loads(blob)
        return found

    def _reading(self) -> sqlite3.Connection:
        """This thread's connection for reading: the store is written in another thread
        while the exports are made, and a connection serves the thread that made it."""
        if threading.get_ident() == self._owner:
            return self.db
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.folder / _DB, timeout=60, check_same_thread=False)
            self._readers.append(db)  # closed by close(), in the owner's thread
        return db

    def ntriples(self, keys: Iterable[str]) -> Iterator[bytes]:
        """The N-Triples of each key's article graph, in the order asked."""
        db = self._reading()
        for key in keys:
            row = db.execute("SELECT nt FROM results WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"build cache: no graph for key {key[:12]}; build again with --rebuild")
            yield row[0]

    def add(self, items: Iterable[tuple[str, Summary, bytes]]) -> None:
        items = list(items)
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                ((k, summary.dumps(), nt) for k, summary, nt in items))
        self._summaries.update((k, summary) for k, summary, _ in items)

    def prune(self, keep: set[str]) -> int:
        """Forget results and files no longer built (and keep the files read this time); returns how many."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", self._files_new)
            stale = [(k,) for (k,) in self.db.execute("SELECT key FROM results") if k not in keep]
            self.db.executemany("DELETE FROM results WHERE key = ?", stale)
            if self._files_seen:
                gone = [(k,) for (k,) in self.db.execute("SELECT key FROM files") if k not in self._files_seen]
                self.db.executemany("DELETE FROM files WHERE key = ?", gone)
        self._files_new = []
        for key in [k for k in self._summaries if k not in keep]:
            del self._summaries[key]
        for key in [k for k in self._files if k not in self._files_seen]:
            del self._files[key]
        for stamp in [s for s, k in self._stats.items() if k not in self._files_seen]:
            del self._stats[stamp]
        self._save_stats()
        return len(stale)

    def _save_stats(self) -> None:
        """Write the file stats that changed since the last build, for the next process."""
        saved = self._memo.saved if self._memo.saved is not None else set()
        with self.db:
            self.db.executemany("DELETE FROM stats WHERE path = ? AND size = ? AND mtime = ? AND fingerprint = ?",
                                [s for s in saved if s not in self._stats])
            self.db.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?)",
                                [(*s, k) for s, k in self._stats.items() if s not in saved])
        self._memo.saved = set(self._stats)

    def manifest(self, store: str) -> dict[str, str]:
        return dict(self._reading().execute("SELECT graph, key FROM manifest WHERE store = ?", (store,)))

    def set_manifest(self, store: str, graphs: dict[str, str]) -> None:
        """Record that ``store`` holds ``graphs`` (IRI -> key); only the rows that changed are written."""
        known = self.manifest(store)
        with self.db:
            self.db.executemany("DELETE FROM manifest WHERE store = ? AND graph = ?",
                                ((store, g) for g in known if g not in graphs))
            self.db.executemany("INSERT OR REPLACE INTO manifest VALUES (?, ?, ?)",
                                ((store, g, k) for g, k in graphs.items() if known.get(g) != k))

    def close(self) -> None:
        for db in self._readers:
            db.close()
        self.db.close()
