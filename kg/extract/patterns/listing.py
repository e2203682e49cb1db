"""Listings: the targets of a fact named in a sentence of their own, after it.

"The Treasury sanctioned four Iranian firms on Tuesday. Those designated
include Pishgam Sanat, Lotus Bridge Trading and Korfez Elektronik." The second
sentence names the objects; its subject ("those designated", "the sanctioned
individuals", "the measures" that "also target" them) says which relation
they are the objects of, and the subject of that relation is the
actor of the latest fact of it stated as fact just before.
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ...model import Fact
from ..arguments import actors
from ..lexicon import Lexicon, Relation
from ..mentions import Arg, ArticleEntities
from . import Candidate, lemma

__all__ = ["listing_candidates"]

_LOOKBACK = 2  # sentences before the listing in which its relation's fact must be


def _relation_named(subject: Token, verb: Token, lexicon: Lexicon) -> Relation | None:
    """The relation a listing's subject names: by a trigger word ("those
    designated", "the sanctioned individuals"), or as "the measures" that
    "target" or "cover" someone (``kg:anaphorNoun`` and ``kg:objectVerb``)."""
    # the parser leaves "sanctioned" in "the sanctioned individuals" an adjective of its own
    words = {w for t in subject.subtree for w in (lemma(t), t.lower_.removesuffix("ed"), t.lower_[:-1])}
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "this") for c in subject.children)
    for rel in lexicon.relations.values():
        if lemma(verb) in lexicon.naming_verbs and words & (rel.triggers | rel.noun_triggers):
            return rel
        if lemma(verb) in rel.object_verbs and definite and lemma(subject) in rel.anaphor_nouns:
            return rel
    return None


def _named(first: Token, ents: ArticleEntities, rel: Relation) -> list[Arg]:
    """Every actor of a coordination ("A, B and C"), in text order."""
    out: list[Arg] = []
    for tok in (first, *first.conjuncts):
        out += actors(tok, ents, rel.holder_nouns)
    return out


def _previous_actor(sent: Span, rel: Relation, facts: list[Fact]) -> Fact | None:
    doc = sent.doc
    first = sent
    for _ in range(_LOOKBACK):
        if first.start == 0:
            break
        first = doc[first.start - 1].sent
    before = [f for f in facts if f.relation == rel.name and f.factual and first.start_char <= f.start < sent.start_char]
    return max(before, key=lambda f: f.start) if before else None


def listing_candidates(doc: Doc, ents: ArticleEntities, lexicon: Lexicon, facts: list[Fact]) -> Iterator[Candidate]:
    """Candidates for the listings of ``doc``, given the facts already found in it."""
    for sent in doc.sents:
        verb = sent.root
        if lemma(verb) in lexicon.reporting_verbs | lexicon.speech_verbs:
            # "Those designated include A and B, the Treasury said"
            verb = next((c for c in verb.children if c.dep_ == "ccomp" and lemma(c) in lexicon.naming_verbs), verb)
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        listed = [c for c in verb.children if c.dep_ in ("attr", "dobj")]
        if not subjects or not listed:
            continue
        rel = _relation_named(subjects[0], verb, lexicon)
        if rel is None or any(ents.at(t) is not None for t in subjects[0].subtree):
            continue  # a named subject ("Russia's sanctions are ...") is no listing
        earlier = _previous_actor(sent, rel, facts)
        if earlier is None:
            continue
        objects = [a for a in _named(listed[0], ents, rel) if a.entity.key != earlier.subject.key]
        if objects:
            yield Candidate(rel, verb, [Arg(earlier.subject, verb, resolved=True)], objects, "listing")
