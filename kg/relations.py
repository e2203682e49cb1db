"""Relation stage: facts from trigger words and dependency patterns.

Each pattern is a generator over one trigger token yielding
:class:`Candidate` records; :func:`extract_facts` turns them into
:class:`~kg.model.Fact` records with modality, items and evidence. The
trigger words come from the ontology (see :mod:`kg.lexicon`), so a relation
added there is extracted without code changes.

Patterns (the ``rule`` recorded on each assertion):
  verb        S <trigger> O / O was <trigger>ed by S / S <trigger> X to O
  verb-rev    O <reverse trigger> X from S ("India buys Russian oil")
  noun        S's <noun> to/on O, S <noun> target O, O is under S <noun>
  noun-rev    O's <reverse noun> of X from S ("China's imports of Russian oil")
  agent       S, O's <agent noun> ("Russia, Europe's biggest supplier")
  agent-rev   O, the biggest <reverse agent noun> of S's X ("India, the largest buyer of Russian oil")
  list        S added O to its <list noun>
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Doc, Token

from .arguments import Arg, actors, children, origin_actors, pobjs, subject_of
from .entities import ArticleEntities
from .items import items_of
from .lexicon import Lexicon, Relation
from .modality import modality_of
from .model import Fact

__all__ = ["Candidate", "extract_facts", "candidates"]

_CONFIDENCE = {"asserted": 0.9, "reported": 0.75, "hedged": 0.5, "intended": 0.6, "negated": 0.8, "denied": 0.8}
_ADD_VERBS = {"add", "put", "place", "include"}


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


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _noun_keys(tok: Token) -> set[str]:
    """'sanction', and with its compound, 'asset freeze', 'export control'."""
    keys = {_lemma(tok), tok.lower_}
    for c in children(tok, "compound", "amod"):
        keys |= {f"{_lemma(c)} {_lemma(tok)}", f"{c.lower_} {_lemma(tok)}"}
    return keys


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or \
        (verb.dep_ == "acl" and verb.tag_ == "VBN")


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


def _unique(args: list[Arg]) -> list[Arg]:
    seen: set[str] = set()
    return [a for a in args if not (a.entity.key in seen or seen.add(a.entity.key))]


def _verb_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    subjects, objects, items = [], [], []
    if _is_passive(v):
        for agent in children(v, "agent"):
            for p in children(agent, "pobj"):
                subjects += actors(p, ents, holders)
        patients = children(v, "nsubjpass") or ([v.head] if v.dep_ == "acl" else [])
        for p in patients:
            if rel.has_items and not actors(p, ents, holders):
                items.append(p)
            else:
                objects += actors(p, ents, holders)
    else:
        for s in subject_of(v):
            subjects += actors(s, ents, holders)
        if not subjects and v.pos_ != "VERB":  # a headline verb tagged as noun: "US sanctions 19 firms"
            subjects = [a for c in children(v, "compound", "nsubj") for a in actors(c, ents, holders)]
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
    for o in children(v, "dobj") + also:  # "designated X, along with Y and Z"
        found = actors(o, ents, holders)
        # "supply O with X" / "sell O X": the object receives; "sell X to O": it is the item
        receives = found and not (rel.has_items and (recipients or objects) and not themes)
        if receives and not (rel.has_items and o.lemma_.lower() in ents.lexicon.group_nouns and not ents.at(o)):
            objects += found
        else:
            items.append(o)
    items += themes
    if rel.has_items and not subjects and _is_passive(v):  # "Iranian drones were supplied to Russia"
        subjects = _origins(items, ents)
    if rel.has_items and not objects and not recipients and v.i + 1 < len(v.doc):
        # "handing Tehran technology": the parser reads the recipient as a compound of the item
        first = v.doc[v.i + 1]
        m = ents.at(first)
        if m is not None and m.start == first.i and m.kind == "name" and first.dep_ in ("compound", "nmod") \
                and first.head in items and m.entity.type in ("Country", "Company", "Organization"):
            objects.append(Arg(m.entity, first))
    if not objects and not recipients and rel.clause_object_preps:  # "threatened (to raise) tariffs on India"
        for x in children(v, "xcomp") + [v]:
            for t in (x, *children(x, "dobj")):
                recipients += [a for p in pobjs(t, rel.clause_object_preps) for a in actors(p, ents, holders)]
        for x in children(v, "xcomp"):  # "threatened to sanction Chinese banks"
            recipients += [a for o in children(x, "dobj") for a in actors(o, ents, holders)]
    yield Candidate(rel, v, _unique(subjects), _unique(objects + recipients), "verb", items)


def _reverse_verb_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
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


def _support_verb(noun: Token, rel: Relation) -> Token | None:
    head = noun.head
    if noun.dep_ == "dobj" and _lemma(head) in rel.support_verbs:
        return head
    if noun.dep_ == "pobj" and head.head.dep_ == "dobj" and _lemma(head.head.head) in rel.support_verbs:
        return head.head.head  # "announced a package of sanctions"
    i = noun.i - 1  # the parser may lose "imposed (new) sanctions": read the words before
    while i >= noun.sent.start and (noun.doc[i].pos_ in ("DET", "ADJ", "NUM") or noun.doc[i].dep_ == "compound"):
        i -= 1
    if i >= noun.sent.start and noun.doc[i].pos_ == "VERB" and _lemma(noun.doc[i]) in rel.support_verbs:
        return noun.doc[i]
    return None


def _noun_subjects(n: Token, rel: Relation, ents: ArticleEntities) -> list[Arg]:
    holders = rel.holder_nouns
    out: list[Arg] = []
    for c in children(n, "poss", "compound", "amod", "nmod"):
        found = actors(c, ents, holders)
        if not found and (ent := ents.lexicon.demonym(c.text)) is not None:
            found = [Arg(ent, c)]  # "Western sanctions", "Russian supplies"
        out += found
    for p in pobjs(n, rel.subject_preps - {"to"}):
        out += actors(p, ents, holders)
    if not out and n.dep_ == "pobj" and n.head.lower_ == "of":  # "Canada's fifth package of sanctions"
        for c in children(n.head.head, "poss", "compound"):
            out += actors(c, ents, holders)
    verb = _support_verb(n, rel) or _governing_verb(n, ents)
    if not out and verb is not None and _lemma(verb) != "join":
        for s in subject_of(verb):
            out += actors(s, ents, holders)
    return out


def _governing_verb(n: Token, ents: ArticleEntities) -> Token | None:
    """A verb that says how the event named by a noun stands: "considering
    sanctions", "called for sanctions", "halted deliveries". Its subject is the
    would-be actor; the modality comes from the verb."""
    head = n.head
    if n.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if n.dep_ in ("dobj", "pobj") and head.pos_ == "VERB" and \
            ("governor", _lemma(head)) in ents.lexicon.modality_cues:
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
    if n.dep_ in ("nsubj",) and _lemma(n.head) in rel.object_verbs:  # "new US sanctions target X"
        for o in children(n.head, "dobj"):
            out += actors(o, ents, holders)
    for acl in children(n, "acl"):  # "the sanctions imposed by the U.S. against the Kremlin"
        out += [a for p in pobjs(acl, rel.object_preps) for a in actors(p, ents, holders)]
    prep = n.head if n.dep_ == "pobj" else None
    if _lemma(n) not in rel.state_nouns:
        prep = None
    if prep is not None and (prep.lower_ in rel.state_preps or f"{prep.head.lower_} {prep.lower_}" in rel.state_preps):
        holder = prep.head if prep.lower_ in rel.state_preps else prep.head.head
        targets = children(holder, "nsubj", "nsubjpass") if holder.pos_ in ("AUX", "VERB", "ADJ") else [holder]
        if holder.pos_ == "ADJ":  # "subject to penalties": the adjective hangs on the copula
            targets = children(holder.head, "nsubj")
        for t in targets:
            out += actors(t, ents, holders)
    return out


def _noun_pattern(trigger: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    # "a 15th sanctions package on Russia": the arguments hang on the head noun
    n = trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" else trigger
    items = pobjs(n, {"of"}) if rel.has_items else []
    objects = _noun_objects(n, rel, ents)
    if n.dep_ == "dobj" and _lemma(n.head) in rel.receive_verbs:  # "Russia took delivery of missiles from Iran"
        objects += [a for s in subject_of(n.head) for a in actors(s, ents, rel.holder_nouns)]
    objects = _unique(objects or _origins(pobjs(n, rel.object_preps), ents))  # "sanctions on Russian oil"
    verb = _support_verb(n, rel)
    acl_agents = [(acl, [a for ag in children(acl, "agent") for p in children(ag, "pobj")
                         for a in actors(p, ents, rel.holder_nouns)]) for acl in children(n, "acl")]
    for acl, agents in acl_agents:  # "the sanctions imposed by X": presupposed, whatever governs the noun
        if agents:
            yield Candidate(rel, trigger, agents, objects, "noun-acl", items, acl)
    subjects = _noun_subjects(n, rel, ents)
    joined = verb is not None and _lemma(verb) == "join"
    if joined:  # who joins sanctions imposes them too, if they do join
        joiners = [a for s in subject_of(verb) for a in actors(s, ents, rel.holder_nouns)]
        yield Candidate(rel, trigger, joiners, objects, "noun-join", items, verb)
        subjects = [a for a in subjects if a.entity.key not in {j.entity.key for j in joiners}]
    acl_keys = {a.entity.key for _, agents in acl_agents for a in agents}
    subjects = [a for a in subjects if a.entity.key not in acl_keys]
    if not subjects and rel.has_items:  # "deliveries of Iranian drones to Russia"
        subjects = _origins(items, ents)
    if subjects:
        yield Candidate(rel, trigger, subjects, objects, "noun", items, None if joined else verb, presupposed=joined)


def _origins(tokens: list[Token], ents: ArticleEntities) -> list[Arg]:
    return [Arg(e, t) for t in tokens for e in origin_actors(t, ents)]


def _reverse_noun_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
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
    if n.dep_ == "attr":
        return [a for s in children(n.head, "nsubj") for a in actors(s, ents, holders)]
    if n.dep_ == "appos":
        return actors(n.head, ents, holders)
    if n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.pos_ in ("VERB", "AUX"):
        return [a for s in subject_of(n.head.head) for a in actors(s, ents, holders)]
    return []


def _agent_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    holders = rel.holder_nouns
    receivers = [a for c in children(n, "poss") for a in actors(c, ents, holders)]
    items = pobjs(n, {"of"})
    receivers += [a for p in pobjs(n, rel.object_preps) + [p for i in items for p in pobjs(i, rel.object_preps)]
                  for a in actors(p, ents, holders)]  # "the biggest supplier of crude to China"
    yield Candidate(rel, n, _described(n, ents, holders), _unique(receivers), "agent", items)


def _reverse_agent_pattern(n: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    """ "Turkey, the largest buyer of Russian oil", "India, the largest market for Moscow's crude" """
    holders = rel.holder_nouns
    items = pobjs(n, {"of", "for"})
    suppliers = [a for c in children(n, "poss") for a in actors(c, ents, holders)]
    suppliers += [Arg(e, i) for i in items for e in origin_actors(i, ents)]
    yield Candidate(rel, n, suppliers, _described(n, ents, holders), "agent-rev", items)


def _list_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    """ "S added O to its Entity List" """
    for p in pobjs(v, {"to", "on"}):
        name = " ".join(t.lower_ for t in p.subtree if t.dep_ not in ("det", "poss"))
        if any(name.endswith(n) for n in rel.list_nouns):
            subjects = [a for s in subject_of(v) for a in actors(s, ents, rel.holder_nouns)]
            objects = [a for o in children(v, "dobj") for a in actors(o, ents, rel.holder_nouns)]
            yield Candidate(rel, v, subjects, objects, "list")


_TITLE_VERBS = {"title", "entitle", "headline", "call", "name"}


def _in_quoted_title(tok: Token) -> bool:
    """A trigger inside a quoted title ("a report titled 'Support Provided by
    China to Russia'") states nothing."""
    sent = tok.sent
    quotes = [t.i for t in sent if t.text in ('"', "\u201c", "\u201d") and t.i < tok.i]
    if len(quotes) % 2 == 0:
        return False
    opening = quotes[-1]
    return opening > sent.start and tok.doc[opening - 1].lemma_.lower() in _TITLE_VERBS


def candidates(doc: Doc, ents: ArticleEntities, lexicon: Lexicon) -> Iterator[Candidate]:
    """Every relation candidate of a Doc, in text order."""
    for tok in doc:
        if _in_quoted_title(tok):
            continue
        lemma = _lemma(tok)
        for rel in lexicon.relations.values():
            verbal = tok.pos_ == "VERB" or (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "ROOT"
                                             and any(c.dep_ == "dobj" for c in tok.children))
            if verbal:
                if lemma in rel.triggers:
                    yield from _verb_pattern(tok, rel, ents)
                elif lemma in rel.reverse_triggers:
                    yield from _reverse_verb_pattern(tok, rel, ents)
                elif lemma in _ADD_VERBS and rel.list_nouns:
                    yield from _list_pattern(tok, rel, ents)
            elif tok.pos_ in ("NOUN", "PROPN"):
                keys = _noun_keys(tok)
                if keys & rel.noun_triggers:
                    yield from _noun_pattern(tok, rel, ents)
                elif keys & rel.reverse_noun_triggers:
                    yield from _reverse_noun_pattern(tok, rel, ents)
                elif keys & rel.agent_nouns:
                    yield from _agent_pattern(tok, rel, ents)
                elif keys & rel.reverse_agent_nouns:
                    yield from _reverse_agent_pattern(tok, rel, ents)


_REPORTING = {"say", "report", "tell", "state", "claim", "allege", "accuse", "announce", "confirm", "write"}


def _attribution(tok: Token) -> str:
    """Who a reported fact is attributed to: "according to CNN", "the Wall
    Street Journal reported that ...", "Washington said"."""
    for anc in tok.ancestors:
        if anc.lemma_.lower() in _REPORTING:
            subj = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
            if subj:
                sub = subj[0]
                return tok.doc[sub.left_edge.i: sub.i + 1].text
    for t in tok.sent:
        if t.lower_ == "according" and t.i + 1 < len(tok.doc) and tok.doc[t.i + 1].lower_ == "to":
            pobj = [c for c in tok.doc[t.i + 1].children if c.dep_ == "pobj"]
            if pobj:
                return tok.doc[pobj[0].left_edge.i: pobj[0].right_edge.i + 1].text
    return ""


def _evidence(tok: Token) -> tuple[str, int, int]:
    """The sentence of a trigger, trimmed, with its character offsets."""
    sent = tok.sent
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return text, start, start + len(text)


def extract_facts(doc: Doc, ents: ArticleEntities, lexicon: Lexicon, article_id: str) -> list[Fact]:
    """The facts of one parsed article: one per (subject, object) pair."""
    facts: dict[tuple, Fact] = {}
    for cand in candidates(doc, ents, lexicon):
        if not cand.subjects or not cand.objects:
            continue
        mod = modality_of(cand.anchor or cand.trigger, lexicon, max_hops=0 if cand.presupposed else 6)
        text, start, end = _evidence(cand.trigger)
        exclude = frozenset({cand.trigger.i} | {a.token.i for a in cand.objects})  # "sold Russia lethal weapons"
        items, amount = items_of(cand.items, doc, exclude) if cand.relation.has_items else ((), "")
        for s in cand.subjects:
            for o in cand.objects:
                if s.entity.key == o.entity.key:
                    continue
                conf = _CONFIDENCE[mod.value] - (0.1 if s.resolved or o.resolved else 0.0)
                fact = Fact(subject=s.entity, relation=cand.relation.name, object=o.entity, modality=mod.value,
                            confidence=round(conf, 2), evidence=text, article=article_id, start=start, end=end,
                            rule=f"{cand.rule}:{cand.trigger.lemma_.lower()}", items=items, amount=amount,
                            source=_attribution(cand.trigger) if mod.value == "reported" else "")
                key = (fact.subject.key, fact.relation, fact.object.key, start)
                if key not in facts:
                    facts[key] = fact
    return list(facts.values())
