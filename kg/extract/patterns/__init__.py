"""Relation patterns: generators over one trigger token yielding
:class:`Candidate` records, one module per family.

  verbal   verb        S <trigger> O / O was <trigger>ed by S / S <trigger> X to O
           verb-rev    O <reverse trigger> X from S ("India buys Russian oil")
           list        S added O to its <list noun>
  nominal  noun        S's <noun> to/on O, S <noun> target O, O is under S <noun>
           noun-acl    the <noun> imposed by S on O (a presupposed fact)
           noun-join   S joined the <noun> against O
           noun-rev    O's <reverse noun> of X from S ("China's imports of Russian oil")
           agent       S, O's <agent noun> ("Russia, Europe's biggest supplier")
           agent-rev   O, the biggest <reverse agent noun> of S's X ("India, the largest buyer of Russian oil")
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..arguments import children, origin_actors
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities

__all__ = ["Candidate", "lemma", "noun_keys", "is_passive", "unique", "origins"]


@dataclass
class Candidate:
    """A relation found at a trigger, before modality and evidence."""

    relation: Relation
    trigger: Token
    subjects: list[Arg]
    objects: list[Arg]
    rule: str
    items: list[Token] = field(default_factory=list)
    anchor: Token | None = None  # where modality is read, when not the trigger
    presupposed: bool = False  # "joined Western sanctions": the sanctions exist whatever the joiner did


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def noun_keys(tok: Token) -> set[str]:
    """'sanction', and with its compound, 'asset freeze', 'export control'."""
    keys = {lemma(tok), tok.lower_}
    for c in children(tok, "compound", "amod"):
        keys |= {f"{lemma(c)} {lemma(tok)}", f"{c.lower_} {lemma(tok)}"}
    return keys


def is_passive(verb: Token) -> bool:
    """ "was sanctioned by", "a firm sanctioned by", "US-sanctioned"."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or \
        (verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children))


def unique(args: list[Arg]) -> list[Arg]:
    seen: set[str] = set()
    return [a for a in args if not (a.entity.key in seen or seen.add(a.entity.key))]


def origins(tokens: list[Token], ents: ArticleEntities) -> list[Arg]:
    return [Arg(e, t) for t in tokens for e in origin_actors(t, ents)]
