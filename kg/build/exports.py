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

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import ExportError, UnknownNameError
from ..graph.serialize import graph_view, write_jsonld, write_turtle

__all__ = ["EXPORTS", "STAGING", "Staged", "check_exports", "stage_exports", "write_exports"]


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


#: where a build makes its exports before the store is written; they replace the last good ones only then
STAGING = ".kg-exports"


@dataclass
class Staged:
    """Exports made in ``OUT/.kg-exports``, not yet in ``OUT``, and those that failed."""

    out: Path
    names: list[str] = field(default_factory=list)  # file names made
    failed: list[str] = field(default_factory=list)  # one line each

    @property
    def folder(self) -> Path:
        return self.out / STAGING

    def discard(self) -> None:
        """Drop what was made: the last good exports stay."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def publish(self) -> list[Path]:
        """Move the exports into ``out`` (one rename each); returns the files written.
        One that cannot be written does not stop the others: :class:`ExportError` names it after."""
        written = []
        for filename in self.names:
            try:
                os.replace(self.folder / filename, self.out / filename)
                written.append(self.out / filename)
            except OSError as exc:
                self.failed.append(_failure(self.out / filename, exc))
        self.discard()
        if self.failed:
            raise ExportError("; ".join(self.failed) + (f"; wrote {', '.join(map(str, written))}" if written else "") +
                              "; check that path and the free space, or build with another --out")
        return written


def _failure(path: Path, exc: OSError) -> str:
    return f"{path}: cannot write it ({exc.strerror or exc})"


def stage_exports(lines: list[bytes], out: Path, names: Iterable[str], prefixes: dict[str, str]) -> Staged:
    """Make the chosen exports of the sorted lines in ``OUT/.kg-exports``; :meth:`Staged.publish`
    puts them in ``out``."""
    nt = b"\n".join(lines)  # one copy, read by every writer
    staged = Staged(out)
    staged.discard()  # what a killed build left
    staged.folder.mkdir(parents=True)
    for name in check_exports(names):
        filename, writer = EXPORTS[name]
        try:
            writer(nt, prefixes, staged.folder / filename)
            staged.names.append(filename)
        except OSError as exc:
            staged.failed.append(_failure(out / filename, exc))
    return staged


def write_exports(lines: list[bytes], out: Path, names: Iterable[str], prefixes: dict[str, str]) -> list[Path]:
    """Write the chosen exports of the sorted lines into ``out``; returns the files written."""
    return stage_exports(lines, out, names, prefixes).publish()
