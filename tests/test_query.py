"""`kg query` on a built graph: every named query, each --format, --param (an
entity by any of its names), and the user mistakes (unknown name, bad SPARQL,
a missing or bad --param, a SERVICE call, a query past its time or memory
limit) as one line and exit code 2; Ctrl-C stops a running query at once."""
from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
import time

import pytest

from kg.cli import main
from kg.query.limits import uses_service
from kg.namespace import KG
from kg.query.named import named_queries
from kg.resources import QUERY_DIR

NAMED = sorted(named_queries())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def query(capsys, built, *argv: str) -> str:
    code, out, err = run(capsys, "query", *argv, "--out", str(built))
    assert (code, err) == (0, "")
    return out


def rows(capsys, built, *argv: str) -> list[dict]:
    return json.loads(query(capsys, built, *argv, "--format", "json"))


def test_the_issue_queries_are_there():
    assert {"suppliers", "sanctions", "warnings", "corroborated", "entity", "evidence"} <= set(NAMED)


def test_named_queries_use_only_kg_terms():
    for name, path in named_queries().items():
        for term in re.findall(r"\bkg:(\w+)", path.read_text(encoding="utf-8")):
            assert term in KG.__annotations__, f"queries/{name}.rq: kg:{term} is not in the ontology"


@pytest.mark.parametrize("name", NAMED)
def test_every_named_query_runs_as_a_table(capsys, built, name):
    out = query(capsys, built, name, "--param", "entity=China") if name == "entity" else query(capsys, built, name)
    lines = out.rstrip("\n").splitlines()
    assert re.fullmatch(r"\(\d+ rows?\)", lines[-1])
    assert set(lines[1]) <= {"-", "+"}  # header rule


def test_suppliers_of_russia_with_items_and_evidence(capsys, built):
    found = rows(capsys, built, "suppliers", "--param", "entity=Russia")
    assert found and {r["receiver"] for r in found} == {"Russia"}
    china = next(r for r in found if r["supplier"] == "China")
    assert {"drones", "drone parts"} <= set(china["items"].split("; "))
    assert int(china["articles"]) == 2
    assert "China" in china["evidence"] or "Beijing" in china["evidence"]


def test_param_is_bound_not_pasted(capsys, built):
    # a value that would change the query if pasted into its text only matches nothing
    assert rows(capsys, built, "suppliers", "--param", 'entity=Russia") || true || ("') == []
    assert rows(capsys, built, "suppliers", "--param", "entity=russia") == rows(
        capsys, built, "suppliers", "--param", "entity=Russia")


def test_sanctions(capsys, built):
    found = rows(capsys, built, "sanctions")
    assert {"imposer": "United States", "target": "Russia"}.items() <= next(
        r for r in found if r["imposer"] == "United States").items()
    assert all(set(r) == {"imposer", "target", "articles", "evidence"} for r in found)


def test_warnings(capsys, built):
    found = {(r["warner"], r["warned"], r["modality"], r["articles"], r["article"])
             for r in rows(capsys, built, "warnings")}
    assert ("Xi Jinping", "Vladimir Putin", "asserted", "1", "001_a13f49f80d360422") in found


def test_evidence_lists_every_sentence_behind_a_count(capsys, built):
    """`entity` counts China's assertions per row; `evidence` lists each of them, with its article."""
    counted = sum(int(r["assertions"]) for r in rows(capsys, built, "entity", "--param", "entity=China")
                  if r["direction"] == "does" and r["other"] == "Russia")
    found = rows(capsys, built, "evidence", "--param", "from=china", "--param", "to=Russia")
    assert len(found) == counted and {(r["subject"], r["object"]) for r in found} == {("China", "Russia")}
    negated = [r for r in found if r["modality"] == "negated"]
    assert [r["sentence"] for r in negated] == [
        "Beijing refused to join the sanctions imposed by the U.S. against the Kremlin."]
    assert {r["article"] for r in found} == {"000_97b232455cd2a4c7", "001_a13f49f80d360422"}
    warns = rows(capsys, built, "evidence", "--param", "rel=warns")
    assert warns and {r["relation"] for r in warns} == {"warns"}


def test_evidence_gives_the_same_rows_whichever_parameters_it_starts_from(capsys, built):
    """Read from the subject, the object or the relation, the rows are those of the whole listing."""
    every = rows(capsys, built, "evidence")
    assert {r["object"] for r in every} >= {"Russia", "Vladimir Putin"}
    for params, keep in [(["to=russia"], lambda r: r["object"] == "Russia"),
                         (["rel=Sanctions"], lambda r: r["relation"] == "sanctions"),
                         (["to=Russia", "rel=supplies"],
                          lambda r: (r["object"], r["relation"]) == ("Russia", "supplies")),
                         (["from=China", "rel=warns"], lambda r: (r["subject"], r["relation"]) == ("China", "warns"))]:
        args = [a for p in params for a in ("--param", p)]
        assert rows(capsys, built, "evidence", *args) == [r for r in every if keep(r)], params


def test_corroborated_with_min_param(capsys, built):
    found = rows(capsys, built, "corroborated")
    assert {"subject": "China", "relation": "supplies", "object": "Russia", "articles": "2"} in found
    assert all(int(r["articles"]) >= 2 for r in found)
    assert rows(capsys, built, "corroborated", "--param", "min=3") == []
    assert len(rows(capsys, built, "corroborated", "--param", "min=1")) > len(found)


def test_entity_does_and_receives(capsys, built):
    found = rows(capsys, built, "entity", "--param", "entity=China")
    assert {r["direction"] for r in found} == {"does", "receives"}
    assert any(r["direction"] == "does" and r["relation"] == "supplies" and r["other"] == "Russia" for r in found)


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv(capsys, built, fmt, delimiter):
    out = query(capsys, built, "warnings", "--format", fmt)
    table = list(csv.reader(io.StringIO(out), delimiter=delimiter))
    assert table[0] == ["warner", "warned", "modality", "articles", "sentence", "article"]
    assert len(table) == len(rows(capsys, built, "warnings")) + 1


@pytest.mark.parametrize("name", ["sanctions", "warnings", "corroborated"])
def test_cells_are_the_text_rdflib_gives(capsys, built, name):
    # kg query reads cells from pyoxigraph's terms; rdflib's own engine on graph.ttl, with str() of its
    # terms, gives the same text (LATERAL is SPARQL 1.2; without it the queries mean the same)
    from rdflib import Graph

    text = re.sub(r"\bLATERAL\b", "", named_queries()[name].read_text(encoding="utf-8"))
    result = Graph().parse(built / "graph.ttl").query(text)
    expected = sorted(["" if v is None else str(v) for v in row] for row in result)
    table = list(csv.reader(io.StringIO(query(capsys, built, name, "--format", "csv"))))
    assert table[0] == [str(v) for v in result.vars]
    assert sorted(table[1:]) == expected and expected


def test_rq_file_and_inline_sparql(capsys, built, tmp_path):
    rq = tmp_path / "labels.rq"
    rq.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                  "SELECT ?name WHERE { ?e a <https://w3id.org/kg-news/ontology#Country> ; rdfs:label ?name }"
                  " ORDER BY ?name", encoding="utf-8")
    from_file = rows(capsys, built, str(rq))
    assert {"name": "China"} in from_file
    assert rows(capsys, built, rq.read_text(encoding="utf-8")) == from_file
    assert query(capsys, built, "ASK { ?s ?p ?o }").strip() == "True"


# -- user mistakes: one line, exit code 2, no traceback -------------------------

def one_line_error(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("kg: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_unknown_query_lists_known_names(capsys, built):
    err = one_line_error(capsys, "query", "supplier", "--out", str(built))
    assert f"unknown query 'supplier'; known: {', '.join(NAMED)}" in err


def test_bad_sparql(capsys, built):
    assert "bad SPARQL" in one_line_error(capsys, "query", "SELECT ?x WHERE { ?x ?y }", "--out", str(built))


@pytest.mark.parametrize("param, message", [
    ("entity", "write NAME=VALUE"),
    ("=Russia", "write NAME=VALUE"),
    ("country=Russia", "the query has no variable ?country"),
])
def test_bad_param(capsys, built, param, message):
    assert message in one_line_error(capsys, "query", "suppliers", "--param", param, "--out", str(built))


def test_missing_rq_file(capsys, built, tmp_path):
    assert "no such query file" in one_line_error(capsys, "query", str(tmp_path / "nope.rq"), "--out", str(built))


def test_no_built_graph(capsys, tmp_path):
    assert "no built graph; run `kg build`" in one_line_error(capsys, "query", "sanctions", "--out", str(tmp_path))


def test_query_dir_is_the_repository_queries_folder():
    assert QUERY_DIR.name == "queries" and (QUERY_DIR / "suppliers.rq").is_file()


def test_a_query_that_needs_a_parameter_says_which(capsys, built):
    err = one_line_error(capsys, "query", "entity", "--out", str(built))
    assert "query entity needs --param entity=VALUE, e.g. kg query entity --param entity=China" in err


def test_a_sparql_typo_is_a_syntax_error_with_its_position(capsys, built):
    err = one_line_error(capsys, "query", "SELEC ?x WHERE { ?x ?y ?z }", "--out", str(built))
    assert "bad SPARQL: error at 1:" in err and "unknown query" not in err


# -- an entity by any of its names (skos:altLabel) --------------------------------

@pytest.mark.parametrize("name, label", [("US", "United States"), ("Washington", "United States"),
                                         ("white house", "United States"), ("Beijing", "China"),
                                         ("PRC", "China"), ("the Kremlin", "Russia")])
def test_entity_by_any_of_its_names(capsys, built, name, label):
    by_label = rows(capsys, built, "entity", "--param", f"entity={label}")
    assert by_label and rows(capsys, built, "entity", "--param", f"entity={name}") == by_label


def test_suppliers_and_evidence_by_other_names(capsys, built):
    assert rows(capsys, built, "suppliers", "--param", "entity=moscow") == rows(
        capsys, built, "suppliers", "--param", "entity=Russia") != []
    assert rows(capsys, built, "evidence", "--param", "from=Beijing", "--param", "to=Kremlin") == rows(
        capsys, built, "evidence", "--param", "from=China", "--param", "to=Russia") != []
    assert rows(capsys, built, "evidence", "--param", "to=us") == rows(
        capsys, built, "evidence", "--param", "to=United States")


# -- SERVICE: found as the parser finds it, refused unless allowed ----------------

@pytest.mark.parametrize("text, calls", [
    ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", True),
    ("select * { service silent <http://a/> { ?s ?p ?o } }", True),
    ("SELECT * {?s ?p ?o}# note\nSeRvIcE ?endpoint { ?s ?p ?o }", True),
    ("SELECT * { ?s ?p ?o . SERVICE<http://a/>{ } }", True),
    ('SELECT * { ?s ?p "SERVICE <http://a/> { }" }', False),
    ("SELECT * { ?s ?p \"\"\"a\nservice <http://a/>\"\"\" }", False),
    ("SELECT ?service { ?s ex:service ?o ; ex:my-service ?service }", False),
    ("PREFIX service: <urn:s#> SELECT * { ?s service:p ?o }", False),
    ("SELECT * { ?s <http://a/SERVICE> ?o }", False),
    ("# SERVICE <http://a/> { }\nASK {}", False),
    ("SELECT * { ?s ?p ?o .SERVICE <http://a/> { } }", True),
    ("SELECT * { ?s :service ?o ; ex:a.service ?myservice2 . ?s ?p servicex:q }", False),
])
def test_service_is_found_outside_strings_iris_names_and_comments(text, calls):
    assert uses_service(text) is calls


def test_kg_query_refuses_service_and_sends_nothing(capsys, built, listener):
    for query in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                  f"select * {{ service silent <{listener.url}> {{ ?s ?p ?o }} }}"):
        err = one_line_error(capsys, "query", query, "--out", str(built))
        assert "SERVICE" in err and "--allow-service" in err
    assert listener.received() == []


def test_kg_query_allow_service_reaches_out(capsys, built, listener):
    run(capsys, "query", f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", "--out", str(built),
        "--allow-service", "--timeout", "10")
    assert listener.received() and listener.got[0].startswith(b"POST /sparql")


# -- time and memory limits; Ctrl-C -----------------------------------------------

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_past_its_time_limit_is_stopped(capsys, built):
    err = one_line_error(capsys, "query", CROSS, "--timeout", "1", "--out", str(built))
    assert "stopped after the 1 s time limit (--timeout)" in err


def test_a_query_past_its_memory_limit_is_stopped(capsys, built):
    growing = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
    err = one_line_error(capsys, "query", growing, "--memory-mb", "700", "--timeout", "120", "--out", str(built))
    assert "more than the 700 MB memory limit (--memory-mb)" in err
    assert query(capsys, built, "ASK { ?s ?p ?o }", "--memory-mb", "700").strip() == "True"


def test_ctrl_c_stops_a_running_query(built):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", CROSS, "--timeout", "120", "--out", str(built)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # the query is running by now (it would run for the 120 s)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)  # long before its time limit
    assert proc.returncode == 130 and out == "" and err == "kg: interrupted; the query was stopped\n"
