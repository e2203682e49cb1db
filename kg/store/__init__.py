"""Store: N-Triples of named graphs in, a queryable store out; and the build cache.

- :mod:`kg.store.base`: the :class:`~kg.store.base.GraphStore` interface and
  :func:`~kg.store.base.open_store`, which picks a store by path or URL scheme.
- :mod:`kg.store.embedded`: Oxigraph in a folder (the default, ``OUT/store``).
- :mod:`kg.store.remote`: SPARQL 1.1 endpoints (Graph Store Protocol, Update).
- :mod:`kg.store.cache`: what earlier builds made, so a rebuild extracts only
  what changed.
"""
from . import embedded, remote  # noqa: F401  each registers its URL schemes with base.open_store
