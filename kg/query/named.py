"""SPARQL over a built graph: named queries in ``queries/*.rq``, SPARQL
text or a file; values bound as RDF terms, never pasted in.

Queries run on pyoxigraph itself: the build's Oxigraph store (``OUT/store``,
opened read-only; its default graph is the union of its named graphs) or, for
an older build, ``graph.ttl`` loaded into an in-memory store. The answer is
read straight from Oxigraph's terms into text (an :class:`Answer`): a cell is
the term's lexical value (an IRI, a literal's lexical form, a blank node's
id; empty when unbound), with no rdflib term made per cell.
Values are bound by a ``VALUES`` block at the start of the query's WHERE
clause, so every engine sees them the same way, FILTERs included
(Oxigraph's substitution only takes projected variables):

>>> from rdflib import Literal
>>> bind_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal("China")})
'SELECT ?s WHERE { VALUES (?name) { ("China") } ?s ?p ?name }'
>>> store = ox.Store()
>>> store.load(b'<urn:a> <urn:b> "x, y"@en , 2 .', format=ox.RdfFormat.TURTLE)
>>> print(format_result(run_query(store, "SELECT ?o ?none { ?s ?p ?o } ORDER BY ?o"), "csv"))
o,none
2,
"x, y",
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError, StoreError, UnknownNameError
from ..resources import QUERY_DIR

__all__ = ["named_queries", "resolve_query", "run_query", "format_result", "FORMATS", "load_graph",
           "bind_values", "parse_params", "Answer", "required_params", "check_params", "answer_from"]

FORMATS = ("table", "csv", "tsv", "json")


def named_queries(folder: Path = QUERY_DIR) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def resolve_query(query: str, folder: Path = QUERY_DIR) -> tuple[str, str]:
    """(name, SPARQL text) for a query name, a .rq file or SPARQL text.

    Text that is no name (it has a space or a brace) is SPARQL, so a typo in it
    is reported by the parser, with its position:

    >>> resolve_query("SELEC ?x WHERE { ?x ?y ?z }")[0]
    '(inline)'
    """
    if re.search(r"\b(select|ask|construct|describe)\b", query, re.I) and ("{" in query):
        return "(inline)", query
    path = Path(query)
    if path.suffix == ".rq":
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.stem, path.read_text(encoding="utf-8")
    known = named_queries(folder)
    if query in known:
        return query, known[query].read_text(encoding="utf-8")
    if re.search(r"[\s{]", query.strip()):
        return "(inline)", query
    raise UnknownNameError("query", query, list(known))


def required_params(text: str) -> list[tuple[str, str]]:
    r"""The parameters a query says it needs, by a comment line ``# needs --param NAME=EXAMPLE``.

    >>> required_params("# needs --param entity=China\nSELECT ...")
    [('entity', 'China')]
    """
    return re.findall(r"^\s*#\s*needs\s+--param\s+(\w+)=(\S+)", text, re.M)


def check_params(name: str, text: str, params: dict) -> None:
    """Raise a :class:`QueryError` naming the first parameter ``text`` needs and ``params`` lacks."""
    for param, example in required_params(text):
        if param not in params:
            raise QueryError(f"query {name} needs --param {param}=VALUE, e.g. kg query {name} "
                             f"--param {param}={example}")


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


def load_graph(out: Path) -> ox.Store:
    """The built graph of ``out``: its store, read-only (whose default graph is the union of all)."""
    from ..store.embedded import open_embedded

    if (out / "store").is_dir():
        return open_embedded(out / "store", read_only=True)
    path = out / "graph.ttl"
    if not path.is_file():
        raise StoreError(f"{path}: no built graph; run `kg build` (or `make run`) first")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, OSError) as exc:
        raise StoreError(f"{path}: cannot read it ({str(exc).splitlines()[0] if str(exc) else exc!r})") from None
    return store


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


@dataclass
class Answer:
    """A query's answer as text: ``kind`` is SELECT, ASK or CONSTRUCT (DESCRIBE too).

    SELECT: ``names`` (its variables) and ``rows`` (one string a cell, "" when
    unbound); ASK: ``boolean``; CONSTRUCT: ``turtle``.
    """

    kind: str
    names: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    boolean: bool = False
    turtle: str = ""


def _answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, prefixes: dict[str, str]) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer("CONSTRUCT", turtle=ox.serialize(result, format=ox.RdfFormat.TURTLE,
                                                       prefixes=prefixes).decode("utf-8"))
    names = [v.value for v in result.variables]
    solutions = list(result)  # runs the query
    try:
        rows = [[t.value if t is not None else "" for t in s] for s in solutions]
    except AttributeError:  # a triple term (SPARQL 1.2) has no lexical value: N-Triples, then
        rows = [["" if t is None else str(t) if isinstance(t, ox.Triple) else t.value for t in s]
                for s in solutions]
    return Answer("SELECT", names, rows)


def run_query(store: ox.Store, text: str, params: dict[str, Node] | None = None) -> Answer:
    """The answer of SPARQL ``text`` on ``store``, with ``params`` bound (see :func:`bind_values`)."""
    for name in params or {}:
        if not re.search(r"[?$]" + re.escape(name) + r"\b", text):
            known = sorted(set(re.findall(r"[?$](\w+)", text)))
            raise QueryError(f"--param {name}: the query has no variable ?{name}; "
                             f"its variables: {', '.join(known) or 'none'}")
    text = bind_values(text, params or {})
    prefixes = dict(re.findall(r"^\s*PREFIX\s+([\w.-]*):\s*<([^<>\s]*)>", text, re.I | re.M))
    try:
        return _answer(store.query(text), prefixes)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:  # SyntaxError: the text; others: running it
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"{'bad SPARQL' if isinstance(exc, SyntaxError) else 'query failed'}: {msg}") from None


def answer_from(out: Path, text: str, params: dict[str, Node]) -> Answer:
    """The answer of ``text`` on the graph built into ``out``: what ``kg query``'s query process runs."""
    return run_query(load_graph(out), text, params)


def _delimited(names: list[str], rows: list[list[str]], sep: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    return buf.getvalue().rstrip("\n")


def _table(names: list[str], rows: list[list[str]]) -> str:
    columns = list(zip(*rows)) if rows else [()] * len(names)
    widths = [min(60, max(len(n), max(map(len, col), default=0))) for n, col in zip(names, columns)]
    columns = [[c if len(c) <= w else c[: w - 1] + "\u2026" for c in col] for col, w in zip(columns, widths)]
    line = " | ".join(f"{{:<{w}}}" for w in widths)
    lines = [line.format(*names), "-+-".join("-" * w for w in widths)]
    lines += [line.format(*row) for row in zip(*columns)] if names else [""] * len(rows)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def format_result(answer: Answer, fmt: str = "table") -> str:
    """``answer`` as ``fmt`` (one of :data:`FORMATS`); CONSTRUCT and DESCRIBE answers are Turtle whatever ``fmt``."""
    if fmt not in FORMATS:
        raise UnknownNameError("format", fmt, list(FORMATS))
    if answer.kind == "ASK":
        return json.dumps({"boolean": answer.boolean}) if fmt == "json" else str(answer.boolean)
    if answer.kind == "CONSTRUCT":
        return answer.turtle
    if fmt == "json":
        return json.dumps([dict(zip(answer.names, row)) for row in answer.rows], indent=2, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        return _delimited(answer.names, answer.rows, "," if fmt == "csv" else "\t")
    return _table(answer.names, answer.rows)
