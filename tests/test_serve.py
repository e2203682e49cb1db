"""`kg serve`: the built store as a read-only SPARQL 1.1 Protocol endpoint,
queried over HTTP with SPARQLWrapper (GET and POST, JSON/XML/CSV/TSV by
content negotiation), updates refused with 403, a timeout, a memory limit and
a result cap; SERVICE refused and CORS closed unless asked for; malformed and
stalled requests (raw sockets) answered at once or dropped at the read timeout."""
from __future__ import annotations

import contextlib
import socket
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
    with running(built, timeout=2, max_results=5, read_timeout=1) as server:
        yield server.url


@contextlib.contextmanager
def running(out, **options):
    server = make_server(out, port=0, workers=1, log=False, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
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


def test_port_in_use_is_a_one_line_error(built, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        assert main(["serve", "--out", str(built), "--port", str(taken.getsockname()[1])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: cannot listen on 127.0.0.1:") and "pick another --port" in err
    assert err.count("\n") == 1 and "Traceback" not in err


# -- malformed and slow requests, on raw sockets ----------------------------------

def raw(url: str, data: bytes, *, wait: float = 20) -> bytes:
    """What the server sends back to ``data`` until it closes the connection (or ``wait`` seconds pass)."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        got = b""
        while chunk := sock.recv(65536):
            got += chunk
        return got


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3"])
def test_a_malformed_content_length_is_answered_400_at_once(endpoint, length):
    answer = raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: " + length + b"\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400") and b"bad Content-Length" in answer


def test_a_stalled_body_gets_408_and_the_connection_is_closed(endpoint):
    answer = raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: 100\r\n\r\nASK {")  # 95 bytes never come
    assert answer.startswith(b"HTTP/1.1 408") and b"not received within 1 s" in answer


def test_a_client_trickling_its_request_is_cut_off(endpoint):
    """One byte at a time passes every socket timeout; the whole request has read_timeout (1 s here)."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\n")
        for _ in range(200):  # 40 s of trickling, were it never cut off
            try:
                sock.sendall(b"X")
            except OSError:
                break  # the server closed the connection
            time.sleep(0.2)
            sock.setblocking(False)
            try:
                if sock.recv(65536) is not None:
                    break  # an answer (400) or the end of the connection
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)
        else:
            pytest.fail("the server kept reading a request trickled for 40 s")
    assert sparql(endpoint, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True


def test_an_idle_keep_alive_connection_is_closed(endpoint):
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw(endpoint, request)  # answered, then nothing more is sent: closed after read_timeout
    assert answer.startswith(b"HTTP/1.1 200") and answer.count(b"HTTP/1.1") == 1


# -- what a query may do: SERVICE, LOAD, CORS, memory -------------------------------

SERVICES = ["SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
            "select * where { service silent <{url}> { ?s ?p ?o } }",
            "PREFIX x: <urn:x#> SELECT * { ?s x:service ?o . Service<{url}>{ ?s ?p ?o } }"]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_and_nothing_leaves_the_machine(endpoint, listener, query):
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": query.replace("{url}", listener.url)}))
    assert status == 400 and b"SERVICE" in body and b"--allow-service" in body
    assert listener.received() == []


def test_the_word_service_in_a_string_or_a_name_is_no_service_call(endpoint):
    query = 'PREFIX x: <urn:x#> SELECT ?service WHERE { ?s ?p ?o FILTER(?o != "SERVICE <http://a/>") } LIMIT 1'
    assert http(endpoint + "?" + urllib.parse.urlencode({"query": query}))[0] == 200


def test_load_and_updates_stay_refused_and_send_nothing(endpoint, listener):
    load = f"LOAD <{listener.url}>"
    assert http(endpoint, load.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert http(endpoint, urllib.parse.urlencode({"update": load}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert http(endpoint + "?" + urllib.parse.urlencode({"query": load}))[0] == 400
    assert listener.received() == []


def test_allow_service_lets_a_query_reach_out(built, listener):
    """The listener is real: with --allow-service the same query reaches it."""
    with running(built, allow_service=True, timeout=10) as server:
        http(server.url + "?" + urllib.parse.urlencode({"query": SERVICES[0].replace("{url}", listener.url)}))
    assert listener.received() and listener.got[0].startswith(b"POST /sparql")


def test_cors_is_closed_unless_an_origin_is_given(endpoint, built):
    ask = "?" + urllib.parse.urlencode({"query": "ASK {}"})
    _, headers, _ = http(endpoint + ask, headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    with running(built, cors="http://localhost:3000") as server:
        _, headers, _ = http(server.url + ask, headers={"Origin": "http://localhost:3000"})
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_a_query_past_the_memory_limit_stops_its_worker_only(built):
    growing = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
    with running(built, memory_mb=700, timeout=60) as server:
        status, _, body = http(server.url + "?" + urllib.parse.urlencode({"query": growing}))
        assert status == 503 and b"700 MB memory limit" in body
        assert sparql(server.url, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True
