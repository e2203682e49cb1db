"""Graphs for the page tests, made through the real RDF writer (kg.graph.rdf.build_rdf)."""
from __future__ import annotations

import random

from rdflib import Graph

from kg.graph.rdf import build_rdf
from kg.model import Article, ArticleResult, Entity, Fact

TYPES = ("Country", "Organization", "Company", "GovernmentBody", "InternationalOrganization", "Person", "Group")
PLANTED = '<img src=x onerror="window.__kgxss=1">'
SCRIPT = "<script>window.__kgxss=2</script>"


def synthetic_graph(n_entities: int, n_facts: int, *, articles: int = 40, seed: int = 1,
                    planted: bool = False) -> Graph:
    """``n_entities`` entities, all typed; about ``n_facts`` facts between them, hubs included
    (preferential attachment), a few of them negated. ``planted`` puts markup in names,
    titles, sources and sentences."""
    rng = random.Random(seed)
    mark = (" " + PLANTED + " " + SCRIPT) if planted else ""
    ents = [Entity(f"e{i:05d}", f"Entity {i}{mark if i % 7 == 0 else ''}", TYPES[i % len(TYPES)],
                   aliases=(f"Alias {i}{mark}",) if i % 5 == 0 else (), wikidata=f"Q{i + 1}" if i % 3 == 0 else "")
            for i in range(n_entities)]
    arts = [Article(id=f"a{j:03d}", text="x", title=f"Article {j}{mark}", source=f"Source{mark}", date="2024-05-01")
            for j in range(articles)]
    facts: dict[str, list[Fact]] = {a.id: [] for a in arts}
    targets = [0, 1]
    for k in range(n_facts):
        s = rng.randrange(n_entities) if k >= n_entities - 1 else k + 1  # every entity gets at least one fact
        o = rng.choice(targets)
        if o == s:
            o = (s + 1) % n_entities
        targets += [s, o]
        rel = ("supplies", "sanctions", "warns")[k % 3]
        art = arts[k % articles]
        modality = "negated" if k % 17 == 0 else ("reported" if k % 5 == 0 else "asserted")
        facts[art.id].append(Fact(ents[s], rel, ents[o], modality, 0.9, f"Sentence {k}: {ents[s].label} {rel} "
                                  f"{ents[o].label}.{mark}", art.id, k, k + 10, "synthetic"))
    results = [ArticleResult(a, {e.key: e for f in facts[a.id] for e in (f.subject, f.object)}, facts[a.id])
               for a in arts]
    results[0].entities.update({e.key: e for e in ents})  # entities without a fact are entities too
    return build_rdf(results)


ENTITIES = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t . ?t rdfs:subClassOf* kg:Actor }"
FACTS = "SELECT (COUNT(*) AS ?n) WHERE { ?p kg:relationProperty true . ?s ?p ?o }"


def count(graph: Graph, query: str, **bindings) -> int:
    """The number a COUNT query of the graph gives, by SPARQL: independent of kg.page.projection."""
    from rdflib.namespace import RDFS

    from kg.namespace import KG

    return int(next(iter(graph.query(query, initNs={"kg": KG._NS, "rdfs": RDFS}, initBindings=bindings)))[0])
