"""The merged graph cut into shards, and a store made to hold the wanted graphs.

The merged entities, facts and claims go in up to 1,024 named graphs
(:func:`kg.store.base.merged_graph`); each shard has a key, a digest of what
its triples are made from, so a build writes only the shards whose key
changed (a few dozen when one article is added) and drops those no longer
wanted.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from ..graph.corroboration import Tally
from ..graph.rdf import part_node
from ..graph.serialize import merged_parts
from ..model import Entity
from ..namespace import ID
from ..store.base import ONTOLOGY_GRAPH, GraphStore, merged_graph, open_store
from ..store.cache import Summary

__all__ = ["digest", "merged_shards", "merged", "sync_store", "write_store", "placed"]


def digest(data: bytes) -> str:
    """The key of a graph's content in the store manifest."""
    return hashlib.sha256(data).hexdigest()


def merged_shards(parts: Iterable[Entity | Tally]) -> dict[str, list[Entity | Tally]]:
    """The merged parts (:func:`kg.graph.serialize.merged_parts`) by the store graph that holds them."""
    shards: dict[str, list] = {}
    for part in parts:
        shards.setdefault(_graph_of(part), []).append(part)
    return dict(sorted(shards.items()))


@lru_cache(maxsize=1 << 17)  # a part that did not change is placed once per process
def _graph_of(part: Entity | Tally) -> str:
    return merged_graph(str(part_node(part)))


@lru_cache(maxsize=1 << 17)
def _row(part: Entity | Tally) -> str:
    """What a part's triples are made from, as text; an entity as its fields, whether
    an :class:`~kg.model.Entity` or the row the cache gives back."""
    if isinstance(part, Tally):
        return repr(part)
    return repr((part.key, part.label, part.type, tuple(part.aliases), part.wikidata, part.based_in))


def _shard_key(stamp: str, parts: list[Entity | Tally]) -> str:
    """A digest of what a shard's N-Triples are made from: its parts, and the code
    that writes them (in the extraction fingerprint ``stamp``). A build serializes
    only the shards whose key changed: a few dozen when one article is added."""
    return digest("\0".join([stamp, *map(_row, parts)]).encode())


def merged(summaries: list[Summary], stamp: str) -> tuple[list[Entity | Tally], dict[str, list], dict[str, str]]:
    """The merged parts of ``summaries``, by shard, and each shard's key."""
    parts = merged_parts((s.entities for s in summaries), (a for s in summaries for a in s.facts))
    shards = merged_shards(parts)
    return parts, shards, {g: _shard_key(stamp, ps) for g, ps in shards.items()}


def sync_store(store: GraphStore, known: dict[str, str], wanted: dict[str, str],
               data: Callable[[list[str]], dict[str, bytes]], *, chunk: int = 2000) -> tuple[int, int]:
    """Make ``store`` hold the ``wanted`` graphs (IRI -> key), given what it held (``known``).

    Writes the graphs whose key changed, drops kg's graphs no longer wanted;
    returns (written, dropped).
    """
    present = store.graphs()
    extra: set[str] = set()
    if present is not None:  # trust the store over the manifest
        known = {g: k for g, k in known.items() if g in present}
        extra = {g for g in present if g.startswith(str(ID))}
    elif known and not store.contains(ONTOLOGY_GRAPH):  # a remote store was emptied since
        known = {}
    drop = sorted((set(known) | extra) - set(wanted))
    store.drop(drop)
    write = [g for g, k in wanted.items() if known.get(g) != k]
    for i in range(0, len(write), chunk):
        store.put(data(write[i:i + chunk]))
    return len(write), len(drop)


def write_store(spec: str | Path, manifest: Callable[[str], dict[str, str]], wanted: dict[str, str],
                 data: Callable[[list[str]], dict[str, bytes]]) -> tuple[str, int, int, bool]:
    """Open the store, :func:`sync_store` it from what ``manifest`` says it held, close
    it; returns (location, written, dropped, fragmented)."""
    with open_store(spec) as target:
        written, dropped = sync_store(target, manifest(target.location), wanted, data)
        return target.location, written, dropped, target.fragmented()


def placed() -> int:
    """How many parts this process has placed in shards so far (0 in a new process)."""
    return _row.cache_info().currsize
