"""The records passed between pipeline stages: plain dataclasses, no RDF."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["Article", "Entity", "Mention", "Fact", "Said", "ArticleResult", "FACTUAL"]

#: Modalities whose facts become direct relation triples.
FACTUAL = frozenset({"asserted", "reported"})


@dataclass(frozen=True)
class Article:
    """One news article, its page noise removed.

    ``text`` is the cleaned text the offsets of every fact refer to.
    """

    id: str
    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    path: str = ""
    content_hash: str = ""
    front: str = ""  # the page's first lines as written, noise and all: a release's issuing office is there


@dataclass(frozen=True)
class Entity:
    """A canonical actor: ``key`` is stable and becomes the IRI's last part."""

    key: str
    label: str
    type: str  # Country, Organization, Company, GovernmentBody, InternationalOrganization, Person, Group
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    based_in: str = ""  # key of a Country entity


@dataclass(frozen=True)
class Mention:
    """Where an entity is named in a Doc (token span, end exclusive)."""

    entity: Entity
    start: int
    end: int
    text: str
    kind: str = "name"  # name, group, description ("the firm") or pronoun


@dataclass(frozen=True)
class Fact:
    """One extracted statement of a relation, with its evidence."""

    subject: Entity
    relation: str
    object: Entity
    modality: str
    confidence: float
    evidence: str
    article: str
    start: int
    end: int
    rule: str
    items: tuple[str, ...] = ()
    amount: str = ""
    time: str = ""
    source: str = ""

    @property
    def factual(self) -> bool:
        return self.modality in FACTUAL


class Said(NamedTuple):
    """What the merged graph counts of one :class:`Fact` (entity keys, not entities).

    The build cache keeps these per article, so counting facts across
    thousands of articles needs no article to be extracted or read again.
    """

    subject: str
    relation: str
    object: str
    modality: str
    factual: bool
    article: str
    start: int
    rule: str
    evidence: str
    items: tuple[str, ...] = ()

    @classmethod
    def of(cls, fact: Fact) -> "Said":
        return cls(fact.subject.key, fact.relation, fact.object.key, fact.modality, fact.factual, fact.article,
                   fact.start, fact.rule, fact.evidence, fact.items)


@dataclass
class ArticleResult:
    """What extraction made of one article: everything the graph needs."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
