"""The RDF contract of DESIGN.md, read back with rdflib from graph.ttl.

Entities have one rdfs:label and a type; every asserted or reported fact is a
direct triple; every extracted fact is a kg:Assertion with its evidence,
offsets into the article text and the article it came from; negated and
intended facts have no direct triple; two articles stating a fact give one
triple and two assertions, counted by one kg:Fact and a kg:Claim per
modality; the same input gives the same bytes.
"""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.build import build
from kg.extract.entities import find_entities
from kg.graph.rdf import build_rdf, entity_iri, write_atomic
from kg.read.ingest import read_inputs
from kg.model import FACTUAL, Article, ArticleResult, Entity, Fact
from kg.namespace import KG

from conftest import ARTICLES

DATA = Path(__file__).parent / "data"
SCHEMA = rdflib.Namespace("https://schema.org/")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")  # rdflib's XSD warns when pytest probes it
ASSERTION_PROPS = (KG.subject, KG.relation, KG.object, KG.modality, KG.confidence, KG.evidence,
                   KG.startOffset, KG.endOffset, PROV.wasDerivedFrom)


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


def relations(g: Graph) -> set[URIRef]:
    return set(g.subjects(KG.relationProperty, Literal(True)))


def relation_triples(g: Graph):
    rels = relations(g)
    return [(s, p, o) for s, p, o in g if p in rels]


def assertions(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, KG.Assertion))


def facts_of(g: Graph, s, p, o) -> list:
    return [f for f in g.subjects(RDF.type, KG.Fact)
            if (f, RDF.subject, s) in g and (f, RDF.predicate, p) in g and (f, RDF.object, o) in g]


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Graphs compared as graphs; on failure, the triples only in one of them."""
    if to_isomorphic(expected) == to_isomorphic(actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    pytest.fail("graphs differ\nonly in expected:\n" + only_expected.serialize(format="nt") +
                "only in actual:\n" + only_actual.serialize(format="nt"))


def blank_statements(g: Graph) -> Graph:
    """``g`` with assertion, claim and fact IRIs (opaque content hashes) made blank nodes."""
    names = {a: BNode() for kind in (KG.Assertion, KG.Claim, KG.Fact) for a in g.subjects(RDF.type, kind)}
    out = Graph()
    for s, p, o in g:
        out.add((names.get(s, s), p, names.get(o, o)))
    return out


# -- the built graph of the bundled articles -----------------------------------

def test_relations_come_from_the_ontology(graph):
    assert {KG.supplies, KG.sanctions, KG.warns} <= relations(graph)
    assert relation_triples(graph), "the bundled articles state facts"


def test_every_relation_end_has_exactly_one_label_and_a_type(graph):
    for s, _, o in relation_triples(graph):
        for node in (s, o):
            assert len(list(graph.objects(node, RDFS.label))) == 1, node
            assert set(graph.objects(node, RDF.type)) & {KG.Country, KG.Organization, KG.Company, KG.GovernmentBody,
                                                        KG.InternationalOrganization, KG.Person, KG.Group}, node


def test_alt_labels_are_other_names(graph):
    for node, alt in graph.subject_objects(SKOS.altLabel):
        assert alt != graph.value(node, RDFS.label)


def test_every_assertion_has_the_full_shape(graph):
    found = assertions(graph)
    assert found
    for a in found:
        for prop in ASSERTION_PROPS:
            assert len(list(graph.objects(a, prop))) == 1, (a, prop)
        assert graph.value(a, KG.relation) in relations(graph)
        assert (graph.value(a, KG.modality), RDF.type, KG.Modality) in graph
        confidence = graph.value(a, KG.confidence)
        assert confidence.datatype == XSD_DECIMAL and Decimal(0) <= confidence.toPython() <= Decimal(1)
        assert (graph.value(a, PROV.wasDerivedFrom), RDF.type, SCHEMA.NewsArticle) in graph


def test_evidence_is_the_article_text_at_its_offsets(graph):
    articles = {a.id: a for a in read_inputs([ARTICLES])[0]}
    for a in assertions(graph):
        article = articles[str(graph.value(graph.value(a, PROV.wasDerivedFrom), SCHEMA.identifier))]
        start, end = graph.value(a, KG.startOffset).toPython(), graph.value(a, KG.endOffset).toPython()
        assert 0 <= start < end <= len(article.text)
        assert article.text[start:end] == str(graph.value(a, KG.evidence))


def test_direct_triples_are_exactly_the_factual_assertions(graph):
    factual = {rdflib.URIRef(KG[m]) for m in FACTUAL}
    stated = {(graph.value(a, KG.subject), graph.value(a, KG.relation), graph.value(a, KG.object))
              for a in assertions(graph) if graph.value(a, KG.modality) in factual}
    assert set(relation_triples(graph)) == stated  # no edge without a sentence; no fact without its edge


def test_factual_modalities_are_flagged_in_the_ontology(graph):
    assert {m for m in graph.subjects(KG.factual, Literal(True))} == {KG[m] for m in FACTUAL}


def test_articles_carry_title_and_author(graph):
    heads = {str(graph.value(n, SCHEMA.identifier)): (str(graph.value(n, SCHEMA.headline)),
                                                     str(graph.value(n, SCHEMA.author)))
             for n in graph.subjects(RDF.type, SCHEMA.NewsArticle)}
    assert heads == {
        "000_97b232455cd2a4c7": ("US intelligence report: China's support increasingly important for Russia's war "
                                 "effort", "Martin Fornusek"),
        "001_a13f49f80d360422": ("How China sides with Russia in the war - U.S intel reports", "Daria Shekina"),
    }


def test_both_articles_corroborate_china_supplies_russia(graph):
    china, russia = entity_iri("china"), entity_iri("russia")
    assert (china, KG.supplies, russia) in graph
    sources = {graph.value(a, PROV.wasDerivedFrom) for a in assertions(graph)
               if (a, KG.subject, china) in graph and (a, KG.relation, KG.supplies) in graph
               and (a, KG.object, russia) in graph and graph.value(a, KG.modality) in (KG.asserted, KG.reported)}
    assert len(sources) == 2
    (fact,) = facts_of(graph, china, KG.supplies, russia)
    assert graph.value(fact, KG.articleCount) == Literal(2)  # what `kg query corroborated` reads


def test_every_fact_counts_its_factual_assertions(graph):
    """A fact per direct triple, a claim per modality: each count, item and sample matches the assertions."""
    factual = {KG[m] for m in FACTUAL}
    for kind, stated in ((KG.Fact, (RDF.subject, RDF.predicate, RDF.object)),
                         (KG.Claim, (KG.subject, KG.relation, KG.object))):
        for node in graph.subjects(RDF.type, kind):
            spo = tuple(graph.value(node, p) for p in stated)
            modality = graph.value(node, KG.modality)
            counted = [a for a in assertions(graph)
                       if tuple(graph.value(a, p) for p in (KG.subject, KG.relation, KG.object)) == spo
                       and (graph.value(a, KG.modality) in factual if kind == KG.Fact
                            else graph.value(a, KG.modality) == modality)]
            assert (kind == KG.Fact) == (modality is None) and counted, node
            assert graph.value(node, KG.assertionCount).toPython() == len(counted)
            assert graph.value(node, KG.articleCount).toPython() == len({graph.value(a, PROV.wasDerivedFrom)
                                                                         for a in counted})
            sample = graph.value(node, KG.sample)
            assert sample in counted and graph.value(node, KG.evidence) == graph.value(sample, KG.evidence)
            assert set(graph.objects(node, KG.item)) == {i for a in counted for i in graph.objects(a, KG.item)}
    fact_spo = {tuple(graph.value(f, p) for p in (RDF.subject, RDF.predicate, RDF.object))
                for f in graph.subjects(RDF.type, KG.Fact)}
    assert fact_spo == set(relation_triples(graph))


def test_no_entity_from_page_noise(graph):
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    assert not {"Show Moreua", "Show More", "Martin Fornusek", "Kyiv Independent", "Daria Shekina"} & labels


# -- entity canonicalization ---------------------------------------------------

def mentions(nlp, lexicon, text: str) -> dict[str, Entity]:
    return {m.text: m.entity for m in find_entities(nlp(text), lexicon).mentions}


def test_seats_of_government_stand_for_their_states(nlp, lexicon):
    found = mentions(nlp, lexicon, "Beijing has increased its exports to Russia, and the Kremlin thanked it. "
                                   "Washington imposed sanctions on Moscow.")
    assert {name: e.label for name, e in found.items()} == {
        "Beijing": "China", "Russia": "Russia", "Kremlin": "Russia", "Washington": "United States",
        "Moscow": "Russia"}
    assert {e.type for e in found.values()} == {"Country"}


def test_short_name_of_a_person_named_in_full(nlp, lexicon):
    found = mentions(nlp, lexicon, "Russian President Vladimir Putin arrived in Hanoi on Thursday. "
                                   "Putin warned South Korea against arming Ukraine.")
    assert found["Putin"] == found["Vladimir Putin"]
    assert (found["Putin"].label, found["Putin"].type) == ("Vladimir Putin", "Person")


def test_national_group_is_a_group_based_in_its_country(nlp, lexicon):
    found = mentions(nlp, lexicon, "Chinese state defense companies have also provided Russian state-owned "
                                   "companies with dual-use technologies.")
    group = found["Chinese state defense companies"]
    assert (group.label, group.type, group.based_in) == ("Chinese state defense companies", "Group", "china")
    assert found["Russian state-owned companies"].based_in == "russia"


def test_group_in_the_built_graph(graph):
    group = entity_iri("group-chinese-state-defense-companies")
    assert (group, RDF.type, KG.Group) in graph
    assert (group, KG.basedIn, entity_iri("china")) in graph
    assert graph.value(entity_iri("china"), RDFS.label) == Literal("China", lang="en")
    assert Literal("Beijing", lang="en") in set(graph.objects(entity_iri("china"), SKOS.altLabel))


# -- the graph layer on hand-made facts ----------------------------------------

CHINA = Entity("china", "China", "Country", ("Beijing",), "Q148")
RUSSIA = Entity("russia", "Russia", "Country", ("Moscow",), "Q159")
IRAN = Entity("iran", "Iran", "Country")
VENEZUELA = Entity("venezuela", "Venezuela", "Country")


def one_fact_result(article_id: str, text: str, subject: Entity, obj: Entity, modality: str,
                    **extra) -> ArticleResult:
    fact = Fact(subject, "supplies", obj, modality, 0.9, text, article_id, 0, len(text), "verb:sell", **extra)
    return ArticleResult(Article(id=article_id, text=text), {subject.key: subject, obj.key: obj}, [fact])


def test_one_assertion_matches_the_expected_turtle():
    text = "China sold drones to Russia in March."
    result = one_fact_result("a1", text, CHINA, RUSSIA, "asserted", items=("drones",), time="March")
    result.article = Article(id="a1", text=text, title="China sold drones to Russia", date="2024-03-05",
                             content_hash="0" * 64)
    expected = Graph().parse(DATA / "one_assertion.ttl", format="turtle")
    assert_isomorphic(expected, blank_statements(build_rdf([result], include_ontology=False)))


@pytest.mark.parametrize("modality", ["negated", "intended", "denied", "hedged"])
def test_non_factual_assertion_has_no_direct_triple(modality):
    g = build_rdf([one_fact_result("a1", "Iran did not sell drones to Venezuela.", IRAN, VENEZUELA, modality)],
                  include_ontology=False)
    (a,) = assertions(g)
    assert g.value(a, KG.modality) == KG[modality]
    assert (entity_iri("iran"), KG.supplies, entity_iri("venezuela")) not in g
    assert not list(g.subjects(RDF.type, KG.Fact))  # counted as a claim of its modality, never as a fact
    (claim,) = g.subjects(RDF.type, KG.Claim)
    assert g.value(claim, KG.modality) == KG[modality] and g.value(claim, KG.sample) == a


def test_two_articles_one_triple_two_assertions():
    g = build_rdf([one_fact_result("a1", "China sold drones to Russia.", CHINA, RUSSIA, "asserted"),
                   one_fact_result("a2", "China reportedly shipped drones to Russia.", CHINA, RUSSIA, "reported")],
                  include_ontology=False)
    assert list(g.triples((None, KG.supplies, None))) == [(entity_iri("china"), KG.supplies, entity_iri("russia"))]
    found = assertions(g)
    assert len(found) == 2
    assert {g.value(a, PROV.wasDerivedFrom).split("/")[-1] for a in found} == {"a1", "a2"}
    (fact,) = facts_of(g, entity_iri("china"), KG.supplies, entity_iri("russia"))
    assert (g.value(fact, KG.articleCount), g.value(fact, KG.assertionCount)) == (Literal(2), Literal(2))
    assert str(g.value(fact, KG.evidence)) == "China sold drones to Russia."  # the first article's sentence
    claims = {g.value(c, KG.modality): g.value(c, KG.articleCount) for c in g.subjects(RDF.type, KG.Claim)}
    assert claims == {KG.asserted: Literal(1), KG.reported: Literal(1)}


# -- determinism and atomic output ---------------------------------------------

def test_same_input_gives_byte_identical_graph(built, tmp_path):
    build([ARTICLES], tmp_path)
    assert (tmp_path / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()


def test_write_atomic_crash_midway_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("previous graph\n", encoding="utf-8")

    class Crash(Exception):
        pass

    import kg.graph.rdf as kg_graph
    real_fdopen = kg_graph.os.fdopen

    def half_then_crash(fd, mode):
        fh = real_fdopen(fd, mode)
        real_write = fh.write

        def write(data):
            real_write(data[: len(data) // 2])
            raise Crash("disk full")

        fh.write = write
        return fh

    monkeypatch.setattr(kg_graph.os, "fdopen", half_then_crash)
    with pytest.raises(Crash):
        write_atomic(target, "@prefix kg: <https://w3id.org/kg-news/ontology#> .\n" * 100)
    assert target.read_text(encoding="utf-8") == "previous graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left behind


def test_build_crashing_before_graph_ttl_is_in_place_keeps_the_previous_one(built, tmp_path, monkeypatch):
    """A crash while graph.ttl is being written (here: at the very last step) leaves the old file whole."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous graph\n", encoding="utf-8")
    real_replace = os.replace

    def crash_on_graph_ttl(src, dst, *args, **kwargs):
        if Path(dst).name == "graph.ttl":
            raise MemoryError("simulated crash while writing graph.ttl")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", crash_on_graph_ttl)
    with pytest.raises(MemoryError):
        build([ARTICLES], out)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous graph\n"
    assert not list(out.glob(".graph.ttl*")), "temporary file left behind"
