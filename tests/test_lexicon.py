"""The trigger lexicon is data: a relation added to a copy of the ontology is
extracted with no change to Python."""
from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.extract.lexicon import load_lexicon
from kg.resources import DEFAULT_ONTOLOGY
from kg.model import Article
from kg.extract.nlp import load_nlp

CONDEMNS = """
kg:condemns a owl:ObjectProperty ;
    kg:relationProperty true ;
    rdfs:label "condemns"@en ;
    rdfs:comment "The subject publicly condemns the object."@en ;
    rdfs:domain kg:Actor ; rdfs:range kg:Actor ;
    kg:trigger "condemn", "denounce" ;
    kg:nounTrigger "condemnation" .
"""


def test_a_relation_added_to_the_ontology_is_extracted(tmp_path: Path):
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text(DEFAULT_ONTOLOGY.read_text(encoding="utf-8") + CONDEMNS, encoding="utf-8")
    lexicon = load_lexicon(ontology)
    assert "condemns" in lexicon.relations
    text = "Canada condemned Iran on Monday. Japan did not denounce Russia."
    facts = extract(Article(id="t", text=text), load_nlp(lexicon)(text), lexicon).facts
    got = {(f.subject.label, f.relation, f.object.label, f.modality) for f in facts}
    assert got == {("Canada", "condemns", "Iran", "asserted"), ("Japan", "condemns", "Russia", "negated")}


def test_a_relation_without_triggers_is_a_clear_error(tmp_path: Path):
    import pytest

    from kg.errors import OntologyError

    ontology = tmp_path / "ontology.ttl"
    broken = CONDEMNS.replace('kg:trigger "condemn", "denounce" ;', "").replace('kg:nounTrigger "condemnation" ', "")
    ontology.write_text(DEFAULT_ONTOLOGY.read_text(encoding="utf-8") + broken.replace(" ;\n    .", " ."),
                        encoding="utf-8")
    with pytest.raises(OntologyError, match="condemns has no kg:trigger"):
        load_lexicon(ontology)


def test_the_built_graph_carries_the_new_relation(tmp_path: Path):
    from rdflib import Graph, URIRef

    from kg.build import build

    ontology = tmp_path / "ontology.ttl"
    ontology.write_text(DEFAULT_ONTOLOGY.read_text(encoding="utf-8") + CONDEMNS, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Canada condemned Iran on Monday after the missile test.\n", encoding="utf-8")
    build([article], tmp_path / "out", ontology=ontology)
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    condemns = URIRef("https://w3id.org/kg-news/ontology#condemns")
    assert [(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, o in g.subject_objects(condemns)] == \
        [("canada", "iran")]
