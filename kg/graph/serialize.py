"""RDF as N-Triples, and its Turtle and JSON-LD files.

Every part of a build (the ontology, each article, the merged entities) is
kept as canonical N-Triples. An export is their union, sorted line by line
and written by Oxigraph's serializers, so the same input gives the same
bytes however the parts were made (fresh, cached, in any process).

>>> from rdflib import Literal, URIRef
>>> to_ntriples([(URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x", lang="en"))])
b'<http://example.org/a> <http://example.org/p> "x"@en .\\n'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import from_ox, to_ox, to_ox_quad_pattern
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..errors import OntologyError
from ..model import Entity, Said
from .corroboration import Tally, tally
from .rdf import bind_prefixes, entity_triples, merge_entity_maps, tally_triples, write_atomic

__all__ = ["to_ntriples", "merged_parts", "part_ntriples", "ontology_ntriples", "ontology_prefixes", "union_lines",
           "graph_view", "ViewStore", "write_turtle", "write_jsonld", "write_dataset", "DATASET_FORMATS"]


def to_ntriples(triples: Iterable[tuple]) -> bytes:
    """Canonical N-Triples of rdflib triples, one per line."""
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples],
                        format=ox.RdfFormat.N_TRIPLES)


def merged_parts(entity_maps: Iterable[dict[str, Entity]], said: Iterable[Said]) -> list[Entity | Tally]:
    """What the merged graph is made of (:func:`kg.graph.rdf.merged_triples`, from cached
    summaries), from each article's entity map and what its assertions say: one
    merged entity per key, then the facts and claims."""
    return [*merge_entity_maps(entity_maps).values(), *tally(said)]


def part_ntriples(part: Entity | Tally) -> bytes:
    """The N-Triples of one merged part (:func:`kg.graph.rdf.entity_triples` or
    :func:`kg.graph.rdf.tally_triples`). Each is kept once made: a running process
    that adds one article to thousands re-serializes only what changed."""
    return _tally_nt(part) if isinstance(part, Tally) else _entity_nt(part)


@lru_cache(maxsize=1 << 17)
def _entity_nt(ent: Entity) -> bytes:
    return to_ntriples(entity_triples(ent))


@lru_cache(maxsize=1 << 17)
def _tally_nt(t: Tally) -> bytes:
    return to_ntriples(tally_triples(t))


def ontology_ntriples(path: Path) -> bytes:
    """The ontology as N-Triples; blank nodes get canonical labels, so the bytes are stable."""
    try:
        dataset = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"{path}: cannot read the ontology ({str(exc).splitlines()[0]})") from None
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ox.serialize(sorted((q.triple for q in dataset), key=str), format=ox.RdfFormat.N_TRIPLES)


def ontology_prefixes(path: Path) -> dict[str, str]:
    """kg's prefixes first, then those the ontology declares, in a fixed order.

    ``id:`` is left out: instance IRIs have a ``/`` in their local part, which
    Turtle would have to escape (``id:entity\\/china``).
    """
    out = {p: str(ns) for p, ns in bind_prefixes(Graph(bind_namespaces="none")).namespaces() if p != "id"}
    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    for _ in parser:
        pass
    for prefix, ns in sorted(parser.prefixes.items()):
        if prefix not in out and ns not in out.values():
            out[prefix] = ns
    return out


def union_lines(parts: Iterable[bytes]) -> list[bytes]:
    """The distinct N-Triples lines of ``parts``, sorted: a triple's subject groups its lines."""
    lines: set[bytes] = set()
    for part in parts:
        lines.update(line for line in part.split(b"\n") if line)
    return sorted(lines)


def _triples(nt: bytes) -> Iterable[ox.Triple]:
    return ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)


class ViewStore(OxigraphStore):
    """oxrdflib's store for a read-only Graph: each Oxigraph term is made an
    rdflib term once (checking an IRI is the slow part), and no per-triple
    context Graph is made, which a plain Graph never reads."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store=store)
        self._terms: dict = {}

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        """The rdflib term of an Oxigraph term."""
        found = self._terms.get(term)
        if found is None:
            found = self._terms[term] = from_ox(term)
        return found

    def quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[ox.Quad]:
        """The Oxigraph quads matching a pattern of rdflib terms (None matches anything)."""
        try:
            return self._inner.quads_for_pattern(*to_ox_quad_pattern((s, p, o), None))
        except (TypeError, ValueError):
            return iter(())

    def triples(self, triple_pattern, context=None):
        term = self.term
        return (((term(q.subject), term(q.predicate), term(q.object)), ()) for q in self.quads(*triple_pattern))


def graph_view(nt: bytes, prefixes: dict[str, str]) -> Graph:
    """An rdflib Graph of N-Triples on an in-memory Oxigraph store (fast at a million triples)."""
    store = ox.Store()
    store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
    g = Graph(store=ViewStore(store), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, ns in prefixes.items():
        g.bind(prefix, ns)
    return g


def write_turtle(nt: bytes, prefixes: dict[str, str], path: Path) -> None:
    """Write the N-Triples as Turtle with ``prefixes``, atomically."""
    write_atomic(path, ox.serialize(_triples(nt), format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def write_jsonld(nt: bytes, prefixes: dict[str, str], path: Path) -> None:
    """Write the N-Triples as JSON-LD with ``prefixes``, atomically."""
    write_atomic(path, ox.serialize(_triples(nt), format=ox.RdfFormat.JSON_LD, prefixes=prefixes))


#: the dataset exports: every named graph as it is in the store
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def _stored(graphs: Iterable[tuple[str, bytes]]) -> Iterator[tuple[ox.NamedNode, list[bytes]]]:
    """Each graph's sorted N-Triples lines, graphs in IRI order, with their terms as an Oxigraph
    store keeps them (a decimal 0.90 is 0.9 there): the same bytes whether the graphs come from
    a build or are read back from its store."""
    store = ox.Store()
    for iri, nt in graphs:
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    for name in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
        yield name, sorted(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines())


def write_dataset(graphs: Iterable[tuple[str, bytes]], prefixes: dict[str, str], path: Path, fmt: str) -> None:
    """Write named graphs (IRI, N-Triples) as TriG or N-Quads (:data:`DATASET_FORMATS`), atomically:
    graph by graph in IRI order, each graph's lines sorted, so the same graphs give the same bytes."""
    def quads() -> Iterator[ox.Quad]:
        for name, lines in _stored(graphs):
            for t in _triples(b"\n".join(lines)):
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    options = {"prefixes": prefixes} if fmt == "trig" else {}
    write_atomic(path, ox.serialize(quads(), format=DATASET_FORMATS[fmt], **options))
