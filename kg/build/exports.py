"""The files a build writes beside its store, by name: graph.ttl, graph.jsonld, graph.html,
graph.graphml, graph.gexf, facts.csv and entities.csv, graph.trig, graph.nq.

Each writer takes an :class:`ExportSource` (the build's sorted N-Triples, its
prefixes, its named graphs) and the paths it writes. The RDF files come from
:mod:`kg.graph.serialize`, the page and the network files from :mod:`kg.page`:
this registry sits above both, so neither stage imports the other.
:func:`export_store` makes the same files from a built store (``kg export``).

>>> check_exports(["html", "ttl"])
['ttl', 'html']
>>> check_exports(["pdf"])
Traceback (most recent call last):
kg.errors.UnknownNameError: unknown export format 'pdf'; known: csv, gexf, graphml, html, jsonld, none, nquads, trig, ttl
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rdflib import Graph

from ..errors import ExportError, UnknownNameError
from ..graph.serialize import graph_view, ontology_prefixes, union_lines, write_dataset, write_jsonld, write_turtle
from ..resources import DEFAULT_ONTOLOGY

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORTS", "ExportSource", "STAGING", "Staged", "check_exports", "stage_exports", "write_exports",
           "export_store"]


@dataclass
class ExportSource:
    """What every export is made from: the union's sorted N-Triples, the prefixes, and
    ``graphs``, which gives the named graphs (IRI, N-Triples) when a dataset export asks."""

    nt: bytes
    prefixes: dict[str, str]
    graphs: Callable[[], Iterable[tuple[str, bytes]]] = lambda: ()
    _cache: dict = field(default_factory=dict, repr=False)

    def view(self) -> Graph:
        """The union as an rdflib Graph, made once for every export that reads it."""
        if "view" not in self._cache:
            self._cache["view"] = graph_view(self.nt, self.prefixes)
        return self._cache["view"]

    def projection(self) -> "nx.MultiDiGraph":
        """The page's networkx projection of the union, made once (:func:`kg.page.projection.project`)."""
        if "projection" not in self._cache:
            from ..page.projection import project

            self._cache["projection"] = project(self.view())
        return self._cache["projection"]


def _html(src: ExportSource, path: Path) -> None:
    from ..page.render import write_page  # pyvis and jinja2 load only when a page is wanted

    write_page(src.view(), path)


def _network(kind: str) -> Callable[..., None]:
    def write(src: ExportSource, *paths: Path) -> None:
        from ..page import exchange

        getattr(exchange, f"write_{kind}")(src.projection(), *paths)
    return write


def _dataset(fmt: str) -> Callable[[ExportSource, Path], None]:
    return lambda src, path: write_dataset(src.graphs(), src.prefixes, path, fmt)


#: export name -> (the files it writes, its writer)
EXPORTS: dict[str, tuple[tuple[str, ...], Callable[..., None]]] = {
    "ttl": (("graph.ttl",), lambda src, path: write_turtle(src.nt, src.prefixes, path)),
    "jsonld": (("graph.jsonld",), lambda src, path: write_jsonld(src.nt, src.prefixes, path)),
    "html": (("graph.html",), _html),
    "graphml": (("graph.graphml",), _network("graphml")),
    "gexf": (("graph.gexf",), _network("gexf")),
    "csv": (("facts.csv", "entities.csv"), _network("csv")),
    "trig": (("graph.trig",), _dataset("trig")),
    "nquads": (("graph.nq",), _dataset("nquads")),
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


def stage_exports(source: ExportSource, out: Path, names: Iterable[str]) -> Staged:
    """Make the chosen exports of ``source`` in ``OUT/.kg-exports``; :meth:`Staged.publish`
    puts them in ``out``."""
    staged = Staged(out)
    staged.discard()  # what a killed build left
    staged.folder.mkdir(parents=True)
    for name in check_exports(names):
        filenames, writer = EXPORTS[name]
        try:
            writer(source, *(staged.folder / f for f in filenames))
            staged.names += filenames
        except OSError as exc:
            staged.failed.append(_failure(out / filenames[0], exc))
    return staged


def write_exports(source: ExportSource, out: Path, names: Iterable[str]) -> list[Path]:
    """Write the chosen exports of ``source`` into ``out``; returns the files written."""
    return stage_exports(source, out, names).publish()


def export_store(out: str | Path, names: Iterable[str], *, ontology: str | Path | None = None) -> list[Path]:
    """Write the chosen exports into ``out`` from the store a build left in ``out/store``
    (its default graph is the union, its named graphs the dataset); the same bytes as the build's."""
    import pyoxigraph as ox

    from ..store.embedded import open_embedded

    out, names = Path(out), check_exports(names)
    store = open_embedded(out / "store", read_only=True)
    default = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                           format=ox.RdfFormat.N_TRIPLES)

    def graphs() -> Iterable[tuple[str, bytes]]:
        for g in sorted(store.named_graphs(), key=str):
            if isinstance(g, ox.NamedNode):
                yield g.value, ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, g)),
                                            format=ox.RdfFormat.N_TRIPLES)

    prefixes = ontology_prefixes(Path(ontology) if ontology else DEFAULT_ONTOLOGY)
    return write_exports(ExportSource(b"\n".join(union_lines([default])), prefixes, graphs), out, names)
