"""kg: knowledge graphs of who supplies, sanctions and warns whom, from news, with evidence.

The package is laid out as the pipeline runs; data flows one way, and a
stage imports only from the stages before it and from the shared records::

    read     files -> Article                       (kg.read)
    extract  Article -> ArticleResult               (kg.extract)
    graph    ArticleResult -> RDF N-Triples         (kg.graph)
    store    N-Triples -> named graphs; the cache   (kg.store)
    query    store -> SPARQL answers, kg serve      (kg.query)
    page     RDF -> networkx -> graph.html          (kg.page)
    build    runs the stages, writes the exports    (kg.build)

Shared by every stage: :mod:`kg.model` (the records), :mod:`kg.errors`,
:mod:`kg.namespace` (the vocabulary) and :mod:`kg.resources` (the bundled
files). :mod:`kg.cli` is the command line and :mod:`kg.evaluate` scores a
build against gold.
"""
