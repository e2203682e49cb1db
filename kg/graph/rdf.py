"""Facts and entities to RDF: ontology + entities + assertions + provenance.

Shape (see DESIGN.md): each entity has one ``rdfs:label``, its
``skos:altLabel``s and a type; each extracted fact is a ``kg:Assertion`` node
derived from its article; facts stated as asserted or reported also get the
direct triple ``?s kg:<relation> ?o``, and every relation between two
entities is counted across articles as a ``kg:Fact`` and as one ``kg:Claim``
per modality (:mod:`kg.graph.corroboration`). IRIs are made from content, so the
same input gives the same graph, byte for byte once serialized.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from ..model import ArticleResult, Entity, Fact, Said
from ..namespace import ID, KG
from ..resources import DEFAULT_ONTOLOGY
from .corroboration import Tally, tally
from .dates import resolve_time

__all__ = ["build_rdf", "relation_iri", "entity_iri", "article_iri", "assertion_iri", "write_atomic", "merge_entities",
           "article_triples", "entity_triples", "direct_triple", "tally_triples", "tally_iri", "merged_triples",
           "merge_entity_maps", "part_node", "SCHEMA", "WD", "bind_prefixes"]

SCHEMA = "https://schema.org/"
WD = "http://www.wikidata.org/entity/"


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("kg", str(KG)), ("id", str(ID)), ("schema", SCHEMA), ("prov", str(PROV)),
                       ("skos", str(SKOS)), ("owl", str(OWL)), ("wd", WD), ("xsd", str(XSD))):
        g.bind(prefix, ns, override=True, replace=True)
    return g


@lru_cache(maxsize=1 << 16)
def relation_iri(name: str) -> URIRef:
    """The property of a relation; user-added relations are not in :class:`KG`."""
    return URIRef(str(KG._NS) + name)


@lru_cache(maxsize=1 << 16)  # a merged graph names each entity many times; URIRef checks each IRI
def entity_iri(key: str) -> URIRef:
    return ID[f"entity/{key}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def assertion_iri(fact: Fact | Said) -> URIRef:
    said = fact if isinstance(fact, Said) else Said.of(fact)
    basis = "|".join((said.article, said.subject, said.relation, said.object, str(said.start), said.rule))
    return ID["assertion/" + hashlib.sha256(basis.encode()).hexdigest()[:16]]


def tally_iri(t: Tally) -> URIRef:
    """``id:fact/...`` of a fact, ``id:claim/...`` of a claim, from its entities, relation and modality."""
    basis = "|".join((t.subject, t.relation, t.object, t.modality))
    return ID[("fact/" if t.is_fact else "claim/") + hashlib.sha256(basis.encode()).hexdigest()[:16]]


def merge_entities(results: Iterable[ArticleResult]) -> dict[str, Entity]:
    """One entity per key across articles, with every name seen."""
    return merge_entity_maps(r.entities for r in results)


def merge_entity_maps(maps: Iterable[dict[str, Entity]]) -> dict[str, Entity]:
    """:func:`merge_entities` of the articles' entity maps: the first article's
    label and type, every other name as an alias, the first Wikidata id and country."""
    first: dict[str, Entity] = {}
    extra: dict[str, list] = {}  # key -> [names, wikidata, based_in] once seen twice
    for entities in maps:
        for key, ent in entities.items():
            if key not in first:
                first[key] = ent
                continue
            old = first[key]
            acc = extra.setdefault(key, [set(old.aliases), old.wikidata, old.based_in])
            acc[0].update(ent.aliases)
            if ent.label != old.label:
                acc[0].add(ent.label)
            acc[1], acc[2] = acc[1] or ent.wikidata, acc[2] or ent.based_in
    for key, (names, wikidata, based_in) in extra.items():
        old = first[key]
        first[key] = Entity(key, old.label, old.type, tuple(sorted(names)), wikidata, based_in)
    return first


class _Triples(list):
    """A list with ``add``: what the ``_add_*`` helpers write to, instead of a Graph."""

    add = list.append


def entity_triples(ent: Entity) -> list[tuple]:
    """An entity's type, names, Wikidata id and country."""
    g = _Triples()
    _add_entity(g, ent)
    return g


def _add_entity(g: Graph | _Triples, ent: Entity) -> None:
    node = entity_iri(ent.key)
    g.add((node, RDF.type, KG[ent.type]))
    g.add((node, RDFS.label, Literal(ent.label, lang="en")))
    for alias in sorted(set(ent.aliases) - {ent.label}):
        g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    if ent.wikidata:
        g.add((node, OWL.sameAs, URIRef(WD + ent.wikidata)))
        g.add((node, KG.wikidata, Literal(ent.wikidata)))
    if ent.based_in:
        g.add((node, KG.basedIn, entity_iri(ent.based_in)))


def _add_article(g: Graph | _Triples, result: ArticleResult) -> None:
    art = result.article
    node = article_iri(art.id)
    g.add((node, RDF.type, URIRef(SCHEMA + "NewsArticle")))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, URIRef(SCHEMA + "identifier"), Literal(art.id)))
    for prop, value in (("headline", art.title), ("author", art.author), ("publisher", art.source),
                        ("url", art.url)):
        if value:
            g.add((node, URIRef(SCHEMA + prop), Literal(value)))
    if art.date:
        g.add((node, URIRef(SCHEMA + "datePublished"),
               Literal(art.date, datatype=XSD.date if len(art.date) == 10 else None)))
    if art.content_hash:
        g.add((node, KG.contentHash, Literal(art.content_hash)))
    g.add((node, KG.textLength, Literal(len(art.text))))  # what the offsets of its assertions are within


def _add_fact(g: Graph | _Triples, fact: Fact, article_date: str = "") -> None:
    """The assertion node of a fact; its direct triple is in :func:`merged_triples`.
    Its time as written is also given resolved against the article's date (:mod:`kg.graph.dates`)."""
    node = assertion_iri(fact)
    s, o = entity_iri(fact.subject.key), entity_iri(fact.object.key)
    g.add((node, RDF.type, KG.Assertion))
    g.add((node, KG.subject, s))
    g.add((node, KG.relation, relation_iri(fact.relation)))
    g.add((node, KG.object, o))
    g.add((node, KG.modality, KG[fact.modality]))
    g.add((node, KG.confidence, Literal(Decimal(f"{fact.confidence:.2f}"), datatype=XSD.decimal)))
    g.add((node, KG.evidence, Literal(fact.evidence)))
    g.add((node, KG.startOffset, Literal(fact.start)))
    g.add((node, KG.endOffset, Literal(fact.end)))
    g.add((node, KG.rule, Literal(fact.rule)))
    g.add((node, PROV.wasDerivedFrom, article_iri(fact.article)))
    for item in fact.items:
        g.add((node, KG.item, Literal(item)))
    for prop, value in ((KG.amount, fact.amount), (KG.time, fact.time), (KG.source, fact.source)):
        if value:
            g.add((node, prop, Literal(value)))
    when = resolve_time(fact.time, article_date) if fact.time else None
    if when:
        g.add((node, KG.timeValue, Literal(when[0], datatype=XSD[when[1]])))


def article_triples(result: ArticleResult) -> list[tuple]:
    """What one article alone says: its node and one assertion node per fact.

    These triples depend on nothing but the article, so a store keeps them in
    the article's own named graph and an incremental build reuses them.
    """
    g = _Triples()
    _add_article(g, result)
    for fact in result.facts:
        _add_fact(g, fact, result.article.date)
    return g


def merged_triples(results: Iterable[ArticleResult]) -> list[tuple]:
    """What needs every article: merged entities, the direct relation triples, the
    facts and claims (:func:`kg.graph.serialize.merged_parts` makes the same parts from
    cached summaries)."""
    results = list(results)
    g = _Triples()
    for ent in merge_entities(results).values():
        _add_entity(g, ent)
    for t in tally(Said.of(f) for r in results for f in r.facts):
        g.extend(tally_triples(t))
    return g


def direct_triple(subject: str, relation: str, obj: str) -> tuple:
    """``?s kg:<relation> ?o`` of a factual assertion, from entity keys."""
    return entity_iri(subject), relation_iri(relation), entity_iri(obj)


def tally_triples(t: Tally) -> list[tuple]:
    """A fact's or a claim's node: what it states, how many assertions and articles
    state it, its items, and its sample assertion and sentence; with a fact, its
    direct triple.

    A fact reifies its direct triple (``rdf:subject``, ``rdf:predicate``,
    ``rdf:object``), so the facts of one relation are one index range; a claim
    says what it states as an assertion does (``kg:subject``, ``kg:relation``,
    ``kg:object``, ``kg:modality``)."""
    node = tally_iri(t)
    if t.is_fact:
        g = [direct_triple(t.subject, t.relation, t.object),
             (node, RDF.type, KG.Fact), (node, RDF.subject, entity_iri(t.subject)),
             (node, RDF.predicate, relation_iri(t.relation)), (node, RDF.object, entity_iri(t.object))]
    else:
        g = [(node, RDF.type, KG.Claim), (node, KG.subject, entity_iri(t.subject)),
             (node, KG.relation, relation_iri(t.relation)), (node, KG.object, entity_iri(t.object)),
             (node, KG.modality, KG[t.modality])]
    g += [(node, KG.assertionCount, Literal(t.assertions)), (node, KG.articleCount, Literal(t.articles)),
          (node, KG.sample, assertion_iri(t.sample)), (node, KG.evidence, Literal(t.sample.evidence))]
    g.extend((node, KG.item, Literal(item)) for item in t.items)
    return g


def part_node(part: Entity | Tally) -> URIRef:
    """The node a merged part describes: an entity's, a fact's or a claim's. The
    store shards the merged graph by it, so facts spread evenly over the shards
    (by their subjects, China's shard would hold a tenth of all facts)."""
    return tally_iri(part) if isinstance(part, Tally) else entity_iri(part.key)


def build_rdf(results: list[ArticleResult], ontology: Path | None = None, *, include_ontology: bool = True) -> Graph:
    """The data graph of a build (with the ontology, so the file stands alone)."""
    g = bind_prefixes(Graph())
    if include_ontology:
        g.parse(ontology or DEFAULT_ONTOLOGY, format="turtle")
    for triple in merged_triples(results):
        g.add(triple)
    for result in results:
        for triple in article_triples(result):
            g.add(triple)
    return g


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` through a temporary file and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
