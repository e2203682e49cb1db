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
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from ..graph.rdf import SCHEMA, WD
from ..graph.serialize import ViewStore
from ..model import FACTUAL
from ..namespace import ID, KG

__all__ = ["project", "local_name"]

_ENTITY = str(ID["entity/"])
_QID = re.compile(r"Q[1-9][0-9]*")


def local_name(iri: str) -> str:
    """``https://w3id.org/kg-news/ontology#supplies`` -> ``supplies``."""
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


def _text(value) -> str:
    return "" if value is None else str(value)


def _pairs(graph: Graph, prop: URIRef) -> Iterable[tuple[str, Any]]:
    """(subject, object) of ``prop``: the subject by its IRI or blank node name,
    the object an Oxigraph term on the exports' view (:func:`kg.graph.serialize.graph_view`),
    else an rdflib term; :func:`_value` gives either's text."""
    store = graph.store
    if isinstance(store, ViewStore):
        return ((q.subject.value, q.object) for q in store.quads(None, prop, None))
    return ((str(s), o) for s, o in graph.subject_objects(prop))


def _value(term) -> str:
    """The IRI, blank node name or lexical form of an rdflib term (a str) or an Oxigraph term."""
    return str(term) if isinstance(term, str) else term.value


def _index(graph: Graph, prop: URIRef, language: bool = False) -> dict[str, list]:
    """subject -> its sorted values of ``prop`` as text (with their language tags if
    asked): one pass over the predicate instead of a lookup per node. Text, not
    rdflib terms: a 10,000-article graph has about a million triples to project,
    and making rdflib terms of them took most of the page's time."""
    out: dict[str, list] = defaultdict(list)
    for s, o in _pairs(graph, prop):
        out[s].append((_value(o), getattr(o, "language", None)) if language else _value(o))
    for values in out.values():
        if len(values) > 1:
            values.sort()
    return out


def _subjects(rdf_type: dict[str, list[str]], wanted) -> list[str]:
    """The subjects typed (``rdf_type``: subject -> its types) with any of ``wanted``, sorted."""
    return sorted(s for s, ts in rdf_type.items() if any(t in wanted for t in ts))


def _relations(graph: Graph) -> dict[str, str]:
    """IRI -> label of the relations drawn: those marked ``kg:relationProperty`` and any an assertion uses."""
    marked = {str(p) for p, v in graph.subject_objects(KG.relationProperty)
              if isinstance(v, Literal) and v.toPython() is True}
    used = {_value(r) for _, r in _pairs(graph, KG.relation) if not isinstance(r, (Literal, ox.Literal))}
    return {p: _text(graph.value(URIRef(p), RDFS.label)) or local_name(p) for p in sorted(marked | used)}


def _types(graph: Graph) -> dict[str, int]:
    """Actor classes and their depth under kg:Actor (deeper = more specific)."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Actor))
    if len(classes) <= 1:  # a graph written without the ontology
        classes = {KG.Actor, KG.Country, KG.Organization, KG.Company, KG.GovernmentBody,
                   KG.InternationalOrganization, KG.Person, KG.Group}
    return {str(c): len(set(graph.transitive_objects(c, RDFS.subClassOf))) for c in classes}


def _factual(graph: Graph) -> set[str]:
    marked = {local_name(m) for m, v in graph.subject_objects(KG.factual) if isinstance(v, Literal) and v.toPython()}
    return marked or set(FACTUAL)


def _articles(graph: Graph, rdf_type: dict[str, list[str]], derived: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    nodes = set(_subjects(rdf_type, {SCHEMA + "NewsArticle"})) | {a for arts in derived.values() for a in arts}
    fields = {key: _index(graph, URIRef(SCHEMA + prop)) for key, prop in (
        ("id", "identifier"), ("title", "headline"), ("source", "publisher"), ("author", "author"),
        ("date", "datePublished"), ("url", "url"))}
    out = {a: {key: _one(index, a, "") for key, index in fields.items()} for a in sorted(nodes)}
    for a, record in out.items():
        record["id"] = record["id"] or local_name(a)
    return out


def _one(index: dict, node, default=None):
    values = index.get(node)
    return values[0] if values else default


def _entities(graph: Graph, nodes: set[str], types: dict[str, int], rdf_type: dict[str, list[str]],
              g: nx.MultiDiGraph) -> None:
    labels, alts = _index(graph, RDFS.label, language=True), _index(graph, SKOS.altLabel)
    qids, same, based = _index(graph, KG.wikidata), _index(graph, OWL.sameAs), _index(graph, KG.basedIn)
    type_labels = g.graph["types"]
    for node in sorted(nodes):
        cls = max((t for t in rdf_type.get(node, ()) if t in types), key=lambda t: (types[t], t), default=None)
        tname = local_name(cls) if cls is not None else ""
        if tname not in type_labels:
            name = _text(graph.value(URIRef(cls), RDFS.label)) if cls is not None else ""
            type_labels[tname] = name or tname or "other"
        names = sorted(labels.get(node, ()), key=lambda lit: (lit[1] != "en", lit[0]))
        label = names[0][0] if names else (node[len(_ENTITY):] if node.startswith(_ENTITY) else local_name(node))
        ids = list(qids.get(node, ())) + [v[len(WD):] for v in same.get(node, ()) if v.startswith(WD)]
        g.add_node(node, label=label, type=tname, type_label=type_labels[tname],
                   alt=sorted(set(alts.get(node, ())) - {label}),
                   wikidata=next((q for q in sorted(ids) if _QID.fullmatch(q)), ""),
                   based_in=_one(based, node, ""), degree=0)


def _assertions(graph: Graph, rdf_type: dict[str, list[str]], derived: dict[str, list[str]],
                factual: set[str]) -> dict[tuple, list[dict[str, Any]]]:
    """(subject, relation, object) -> the assertions stating it."""
    props = {name: _index(graph, prop) for name, prop in (
        ("s", KG.subject), ("p", KG.relation), ("o", KG.object), ("modality", KG.modality),
        ("confidence", KG.confidence), ("evidence", KG.evidence), ("items", KG.item), ("amount", KG.amount),
        ("time", KG.time), ("date", KG.timeValue), ("source", KG.source), ("rule", KG.rule),
        ("start", KG.startOffset))}
    props["article"] = derived
    out: dict[tuple, list[dict]] = {}
    for a in _subjects(rdf_type, {str(KG.Assertion)}):
        spo = tuple(_one(props[k], a) for k in "spo")
        if None in spo:
            continue
        modality = local_name(_one(props["modality"], a, "asserted"))
        conf, start = _one(props["confidence"], a), _one(props["start"], a)
        get = lambda k: _one(props[k], a, "")  # noqa: E731
        out.setdefault(spo, []).append({
            "modality": modality, "factual": modality in factual,
            "confidence": float(conf) if conf is not None else None,
            "evidence": get("evidence"), "article": get("article"),
            "items": list(props["items"].get(a, ())),
            "amount": get("amount"), "time": get("time"), "date": get("date"), "source": get("source"),
            "rule": get("rule"),
            "start": int(start) if start is not None else -1})
    return out


def project(graph: Graph) -> nx.MultiDiGraph:
    """The entity graph of ``graph``, nodes and edges in a sorted, stable order."""
    relations, types, factual = _relations(graph), _types(graph), _factual(graph)
    rdf_type, derived = _index(graph, RDF.type), _index(graph, PROV.wasDerivedFrom)
    entities = set(_subjects(rdf_type, types))
    triples = {(s, p, _value(o)) for p in relations for s, o in _pairs(graph, URIRef(p))}
    asserted = _assertions(graph, rdf_type, derived, factual)
    for s, _, o in triples | set(asserted):
        entities |= {s, o}
    g = nx.MultiDiGraph(relations=relations, types={}, articles=_articles(graph, rdf_type, derived),
                        assertions=sum(len(v) for v in asserted.values()))
    _entities(graph, entities, types, rdf_type, g)
    for s, p, o in sorted(triples | set(asserted)):
        found = sorted(asserted.get((s, p, o), []), key=lambda a: (a["article"], a["start"], a["evidence"]))
        is_fact = (s, p, o) in triples
        g.add_edge(s, o, key=p, label=relations[p], factual=is_fact, assertions=found)
        if is_fact:
            g.nodes[s]["degree"] += 1
            g.nodes[o]["degree"] += 1
    return g
