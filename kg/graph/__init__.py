"""Graph: :class:`~kg.model.ArticleResult` records in, RDF out.

- :mod:`kg.graph.rdf` makes the triples of each article (entities, assertions
  with their evidence and modality, provenance) and of the merged entities.
- :mod:`kg.graph.corroboration` counts the same fact across articles
  (:class:`~kg.graph.corroboration.Tally`): one direct triple, many assertions.
- :mod:`kg.graph.serialize` turns triples into canonical N-Triples, sorts their
  union and writes Turtle and JSON-LD.
"""
