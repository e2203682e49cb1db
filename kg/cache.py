"""What earlier builds made, kept in ``OUT/.kg-cache/cache.sqlite``.

- ``results``: per article, its :class:`~kg.model.ArticleResult` (pickled)
  and the N-Triples of its named graph, under a key that hashes the article
  (id, text, metadata) with a fingerprint of everything extraction reads:
  the model, the ontology, ``kg/data`` and kg's own code. A changed article,
  model or rule gives a new key, so a stale result is never reused.
- ``manifest``: per store, which graph holds which key, so a build writes
  only what changed and drops what was removed.

SQLite keeps it in one file with transactions: a build that stops half-way
leaves the last good state behind.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from .errors import StoreError
from .model import Article, ArticleResult

__all__ = ["BuildCache", "fingerprint", "CACHE_DIR"]

CACHE_DIR = ".kg-cache"
_KG_DIR = Path(__file__).resolve().parent
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result BLOB NOT NULL, nt BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS manifest (store TEXT, graph TEXT, key TEXT NOT NULL, PRIMARY KEY (store, graph));
"""


def fingerprint(ontology: Path, model: str) -> str:
    """A hash of what extraction depends on besides the article itself."""
    h = hashlib.sha256(model.encode())
    try:
        h.update(importlib.metadata.version(model.replace("_", "-")).encode())
    except importlib.metadata.PackageNotFoundError:  # a model given as a path
        pass
    files = [Path(ontology), *sorted((_KG_DIR / "data").glob("*")), *sorted(_KG_DIR.rglob("*.py"))]
    for path in files:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class BuildCache:
    """Per-article results and store manifests of one output folder."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.folder / "cache.sqlite", timeout=60)
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.folder / 'cache.sqlite'}: cannot open the build cache ({exc}); "
                             "delete the folder or build with --rebuild") from None

    def key(self, article: Article) -> str:
        """The cache key of an article: its content (not where the file is) and the fingerprint."""
        h = hashlib.sha256(self.fingerprint.encode())
        for value in (article.id, article.text, article.title, article.author, article.date, article.source,
                      article.url, article.content_hash):
            h.update(value.encode("utf-8") + b"\0")
        return h.hexdigest()

    def results(self, keys: dict[str, Article]) -> dict[str, ArticleResult]:
        """Cached results of these keys, each carrying the current Article (its path may have moved)."""
        found = {}
        for key, blob in self.db.execute("SELECT key, result FROM results"):
            if key in keys:
                found[key] = replace(pickle.loads(blob), article=keys[key])
        return found

    def ntriples(self, keys: Iterable[str]) -> Iterator[bytes]:
        """The N-Triples of each key's article graph, in the order asked."""
        for key in keys:
            row = self.db.execute("SELECT nt FROM results WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise StoreError(f"build cache: no graph for key {key[:12]}; build again with --rebuild")
            yield row[0]

    def add(self, items: Iterable[tuple[str, ArticleResult, bytes]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                ((k, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL), nt) for k, r, nt in items))

    def prune(self, keep: set[str]) -> int:
        """Forget results of articles no longer built; returns how many."""
        stale = [(k,) for (k,) in self.db.execute("SELECT key FROM results") if k not in keep]
        with self.db:
            self.db.executemany("DELETE FROM results WHERE key = ?", stale)
        return len(stale)

    def manifest(self, store: str) -> dict[str, str]:
        return dict(self.db.execute("SELECT graph, key FROM manifest WHERE store = ?", (store,)))

    def set_manifest(self, store: str, graphs: dict[str, str]) -> None:
        with self.db:
            self.db.execute("DELETE FROM manifest WHERE store = ?", (store,))
            self.db.executemany("INSERT INTO manifest VALUES (?, ?, ?)", ((store, g, k) for g, k in graphs.items()))

    def close(self) -> None:
        self.db.close()
