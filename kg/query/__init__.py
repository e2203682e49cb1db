"""Query: a built store in, SPARQL answers out.

- :mod:`kg.query.named`: ``kg query``: the named queries of ``queries/*.rq``
  with bound parameters, and their answers as a table, CSV, TSV or JSON.
- :mod:`kg.query.sparql`: one SPARQL 1.1 protocol request evaluated on a store.
- :mod:`kg.query.pool`: the worker processes that answer them, with timeouts.
- :mod:`kg.query.serve`: ``kg serve``, the read-only HTTP endpoint.
- :mod:`kg.query.shacl`: ``kg validate``, the graph checked against ``shapes.ttl``.

Nothing is imported here: a spawned query worker loads only what it runs.
"""
