"""Dates on facts: the time as written, resolved against the article's date (kg.graph.dates)."""
from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.graph.dates import resolve_time
from kg.graph.rdf import SCHEMA, article_triples
from kg.model import Article
from kg.namespace import KG

FRIDAY_10_MAY_2024 = "2024-05-10"


@pytest.mark.parametrize("text, expected", [
    ("on Friday", ("2024-05-03", "date")),  # the Friday before a Friday's article
    ("Wednesday", ("2024-05-08", "date")),
    ("yesterday", ("2024-05-09", "date")),
    ("Feb. 4", ("2024-02-04", "date")),
    ("Oct. 17", ("2023-10-17", "date")),  # no year: the last October 17 before the article
    ("March 3, 2023", ("2023-03-03", "date")),
    ("last month", ("2024-04", "gYearMonth")),
    ("since March", ("2024-03", "gYearMonth")),
    ("as of March", ("2024-03", "gYearMonth")),
    ("April 2023", ("2023-04", "gYearMonth")),
    ("in 2022", ("2022", "gYear")),
    ("last year", ("2023", "gYear")),
    ("this year", ("2024", "gYear")),
    ("two years ago", ("2022", "gYear")),
    ("early 2023", ("2023", "gYear")),
])
def test_a_time_resolves_against_the_articles_date(text, expected):
    assert resolve_time(text, FRIDAY_10_MAY_2024) == expected


@pytest.mark.parametrize("text", ["recent months", "the past two years", "56 years", "two days", "last week",
                                  "the weekend", "the same day", "decades", ""])
def test_no_day_month_or_year_gives_nothing(text):
    assert resolve_time(text, FRIDAY_10_MAY_2024) is None


def test_without_an_article_date_only_what_needs_no_base_resolves():
    assert resolve_time("in 2022", "") == ("2022", "gYear")
    assert resolve_time("March 3, 2023", "") == ("2023-03-03", "date")
    for relative in ("on Friday", "last month", "March", "this year"):
        assert resolve_time(relative, "") is None, relative


def _article_graph(nlp, lexicon, text: str, day: str):
    from kg.extract import extract

    article = Article(id="t", text=text, date=day)
    return article_triples(extract(article, nlp(text), lexicon))


def _values(triples, prop):
    return [o for _, p, o in triples if p == prop]


def test_an_assertion_carries_its_time_as_written_and_as_a_typed_date(nlp, lexicon):
    triples = _article_graph(nlp, lexicon, "On Friday, China shipped drones to Russia.", FRIDAY_10_MAY_2024)
    assert _values(triples, KG.time) == [Literal("Friday")]
    assert _values(triples, KG.timeValue) == [Literal("2024-05-03", datatype=XSD.date)]


def test_a_month_in_the_text_is_a_gyearmonth(nlp, lexicon):
    triples = _article_graph(nlp, lexicon, "Since March, Iran has supplied drones to Russia.", FRIDAY_10_MAY_2024)
    assert _values(triples, KG.timeValue) == [Literal("2024-03", datatype=XSD.gYearMonth)]


def test_no_time_in_the_text_gives_no_time_value(nlp, lexicon):
    triples = _article_graph(nlp, lexicon, "China supplies Russia with drones.", FRIDAY_10_MAY_2024)
    assert _values(triples, KG.subject) and not _values(triples, KG.timeValue)


def test_the_articles_date_is_an_xsd_date_and_its_length_is_recorded(nlp, lexicon):
    text = "China supplies Russia with drones."
    triples = _article_graph(nlp, lexicon, text, FRIDAY_10_MAY_2024)
    assert _values(triples, URIRef(SCHEMA + "datePublished")) == [Literal(FRIDAY_10_MAY_2024, datatype=XSD.date)]
    assert _values(triples, KG.textLength) == [Literal(len(text))]


DATED = [  # each fact dated by its sentence's time or, without one, by its article's date
    {"id": "may", "date": FRIDAY_10_MAY_2024, "text": "On Friday, China shipped drones to Russia.\n\n"
     "Iran sold missiles to Russia, officials said.\n\nLast month, the United States sanctioned Iran."},
    {"id": "jan", "date": "2023-01-10", "text": "Japan sanctioned North Korea in 2022."},
]


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    from kg.build import build

    root = tmp_path_factory.mktemp("dated")
    (root / "in").mkdir()
    (root / "in" / "feed.jsonl").write_text("".join(json.dumps(a) + "\n" for a in DATED), encoding="utf-8")
    build([root / "in"], root / "out", formats=["none"])
    return root / "out"


def in_range(out, **bounds) -> list[tuple[str, ...]]:
    from kg.query.named import load_graph, parse_params, resolve_query, run_query

    _, text = resolve_query("facts_in_range")
    answer = run_query(load_graph(out), text, parse_params([f"{k.rstrip('_')}={v}" for k, v in bounds.items()]))
    return [tuple(row[answer.names.index(n)] for n in ("date", "subject", "object", "dated")) for row in answer.rows]


def test_facts_in_range_lists_every_dated_fact_by_date(dated):
    assert in_range(dated) == [("2022", "Japan", "North Korea", "text"), ("2024-04", "United States", "Iran", "text"),
                               ("2024-05-03", "China", "Russia", "text"), ("2024-05-10", "Iran", "Russia", "article")]


def test_facts_in_range_keeps_what_overlaps_the_bounds(dated):
    assert in_range(dated, from_="2024-05-01", to="2024-05-05") == [("2024-05-03", "China", "Russia", "text")]
    assert [r[0] for r in in_range(dated, from_="2024-04-30")] == ["2024-04", "2024-05-03", "2024-05-10"]
    assert [r[0] for r in in_range(dated, to="2022-03")] == ["2022"]  # a year overlaps a month of it
    assert [r[0] for r in in_range(dated, from_=2024, to=2024)] == ["2024-04", "2024-05-03", "2024-05-10"]
    assert in_range(dated, from_="2025-01-01") == []


def test_facts_csv_gives_each_facts_first_date(dated):
    import csv

    from kg.build.exports import export_store

    export_store(dated, ["csv"])
    with open(dated / "facts.csv", newline="", encoding="utf-8") as fh:
        rows = {(r["subject"], r["object"]): r["first_date"] for r in csv.DictReader(fh)}
    assert rows == {("China", "Russia"): "2024-05-03", ("Iran", "Russia"): "2024-05-10",
                    ("United States", "Iran"): "2024-04", ("Japan", "North Korea"): "2022"}
