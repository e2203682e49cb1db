"""The store: one named graph per article in an embedded Oxigraph store, or on a
SPARQL 1.1 endpoint (a real Oxigraph server started here), and `kg query`
reading the store instead of re-parsing graph.ttl.
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

from kg.build import build
from kg.cli import main
from kg.errors import StoreError, UnknownNameError
from kg.graph.rdf import article_iri
from kg.query.named import bind_values, load_graph, run_query
from kg.store.remote import GraphStoreProtocol, SparqlUpdate
from kg.store.base import MERGED_GRAPH, ONTOLOGY_GRAPH, open_store
from kg.store.embedded import OxigraphStore

from conftest import ARTICLES, ROOT

DEV = ROOT.parent / "shared" / "eval" / "dev"
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def merged_shards(graphs: set[str]) -> set[str]:
    """The shards of the merged graph among ``graphs``; there is at least one."""
    shards = {g for g in graphs if g.startswith(MERGED_GRAPH + "/")}
    assert shards and all(re.fullmatch(r"[0-9a-f]{3}", g[len(MERGED_GRAPH) + 1:]) for g in shards)
    return shards


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))[0].value)


# -- choosing a store by name ----------------------------------------------------

def test_store_is_chosen_by_path_or_url_scheme(tmp_path):
    with open_store(tmp_path / "s") as s:
        assert isinstance(s, OxigraphStore)
    with open_store(f"oxigraph:{tmp_path / 't'}") as s:
        assert isinstance(s, OxigraphStore) and s.location == str(tmp_path.resolve() / "t")
    assert isinstance(open_store("http://127.0.0.1:1/store"), GraphStoreProtocol)
    assert isinstance(open_store("http://127.0.0.1:1/ds/update"), SparqlUpdate)
    assert isinstance(open_store("gsp+https://example.org/sparql/update"), GraphStoreProtocol)
    assert isinstance(open_store("update+http://example.org/sparql"), SparqlUpdate)


def test_unknown_store_scheme_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match=r"unknown store 'ftp'; known: gsp, http, https, oxigraph, update"):
        open_store("ftp://example.org/x")


def test_a_store_held_by_another_writer_is_a_one_line_error(tmp_path):
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use by another process"):
            open_store(tmp_path / "s")


def test_unreachable_endpoint_is_a_one_line_error():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach the endpoint"):
        open_store(f"http://127.0.0.1:{port}/store").put({MERGED_GRAPH: b""})


# -- the embedded store of a build -------------------------------------------------

def test_build_writes_one_named_graph_per_article(built):
    store = ox.Store.read_only(str(built / "store"))
    graphs = {g.value for g in store.named_graphs()}
    ids = {p.stem for p in ARTICLES.glob("*.txt")}
    assert graphs - merged_shards(graphs) == {str(article_iri(i)) for i in ids} | {ONTOLOGY_GRAPH}
    # the graphs share no triple; their union is graph.ttl, and the default graph holds it too
    size = len(Graph().parse(built / "graph.ttl", format="turtle"))
    assert count(store, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == size
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == size
    assert count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }") == 0


def test_article_graph_holds_its_assertions_and_nothing_else(built):
    store = ox.Store.read_only(str(built / "store"))
    graph = ox.NamedNode(str(article_iri("001_a13f49f80d360422")))
    derived = {q.object.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None, graph)}
    assert derived == {graph.value}


def test_query_reads_the_store_not_graph_ttl(built, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(built / "store", out / "store")  # a build whose export was deleted
    assert main(["query", "suppliers", "--param", "entity=Russia", "--format", "csv", "--out", str(out)]) == 0
    assert "China,Russia" in capsys.readouterr().out


def test_query_falls_back_to_graph_ttl_of_an_older_build(built, tmp_path):
    shutil.copy(built / "graph.ttl", tmp_path / "graph.ttl")
    store = load_graph(tmp_path)
    assert isinstance(store, ox.Store)  # in memory, queried by pyoxigraph as the store is
    assert run_query(store, "SELECT ?s { ?s a <https://w3id.org/kg-news/ontology#Assertion> }").rows


def test_values_bind_in_the_where_clause_of_every_query_form():
    russia = {"entity": Literal("Russia")}
    assert bind_values("CONSTRUCT { ?s ?p ?entity } WHERE { ?s ?p ?entity }", russia) == \
        'CONSTRUCT { ?s ?p ?entity } WHERE { VALUES (?entity) { ("Russia") } ?s ?p ?entity }'
    text = '# a { in a comment\nPREFIX ex: <http://ex.org/a#b>\nASK { ?s ex:p "{" , ?entity }'
    assert bind_values(text, russia) == text.replace("ASK {", 'ASK { VALUES (?entity) { ("Russia") }')
    with pytest.raises(Exception, match="not a valid IRI"):
        bind_values("SELECT * { ?s ?p ?o }", {"o": URIRef("http://x> } ; DROP ALL ; <y")})


@pytest.mark.parametrize("graphs", [3, 100])  # patched in place / dropped and bulk-loaded
def test_rewriting_graphs_leaves_exactly_their_new_triples(tmp_path, graphs):
    def data(version: int) -> dict[str, bytes]:
        return {f"urn:g{i}": b"".join(f"<urn:s{i}> <urn:p> <urn:o{i}-{version}-{k}> .\n".encode()
                                      for k in range(version + 1)) for i in range(graphs)}

    with open_store(tmp_path / "s") as store:
        store.put(data(2))
        store.put(data(1))  # each graph loses one triple and changes another
    store = ox.Store.read_only(str(tmp_path / "s"))
    expected = {line.decode() for nt in data(1).values() for line in nt.splitlines()}
    assert {f"{q.triple} ." for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == expected
    assert {f"{q.triple} ." for q in store if not isinstance(q.graph_name, ox.DefaultGraph)} == expected
    assert {g.value for g in store.named_graphs()} == set(data(1))


def test_build_with_no_export_writes_the_store_only(tmp_path):
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", tmp_path / "a.txt")
    report = build([tmp_path / "a.txt"], tmp_path / "out", formats=["none"], jobs=1)
    assert report.files == [] and not (tmp_path / "out" / "graph.ttl").exists()
    assert (tmp_path / "out" / "store").is_dir()
    with pytest.raises(UnknownNameError, match="known: csv, gexf, graphml, html, jsonld, none, nquads, trig, ttl"):
        build([tmp_path / "a.txt"], tmp_path / "out", formats=["rdf"])


# -- a remote SPARQL 1.1 endpoint: a real Oxigraph server ----------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    """``oxigraph serve`` on a free loopback port; yields its base URL."""
    if not OXIGRAPH.exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start: " + proc.stderr.read1().decode())
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def remote_counts(url: str) -> tuple[int, set[str]]:
    sw = SPARQLWrapper(url + "/query")
    sw.setQuery("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]
    return sum(int(r["n"]["value"]) for r in rows), {r["g"]["value"] for r in rows}


@pytest.mark.server
@pytest.mark.parametrize("path", ["store", "update"])
def test_build_into_a_remote_endpoint_and_remove_an_article(oxigraph_server, tmp_path, path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, inputs / p.name)
    spec = f"{oxigraph_server}/{path}"
    report = build([inputs], tmp_path / "out", store=spec, formats=["ttl"], jobs=1)
    size, graphs = remote_counts(oxigraph_server)
    assert (report.store, report.written) == (spec, len(graphs))
    assert graphs - merged_shards(graphs) == {str(article_iri(p.stem)) for p in inputs.glob("*.txt")} | {ONTOLOGY_GRAPH}
    assert size == len(Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle"))

    gone = next(iter(sorted(inputs.glob("*.txt"))))
    gone.unlink()
    report = build([inputs], tmp_path / "out", store=spec, formats=["ttl"], jobs=1)
    size, after = remote_counts(oxigraph_server)
    # its graph goes, and the merged shards that held only what it said
    assert (report.extracted, report.dropped) == (0, len(graphs - after))
    assert str(article_iri(gone.stem)) in graphs - after and not after - graphs
    assert size == len(Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle"))

    sw = SPARQLWrapper(oxigraph_server + "/query")  # the named queries work on the endpoint too
    sw.setQuery((ROOT / "queries" / "sanctions.rq").read_text(encoding="utf-8"))
    sw.setReturnFormat(CSV)
    assert sw.queryAndConvert().decode().startswith("imposer,target,articles,evidence")
