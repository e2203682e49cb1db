"""One SPARQL Protocol request answered on a store, for ``kg serve``.

Oxigraph evaluates the query and serializes the answer in the format the
request negotiates. Results are cut at ``max_results``: Oxigraph writes the
rows as SPARQL TSV, stopped past the cap, and re-serializes the kept ones
into the negotiated format. Every failure is an HTTP answer, never an
exception. The worker processes that run requests are :mod:`kg.query.pool`.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
'application/sparql-results+xml'
>>> negotiate("*/*", GRAPH_TYPES)
'text/turtle'
>>> negotiate("image/png", SELECT_TYPES) is None
True
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["Request", "Response", "evaluate", "text_response", "negotiate", "SELECT_TYPES", "GRAPH_TYPES"]

R, G = ox.QueryResultsFormat, ox.RdfFormat
#: media type -> format, the first being the default
SELECT_TYPES = {"application/sparql-results+json": R.JSON, "application/json": R.JSON,
                "application/sparql-results+xml": R.XML, "application/xml": R.XML, "text/xml": R.XML,
                "text/csv": R.CSV, "text/tab-separated-values": R.TSV}
GRAPH_TYPES = {"text/turtle": G.TURTLE, "application/n-triples": G.N_TRIPLES, "text/plain": G.N_TRIPLES,
               "application/rdf+xml": G.RDF_XML, "application/ld+json": G.JSON_LD}
_SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
          "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
          "nt": "application/n-triples", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
          "jsonld": "application/ld+json", "json-ld": "application/ld+json"}


@dataclass(frozen=True)
class Request:
    """One query as asked; equal requests get the same answer from one store (it is their cache key)."""

    query: str
    accept: str = ""
    format: str = ""  # json, xml, csv, tsv, turtle, ... or a media type; overrides accept
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


Response = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, extra headers


def negotiate(accept: str, offers: dict) -> str | None:
    """The offered media type the Accept header prefers (the first offer for none or */*)."""
    if not accept.strip():
        return next(iter(offers))
    ranked = []
    for i, part in enumerate(accept.split(",")):
        mtype, *opts = [x.strip() for x in part.split(";")]
        q = next((float(o[2:]) for o in opts if o.startswith("q=") and o[2:].replace(".", "", 1).isdigit()), 1.0)
        ranked.append((-q, i, mtype.lower()))
    for negq, _, mtype in sorted(ranked):
        if negq == 0:
            break
        if mtype in offers:
            return mtype
        if mtype in ("*/*", "*") or (mtype.endswith("/*") and any(o.startswith(mtype[:-1]) for o in offers)):
            return next(o for o in offers if mtype in ("*/*", "*") or o.startswith(mtype[:-1]))
    return None


class _Full(Exception):
    """Stops Oxigraph's serializer once :class:`_FirstLines` has what it wants."""


class _FirstLines:
    """A file that keeps the first ``wanted`` lines written to it, then stops the writer.

    Answers are written by Oxigraph as SPARQL TSV, one line per row (line breaks in
    values are escaped), so a capped answer is its first lines, read without a
    Python object per value: a query is not evaluated past what it returns.
    """

    def __init__(self, wanted: int) -> None:
        self.wanted, self.seen, self.chunks, self.full = wanted, 0, [], False

    def write(self, data: bytes) -> int:
        if not self.full:  # after _Full, Oxigraph may still flush its buffer here: not wanted
            self.chunks.append(bytes(data))
            self.seen += self.chunks[-1].count(b"\n")
            if self.seen >= self.wanted:
                self.full = True
                raise _Full
        return len(data)

    def flush(self) -> None:  # Oxigraph flushes the file it wrote a whole answer to
        pass

    def lines(self) -> list[bytes]:
        """The whole lines written (each ends with a line break; a stopped writer leaves a part of one)."""
        return b"".join(self.chunks).split(b"\n")[:-1]


def _select(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_results: int) -> tuple[bytes, dict]:
    """A SELECT answer in ``fmt``, cut at ``max_results`` rows; its extra headers."""
    sink = _FirstLines(max_results + 2)  # the header, the rows, and one more that says it was cut
    try:
        result.serialize(sink, format=R.TSV)
    except _Full:
        pass
    header, *rows = sink.lines()
    headers = {"X-KG-Truncated": "true"} if len(rows) > max_results else {}
    tsv = b"\n".join([header, *rows[:max_results]]) + b"\n"
    return (tsv if fmt == R.TSV else ox.parse_query_results(tsv, format=R.TSV).serialize(format=fmt)), headers


def text_response(status: int, message: str) -> Response:
    return status, "text/plain; charset=utf-8", (message + "\n").encode(), {}


def evaluate(store: ox.Store, req: Request, max_results: int) -> Response:
    """Run one request on the store; every failure is an HTTP answer, never an exception."""
    wanted = _SHORT.get(req.format.lower(), req.format.lower()) if req.format else ""
    try:
        # without default-graph-uri: the store's default graph, which a build keeps as the union of all
        kwargs: dict = {"default_graph": [ox.NamedNode(g) for g in req.default_graphs]} if req.default_graphs else {}
        if req.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
        result = store.query(req.query, **kwargs)
        graph = isinstance(result, ox.QueryTriples)
        offers = GRAPH_TYPES if graph else SELECT_TYPES
        mtype = wanted if wanted in offers else negotiate(req.accept, offers)
        if mtype is None:
            return text_response(406, f"cannot answer in {req.format or req.accept}; offered: {', '.join(offers)}")
        headers = {}
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=offers[mtype])
        elif graph:
            triples = list(itertools.islice(result, max_results + 1))
            if len(triples) > max_results:
                triples, headers = triples[:max_results], {"X-KG-Truncated": "true"}
            body = ox.serialize(triples, format=offers[mtype])
        else:
            body, headers = _select(result, offers[mtype], max_results)
    except SyntaxError as exc:
        return text_response(400, f"bad SPARQL: {str(exc).splitlines()[0]}")
    except (ValueError, OSError, RuntimeError) as exc:
        return text_response(400 if isinstance(exc, ValueError) else 500, f"query failed: {str(exc).splitlines()[0]}")
    charset = "; charset=utf-8" if mtype.startswith("text/") or mtype.endswith("json") else ""
    return 200, mtype + charset, body, headers
