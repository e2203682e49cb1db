"""Build: input paths in; a store, its exports and a report out. It runs the stages.

- :mod:`kg.build.run`: :func:`~kg.build.run.build` and
  :func:`~kg.build.run.watch`: read, reuse the cache, extract what changed,
  write the store, then the exports.
- :mod:`kg.build.parallel`: extraction on many processes or a Dask cluster.
- :mod:`kg.build.exports`: the files written beside the store (Turtle,
  JSON-LD, the page, GraphML, GEXF, CSV, TriG, N-Quads), by name, from a
  build or from its store (``kg export``).
"""
from .run import BuildReport, build, watch

__all__ = ["BuildReport", "build", "watch"]
