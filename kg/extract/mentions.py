"""The records the entity step hands to the fact step: one article's mentions,
and an actor found for a trigger's argument.

:func:`kg.extract.entities.find_entities` fills it; coreference
(:mod:`kg.extract.coref`), arguments and patterns read it. It sits below all
of them so that none needs to import another to name its type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..model import Entity, Mention
from .lexicon import Lexicon

__all__ = ["ArticleEntities", "Arg"]


@dataclass
class ArticleEntities:
    """The mentions of one article's Doc and the entities they name."""

    doc: Doc
    lexicon: Lexicon
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    outlet_tokens: set[int] = field(default_factory=set)
    issuer: Entity | None = None  # who "we" is outside quotes: the office a release's header names

    @property
    def entities(self) -> dict[str, Entity]:
        return {m.entity.key: m.entity for m in self.mentions}

    def add(self, mention: Mention) -> None:
        if any(i in self.by_token for i in range(mention.start, mention.end)):
            return
        self.mentions.append(mention)
        self.mentions.sort(key=lambda m: m.start)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def is_outlet(self, token: Token) -> bool:
        return token.i in self.outlet_tokens


@dataclass(frozen=True)
class Arg:
    """An actor found for an argument, and whether coreference was needed."""

    entity: Entity
    token: Token
    resolved: bool = False
