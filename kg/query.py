"""SPARQL over a built graph: named queries in ``queries/*.rq``, SPARQL
text or a file; values bound with ``initBindings``, never pasted in.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from .errors import QueryError, StoreError, UnknownNameError

__all__ = ["QUERY_DIR", "named_queries", "resolve_query", "run_query", "format_result", "FORMATS"]

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")


def named_queries(folder: Path = QUERY_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def resolve_query(query: str, folder: Path = QUERY_DIR) -> tuple[str, str]:
    """(name, SPARQL text) for a query name, a .rq file or SPARQL text."""
    if re.search(r"\b(select|ask|construct|describe)\b", query, re.I) and ("{" in query):
        return "(inline)", query
    path = Path(query)
    if path.suffix == ".rq":
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.stem, path.read_text(encoding="utf-8")
    known = named_queries(folder)
    if query not in known:
        raise UnknownNameError("query", query, list(known))
    return query, known[query].read_text(encoding="utf-8")


def _term(value: str) -> URIRef | Literal:
    """A --param value: an IRI when it looks like one, else a literal."""
    if re.match(r"^[a-z][a-z0-9+.-]*:[^\s]+$", value, re.I) and not value.lower().startswith(("urn:",)) or \
            value.startswith("http"):
        return URIRef(value)
    return Literal(value)


def parse_params(pairs: list[str]) -> dict[str, URIRef | Literal]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE, e.g. --param entity=China")
        out[name.strip().lstrip("?$")] = _term(value)
    return out


def load_graph(out: Path) -> Graph:
    path = out / "graph.ttl"
    if not path.is_file():
        raise StoreError(f"{path}: no built graph; run `kg build` (or `make run`) first")
    g = Graph()
    g.parse(path, format="turtle")
    return g


def run_query(graph: Graph, text: str, params: dict | None = None) -> Result:
    try:
        return graph.query(text, initBindings=params or {})
    except Exception as exc:  # pyparsing and rdflib raise many kinds
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"bad SPARQL: {msg}") from None


def _cell(v) -> str:
    if v is None:
        return ""
    return str(v)


def format_result(result: Result, fmt: str = "table") -> str:
    if fmt not in FORMATS:
        raise UnknownNameError("format", fmt, list(FORMATS))
    if result.type == "ASK":
        return json.dumps({"boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [[_cell(r[v]) for v in result.vars] for r in result]
    if fmt == "json":
        return json.dumps([dict(zip(names, row)) for row in rows], indent=2, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "\u2026"  # noqa: E731
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(clip(c, w).ljust(w) for c, w in zip(row, widths)) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
