"""Nominal patterns: an event noun (sanctions, exports, a warning) or a role
noun (supplier, buyer) and the actors around it."""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from ..arguments import actors, children, origin_actors, pobjs, subject_of
from ..coref import apposed
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities
from . import Candidate, goods_origins, lemma, origins, unique

__all__ = ["noun_pattern", "reverse_noun_pattern", "agent_pattern", "reverse_agent_pattern"]


def _support_verb(noun: Token, rel: Relation) -> Token | None:
    head = noun.head
    if noun.dep_ == "dobj" and lemma(head) in rel.support_verbs:
        return head
    if noun.dep_ == "pobj" and head.head.dep_ == "dobj" and lemma(head.head.head) in rel.support_verbs:
        return head.head.head  # "announced a package of sanctions"
    i = noun.i - 1  # the parser may lose "imposed (new) sanctions": read the words before
    while i >= noun.sent.start and (noun.doc[i].pos_ in ("DET", "ADJ", "NUM") or noun.doc[i].dep_ == "compound"):
        i -= 1
    if i >= noun.sent.start and noun.doc[i].pos_ == "VERB" and lemma(noun.doc[i]) in rel.support_verbs:
        return noun.doc[i]
    return None


def _support_clauses(n: Token, rel: Relation) -> list[Token]:
    """ "the sanctions Washington has imposed on Moscow": a relative clause of a
    support verb on the noun names its actors."""
    return [c for c in children(n, "relcl") if lemma(c) in rel.support_verbs]


def _noun_subjects(n: Token, rel: Relation, ents: ArticleEntities) -> list[Arg]:
    holders = rel.holder_nouns
    out: list[Arg] = []
    for c in children(n, "poss", "compound", "amod", "nmod"):
        found = actors(c, ents, holders)
        if not found and (ent := ents.lexicon.demonym(c.text)) is not None:
            found = [Arg(ent, c)]  # "Western sanctions", "Russian supplies"
        out += found
    for rc in _support_clauses(n, rel):
        doers = [t for t in children(rc, "nsubj")] + [p for a in children(rc, "agent") for p in children(a, "pobj")]
        out += [a for d in doers for a in actors(d, ents, holders)]
    for p in pobjs(n, rel.subject_preps - {"to"}):
        out += actors(p, ents, holders)
    if n.dep_ == "dobj" and lemma(n.head) in rel.receive_verbs:  # "Qatar received a warning from Riyadh"
        out += [a for p in pobjs(n.head, rel.subject_preps - {"to"}) for a in actors(p, ents, holders)]
    if not out and n.dep_ == "pobj" and n.head.lower_ == "of":  # "Canada's fifth package of sanctions"
        for c in children(n.head.head, "poss", "compound"):
            out += actors(c, ents, holders)
    if (hitting := _with_verb(n, rel)) is not None:
        doers = [t for t in subject_of(hitting) if t.dep_ != "nsubjpass"] + \
            [p for a in children(hitting, "agent") for p in children(a, "pobj")]
        return out + [a for d in doers for a in actors(d, ents, holders)]
    verb = _support_verb(n, rel) or _governing_verb(n, ents)
    placing = n.head.head if n.dep_ == "pobj" and n.head.lower_ in rel.state_preps else None
    if not out and placing is not None and placing.pos_ == "VERB" and children(placing, "dobj"):
        verb = placing  # "Washington put the bank under sanctions"
    if not out and verb is not None and lemma(verb) != "join":
        for s in subject_of(verb):
            out += actors(s, ents, holders)
    return out


def _with_verb(n: Token, rel: Relation) -> Token | None:
    """ "Washington hit Rosneft with sanctions", "Iran was slapped with
    sanctions by the EU": the verb's object (or passive subject) is the
    relation's object, its subject (or agent) the relation's subject."""
    head = n.head
    if n.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB" and \
            lemma(head.head) in rel.object_verbs | rel.support_verbs:
        return head.head
    return None


def _governing_verb(n: Token, ents: ArticleEntities) -> Token | None:
    """A verb that says how the event named by a noun stands: "considering
    sanctions", "called for sanctions", "halted deliveries". Its subject is the
    would-be actor; the modality comes from the verb."""
    head = n.head
    if n.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if n.dep_ in ("dobj", "pobj") and head.pos_ == "VERB" and \
            ("governor", lemma(head)) in ents.lexicon.modality_cues:
        return head
    return None


def _noun_objects(n: Token, rel: Relation, ents: ArticleEntities) -> list[Arg]:
    holders = rel.holder_nouns
    out: list[Arg] = []
    for p in pobjs(n, rel.object_preps) + [p for i in pobjs(n, {"of"}) for p in pobjs(i, rel.object_preps)]:
        out += actors(p, ents, holders)  # "exports of potash to China"
    if (verb := _support_verb(n, rel) or _governing_verb(n, ents)) is not None:
        for p in pobjs(verb, rel.object_preps):
            out += actors(p, ents, holders)
    if (hitting := _with_verb(n, rel)) is not None:
        for o in children(hitting, "dobj", "nsubjpass"):
            out += actors(o, ents, holders)
    if n.dep_ in ("nsubj",) and lemma(n.head) in rel.object_verbs:  # "new US sanctions target X"
        for o in children(n.head, "dobj"):
            out += actors(o, ents, holders)
    if n.dep_ == "pobj" and n.head.dep_ == "agent" and lemma(n.head.head) in rel.object_verbs:
        for o in children(n.head.head, "nsubjpass"):  # "Rosneft was hit by US sanctions"
            out += actors(o, ents, holders)
    for acl in children(n, "acl") + _support_clauses(n, rel):  # "the sanctions imposed by the U.S. against the Kremlin"
        out += [a for p in pobjs(acl, rel.object_preps) for a in actors(p, ents, holders)]
    prep = n.head if n.dep_ == "pobj" else None
    if lemma(n) not in rel.state_nouns:
        prep = None
    if prep is not None and (prep.lower_ in rel.state_preps or f"{prep.head.lower_} {prep.lower_}" in rel.state_preps):
        holder = prep.head if prep.lower_ in rel.state_preps else prep.head.head
        targets = children(holder, "nsubj", "nsubjpass") if holder.pos_ in ("AUX", "VERB", "ADJ") else [holder]
        if holder.pos_ == "VERB" and children(holder, "dobj"):  # "X put Y under sanctions": Y is
            targets = children(holder, "dobj")
        if holder.pos_ == "ADJ":  # "subject to penalties": the adjective hangs on the copula
            targets = children(holder.head, "nsubj")
        for t in targets:
            out += actors(t, ents, holders)
    return out


def noun_pattern(trigger: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    # "a 15th sanctions package on Russia": the arguments hang on the head noun
    n = trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" else trigger
    items = pobjs(n, {"of"}) if rel.has_items else []
    objects = _noun_objects(n, rel, ents)
    if n.dep_ == "dobj" and lemma(n.head) in rel.receive_verbs:  # "Russia took delivery of missiles from Iran"
        objects += [a for s in subject_of(n.head) for a in actors(s, ents, rel.holder_nouns)]
    acting = _support_verb(n, rel) or _with_verb(n, rel)  # "retaliated with tariffs on U.S. exports"
    goods = pobjs(n, rel.object_preps) + (pobjs(acting, rel.object_preps) if acting is not None else [])
    objects = unique(objects or goods_origins(goods, rel, ents))
    verb = _support_verb(n, rel)
    acl_agents = [(acl, [a for ag in children(acl, "agent") for p in children(ag, "pobj")
                         for a in actors(p, ents, rel.holder_nouns)]) for acl in children(n, "acl")]
    for acl, agents in acl_agents:  # "the sanctions imposed by X": presupposed, whatever governs the noun
        if agents:
            yield Candidate(rel, trigger, agents, objects, "noun-acl", items, acl)
    subjects = _noun_subjects(n, rel, ents)
    joined = verb is not None and lemma(verb) == "join"
    if joined:  # who joins sanctions imposes them too, if they do join
        joiners = [a for s in subject_of(verb) for a in actors(s, ents, rel.holder_nouns)]
        yield Candidate(rel, trigger, joiners, objects, "noun-join", items, verb)
        subjects = [a for a in subjects if a.entity.key not in {j.entity.key for j in joiners}]
    acl_keys = {a.entity.key for _, agents in acl_agents for a in agents}
    subjects = [a for a in subjects if a.entity.key not in acl_keys]
    if not subjects and rel.has_items:  # "deliveries of Iranian drones to Russia", "U.S. LNG exports to Europe"
        subjects = origins(items, ents) or origins([n], ents)
    if subjects:
        yield Candidate(rel, trigger, subjects, objects, "noun", items, None if joined else verb, presupposed=joined)


def reverse_noun_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    receivers = [a for c in children(n, "poss") for a in actors(c, ents, holders)]
    if not receivers and n.dep_ == "dobj":  # "China has increased its imports" resolved above; "Turkey ended purchases"
        receivers = [a for s in subject_of(n.head) for a in actors(s, ents, holders)]
    receivers += [a for p in pobjs(n, rel.object_preps) for a in actors(p, ents, holders)]
    suppliers = [a for p in pobjs(n, rel.subject_preps) for a in actors(p, ents, holders)]
    if n.dep_ == "nsubj":  # "its oil imports came from Russia"
        suppliers += [a for p in pobjs(n.head, {"from"}) for a in actors(p, ents, holders)]
    items = pobjs(n, {"of"})
    if not suppliers:
        suppliers = [Arg(e, i) for i in items for e in origin_actors(i, ents)]
    yield Candidate(rel, n, suppliers, receivers, "noun-rev", items)


def _described(n: Token, ents: ArticleEntities, holders: frozenset[str]) -> list[Arg]:
    """Who a role noun describes: "Russia was Europe's supplier", "Rosneft, a
    supplier", "Turkey ranks as the third-largest buyer"."""
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lower_ == "one":
        n = n.head.head  # "Germany is one of the largest buyers"
    if n.dep_ == "attr":
        return [a for s in children(n.head, "nsubj") for a in actors(s, ents, holders)]
    if n.dep_ == "appos":
        return actors(apposed(n), ents, holders)
    if n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.pos_ in ("VERB", "AUX"):
        return [a for s in subject_of(n.head.head) for a in actors(s, ents, holders)]
    return []


def agent_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    receivers = [a for c in children(n, "poss") for a in actors(c, ents, holders)]
    items = pobjs(n, {"of"})
    # "the biggest supplier of crude to China"; "are top exporters of the metals to U.S. markets" (on the copula)
    heads = [n, *items] + ([n.head] if n.dep_ == "attr" else [])
    receivers += [a for h in heads for p in pobjs(h, rel.object_preps) for a in actors(p, ents, holders)]
    yield Candidate(rel, n, _described(n, ents, holders), unique(receivers), "agent", items)


def reverse_agent_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    """ "Turkey, the largest buyer of Russian oil", "India, the largest market for Moscow's crude" """
    holders = rel.holder_nouns
    items = pobjs(n, {"of", "for"})
    suppliers = [a for c in children(n, "poss") for a in actors(c, ents, holders)]
    suppliers += [Arg(e, i) for i in items for e in origin_actors(i, ents)]
    yield Candidate(rel, n, suppliers, _described(n, ents, holders), "agent-rev", items)
