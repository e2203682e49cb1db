"""SPARQL over a built graph: named queries in ``queries/*.rq``, SPARQL
text or a file; values bound as RDF terms, never pasted in.

The graph is the build's Oxigraph store (``OUT/store``, opened read-only;
its default graph is the union of its named graphs) or, for an older build,
``graph.ttl``.
Values are bound by a ``VALUES`` block at the start of the query's WHERE
clause, so every engine sees them the same way, FILTERs included
(Oxigraph's substitution only takes projected variables):

>>> from rdflib import Literal
>>> bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal("China")})
'SELECT ?s WHERE { VALUES (?name) { ("China") } ?s ?p ?name }'
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Node

from .errors import QueryError, StoreError, UnknownNameError

__all__ = ["QUERY_DIR", "named_queries", "resolve_query", "run_query", "format_result", "FORMATS", "load_graph",
           "bind_values", "parse_params"]

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
    """A --param value: an IRI when it looks like one, an integer when it is one, else a literal.

    >>> _term("China"), _term("3"), _term("https://w3id.org/kg-news/id/entity/china")
    (rdflib.term.Literal('China'), rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.URIRef('https://w3id.org/kg-news/id/entity/china'))
    """
    if re.match(r"^[a-z][a-z0-9+.-]*:[^\s]+$", value, re.I) and not value.lower().startswith(("urn:",)) or \
            value.startswith("http"):
        return URIRef(value)
    if re.fullmatch(r"[+-]?\d+", value.strip()):
        return Literal(int(value))  # --param min=3 compares as a number, not as the string "3"
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
    """The built graph of ``out``: its store, read-only (whose default graph is the union of all)."""
    from oxrdflib import OxigraphStore

    from .store import open_embedded

    if (out / "store").is_dir():
        store = open_embedded(out / "store", read_only=True)
        return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    path = out / "graph.ttl"
    if not path.is_file():
        raise StoreError(f"{path}: no built graph; run `kg build` (or `make run`) first")
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


_TOKENS = re.compile(r"""
    (?P<skip> \#[^\n]*                                   # comment
            | "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
            | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'   # strings
            | <[^<>"{}|^`\\\s]*> )                          # IRIs
  | (?P<form> (?<![\w:?$])(?:SELECT|ASK|DESCRIBE|CONSTRUCT)\b )
  | (?P<where> (?<![\w:?$])WHERE\b )
  | (?P<brace> \{ )
""", re.X | re.I)


def _where_brace(text: str) -> int:
    """Offset just after the ``{`` opening the query's WHERE clause."""
    form, seen_where = "", False
    for m in _TOKENS.finditer(text):
        if m.lastgroup == "form" and not form:
            form = m.group().upper()
        elif m.lastgroup == "where":
            seen_where = True
        elif m.lastgroup == "brace" and (form != "CONSTRUCT" or seen_where):
            return m.end()
    raise QueryError("bad SPARQL: no WHERE clause to bind --param values in")


def _sparql_term(value: Node) -> str:
    if isinstance(value, URIRef) and re.search(r'[\s<>"{}|^`\\]', value):
        raise QueryError(f"--param value {str(value)!r} is not a valid IRI")
    return value.n3()


def bind_values(text: str, params: dict[str, Node]) -> str:
    """``text`` with a ``VALUES`` block binding ``params`` first in its WHERE clause."""
    if not params:
        return text
    at = _where_brace(text)
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(_sparql_term(v) for v in params.values())
    return f"{text[:at]} VALUES ({names}) {{ ({values}) }}{text[at:]}"


def run_query(graph: Graph, text: str, params: dict | None = None) -> Result:
    for name in params or {}:
        if not re.search(r"[?$]" + re.escape(name) + r"\b", text):
            known = sorted(set(re.findall(r"[?$](\w+)", text)))
            raise QueryError(f"--param {name}: the query has no variable ?{name}; "
                             f"its variables: {', '.join(known) or 'none'}")
    text = bind_values(text, params or {})
    try:
        return graph.query(text)
    except Exception as exc:  # pyparsing, rdflib and Oxigraph raise many kinds
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
