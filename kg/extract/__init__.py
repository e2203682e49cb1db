"""Extract: an :class:`~kg.model.Article` in, an :class:`~kg.model.ArticleResult`
(its entities and facts, with evidence and modality) out.

The steps, in the order they run:

- :mod:`~kg.extract.lexicon` loads what extraction knows from ``ontology.ttl``
  and ``kg/data`` (relations, triggers, actors, cues); :mod:`~kg.extract.nlp`
  parses with spaCy and kg's actor ruler.
- Entities: :mod:`~kg.extract.names` (name strings), :mod:`~kg.extract.groups`
  (national groups), :mod:`~kg.extract.coref` (pronouns, descriptions), all
  filling one :class:`~kg.extract.mentions.ArticleEntities` in
  :mod:`~kg.extract.entities`.
- Facts: :mod:`~kg.extract.relations` runs the :mod:`~kg.extract.patterns`
  over each trigger, :mod:`~kg.extract.arguments` resolves their actors
  (:mod:`~kg.extract.members`: a group's members named after it),
  :mod:`~kg.extract.items` the goods, and :mod:`~kg.extract.modality` decides
  whether the text asserts the fact.

:func:`extract` is one article's extraction (a process pool or a cluster runs
it); :func:`extract_articles` parses and extracts a batch with one model load.
"""
from .pipeline import extract, extract_articles

__all__ = ["extract", "extract_articles"]
