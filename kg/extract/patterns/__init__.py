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

from ..arguments import actors, children, origin_actors, pobjs
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities

__all__ = ["Candidate", "lemma", "noun_keys", "is_passive", "unique", "origins", "goods_origins", "trade_targets"]


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


def _trade_noun(g: Token, ents: ArticleEntities, *, buying: bool) -> bool:
    """A noun of selling ("exports", "sales") or, if ``buying``, of buying ("imports")."""
    return any(lemma(g) in (r.reverse_noun_triggers if buying else r.noun_triggers)
               for r in ents.lexicon.relations.values() if r.has_items)


def goods_origins(goods: list[Token], rel: Relation, ents: ArticleEntities) -> list[Arg]:
    """ "sanctions on Russian oil", "banned imports of Russian uranium", "a tariff
    on imports from Mexico": a measure on goods aims at the goods' country."""
    found = origins(goods, ents)
    for g in goods:  # "duties on steel products from Canada"; "a tariff on imports of Mexico"
        if lemma(g) in rel.non_items:
            continue  # "restrictions on travel from India" (kg:nonItem): not aimed at India
        trade = _trade_noun(g, ents, buying=True) or _trade_noun(g, ents, buying=False)
        found += [a for p in pobjs(g, {"from", "of"} if trade else {"from"}) for a in actors(p, ents, rel.holder_nouns)
                  if a.entity.type == "Country"]
        if trade:  # "imports of Russian enriched uranium"
            found += origins(pobjs(g, {"of"}), ents)
    return found


def trade_targets(verb: Token, rel: Relation, ents: ArticleEntities) -> list[Arg]:
    """Whom a measure on trade aims at: "banned imports of Russian uranium"
    (where the goods come from), "restricted exports of chips to China" (where
    they go). Only trade nouns count: "blacklisted the Russian producer" names
    its target otherwise."""
    out: list[Arg] = []
    for g in children(verb, "dobj"):
        if _trade_noun(g, ents, buying=False):
            out += [a for t in (g, verb) for p in pobjs(t, {"to"}) for a in actors(p, ents, rel.holder_nouns)]
        elif _trade_noun(g, ents, buying=True):
            out += goods_origins([g], rel, ents)
    return out
