"""`kg serve`: the built store as a read-only SPARQL 1.1 Protocol endpoint,
queried over HTTP with SPARQLWrapper (GET and POST, JSON/XML/CSV/TSV by
content negotiation), updates refused with 403, a timeout and a result cap."""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.cli import main
from kg.query.serve import make_server

from conftest import ARTICLES, ROOT

pytestmark = pytest.mark.server
PREFIXES = "PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(built):
    server = make_server(built, port=0, timeout=2, max_results=5, workers=1, log=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def sparql(url: str, query: str, fmt=JSON, method=None) -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    return sw


def http(url: str, data: bytes | None = None, headers: dict | None = None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_select_over_get_and_post_in_json(endpoint):
    q = PREFIXES + "SELECT ?name WHERE { ?e a kg:Country ; rdfs:label ?name } ORDER BY ?name"
    for method in (None, POST):
        rows = sparql(endpoint, q, method=method).queryAndConvert()["results"]["bindings"]
        assert {"type": "literal", "value": "China", "xml:lang": "en"} in [r["name"] for r in rows]


@pytest.mark.parametrize("fmt, starts", [(XML, b"<?xml"), (CSV, b"name\r\n"), (TSV, b"?name\n")])
def test_xml_csv_tsv_by_content_negotiation(endpoint, fmt, starts):
    sw = sparql(endpoint, PREFIXES + "SELECT ?name WHERE { ?e a kg:Country ; rdfs:label ?name } LIMIT 1", fmt)
    result = sw.query()
    body = result.response.read()
    assert body.startswith(starts), body[:60]
    assert result.response.headers["Content-Type"].split(";")[0] in (
        "application/sparql-results+xml", "text/csv", "text/tab-separated-values")


def test_ask_and_construct(endpoint):
    assert sparql(endpoint, PREFIXES + "ASK { ?s kg:supplies ?o }").queryAndConvert()["boolean"] is True
    g = sparql(endpoint, PREFIXES + "CONSTRUCT { ?s kg:supplies ?o } WHERE { ?s kg:supplies ?o }",
               TURTLE).queryAndConvert()
    assert len(Graph().parse(data=g, format="turtle")) >= 1


def test_named_query_runs_over_the_union_of_article_graphs(endpoint):
    text = (ROOT / "queries" / "sanctions.rq").read_text(encoding="utf-8")
    rows = sparql(endpoint, text).queryAndConvert()["results"]["bindings"]
    assert {(r["imposer"]["value"], r["target"]["value"]) for r in rows} >= {("United States", "Russia")}


def test_updates_are_refused_with_403(endpoint):
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    status, _, body = http(endpoint, update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, _ = http(endpoint, urllib.parse.urlencode({"update": update}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    assert sparql(endpoint, "ASK { <http://example.org/a> ?p ?o }").queryAndConvert()["boolean"] is False


def test_result_cap_cuts_and_says_so(endpoint):
    result = sparql(endpoint, "SELECT * WHERE { ?s ?p ?o }").query()
    assert result.response.headers["X-KG-Truncated"] == "true"
    assert len(result.convert()["results"]["bindings"]) == 5


def test_timeout_stops_the_query_and_the_server_goes_on(endpoint):
    start = time.monotonic()
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": SLOW}))
    assert status == 503 and b"timeout" in body
    assert time.monotonic() - start < 10
    assert sparql(endpoint, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True  # a fresh worker


def test_bad_query_and_unacceptable_format(endpoint):
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?y }"}))
    assert status == 400 and body.startswith(b"bad SPARQL")
    status, _, _ = http(endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"}), headers={"Accept": "image/png"})
    assert status == 406


def test_a_query_asked_again_is_answered_from_kept_answers(endpoint):
    query = PREFIXES + "SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    first = http(url, headers={"Accept": "text/csv"})
    again = http(url, headers={"Accept": "text/csv"})
    assert first[0] == again[0] == 200 and first[2] == again[2] and b"China" in again[2]
    assert "X-KG-Cache" not in first[1] and again[1]["X-KG-Cache"] == "hit"
    other = http(url, headers={"Accept": "text/tab-separated-values"})  # another format: its own answer
    assert "X-KG-Cache" not in other[1] and other[2].startswith(b"?l")
    bad = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?y }"})
    assert [http(bad)[1].get("X-KG-Cache") for _ in range(2)] == [None, None]  # errors are not kept


def test_a_running_server_answers_from_each_new_build(tmp_path):
    from kg.build import build

    feed, out = tmp_path / "feed", tmp_path / "out"
    feed.mkdir()
    first, second = sorted(ARTICLES.glob("*.txt"))[:2]
    (feed / first.name).write_bytes(first.read_bytes())
    build([feed], out)
    server = make_server(out, port=0, workers=1, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = server.url + "?" + urllib.parse.urlencode(
            {"query": "PREFIX schema: <https://schema.org/> SELECT (COUNT(?a) AS ?n) { ?a a schema:NewsArticle }"})
        ask = lambda: http(url, headers={"Accept": "text/csv"})  # noqa: E731
        assert ask()[2].split() == [b"n", b"1"] and ask()[1]["X-KG-Cache"] == "hit"
        (feed / second.name).write_bytes(second.read_bytes())
        build([feed], out)  # while the server runs, as `kg build --watch` does
        status, headers, body = ask()
        assert status == 200 and body.split() == [b"n", b"2"] and "X-KG-Cache" not in headers
    finally:
        server.shutdown()
        server.server_close()


def test_serve_without_a_store_is_a_one_line_error(tmp_path, capsys):
    assert main(["serve", "--out", str(tmp_path), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "no store to serve" in err and err.count("\n") == 1
