"""Page: an RDF graph in, ``graph.html`` out (one file, scripts inlined, offline).

- :mod:`kg.page.projection`: RDF -> a networkx ``MultiDiGraph`` of entities
  and facts with their evidence.
- :mod:`kg.page.layout`: node positions computed once, so the browser need not.
- :mod:`kg.page.render`: pyvis and the template in ``templates/`` make the page.
- :mod:`kg.page.exchange`: the same projection as GraphML, GEXF and CSV files.
"""
