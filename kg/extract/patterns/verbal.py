"""Verbal patterns: a trigger verb and its subject, object and to-phrase."""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from ..arguments import actors, children, examples, origin_actors, pobjs, subject_of
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities
from . import Candidate, is_passive, lemma, origins, trade_targets, unique

__all__ = ["verb_pattern", "reverse_verb_pattern", "list_pattern"]


def _next_pobj(v: Token, preps: frozenset[str], ents: ArticleEntities) -> list[Arg]:
    """The first "to X" after a trigger in its clause, wherever the parser hung it
    ("sold goods worth $18 million to Russia")."""
    for tok in v.doc[v.i + 1 : v.sent.end]:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "acl") or tok.text in (";", ":"):
            break
        if tok.lower_ in preps and tok.dep_ in ("prep", "dative"):
            found = [a for p in children(tok, "pobj") for a in actors(p, ents)]
            if found:
                return found
    return []


def verb_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    subjects, objects, items = [], [], []
    if is_passive(v):
        for agent in children(v, "agent"):
            for p in children(agent, "pobj"):
                subjects += actors(p, ents, holders)
        patients = children(v, "nsubjpass") or ([v.head] if v.dep_ in ("acl", "amod") else [])
        if v.dep_ == "amod":  # "US-sanctioned Sovcomflot"
            subjects += [a for c in children(v, "npadvmod", "compound") for a in actors(c, ents, holders)]
        for p in patients:
            if rel.has_items and not actors(p, ents, holders):
                items.append(p)
            else:
                objects += actors(p, ents, holders)
        if not subjects and rel.issuer_acts and ents.issuer is not None and v.dep_ not in ("amod", "acl") \
                and not any(t.lower_ == "by" for c in v.children if c.dep_ != "nsubjpass" for t in c.subtree):
            # "designated for sanctions by the UN" names its designator elsewhere
            subjects = [Arg(ents.issuer, v, resolved=True)]  # a release's "X is designated pursuant to ..."
    else:
        for s in subject_of(v):
            subjects += actors(s, ents, holders)
        if not subjects and v.pos_ != "VERB":  # a headline verb tagged as noun: "US sanctions 19 firms"
            subjects = [a for c in children(v, "compound", "nsubj") for a in actors(c, ents, holders)]
    # "warned Paris that ...": the parser makes a name right after the verb an adverb when a clause follows
    objects += [a for c in children(v, "npadvmod") if c.i == v.i + 1 and c.pos_ == "PROPN" and ents.at(c)
                for a in actors(c, ents, holders)]
    for d in children(v, "dative"):
        objects += actors(d, ents, holders) or [a for p in children(d, "pobj") for a in actors(p, ents, holders)]
    recipients = [a for p in pobjs(v, rel.object_preps) for a in actors(p, ents, holders)]
    for o in children(v, "dobj"):  # the to-phrase may hang on the object
        recipients += [a for p in pobjs(o, rel.object_preps) for a in actors(p, ents, holders)]
    if rel.has_items and not recipients and not objects:
        recipients = _next_pobj(v, rel.object_preps, ents)
    if v.dep_ == "amod" and v.tag_ == "VBG" and v.head.dep_ == "dobj":  # "denied supplying missiles to X"
        items.append(v.head)
        recipients += [a for p in pobjs(v.head.head, rel.object_preps) for a in actors(p, ents, holders)]
    themes = pobjs(v, rel.theme_preps) + [p for o in children(v, "dobj") for p in pobjs(o, rel.theme_preps)]
    if v.dep_ == "relcl":  # "the drones, which Iran supplied to Russia"
        items += [v.head for o in children(v, "dobj") if o.lower_ in ("which", "that")]
    also = [p for prep in v.children if prep.dep_ == "prep" and prep.lower_ in ("along", "together")
            for w in prep.children if w.lower_ == "with" for p in children(w, "pobj")]
    # "all of which are designated Foreign Terrorist Organizations": a passive's object is what they are named
    for o in ([] if is_passive(v) and not rel.has_items else children(v, "dobj")) + also:  # "designated X, along with Y"
        found = actors(o, ents, holders)
        if o.pos_ == "NOUN" and ents.at(o) is None and found and all(a.token in o.conjuncts for a in found):
            found = []  # "provided an aircraft and a Boeing 707": a thing's named conjunct is a thing too
        # "supply O with X", "arm O": the object receives; "sell X (to O)": it is the item
        receives = found and not (rel.has_items and (recipients or objects) and not themes) and \
            (not rel.has_items or themes or lemma(v) in rel.recipient_triggers)
        if receives and not (rel.has_items and o.lemma_.lower() in ents.lexicon.group_nouns and not ents.at(o)):
            objects += found
        elif not (v.dep_ == "relcl" and o.lower_ in ("which", "that")):  # the noun it stands for is an item above
            items.append(o)
    items += themes
    if rel.has_items and not subjects and is_passive(v):  # "Iranian drones were supplied to Russia"
        subjects = origins(items, ents)
    if rel.has_items and not objects and not recipients and v.i + 1 < len(v.doc):
        # "handing Tehran technology": the parser reads the recipient as a compound of the item
        first = v.doc[v.i + 1]
        m = ents.at(first)
        if m is not None and m.start == first.i and m.kind == "name" and first.dep_ in ("compound", "nmod") \
                and first.head in items and m.entity.type in ("Country", "Company", "Organization"):
            objects.append(Arg(m.entity, first))
    if not rel.has_items and not objects and not recipients and not is_passive(v):
        recipients = trade_targets(v, rel, ents)  # "banned imports of Russian uranium"
    if rel.has_items and not objects and not recipients:  # "supplies 40% of Europe's gas", "of Britain's gas imports"
        for item in children(v, "dobj"):
            for g in (item, *pobjs(item, {"of"})):
                recipients += [a for c in children(g, "poss") for a in actors(c, ents, holders)]
    if not objects and not recipients and rel.clause_object_preps:  # "threatened (to raise) tariffs on India"
        cues = ents.lexicon.modality_cues
        # "threatened to veto the sanctions package against Russia" threatens whoever proposed it, not Russia
        # ("cut" is a negative cue of supplies, but a threat to cut is aimed at someone)
        aims = [x for x in children(v, "xcomp") if lemma(x) in rel.hostile_verbs or
                cues.get(("governor", lemma(x))) not in ("negated", "hedged")]
        for x in aims + [v]:
            for t in (x, *children(x, "dobj")):
                recipients += [a for p in pobjs(t, rel.clause_object_preps) for a in actors(p, ents, holders)]
        for x in aims:  # "threatened to sanction Chinese banks"
            recipients += [a for o in children(x, "dobj") for a in actors(o, ents, holders)]
            if lemma(x) in rel.hostile_verbs:  # "threatened to cut off electricity to O", "to break ties with O"
                for t in (x, *children(x, "dobj")):
                    recipients += [a for p in pobjs(t, rel.hostile_preps) for a in actors(p, ents, holders)]
    yield Candidate(rel, v, unique(subjects), unique(objects + recipients), "verb", items)


def reverse_verb_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    if is_passive(v):  # "the vaccine purchased by the Philippine government", "oil was bought by India"
        receivers = [a for ag in children(v, "agent") for p in children(ag, "pobj") for a in actors(p, ents, holders)]
        goods = children(v, "nsubjpass") or ([v.head] if v.dep_ in ("acl", "amod") else [])
        suppliers = [a for p in pobjs(v, rel.subject_preps - {"by"}) for a in actors(p, ents, holders)]
        yield Candidate(rel, v, suppliers or origins(goods, ents), receivers, "verb-rev", goods)
        return
    receivers = [a for s in subject_of(v) for a in actors(s, ents, holders)]
    suppliers, items = [], children(v, "dobj")
    items = [v.head if i.lower_ in ("that", "which") and v.dep_ == "relcl" else i for i in items]
    items += [p for o in items for p in pobjs(o, {"of"})]  # "buys most of its oil from Russia"
    for p in pobjs(v, rel.subject_preps) + [p for o in items for p in pobjs(o, rel.subject_preps)]:
        suppliers += actors(p, ents, holders)
    if not suppliers:
        for item in items:
            suppliers += [Arg(e, item) for e in origin_actors(item, ents)]
    yield Candidate(rel, v, suppliers, receivers, "verb-rev", items)


def list_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    """ "S added O to its Entity List", "O was added to the US Entity List" """
    holders = rel.holder_nouns
    for p in pobjs(v, {"to", "on"}):
        name = " ".join(t.lower_ for t in p.subtree if t.dep_ not in ("det", "poss") and t.ent_type_ != "GPE"
                        and t.i <= p.i)
        if not any(name.endswith(n) for n in rel.list_nouns):
            continue
        if is_passive(v):
            objects = [a for o in children(v, "nsubjpass") for a in actors(o, ents, holders)]
            subjects = [a for ag in children(v, "agent") for o in children(ag, "pobj") for a in actors(o, ents, holders)]
        else:
            objects = [a for o in children(v, "dobj") for a in actors(o, ents, holders)]
            subjects = [a for s in subject_of(v) for a in actors(s, ents, holders)]
        # "added 140 companies to its Entity List, including A and B"
        objects += [a for t in (p, v) for e in examples(t, ents) for a in actors(e, ents, holders)]
        if not subjects:  # "the US Entity List", "the Commerce Department's Entity List": the list's owner
            subjects = [a for c in p.subtree if c.dep_ in ("poss", "compound", "nmod") and c.i < p.i
                        for a in actors(c, ents, holders) if a.entity.type in ("Country", "GovernmentBody",
                                                                           "InternationalOrganization")]
        yield Candidate(rel, v, unique(subjects), objects, "list")
