"""The embedded store: Oxigraph (RocksDB) in a folder, the default behind ``--out``.

Besides one named graph per part, its default graph keeps their union, which
``kg query`` and ``kg serve`` read. Each write makes a new generation of the
store and swaps it in when complete (:mod:`kg.store.generations`), so a
reader opens the previous store or the new one; the stamp of each
generation tells readers that a build has finished (:func:`written_stamp`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from ..errors import StoreError
from .base import BULK_BYTES, GraphStore, register_store
from .generations import STAMP, Generation, live_folder

__all__ = ["OxigraphStore", "open_embedded", "written_stamp"]

# up to this many graphs in one write are patched in place, not dropped and reloaded: one more
# article touches its own graph and a few dozen merged shards, and dropping costs a scan each
_FEW_GRAPHS = 64


def open_embedded(path: str | Path, *, read_only: bool = False) -> ox.Store:
    """The Oxigraph store in ``path``; one message for a store another process holds.

    Read-only, ``path`` is a store as a build left it: the generation it names now is
    opened, and one whose build did not finish is refused."""
    path = Path(path)
    try:
        if read_only:
            if not path.is_dir():
                raise StoreError(f"{path}: no store here; run `kg build` first")
            if not (live_folder(path) / STAMP).is_file():
                raise StoreError(f"{path}: the store is incomplete (its build stopped while writing it); "
                                 "run `kg build` again")
            return ox.Store.read_only(str(live_folder(path)))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "lock" in first.lower():
            raise StoreError(f"{path}: the store is in use by another process (a build or `kg serve`?); "
                             "stop it and retry") from None
        raise StoreError(f"{path}: cannot open the store ({first})") from None


def written_stamp(path: str | Path) -> str:
    """What tells the embedded store in ``path`` as its last build left it ("" before any)."""
    try:
        return (Path(path) / STAMP).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return ""


@register_store("oxigraph")
class OxigraphStore(GraphStore):
    """An embedded Oxigraph store in a folder (RocksDB underneath).

    Besides the named graphs, the default graph holds their union, kept up to
    date on every write: Oxigraph answers queries on its default graph about
    ten times faster than with ``use_default_graph_as_union``. The graphs
    share no triple, so a graph's triples leave the default graph with it.
    """

    name = "oxigraph"

    def __init__(self, location: str) -> None:
        path = Path(location)  # the link readers follow, not the generation it names now (that changes)
        super().__init__(str(path.parent.resolve() / path.name))
        self.generation = Generation(self.location)  # a copy of the live store, written here until closed
        try:
            self.store = open_embedded(self.generation.folder)
        except BaseException:
            self.generation.abort()
            raise
        self.changed = self.to_compact = False

    def graphs(self) -> set[str]:
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def contains(self, graph: str) -> bool:
        return self.store.contains_named_graph(ox.NamedNode(graph))

    def put(self, graphs: Mapping[str, bytes]) -> None:
        self.changed = True
        if len(graphs) > _FEW_GRAPHS:
            self.to_compact = True
            present = self.graphs()
            if present and present <= set(graphs):  # everything is rewritten: start afresh
                self.store.clear()
            else:
                self.drop(graphs)
        else:  # a few graphs, maybe big (the merged one): write only what changed
            for iri, data in graphs.items():
                self._patch(ox.NamedNode(iri), data)
            return
        chunk: list[bytes] = []
        size = 0
        for iri, data in graphs.items():
            self.store.add_graph(ox.NamedNode(iri))
            chunk += [_to_nquads(data, iri), data]  # N-Triples lines are N-Quads of the default graph
            size += 2 * len(data)
            if size > 64 * BULK_BYTES:
                self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_QUADS)
                chunk, size = [], 0
        if chunk:
            self.store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_QUADS)

    def _patch(self, node: ox.NamedNode, data: bytes) -> None:
        """Make graph ``node`` (and its share of the default graph) hold ``data``, touching only the difference."""
        old = set(ox.serialize((q.triple for q in self.store.quads_for_pattern(None, None, None, node)),
                               format=ox.RdfFormat.N_TRIPLES).splitlines())
        new = set(data.splitlines()) - {b""}

        def quads(lines: set[bytes]) -> list[ox.Quad]:
            triples = list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)) if lines else []
            return [ox.Quad(t.subject, t.predicate, t.object, g) for g in (node, ox.DefaultGraph()) for t in triples]

        for quad in quads(old - new):
            self.store.remove(quad)
        self.store.extend(quads(new - old))
        self.store.add_graph(node)  # an article without facts still has its graph

    def drop(self, graphs: Iterable[str]) -> None:
        for iri in graphs:
            self.changed = True
            node = ox.NamedNode(iri)  # validates the IRI
            if self.store.contains_named_graph(node):
                self.store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{node.value}> {{ ?s ?p ?o }} }} ; "
                                  f"DROP GRAPH <{node.value}>")

    def fragmented(self) -> bool:
        # graphs written in place leave small files too: after two dozen one-article builds
        # of 10,000 articles, the named queries took 1.25 to 1.6 times as long until merged
        return self.changed and not self.to_compact

    def compact(self) -> None:
        self.to_compact = self.changed = True  # changed: readers open the merged files

    def close(self) -> None:
        """Finish the write and swap the new generation in (when anything changed)."""
        try:
            self.store.flush()  # first: what is still in memory would be a new small file after the merge
            if self.to_compact:  # bulk loads leave files whose keys overlap, and every read searches them all:
                self.store.optimize()  # queries ran twice as slow until they were merged (3 s at 1.8M quads)
            del self.store
        except BaseException:
            self.abort()
            raise
        if self.changed:
            self.generation.commit()
        else:  # nothing written: readers keep the generation they have
            self.generation.abort()

    def abort(self) -> None:
        """Give the write up: the store stays as the last complete write left it."""
        self.__dict__.pop("store", None)  # RocksDB closes with its last reference
        self.generation.abort()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # a write that failed (disk full, a kill signal) never replaces the last good store
            self.abort()


def _to_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines (one triple each, ending `` .``) into N-Quads of ``graph``."""
    tail = f" <{graph}> .".encode()
    return b"".join(line[:-2] + tail + b"\n" for line in ntriples.splitlines() if line.endswith(b" ."))
