"""The page's projection as files other tools open: GraphML and GEXF (Gephi, Cytoscape,
yEd, Neo4j's importers) and CSV (a spreadsheet).

The entity graph is :func:`kg.page.projection.project`'s, flattened: every
attribute a string, a number or a boolean, as both formats require, so
networkx's writers declare each one's type (``attr.type`` in GraphML, an
``<attribute type=...>`` in GEXF) and Gephi reads counts as numbers. Nodes
are entities (label, type, Wikidata id, other names); edges are one per
subject, relation and object (relation, whether it is a fact, modalities,
article and assertion counts, items, first date, a sample sentence and its
article). An edge's counts are those of its factual assertions when it is a
fact (the ``kg:Fact``'s), else of all of its assertions. An assertion's date
is its time resolved (``kg:timeValue``), else its article's date; the first
date is the earliest.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import networkx as nx

from ..graph.rdf import write_atomic
from .projection import local_name

__all__ = ["flat_graph", "write_graphml", "write_gexf", "write_csv", "FACT_COLUMNS", "ENTITY_COLUMNS"]

FACT_COLUMNS = ("subject", "relation", "object", "articles", "assertions", "items", "first_date", "sentence",
                "article", "subject_id", "object_id")
ENTITY_COLUMNS = ("id", "label", "type", "other_names", "wikidata")


def _counted(edge: dict[str, Any]) -> list[dict[str, Any]]:
    """The assertions an edge's counts are of: the factual ones of a fact, else all."""
    found = edge["assertions"]
    return [a for a in found if a["factual"]] if edge["factual"] else found


_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")  # a year, a month or a day: what compares as text


def _date(a: dict[str, Any], articles: dict[str, dict[str, str]]) -> str:
    """An assertion's date: its time resolved, else its article's date when that is one."""
    found = a.get("date") or articles.get(a["article"], {}).get("date", "")
    return found if _DATE.fullmatch(found) else ""


def _edge_record(edge: dict[str, Any], articles: dict[str, dict[str, str]]) -> dict[str, Any]:
    counted = _counted(edge)
    sample = counted[0] if counted else {}
    dates = sorted(d for d in (_date(a, articles) for a in counted) if d)
    return {"relation": edge["label"], "factual": bool(edge["factual"]),
            "modality": "; ".join(sorted({a["modality"] for a in edge["assertions"]})),
            "articles": len({a["article"] for a in counted}), "assertions": len(counted),
            "items": "; ".join(sorted({i for a in counted for i in a["items"]})),
            "first_date": dates[0] if dates else "", "sentence": sample.get("evidence", ""),
            "article": articles.get(sample.get("article", ""), {}).get("id", "")}


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The projection with only scalar attributes, nodes and edges in its order; edge keys
    are relation names and edge ids ``subject relation object``, so each is stable."""
    articles = g.graph["articles"]
    out = nx.MultiDiGraph()
    for node, a in g.nodes(data=True):
        out.add_node(node, label=a["label"], type=a["type"] or "other", wikidata=a["wikidata"],
                     other_names="; ".join(a["alt"]))
    for u, v, k, edge in g.edges(keys=True, data=True):
        name = local_name(k)
        out.add_edge(u, v, key=name, id=f"{u} {name} {v}", label=edge["label"], **_edge_record(edge, articles))
    return out


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML of :func:`flat_graph`, atomically."""
    write_atomic(path, "\n".join(nx.generate_graphml(flat_graph(g), encoding="utf-8")) + "\n")


def write_gexf(g: nx.MultiDiGraph, path: Path) -> None:
    """GEXF 1.2 of :func:`flat_graph`, atomically; without the writer's ``lastmodifieddate``
    (today's date), so the same graph gives the same bytes."""
    text = "\n".join(nx.generate_gexf(flat_graph(g), encoding="utf-8", version="1.2draft"))
    write_atomic(path, re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n")


def _csv(header: tuple[str, ...], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # the csv module's dialect: quoted where needed, CRLF line ends
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(g: nx.MultiDiGraph, facts: Path, entities: Path) -> None:
    """``facts.csv`` (one row per fact) and ``entities.csv`` (one row per entity), UTF-8, atomically."""
    flat = flat_graph(g)
    labels = dict(flat.nodes(data="label"))
    rows = [[labels[u], e["relation"], labels[v], e["articles"], e["assertions"], e["items"], e["first_date"],
             e["sentence"], e["article"], u, v] for u, v, e in flat.edges(data=True) if e["factual"]]
    write_atomic(facts, _csv(FACT_COLUMNS, rows))
    write_atomic(entities, _csv(ENTITY_COLUMNS, [[n, a["label"], a["type"], a["other_names"], a["wikidata"]]
                                                 for n, a in flat.nodes(data=True)]))
