"""The files a build writes beside its store, by name: graph.ttl, graph.jsonld, graph.html.

Each writer takes the build's sorted N-Triples, the prefixes and a path. The
RDF files come from :mod:`kg.graph.serialize`, the page from :mod:`kg.page`:
this registry sits above both, so neither stage imports the other.

>>> check_exports(["html", "ttl"])
['ttl', 'html']
>>> check_exports(["pdf"])
Traceback (most recent call last):
kg.errors.UnknownNameError: unknown export format 'pdf'; known: ttl, jsonld, html, none
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..errors import ExportError, UnknownNameError
from ..graph.serialize import graph_view, write_jsonld, write_turtle

__all__ = ["EXPORTS", "check_exports", "write_exports"]


def _html(nt: bytes, prefixes: dict[str, str], path: Path) -> None:
    from ..page.render import write_page  # pyvis and jinja2 load only when a page is wanted

    write_page(graph_view(nt, prefixes), path)


#: export name -> (file name, writer)
EXPORTS: dict[str, tuple[str, Callable[[bytes, dict[str, str], Path], None]]] = {
    "ttl": ("graph.ttl", write_turtle),
    "jsonld": ("graph.jsonld", write_jsonld),
    "html": ("graph.html", _html),
}


def check_exports(names: Iterable[str]) -> list[str]:
    """The export names, each known (``none`` alone means no export)."""
    names = [n.strip() for n in names if n.strip()]
    if names == ["none"]:
        return []
    for name in names:
        if name not in EXPORTS:
            raise UnknownNameError("export format", name, [*EXPORTS, "none"])
    return [n for n in EXPORTS if n in names]


def write_exports(lines: list[bytes], out: Path, names: Iterable[str], prefixes: dict[str, str]) -> list[Path]:
    """Write the chosen exports of the sorted lines into ``out``; returns the files written.
    One that cannot be written does not stop the others: :class:`ExportError` names it after."""
    nt = b"\n".join(lines)  # one copy, read by every writer
    written, failed = [], []
    for name in check_exports(names):
        filename, writer = EXPORTS[name]
        try:
            writer(nt, prefixes, out / filename)
            written.append(out / filename)
        except OSError as exc:
            failed.append(f"{out / filename}: cannot write it ({exc.strerror or exc})")
    if failed:
        raise ExportError("; ".join(failed) + (f"; wrote {', '.join(map(str, written))}" if written else "") +
                          "; check that path and the free space, or build with another --out")
    return written
