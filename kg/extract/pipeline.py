"""Extraction of one article: the function a process pool or a cluster runs.

``extract(article, doc, lexicon)`` goes from a parsed article to an
:class:`~kg.model.ArticleResult`; :func:`extract_articles` parses a batch
with one model and extracts each.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.tokens import Doc

from ..model import Article, ArticleResult
from .entities import find_entities
from .lexicon import Lexicon
from .nlp import load_nlp, parse
from .relations import extract_facts

__all__ = ["extract", "extract_articles"]


def extract(article: Article, doc: Doc, lexicon: Lexicon) -> ArticleResult:
    """Entities and facts of one parsed article.

    Only entities that take part in a fact are kept: the graph is about
    relations, and a name seen once in passing is not worth a node.
    """
    ents = find_entities(doc, lexicon, front=article.front)
    facts = extract_facts(doc, ents, lexicon, article.id)
    used = {f.subject.key for f in facts} | {f.object.key for f in facts}
    entities = {k: e for k, e in ents.entities.items() if k in used}
    for fact in facts:  # a pronoun may name an entity whose mention lies elsewhere
        entities.setdefault(fact.subject.key, fact.subject)
        entities.setdefault(fact.object.key, fact.object)
    for ent in list(entities.values()):
        if ent.based_in and ent.based_in in lexicon.actors:
            entities.setdefault(ent.based_in, lexicon.actors[ent.based_in])
    return ArticleResult(article=article, entities=entities, facts=facts)


def extract_articles(articles: Iterable[Article], lexicon: Lexicon, *, model: str | None = None,
                     batch_size: int = 16) -> Iterator[ArticleResult]:
    """Parse and extract articles in order with one model load."""
    nlp = load_nlp(lexicon, model)
    articles = list(articles)
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles), batch_size=batch_size)):
        yield extract(article, doc, lexicon)
