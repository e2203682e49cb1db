"""kg.namespace.KG is closed, and it and the bundled ontology.ttl agree both ways.

A user may add a relation to their own ontology without touching Python (it is
then not in KG; see kg.graph.rdf.relation_iri); a term added to the bundled
ontology.ttl belongs in KG too, so the code can name it without typos.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.resources import DEFAULT_ONTOLOGY
from kg.namespace import KG

NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(DEFAULT_ONTOLOGY, format="turtle")


def kg_terms(terms) -> set[str]:
    return {str(t)[len(NS):] for t in terms if isinstance(t, URIRef) and str(t).startswith(NS)}


def test_every_kg_term_is_defined_in_the_ontology(ontology):
    defined = kg_terms(ontology.subjects())
    assert sorted(set(KG.__annotations__) - defined) == [], "in kg/namespace.py, not defined in ontology.ttl"


def test_every_ontology_term_is_in_kg(ontology):
    defined = kg_terms(ontology.subjects())
    assert sorted(defined - set(KG.__annotations__)) == [], "defined in ontology.ttl, missing from kg/namespace.py"


def test_ontology_uses_only_defined_terms(ontology):
    used = kg_terms(t for triple in ontology for t in triple)
    assert sorted(used - kg_terms(ontology.subjects())) == [], "used in ontology.ttl but never defined there"


def test_kg_is_closed():
    assert KG.supplies == URIRef(NS + "supplies")
    with pytest.raises(AttributeError):
        KG.suplies  # noqa: B018 - a typo must fail, not mint a new IRI
