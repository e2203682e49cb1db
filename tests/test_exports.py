"""Exports analysts' tools read: GraphML and GEXF (Gephi), CSV (a spreadsheet), TriG and
N-Quads (another SPARQL store); each read back by its own reader."""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.build import build
from kg.cli import main
from kg.store.base import MERGED_GRAPH, ONTOLOGY_GRAPH

from conftest import ARTICLES

ALL = ["ttl", "graphml", "gexf", "csv", "trig", "nquads"]
CHINA = "https://w3id.org/kg-news/id/entity/china"
RUSSIA = "https://w3id.org/kg-news/id/entity/russia"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    build([ARTICLES], out, formats=ALL)
    return out


def test_graphml_opens_with_networkx_with_entities_and_facts(exported):
    g = nx.read_graphml(exported / "graph.graphml", force_multigraph=True)
    assert g.nodes[CHINA] == {"label": "China", "type": "Country", "wikidata": "Q148",
                              "other_names": g.nodes[CHINA]["other_names"]}
    assert "Beijing" in g.nodes[CHINA]["other_names"].split("; ")
    (edge,) = [e for e in g.get_edge_data(CHINA, RUSSIA).values() if e["relation"] == "supplies"]
    assert edge["factual"] is True and edge["articles"] == 2 and edge["assertions"] == 4
    assert edge["modality"] == "asserted; hedged; intended; reported"
    assert edge["sentence"].startswith("Since March, China has reportedly shipped")
    negated = [e for e in g.get_edge_data(CHINA, RUSSIA).values() if e["relation"] == "sanctions"]
    assert negated and negated[0]["factual"] is False and negated[0]["modality"] == "negated"


def test_graphml_and_gexf_declare_each_attributes_type_for_gephi(exported):
    keys = {k.get("attr.name"): k.get("attr.type")
            for k in ET.parse(exported / "graph.graphml").getroot().iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert keys["articles"] in ("int", "long") and keys["factual"] == "boolean" and keys["label"] == "string"
    ns = "{http://www.gexf.net/1.2draft}"
    declared = {a.get("title"): a.get("type") for a in ET.parse(exported / "graph.gexf").getroot().iter(ns + "attribute")}
    assert declared["articles"] in ("integer", "long") and declared["factual"] == "boolean"
    assert declared["type"] == "string" and declared["sentence"] == "string"


def test_gexf_opens_with_networkx(exported):
    g = nx.read_gexf(exported / "graph.gexf")
    assert g.nodes[CHINA]["label"] == "China" and g.nodes[CHINA]["type"] == "Country"
    assert any(e["relation"] == "supplies" and e["articles"] == 2 for e in g.get_edge_data(CHINA, RUSSIA).values())


def test_csv_files_open_with_the_csv_module(exported):
    with open(exported / "facts.csv", newline="", encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    with open(exported / "entities.csv", newline="", encoding="utf-8") as fh:
        entities = list(csv.DictReader(fh))
    assert list(facts[0]) == ["subject", "relation", "object", "articles", "assertions", "items", "first_date",
                              "sentence", "article", "subject_id", "object_id"]
    row = next(f for f in facts if (f["subject"], f["relation"], f["object"]) == ("China", "supplies", "Russia"))
    assert (row["articles"], row["assertions"], row["article"]) == ("2", "4", "000_97b232455cd2a4c7")
    assert "drones" in row["items"].split("; ")
    assert not any(f["relation"] == "sanctions" and f["subject"] == "China" for f in facts)  # negated: no fact
    quoted = next(f for f in facts if '"' in f["sentence"])  # a sentence with quotes and commas survives
    assert quoted["sentence"].startswith("Chinese state defense companies")
    china = next(e for e in entities if e["label"] == "China")
    assert (china["id"], china["type"], china["wikidata"]) == (CHINA, "Country", "Q148")
    assert {f["subject_id"] for f in facts} <= {e["id"] for e in entities}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser uses its own deprecated classes
def test_trig_and_nquads_hold_the_stores_named_graphs(exported):
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.nq", ox.RdfFormat.N_QUADS)):
        store = ox.Store()
        store.load(path=str(exported / name), format=fmt)
        graphs = {g.value for g in store.named_graphs()}
        assert ONTOLOGY_GRAPH in graphs and any(g.startswith(MERGED_GRAPH + "/") for g in graphs)
        assert "https://w3id.org/kg-news/id/article/000_97b232455cd2a4c7" in graphs
        assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))  # every quad in its graph
    dataset = rdflib.Dataset()
    dataset.parse(exported / "graph.trig", format="trig")
    union = rdflib.Graph().parse(exported / "graph.ttl", format="turtle")
    quads = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert len(quads) == len(union)  # the named graphs hold exactly graph.ttl, without overlap


def test_the_same_input_gives_the_same_bytes_and_kg_export_agrees(exported, tmp_path):
    build([ARTICLES], tmp_path, formats=ALL)
    for name in ("graph.graphml", "graph.gexf", "facts.csv", "entities.csv", "graph.trig", "graph.nq"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name
    again = tmp_path / "again"
    again.mkdir()
    for name in ("graph.graphml", "graph.gexf", "facts.csv", "graph.trig", "graph.nq"):
        (again / name).write_bytes((tmp_path / name).read_bytes())
        (tmp_path / name).unlink()
    assert main(["export", "graphml", "gexf", "csv,trig", "nquads", "--out", str(tmp_path)]) == 0
    for name in ("graph.graphml", "graph.gexf", "facts.csv", "graph.trig", "graph.nq"):
        assert (tmp_path / name).read_bytes() == (again / name).read_bytes(), name


def test_an_unknown_format_is_one_line_listing_the_known(exported, capsys):
    assert main(["export", "xlsx", "--out", str(exported)]) == 2
    err = capsys.readouterr().err
    assert err == ("kg: error: unknown export format 'xlsx'; known: csv, gexf, graphml, html, jsonld, none, "
                   "nquads, trig, ttl\n")
    assert main(["build", str(ARTICLES), "--out", str(exported), "--formats", "ttl,xlsx"]) == 2
    assert "unknown export format 'xlsx'" in capsys.readouterr().err


def test_export_without_a_build_says_to_build(tmp_path, capsys):
    assert main(["export", "csv", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"kg: error: {tmp_path / 'store'}: no store here; run `kg build` first\n"
