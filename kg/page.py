"""Placeholder page; replaced by the pyvis page."""
from __future__ import annotations

import html
from pathlib import Path

from rdflib import Graph

from .graph import write_atomic


def write_page(graph: Graph, path: Path) -> None:
    write_atomic(path, "<!doctype html><title>kg</title><p>" + html.escape(str(len(graph))) + " triples</p>")
