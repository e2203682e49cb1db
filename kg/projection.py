"""RDF -> networkx: the graph the page draws.

One node per entity (anything typed with a subclass of ``kg:Actor``, or at
either end of a relation), one edge per (subject, relation, object), keyed by
the relation's IRI. Relations are the properties the graph marks
``kg:relationProperty true`` (plus any an assertion uses), so a relation a
user adds to the ontology is drawn without a code change. An edge is a fact
when the direct triple exists; otherwise it only carries assertions that are
not facts (negated, denied, intended, hedged), which the page hides unless
asked.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from .export import ViewStore
from .graph import SCHEMA, WD
from .model import FACTUAL
from .namespace import ID, KG

__all__ = ["project", "local_name"]

_ENTITY = str(ID["entity/"])
_QID = re.compile(r"Q[1-9][0-9]*")


def local_name(iri: str) -> str:
    """``https://w3id.org/kg-news/ontology#supplies`` -> ``supplies``."""
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


def _text(value) -> str:
    return "" if value is None else str(value)


def _relations(graph: Graph) -> dict[URIRef, str]:
    marked = {p for p, v in graph.subject_objects(KG.relationProperty)
              if isinstance(v, Literal) and v.toPython() is True}
    used = {r for r in graph.objects(None, KG.relation) if isinstance(r, URIRef)}
    return {p: _text(graph.value(p, RDFS.label)) or local_name(p) for p in sorted(marked | used)}


def _types(graph: Graph) -> dict[URIRef, int]:
    """Actor classes and their depth under kg:Actor (deeper = more specific)."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Actor))
    if len(classes) <= 1:  # a graph written without the ontology
        classes = {KG.Actor, KG.Country, KG.Organization, KG.Company, KG.GovernmentBody,
                   KG.InternationalOrganization, KG.Person, KG.Group}
    return {c: len(set(graph.transitive_objects(c, RDFS.subClassOf))) for c in classes}


def _factual(graph: Graph) -> set[str]:
    marked = {local_name(m) for m, v in graph.subject_objects(KG.factual) if isinstance(v, Literal) and v.toPython()}
    return marked or set(FACTUAL)


def _articles(graph: Graph) -> dict[str, dict[str, str]]:
    nodes = set(graph.subjects(RDF.type, URIRef(SCHEMA + "NewsArticle")))
    nodes |= set(graph.objects(None, PROV.wasDerivedFrom))
    out = {}
    for a in sorted(nodes):
        v = lambda prop: _text(graph.value(a, URIRef(SCHEMA + prop)))  # noqa: E731
        out[str(a)] = {"id": v("identifier") or local_name(a), "title": v("headline"), "source": v("publisher"),
                       "author": v("author"), "date": v("datePublished"), "url": v("url")}
    return out


def _pairs(graph: Graph, prop: URIRef) -> Iterable[tuple]:
    """(subject, object) of ``prop``. On the exports' Oxigraph view
    (:func:`kg.export.graph_view`) straight from Oxigraph: a 10,000-article graph
    has half a million such triples, and rdflib's layers make that seconds."""
    store = graph.store
    if isinstance(store, ViewStore):
        term = store.term
        return ((term(q.subject), term(q.object)) for q in store.quads(None, prop, None))
    return graph.subject_objects(prop)


def _index(graph: Graph, prop) -> dict:
    """subject -> sorted objects of ``prop``: one pass over the predicate instead of a lookup per node."""
    out: dict = defaultdict(list)
    for s, o in _pairs(graph, prop):
        out[s].append(o)
    return {s: sorted(v, key=lambda t: (type(t).__name__, str(t))) for s, v in out.items()}


def _one(index: dict, node, default=None):
    values = index.get(node)
    return values[0] if values else default


def _entities(graph: Graph, nodes: set, types: dict[URIRef, int], g: nx.MultiDiGraph) -> None:
    rdf_type, labels, alts = _index(graph, RDF.type), _index(graph, RDFS.label), _index(graph, SKOS.altLabel)
    qids, same, based = _index(graph, KG.wikidata), _index(graph, OWL.sameAs), _index(graph, KG.basedIn)
    type_labels = g.graph["types"]
    for node in sorted(nodes):
        cls = max((t for t in rdf_type.get(node, ()) if t in types), key=lambda t: (types[t], str(t)), default=None)
        tname = local_name(cls) if cls is not None else ""
        if tname not in type_labels:
            type_labels[tname] = (_text(graph.value(cls, RDFS.label)) if cls is not None else "") or tname or "other"
        names = sorted(labels.get(node, ()), key=lambda lit: (getattr(lit, "language", None) != "en", str(lit)))
        label = str(names[0]) if names else (node[len(_ENTITY):] if str(node).startswith(_ENTITY) else local_name(node))
        ids = [str(q) for q in qids.get(node, ())]
        ids += [str(v)[len(WD):] for v in same.get(node, ()) if str(v).startswith(WD)]
        g.add_node(str(node), label=label, type=tname, type_label=type_labels[tname],
                   alt=sorted({str(a) for a in alts.get(node, ())} - {label}),
                   wikidata=next((q for q in sorted(ids) if _QID.fullmatch(q)), ""),
                   based_in=_text(_one(based, node)), degree=0)


def _assertions(graph: Graph, factual: set[str]) -> dict[tuple, list[dict[str, Any]]]:
    """(subject, relation, object) -> the assertions stating it."""
    props = {name: _index(graph, prop) for name, prop in (
        ("s", KG.subject), ("p", KG.relation), ("o", KG.object), ("modality", KG.modality),
        ("confidence", KG.confidence), ("evidence", KG.evidence), ("article", PROV.wasDerivedFrom),
        ("items", KG.item), ("amount", KG.amount), ("time", KG.time), ("source", KG.source), ("rule", KG.rule),
        ("start", KG.startOffset))}
    out: dict[tuple, list[dict]] = {}
    for a in graph.subjects(RDF.type, KG.Assertion):
        spo = tuple(_one(props[k], a) for k in "spo")
        if None in spo:
            continue
        modality = local_name(_one(props["modality"], a, "asserted"))
        conf, start = _one(props["confidence"], a), _one(props["start"], a)
        get = lambda k: _text(_one(props[k], a))  # noqa: E731
        out.setdefault(spo, []).append({
            "modality": modality, "factual": modality in factual,
            "confidence": float(conf) if conf is not None else None,
            "evidence": get("evidence"), "article": get("article"),
            "items": [str(i) for i in props["items"].get(a, ())],
            "amount": get("amount"), "time": get("time"), "source": get("source"), "rule": get("rule"),
            "start": int(start) if start is not None else -1})
    return out


def project(graph: Graph) -> nx.MultiDiGraph:
    """The entity graph of ``graph``, nodes and edges in a sorted, stable order."""
    relations, types, factual = _relations(graph), _types(graph), _factual(graph)
    entities = {s for t in types for s in graph.subjects(RDF.type, t)}
    triples = {(s, p, o) for p in relations for s, o in graph.subject_objects(p)}
    asserted = _assertions(graph, factual)
    for s, _, o in triples | set(asserted):
        entities |= {s, o}
    g = nx.MultiDiGraph(relations={str(p): label for p, label in relations.items()}, types={},
                        articles=_articles(graph), assertions=sum(len(v) for v in asserted.values()))
    _entities(graph, entities, types, g)
    for s, p, o in sorted(triples | set(asserted)):
        found = sorted(asserted.get((s, p, o), []), key=lambda a: (a["article"], a["start"], a["evidence"]))
        is_fact = (s, p, o) in triples
        g.add_edge(str(s), str(o), key=str(p), label=relations[p], factual=is_fact, assertions=found)
        if is_fact:
            g.nodes[str(s)]["degree"] += 1
            g.nodes[str(o)]["degree"] += 1
    return g
