"""Graph stores behind one interface, chosen by name or URL scheme.

A build writes one named graph per article (its IRI, :func:`kg.graph.rdf.article_iri`),
the merged entities, direct triples, facts and claims in up to 1,024 shards
(``MERGED_GRAPH/000`` to ``/3ff``, :func:`merged_graph`: adding an article
rewrites only the few shards it touches) and one graph for the
ontology (:data:`ONTOLOGY_GRAPH`); the graphs share no triple, so
their union is exactly ``graph.ttl``. Every write replaces whole graphs with
N-Triples, in bulk. The embedded store also keeps that union as its default
graph, which is what ``kg query`` and ``kg serve`` query; on a remote endpoint,
query the named graphs (``GRAPH ?g``) or start the server with a union
default graph (``oxigraph serve --union-default-graph``). The stores:
:mod:`kg.store.embedded` and :mod:`kg.store.remote` register themselves here.

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

import re
import zlib
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Iterable, Mapping
from urllib.parse import urlsplit

from ..errors import UnknownNameError
from ..namespace import ID

__all__ = ["GraphStore", "open_store", "compact_store", "ONTOLOGY_GRAPH", "MERGED_GRAPH", "merged_graph", "STORES",
           "register_store", "BULK_BYTES"]

ONTOLOGY_GRAPH = str(ID["graph/ontology"])
MERGED_GRAPH = str(ID["graph/merged"])  # the shards' common prefix
_MERGED_SHARDS = 1024
BULK_BYTES = 1 << 20  # the unit of write sizes: writes go in chunks of a few of these


def merged_graph(node: str) -> str:
    """The shard of the merged graph that holds the part (an entity, fact or claim,
    :func:`kg.graph.serialize.merged_parts`) about ``node``: named
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


def compact_store(spec: str | Path) -> None:
    """Merge the files that writes left in the store named by ``spec`` (see :func:`open_store`)."""
    with open_store(spec) as store:
        store.compact()


def open_store(spec: str | Path) -> GraphStore:
    """The store named by ``spec``: a folder, ``oxigraph:DIR`` or an endpoint URL (see the module doc)."""
    spec = str(spec)
    match = re.match(r"^([a-z][a-z0-9+.-]*):(.*)$", spec, re.I)
    if not match or re.match(r"^[a-z]:[\\/]", spec, re.I):  # a plain path (or a Windows drive)
        return STORES["oxigraph"](spec)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "oxigraph":
        return STORES["oxigraph"](rest)
    base = scheme.split("+")[0]
    if base not in STORES or ("+" in scheme and scheme.split("+")[1] not in ("http", "https")):
        raise UnknownNameError("store", scheme, list(STORES))
    if base in ("http", "https"):
        path = urlsplit(spec).path.rstrip("/")
        base = "update" if path.endswith("update") else "gsp"
    return STORES[base](spec)
