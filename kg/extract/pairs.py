"""Candidates of high recall for the learned scorer: every pair of actors a
trigger word shares a sentence with, described by features.

The hand-written patterns (:mod:`kg.extract.patterns`) find a fact only when the
parse has the shape they expect. Here every trigger of every relation in a
sentence is paired with every ordered pair of the sentence's actors; each
:class:`Pair` carries the words of the dependency paths from the trigger to the
two actors, their order and distance, their types, the modality cue and whether
the rules already found that fact. :mod:`kg.extract.scorer` weighs the features
with weights learned from annotated real text (``scripts/train_scorer.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..model import Fact, Mention
from .lexicon import Lexicon, Relation
from .mentions import Arg, ArticleEntities
from .modality import modality_of
from .patterns import lemma, noun_keys

__all__ = ["Pair", "sentence_pairs", "trigger_roles"]

_MAX_PATH = 5  # longer dependency paths are one feature: "long"
_MAX_ACTORS = 12  # a sentence naming more actors is a list, left to the rules' listing


@dataclass
class Pair:
    """One (subject, relation, object) candidate at one trigger, with its features."""

    relation: Relation
    trigger: Token
    subject: Arg
    object: Arg
    features: list[str]


def trigger_roles(tok: Token, lexicon: Lexicon) -> list[tuple[Relation, str]]:
    """The relations a token can state and how: ``verb``, ``rverb`` (its object
    is the giver: "buys from"), ``noun``, ``rnoun``, ``agent``, ``ragent``."""
    if tok.pos_ not in ("VERB", "NOUN", "PROPN"):
        return []
    word, keys = lemma(tok), noun_keys(tok)
    out = []
    for rel in lexicon.relations.values():
        if tok.pos_ == "VERB":
            role = "verb" if word in rel.triggers else "rverb" if word in rel.reverse_triggers else ""
        else:
            role = ("noun" if keys & rel.noun_triggers else "rnoun" if keys & rel.reverse_noun_triggers
                    else "agent" if keys & rel.agent_nouns else "ragent" if keys & rel.reverse_agent_nouns
                    else "verb" if word in rel.triggers and tok.dep_ == "ROOT" else "")
        if role:
            out.append((rel, role))
    return out


def _root(m: Mention, doc: Doc) -> Token:
    """The token of a mention whose head lies outside it."""
    return doc[m.start:m.end].root


def _chain(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _step(tok: Token) -> str:
    """One edge of a path: the dependency, with the word of a preposition."""
    if tok.dep_ in ("prep", "agent", "dative"):
        return f"{tok.dep_}:{tok.lower_}"
    return tok.dep_


def dep_path(arg: Token, trigger: Token) -> str:
    """The dependency path from an argument up to the common head and down to
    the trigger: ``nsubj^`` up, ``_dobj`` down; ``long`` past a few edges."""
    up, down = _chain(arg), _chain(trigger)
    on_down = {t.i: n for n, t in enumerate(down)}
    for n, t in enumerate(up):
        if t.i in on_down:
            ups = [_step(x) + "^" for x in up[:n]]
            downs = ["_" + _step(x) for x in reversed(down[:on_down[t.i]])]
            steps = ups + downs
            return "long" if len(steps) > _MAX_PATH else (" ".join(steps) or "self")
    return "none"  # a different sentence root: the parse split the sentence


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8+"


def _order(s: int, t: int, o: int) -> str:
    return "".join(k for _, k in sorted([(s, "S"), (t, "T"), (o, "O")]))


def _features(rel: Relation, role: str, t: Token, s: Mention, o: Mention, s_tok: Token, o_tok: Token,
              between: int, ruled: str, mod: str) -> list[str]:
    r = rel.name
    sp, op = dep_path(s_tok, t), dep_path(o_tok, t)
    feats = [
        f"r={r}", f"r={r}|role={role}", f"r={r}|lem={lemma(t)}|{role}",
        f"r={r}|sp={sp}", f"r={r}|op={op}", f"r={r}|{role}|sp={sp}|op={op}",
        f"{role}|sp={sp}", f"{role}|op={op}",
        f"r={r}|order={_order(s_tok.i, t.i, o_tok.i)}|{role}",
        f"sdist={_bucket(abs(s_tok.i - t.i))}", f"odist={_bucket(abs(o_tok.i - t.i))}",
        f"r={r}|stype={s.entity.type}", f"r={r}|otype={o.entity.type}",
        f"skind={s.kind}", f"okind={o.kind}", f"between={_bucket(between)}",
        f"rule={ruled}", f"r={r}|rule={ruled}", f"mod={mod}", f"r={r}|mod={mod}",
    ]
    for side, path in (("s", sp), ("o", op)):  # the path's ends and length generalize over its middle
        steps = path.split()
        feats += [f"r={r}|{side}first={steps[0]}", f"r={r}|{side}last={steps[-1]}", f"{side}len={min(len(steps), 6)}"]
    if o_tok.dep_ == "pobj":
        feats.append(f"r={r}|oprep={o_tok.head.lower_}")
    if s_tok.dep_ == "pobj":
        feats.append(f"r={r}|sprep={s_tok.head.lower_}")
    if o_tok.dep_ == "conj" or s_tok.dep_ == "conj":
        feats.append("conj")
    return feats


def _ruled(facts: dict[tuple[str, str, str], set[int]], s: str, r: str, o: str, start: int) -> str:
    """Whether the rules found this fact here (``here``), elsewhere in the
    article (``article``), the other way round (``reverse``) or not (``no``)."""
    if start in facts.get((s, r, o), ()):
        return "here"
    if (s, r, o) in facts:
        return "article"
    if start in facts.get((o, r, s), ()):
        return "reverse"
    return "no"


def _sentence_mentions(sent: Span, ents: ArticleEntities) -> list[Mention]:
    """One mention per actor in a sentence (its first), outlets left out."""
    seen: dict[str, Mention] = {}
    for m in ents.mentions:
        if sent.start <= m.start < sent.end and m.entity.key not in seen and not ents.is_outlet(sent.doc[m.start]):
            seen[m.entity.key] = m
    return list(seen.values())


def sentence_pairs(ents: ArticleEntities, lexicon: Lexicon, rule_facts: list[Fact]) -> Iterator[Pair]:
    """Every candidate pair of an article's Doc, sentence by sentence."""
    doc = ents.doc
    found: dict[tuple[str, str, str], set[int]] = {}
    for f in rule_facts:
        found.setdefault((f.subject.key, f.relation, f.object.key), set()).add(f.start)
    ruled_sents = {(f.relation, f.start) for f in rule_facts}
    for sent in doc.sents:
        mentions = _sentence_mentions(sent, ents)
        if len(mentions) < 2 or len(mentions) > _MAX_ACTORS:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        roots = {m.entity.key: _root(m, doc) for m in mentions}
        for t in sent:
            roles = trigger_roles(t, lexicon)
            if not roles:
                continue
            mod = modality_of(t, lexicon).value
            for s in mentions:
                for o in mentions:
                    if s.entity.key == o.entity.key:
                        continue
                    s_tok, o_tok = roots[s.entity.key], roots[o.entity.key]
                    if t.i in (s_tok.i, o_tok.i):
                        continue
                    lo, hi = sorted((s.start, o.start))
                    between = sum(1 for m in mentions if lo < m.start < hi)
                    for rel, role in roles:
                        ruled = _ruled(found, s.entity.key, rel.name, o.entity.key, start)
                        feats = _features(rel, role, t, s, o, s_tok, o_tok, between, ruled, mod)
                        if "long" in feats[3] + feats[4] or "none" in feats[3] + feats[4]:
                            continue  # too far from the trigger to be its argument
                        feats.append(f"r={rel.name}|sentruled={(rel.name, start) in ruled_sents}")
                        yield Pair(rel, t, Arg(s.entity, s_tok, s.kind != "name"), Arg(o.entity, o_tok, o.kind != "name"),
                                   feats)
