"""Graph: :class:`~kg.model.ArticleResult` records in, RDF out.

- :mod:`kg.graph.rdf` makes the triples of each article (entities, assertions
  with their evidence and modality, provenance) and of the merged entities.
- :mod:`kg.graph.dates` resolves a fact's time as written ("last month")
  against its article's date to an ``xsd:date``, ``gYearMonth`` or ``gYear``.
- :mod:`kg.graph.corroboration` counts the same fact across articles
  (:class:`~kg.graph.corroboration.Tally`): one direct triple, many assertions.
- :mod:`kg.graph.serialize` turns triples into canonical N-Triples, sorts their
  union and writes Turtle and JSON-LD, and named graphs as TriG or N-Quads.
"""
