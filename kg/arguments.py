"""Arguments of a trigger: from dependency tokens to the actors they name.

One token can name several actors (coordination: "Japan and South Korea"),
an actor through an apposition ("Iran Air, the country's flag carrier"), a
holder ("the assets of X"), a relative pronoun ("companies that ...") or an
earlier mention ("it", "the firm").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .entities import ArticleEntities
from .model import Entity

__all__ = ["Arg", "actors", "subject_of", "children", "pobjs", "origin_actors"]

_RELATIVE = {"that", "which", "who", "whom", "whose"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@dataclass(frozen=True)
class Arg:
    """An actor found for an argument, and whether coreference was needed."""

    entity: Entity
    token: Token
    resolved: bool = False


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """Objects of ``tok``'s prepositions named in ``preps`` ("sanctions on X")."""
    out = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            out += [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return out


def _one(tok: Token, ents: ArticleEntities, holders: frozenset[str], depth: int = 0) -> list[Arg]:
    if depth > 3:
        return []
    if ents.is_outlet(tok):
        return []
    m = ents.at(tok)
    if m is not None:
        return [Arg(m.entity, tok)]
    word = tok.lower_
    if word in _RELATIVE and tok.head.dep_ in ("relcl",):
        return _one(tok.head.head, ents, holders, depth + 1)
    if tok.pos_ == "PRON" or (tok.pos_ in ("NOUN",) and any(d.lower_ in ("the", "this") for d in tok.children
                                                                if d.dep_ == "det")):
        ant = ents.antecedent(tok)
        if ant is not None:
            return [Arg(ant.entity, tok, resolved=True)]
    if tok.lemma_.lower() in holders:  # "the assets of X", "X's assets"
        out = []
        for c in children(tok, "poss") + pobjs(tok, {"of"}):
            out += actors(c, ents, holders, depth + 1)
        return out
    # "two companies registered in Hong Kong, A and B": the members are named
    members = []
    for c in children(tok, "appos"):
        members += actors(c, ents, holders, depth + 1)
    if members:
        return members
    if tok.dep_ == "appos":  # "Iran Air, the country's flag carrier"
        return _one(tok.head, ents, holders, depth + 1)
    # a name inside the noun phrase: "the Treasury's Office ...", "Russia-based"
    for c in tok.children:
        if c.dep_ in ("compound",) and ents.at(c) is not None and ents.at(c).entity.type != "Country":
            return [Arg(ents.at(c).entity, tok)]
    return []


def actors(tok: Token, ents: ArticleEntities, holders: frozenset[str] = frozenset(), depth: int = 0) -> list[Arg]:
    """Every actor an argument token names, its conjuncts included."""
    out: list[Arg] = []
    seen: set[str] = set()
    for t in (tok, *[c for c in tok.conjuncts if c.i != tok.i]):
        for arg in _one(t, ents, holders, depth):
            if arg.entity.key not in seen:
                seen.add(arg.entity.key)
                out.append(arg)
    return out


def subject_of(verb: Token) -> list[Token]:
    """The subject tokens of a verb, following control and shared subjects."""
    own = children(verb, *_SUBJ)
    if own:
        return own
    dep, head = verb.dep_, verb.head
    if head is verb:
        return []
    if dep == "xcomp":  # "warned Seoul not to supply": object control, else subject control
        objs = children(head, "dobj")
        return objs or subject_of(head)
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head)
    if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head]
    if dep in ("advcl", "pcomp", "ccomp"):
        return subject_of(head if dep != "pcomp" else head.head)
    return []


def origin_actors(item: Token, ents: ArticleEntities) -> list[Entity]:
    """Countries an item is said to come from: "Russian oil", "Iraqi grades"."""
    lexicon = ents.lexicon
    found: dict[str, Entity] = {}
    for tok in item.subtree:
        if tok.dep_ not in ("amod", "compound", "poss", "nmod", "conj") or tok.i > item.i:
            continue
        ent = lexicon.demonym(tok.text)
        if ent is None and (m := ents.at(tok)) is not None and m.entity.type in ("Country", "Company"):
            ent = m.entity
        if ent is not None:
            found.setdefault(ent.key, ent)
    return list(found.values())
