"""The page without a browser: the networkx projection, its counts, the
escaping of the embedded data, self-containment and determinism."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.rdf import entity_iri, relation_iri
from kg.page.layout import layout
from kg.namespace import KG
from kg.page.render import PHYSICS_MAX, page_data, render_page, script_json, write_page
from kg.page.projection import project

from pagegraphs import ENTITIES, FACTS, PLANTED, SCRIPT, count, synthetic_graph

WHEN = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)


def embedded(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


def test_projection_has_every_entity_and_relation_triple(graph):
    g = project(graph)
    assert g.number_of_nodes() == count(graph, ENTITIES)
    facts = [(u, k, v) for u, v, k, f in g.edges(keys=True, data="factual") if f]
    assert len(facts) == count(graph, FACTS) > 0
    for u, k, v in facts:
        assert (URIRef(u), URIRef(k), URIRef(v)) in graph
        assert g.nodes[u]["label"] == str(graph.value(URIRef(u), RDFS.label))


def test_statements_that_are_not_facts_are_edges_marked_not_factual(graph):
    g = project(graph)
    for u, v, k, attrs in g.edges(keys=True, data=True):
        if not attrs["factual"]:
            assert (URIRef(u), URIRef(k), URIRef(v)) not in graph
            assert attrs["assertions"] and not any(a["factual"] for a in attrs["assertions"])
        for a in attrs["assertions"]:
            assert a["evidence"] and a["article"]


def test_relations_are_read_from_the_graph_not_hard_coded():
    graph = synthetic_graph(12, 15)
    condemns = relation_iri("condemns")
    graph.add((condemns, RDF.type, OWL.ObjectProperty))
    graph.add((condemns, KG.relationProperty, Literal(True)))
    graph.add((condemns, RDFS.label, Literal("condemns", lang="en")))
    graph.add((entity_iri("e00001"), condemns, entity_iri("e00002")))
    data = page_data(graph, WHEN)
    labels = [r["label"] for r in data["relations"]]
    assert labels == sorted(labels) and "condemns" in labels
    rel = labels.index("condemns")
    assert [f for f in data["facts"] if f["relation"] == rel and f["factual"]]
    assert len({r["color"] for r in data["relations"]}) == len(labels)


def test_data_counts_and_header(built, graph):
    html = (built / "graph.html").read_text(encoding="utf-8")
    data = embedded(html)
    assert len(data["nodes"]) == len(data["entities"]) == count(graph, ENTITIES)
    assert sum(f["factual"] for f in data["facts"]) == count(graph, FACTS) == data["meta"]["counts"]["facts"]
    assert len(data["edges"]) == len(data["facts"])
    assert f"<b>{data['meta']['counts']['entities']}</b> entities" in html
    assert "built " in html and data["meta"]["counts"]["articles"] == 2


def test_script_json_cannot_end_the_script_block():
    text = script_json({"a": f"{PLANTED} {SCRIPT} </script><!-- & \u2028"})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"a": f"{PLANTED} {SCRIPT} </script><!-- & \u2028"}


def test_planted_markup_never_reaches_the_html_as_markup(tmp_path):
    write_page(synthetic_graph(30, 40, planted=True), tmp_path / "graph.html", WHEN)
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "<img" not in html and "__kgxss=2</script>" not in html
    assert len(re.findall(r"^<script", html, re.M)) == html.count("</script>") == 3  # data, vis-network, page
    assert any(PLANTED in e["label"] for e in embedded(html)["entities"])  # kept as text, not dropped


def test_page_is_self_contained_and_locked_down(built):
    html = (built / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", html, re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap|sourceMappingURL", html, re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "vis.Network" in html and len(html) < 2_000_000


def test_same_graph_same_bytes_except_the_build_time(graph, tmp_path):
    write_page(graph, tmp_path / "a.html", WHEN)
    write_page(graph, tmp_path / "b.html", WHEN)
    write_page(graph, tmp_path / "c.html", datetime(2030, 6, 7, 8, 9, tzinfo=timezone.utc))
    a, b, c = ((tmp_path / n).read_text(encoding="utf-8") for n in ("a.html", "b.html", "c.html"))
    assert a == b
    assert "2025-01-02 03:04 UTC" in a and a.replace("2025-01-02 03:04", "2030-06-07 08:09") == c


def test_the_layout_is_the_same_in_every_process():
    """Python hashes strings differently in each process; the page's bytes must not
    change with it (they did: a subgraph of a few components iterates a set)."""
    code = ("import json, networkx as nx; from kg.page.layout import layout; g = nx.MultiDiGraph(); "
            "[g.add_edge(f'c{c}-{i}', f'c{c}-{(i * 7 + 3) % 23}', key='r') for c in range(4) for i in range(23)]; "
            "print(json.dumps(sorted(layout(g).items())))")
    runs = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
                           capture_output=True, text=True, cwd=Path(__file__).parent.parent).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1 and "c3-22" in runs.pop()


def test_write_page_writes_only_its_path(graph, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    write_page(graph, tmp_path / "out" / "graph.html")
    assert list(cwd.iterdir()) == [] and [p.name for p in (tmp_path / "out").iterdir()] == ["graph.html"]


def test_small_graphs_settle_with_physics_large_ones_are_laid_out_in_python():
    small, large = page_data(synthetic_graph(40, 60), WHEN), page_data(synthetic_graph(PHYSICS_MAX + 50, 500), WHEN)
    assert small["meta"]["physics"] and small["options"]["physics"]["enabled"]
    assert not large["meta"]["physics"] and large["options"]["physics"] == {"enabled": False}
    assert large["options"]["edges"]["smooth"] is False
    positions = {(n["x"], n["y"]) for n in large["nodes"]}
    assert len(positions) == len(large["nodes"])  # every node placed, none on top of another


def test_a_cap_leaves_out_the_least_connected_and_says_so():
    data = page_data(synthetic_graph(80, 120), WHEN, max_nodes=50)
    assert len(data["nodes"]) == 50 and data["meta"]["omitted"] == 30 and data["meta"]["counts"]["entities"] == 80
    assert "30 left out" in render_page(data)


def test_a_graph_without_entities_still_gets_a_page(tmp_path):
    write_page(Graph(), tmp_path / "graph.html", WHEN)
    data = embedded((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert data["nodes"] == data["edges"] == [] and data["meta"]["counts"]["entities"] == 0


def test_layout_is_deterministic_and_separates_components():
    import networkx as nx

    g = nx.disjoint_union(nx.path_graph(30), nx.star_graph(5))
    a, b = layout(g), layout(g)
    assert a == b and set(a) == set(g)
    assert len(set(a.values())) == len(a)


def test_edge_width_counts_articles_and_parallel_edges_curve():
    data = page_data(synthetic_graph(20, 200, articles=10), WHEN)
    widths = {e["width"] for e, f in zip(data["edges"], data["facts"]) if f["factual"]}
    assert len(widths) > 1 and max(widths) <= 9
    assert any("smooth" in e for e in data["edges"])
    assert all(e["dashes"] for e, f in zip(data["edges"], data["facts"]) if not f["factual"])


def test_templates_are_package_data():
    here = Path(__file__).resolve().parent.parent
    assert '"kg.page" = ["templates/*"]' in (here / "pyproject.toml").read_text()
    for name in ("graph.html", "graph.js", "graph.css"):
        assert (here / "kg" / "page" / "templates" / name).is_file()
