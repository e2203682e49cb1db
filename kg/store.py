"""Graph stores behind one interface, chosen by name or URL scheme.

A build writes one named graph per article (its IRI, :func:`kg.graph.article_iri`),
the merged entities, direct triples, facts and claims in up to 1,024 shards
(``MERGED_GRAPH/000`` to ``/3ff``, :func:`merged_graph`: adding an article
rewrites only the few shards it touches) and one graph for the
ontology (:data:`ONTOLOGY_GRAPH`); the graphs share no triple, so
their union is exactly ``graph.ttl``. Every write replaces whole graphs with
N-Triples, in bulk. The embedded store also keeps that union as its default
graph, which is what ``kg query`` and ``kg serve`` query; on a remote endpoint,
query the named graphs (``GRAPH ?g``) or start the server with a union
default graph (``oxigraph serve --union-default-graph``). The endpoint
stores are in :mod:`kg.remote`.

==========================  ================================================
``output/store``            embedded Oxigraph store in that folder
``oxigraph:DIR``            the same, said explicitly
``http://host/store``       SPARQL 1.1 Graph Store Protocol (PUT, DELETE)
``http://host/update``      SPARQL 1.1 Update (a path ending in ``update``)
``gsp+http://...``          Graph Store Protocol, whatever the path
``update+http://...``       SPARQL Update, whatever the path
==========================  ================================================

>>> open_store("ftp://example.org/data")
Traceback (most recent call last):
kg.errors.UnknownNameError: unknown store 'ftp'; known: gsp, http, https, oxigraph, update
"""
from __future__ import annotations

import os
import re
import time
import zlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Iterable, Mapping
from urllib.parse import urlsplit

import pyoxigraph as ox

from .errors import StoreError, UnknownNameError
from .namespace import ID

__all__ = ["GraphStore", "OxigraphStore", "open_store", "open_embedded", "compact_store", "ONTOLOGY_GRAPH",
           "MERGED_GRAPH", "merged_graph", "STORES", "register_store", "written_stamp"]

ONTOLOGY_GRAPH = str(ID["graph/ontology"])
MERGED_GRAPH = str(ID["graph/merged"])  # the shards' common prefix
_MERGED_SHARDS = 1024
BULK_BYTES = 1 << 20  # the unit of write sizes: writes go in chunks of a few of these
# up to this many graphs in one write are patched in place, not dropped and reloaded: one more
# article touches its own graph and a few dozen merged shards, and dropping costs a scan each
_FEW_GRAPHS = 64
# a file in the store's folder, rewritten when a write ends (RocksDB leaves files it does not name alone):
# a reader (kg serve) opens the store again when it changes, so it never sees a build half written
_STAMP = "kg-written"


def merged_graph(node: str) -> str:
    """The shard of the merged graph that holds the part (an entity, fact or claim,
    :func:`kg.export.merged_parts`) about ``node``: named
    graphs ``MERGED_GRAPH/000`` to ``/3ff``, by a hash of that IRI. One more article
    then changes a dozen shards of a few hundred triples each, not the whole
    merged graph (hundreds of thousands of triples at 10,000 articles).

    >>> merged_graph("urn:a")
    'https://w3id.org/kg-news/id/graph/merged/128'
    """
    return f"{MERGED_GRAPH}/{zlib.crc32(node.encode()) % _MERGED_SHARDS:03x}"


class GraphStore(ABC):
    """Where a build's named graphs go; ``location`` names it in messages and manifests."""

    name = ""

    def __init__(self, location: str) -> None:
        self.location = location

    def graphs(self) -> set[str] | None:
        """The named graphs present, or None when the store cannot list them cheaply."""
        return None

    def contains(self, graph: str) -> bool:
        """Whether ``graph`` exists; stores that cannot tell say True."""
        return True

    @abstractmethod
    def put(self, graphs: Mapping[str, bytes]) -> None:
        """Replace the content of each graph (IRI -> N-Triples)."""

    @abstractmethod
    def drop(self, graphs: Iterable[str]) -> None:
        """Remove these graphs; a missing one is not an error."""

    def fragmented(self) -> bool:
        """Whether this session's writes left the store slower to read until :meth:`compact`."""
        return False

    def compact(self) -> None:
        """Reorganize the store for reading when it is closed; a no-op where the store does that itself."""

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


STORES: dict[str, type[GraphStore]] = {}  # URL scheme -> store class


def register_store(*schemes: str) -> Callable[[type[GraphStore]], type[GraphStore]]:
    """Class decorator: :func:`open_store` opens ``scheme:...`` specs with this class."""
    def deco(cls: type[GraphStore]) -> type[GraphStore]:
        for scheme in schemes:
            STORES[scheme] = cls
        return cls
    return deco


def open_embedded(path: str | Path, *, read_only: bool = False) -> ox.Store:
    """The Oxigraph store in ``path``; one message for a store another process holds."""
    path = Path(path)
    try:
        if read_only:
            if not path.is_dir():
                raise StoreError(f"{path}: no store here; run `kg build` first")
            return ox.Store.read_only(str(path))
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
        return (Path(path) / _STAMP).read_text(encoding="ascii")
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
        super().__init__(str(Path(location).resolve()))
        self.store = open_embedded(location)
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
        self.store.flush()  # first: what is still in memory would be a new small file after the merge
        if self.to_compact:  # bulk loads leave files whose keys overlap, and every read searches them all:
            self.store.optimize()  # queries ran twice as slow until they were merged (3 s at 1.8M quads)
        del self.store
        if self.changed:  # replaced whole, so a reader never reads it half written
            tmp = Path(self.location) / f".{_STAMP}.{os.getpid()}"
            tmp.write_text(f"{time.time_ns()}-{os.getpid()}\n", encoding="ascii")
            os.replace(tmp, tmp.with_name(_STAMP))


def _to_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines (one triple each, ending `` .``) into N-Quads of ``graph``."""
    tail = f" <{graph}> .".encode()
    return b"".join(line[:-2] + tail + b"\n" for line in ntriples.splitlines() if line.endswith(b" ."))


def compact_store(spec: str | Path) -> None:
    """Merge the files that writes left in the store named by ``spec`` (see :func:`open_store`)."""
    with open_store(spec) as store:
        store.compact()


def open_store(spec: str | Path) -> GraphStore:
    """The store named by ``spec``: a folder, ``oxigraph:DIR`` or an endpoint URL (see the module doc)."""
    spec = str(spec)
    match = re.match(r"^([a-z][a-z0-9+.-]*):(.*)$", spec, re.I)
    if not match or re.match(r"^[a-z]:[\\/]", spec, re.I):  # a plain path (or a Windows drive)
        return OxigraphStore(spec)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "oxigraph":
        return OxigraphStore(rest)
    base = scheme.split("+")[0]
    if base not in STORES or ("+" in scheme and scheme.split("+")[1] not in ("http", "https")):
        raise UnknownNameError("store", scheme, list(STORES))
    if base in ("http", "https"):
        path = urlsplit(spec).path.rstrip("/")
        base = "update" if path.endswith("update") else "gsp"
    return STORES[base](spec)


from . import remote  # noqa: E402,F401  the endpoint stores (kg/remote.py) register their schemes
