"""`kg validate`: shapes.ttl says what a valid graph is; each rule, broken on purpose, is reported."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.build import build
from kg.cli import main
from kg.graph.rdf import article_iri, build_rdf, entity_iri
from kg.model import Article, ArticleResult, Entity, Fact
from kg.namespace import KG
from kg.query.shacl import load_shapes, short, validate_graph

CHINA = Entity("china", "China", "Country", ("Beijing",), "Q148")
RUSSIA = Entity("russia", "Russia", "Country", ("Moscow",), "Q159")
TEXT = "Shipping resumed. China sold drones to Russia in March."
START = TEXT.index("China")
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()[1]


def valid_graph() -> Graph:
    """One article, one asserted fact, with the ontology: a graph that conforms."""
    fact = Fact(CHINA, "supplies", RUSSIA, "asserted", 0.9, TEXT[START:], "a1", START, len(TEXT), "verb:sell",
                items=("drones",), time="March")
    article = Article(id="a1", text=TEXT, date="2024-03-05")
    return build_rdf([ArticleResult(article, {"china": CHINA, "russia": RUSSIA}, [fact])])


def the_assertion(g: Graph) -> URIRef:
    (a,) = g.subjects(RDF.type, KG.Assertion)
    return a


def test_the_graph_of_one_article_conforms(shapes):
    assert validate_graph(valid_graph(), shapes) == []


def broken(shapes, change) -> list[str]:
    g = valid_graph()
    change(g, the_assertion(g))
    return [str(v) for v in validate_graph(g, shapes)]


def test_an_entity_with_two_labels(shapes):
    found = broken(shapes, lambda g, a: g.add((entity_iri("china"), RDFS.label, Literal("PRC", lang="en"))))
    assert found == ["id:entity/china  rdfs:label: an entity has exactly one rdfs:label (its preferred name); "
                     "the others are skos:altLabel"]


def test_an_entity_without_a_type_or_with_two(shapes):
    found = broken(shapes, lambda g, a: g.remove((entity_iri("russia"), RDF.type, None)))
    assert found == ["id:entity/russia  rdf:type: an entity has exactly one type"]
    found = broken(shapes, lambda g, a: g.add((entity_iri("russia"), RDF.type, KG.Organization)))
    assert found == ["id:entity/russia  rdf:type: an entity has exactly one type"]


def test_an_entity_typed_with_what_is_not_an_actor(shapes):
    def change(g, a):
        g.set((entity_iri("russia"), RDF.type, URIRef(SCHEMA + "Place")))
    found = broken(shapes, change)
    assert found == ["id:entity/russia  rdf:type  schema:Place: an entity's type is kg:Actor or one of its "
                     "subclasses (kg:Country, kg:Person, ...)"]


@pytest.mark.parametrize("prop", [KG.subject, KG.relation, KG.object, KG.modality, KG.evidence, KG.startOffset,
                                  KG.endOffset, PROV.wasDerivedFrom, KG.confidence])
def test_an_assertion_missing_a_part(shapes, prop):
    found = broken(shapes, lambda g, a: g.remove((a, prop, None)))
    assert any(f"  {short(prop)}: an assertion" in line for line in found), found


@pytest.mark.parametrize("value", ["1.5", "-0.1"])
def test_confidence_outside_0_1(shapes, value):
    found = broken(shapes, lambda g, a: g.set((a, KG.confidence, Literal(Decimal(value)))))
    assert len(found) == 1 and found[0].endswith(f"kg:confidence  {value}: an assertion has one kg:confidence, "
                                                 "a decimal in [0, 1]")


def test_offsets_beyond_the_articles_text(shapes):
    found = broken(shapes, lambda g, a: g.set((article_iri("a1"), KG.textLength, Literal(20))))
    assert len(found) == 1 and "the evidence's offsets lie outside its article's text (20 characters)" in found[0]


def test_offsets_that_do_not_span_the_evidence(shapes):
    found = broken(shapes, lambda g, a: g.set((a, KG.evidence, Literal("China sold drones."))))
    assert len(found) == 1 and "the evidence is not as long as its offsets say" in found[0]
    found = broken(shapes, lambda g, a: (g.set((a, KG.startOffset, Literal(len(TEXT)))),
                                         g.set((a, KG.endOffset, Literal(START)))))
    assert any("before its kg:endOffset" in line for line in found), found


def test_a_direct_triple_of_a_statement_that_is_not_a_fact(shapes):
    found = broken(shapes, lambda g, a: g.set((a, KG.modality, KG.negated)))
    assert "id:entity/china  kg:supplies  id:entity/russia: a direct triple with no asserted or reported " \
           "assertion behind it" in found


def test_a_fact_without_its_direct_triple(shapes):
    found = broken(shapes, lambda g, a: g.remove((entity_iri("china"), KG.supplies, entity_iri("russia"))))
    assert len(found) == 1 and found[0].endswith(
        "kg:asserted: a factual assertion without its direct triple (kg:subject kg:relation kg:object)")


def test_a_time_value_that_is_not_a_date(shapes):
    assert (None, KG.timeValue, Literal("2024-03", datatype=XSD.gYearMonth)) in valid_graph()
    found = broken(shapes, lambda g, a: g.set((a, KG.timeValue, Literal("March"))))
    assert len(found) == 1 and "kg:timeValue  March: kg:timeValue is at most one xsd:date" in found[0]


def test_kg_validate_passes_the_bundled_build(built, capsys):
    assert main(["validate", "--out", str(built)]) == 0
    assert "valid," in capsys.readouterr().out


def test_kg_validate_passes_a_build_of_a_test_set(tmp_path):
    stories = Path(__file__).parent / "data" / "eval" / "stories"
    build([stories], tmp_path, formats=["none"])
    assert main(["validate", "--out", str(tmp_path)]) == 0


def test_kg_validate_prints_each_violation_and_exits_1(tmp_path, capsys):
    g = valid_graph()
    g.set((the_assertion(g), KG.confidence, Literal(Decimal("2"))))
    g.serialize(tmp_path / "graph.ttl", format="turtle")  # an older build: graph.ttl, no store
    assert main(["validate", "--out", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id:assertion/") and lines[0].endswith("kg:confidence  2: an assertion has one "
                                                                      "kg:confidence, a decimal in [0, 1]")
    assert lines[-1] == f"{tmp_path}: 1 violation(s) of shapes.ttl on 1 node(s)"


def test_unreadable_shapes_are_a_one_line_error(built, tmp_path, capsys):
    bad = tmp_path / "shapes.ttl"
    bad.write_text("kg:Entity a sh:NodeShape", encoding="utf-8")
    assert main(["validate", "--out", str(built), "--shapes", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kg: error: {bad}: cannot read the SHACL shapes") and err.count("\n") == 1
