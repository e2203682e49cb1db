"""Relation stage: facts from trigger words and dependency patterns.

:func:`candidates` runs the patterns of :mod:`kg.extract.patterns` at every trigger
word of the ontology's lexicon (see :mod:`kg.extract.lexicon`), so a relation added
there is extracted without code changes; :func:`extract_facts` turns the
candidates into :class:`~kg.model.Fact` records with modality, items,
attribution and evidence. Each fact records the pattern (``rule``) that
produced it.
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Token

from ..model import FACTUAL, Fact
from .items import items_of
from .lexicon import Lexicon
from .mentions import Arg, ArticleEntities
from .modality import Modality, modality_of
from .patterns import Candidate, lemma, noun_keys
from .patterns.listing import listing_candidates
from .patterns.lists import Opening, list_candidates
from .patterns.nominal import agent_pattern, noun_pattern, reverse_agent_pattern, reverse_noun_pattern
from .patterns.threats import threat_pattern
from .patterns.verbal import list_pattern, reverse_verb_pattern, verb_pattern
from .pairs import sentence_pairs

__all__ = ["Candidate", "extract_facts", "candidates"]

_NOT_ONLY = {"only", "just", "merely", "least"}  # "not only X but also Y", "not least X"
_CONFIDENCE = {"asserted": 0.9, "reported": 0.75, "hedged": 0.5, "intended": 0.6, "negated": 0.8, "denied": 0.8}


def _in_quoted_titles(doc: Doc, title_verbs: frozenset[str]) -> set[int]:
    """The tokens inside quoted titles ("a report titled 'Support Provided by
    China to Russia'"): a trigger there states nothing. One pass over the doc."""
    inside: set[int] = set()
    for sent in doc.sents:
        opening = None  # the open quote, while one is open
        for tok in sent:
            if opening is not None and opening > sent.start and doc[opening - 1].lemma_.lower() in title_verbs:
                inside.add(tok.i)
            if tok.text in ('"', "\u201c", "\u201d"):
                opening = tok.i if opening is None else None
    return inside


def candidates(doc: Doc, ents: ArticleEntities, lexicon: Lexicon) -> Iterator[Candidate]:
    """Every relation candidate of a Doc, in text order."""
    titles = _in_quoted_titles(doc, lexicon.title_verbs)
    for tok in doc:
        if tok.i in titles or tok.pos_ not in ("VERB", "NOUN", "PROPN"):
            continue
        # a "noun" with a direct object (and a root or a subject) is a verb the tagger missed: "which import chicks"
        verbal = tok.pos_ == "VERB" or (any(c.dep_ == "dobj" for c in tok.children) and (
            tok.dep_ == "ROOT" or any(c.dep_ == "nsubj" for c in tok.children)))
        word = lemma(tok) if verbal else ""
        keys = frozenset() if verbal else noun_keys(tok)
        # "export controls", "import bans": a word that only makes another relation's compound noun
        owner = noun_keys(tok.head) if not verbal and tok.dep_ == "compound" else set()
        for rel in lexicon.relations.values():
            if owner and any(owner & r.noun_triggers for r in lexicon.relations.values() if r is not rel):
                continue
            if verbal:
                if word in rel.triggers:
                    yield from verb_pattern(tok, rel, ents)
                elif word in rel.reverse_triggers:
                    yield from reverse_verb_pattern(tok, rel, ents)
                elif word in lexicon.list_verbs and rel.list_nouns:
                    yield from list_pattern(tok, rel, ents)
                elif word in rel.hostile_verbs or word in rel.consequence_verbs or word in rel.outcome_verbs:
                    yield from threat_pattern(tok, rel, ents)
            elif keys & rel.noun_triggers:
                yield from noun_pattern(tok, rel, ents)
            elif keys & rel.reverse_noun_triggers:
                yield from reverse_noun_pattern(tok, rel, ents)
            elif keys & rel.agent_nouns:
                yield from agent_pattern(tok, rel, ents)
            elif keys & rel.reverse_agent_nouns:
                yield from reverse_agent_pattern(tok, rel, ents)


def _attribution(tok: Token, reporting_verbs: frozenset[str]) -> str:
    """Who a reported fact is attributed to: "according to CNN", "the Wall
    Street Journal reported that ...", "Washington said"."""
    for anc in tok.ancestors:
        if anc.lemma_.lower() in reporting_verbs:
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


def _time(tok: Token) -> str:
    """When the fact happened, as written: "on Wednesday", "in April 2023"."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    for c in verb.children:
        dates = [c] if c.dep_ == "npadvmod" else [p for p in c.children if c.dep_ == "prep" and p.dep_ == "pobj"]
        for d in dates:
            if d.ent_type_ == "DATE":
                ent = next(e for e in tok.doc.ents if e.start <= d.i < e.end)
                return ent.text
    return ""


def _evidence(tok: Token) -> tuple[str, int, int]:
    """The sentence of a trigger, trimmed, with its character offsets."""
    sent = tok.sent
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return text, start, start + len(text)


def _no_goods(cand: Candidate, lexicon: Lexicon) -> bool:
    """ "sent a warning to", "received an exemption from": what moves is no goods
    (``kg:nonItem``) or another relation's event, so there is no supply."""
    rel = cand.relation
    if not rel.has_items or not cand.items:
        return False
    events = lexicon.event_nouns[rel.name]
    return all(lemma(t) in rel.non_items or lemma(t) in events for t in cand.items)


def _ruled_out(arg: Arg) -> bool:
    """ "The US, but not the EU, sanctioned ...", "sold drones not to Jordan but
    to Bahrain": a negation on the argument itself (or its preposition) excludes
    that argument only; "not only X but also Y" excludes nobody."""
    tok = arg.token
    for node in (tok, tok.head) if tok.dep_ == "pobj" else (tok,):
        for c in node.children:
            if c.dep_ == "neg" and c.i < node.i and c.nbor(1).lower_ not in _NOT_ONLY:
                return True
    return False


def extract_facts(doc: Doc, ents: ArticleEntities, lexicon: Lexicon, article_id: str, *,
                  learned: bool = True) -> list[Fact]:
    """The facts of one parsed article: one per (subject, object) pair.

    The rules run first; then, unless ``learned`` is false, the pairs the
    learned scorer accepts are added (rule ``learned``)."""
    facts: dict[tuple, Fact] = {}
    openings: list[Opening] = []
    for cand in candidates(doc, ents, lexicon):
        stated = _stated(cand, lexicon)  # read once: the facts and a list's opening share it
        _add_facts(cand, doc, lexicon, article_id, facts, stated)
        if (opening := _opening(cand, ents, stated)) is not None:
            openings.append(opening)
    # "Those designated include A, B and C": objects of a fact found above
    for cand in listing_candidates(doc, ents, lexicon, list(facts.values())):
        _add_facts(cand, doc, lexicon, article_id, facts)
    # "The following individuals are designated:" and one item a line after it
    for cand in list_candidates(doc, ents, openings):
        _add_facts(cand, doc, lexicon, article_id, facts)
    if learned and lexicon.scorer is not None:
        for cand in _scored(ents, lexicon, list(facts.values())):
            _add_facts(cand, doc, lexicon, article_id, facts)
    return list(facts.values())


def _stated(cand: Candidate, lexicon: Lexicon) -> Modality:
    """How a candidate is stated: at its anchor, and there only when it is presupposed."""
    return modality_of(cand.anchor or cand.trigger, lexicon, max_hops=0 if cand.presupposed else 6)


def _opening(cand: Candidate, ents: ArticleEntities, stated: Modality) -> Opening | None:
    """A candidate stated as fact, named objects or not, that a list may go on
    (a release's own "Full blocking sanctions on 400 individuals. This includes:")."""
    rel = cand.relation
    subjects = cand.subjects or ([Arg(ents.issuer, cand.trigger, resolved=True)]
                                 if rel.issuer_acts and ents.issuer is not None else [])
    if not subjects or rel.has_items:
        return None
    return Opening(rel, cand.trigger, subjects) if stated.value in FACTUAL else None


def _scored(ents: ArticleEntities, lexicon: Lexicon, rule_facts: list[Fact]) -> Iterator[Candidate]:
    """The candidate pairs the learned scorer keeps, as candidates of one pair."""
    for pair in sentence_pairs(ents, lexicon, rule_facts):
        if lexicon.scorer.accepts(pair.features):
            t = pair.trigger
            items = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass") and ents.at(c) is None] \
                if pair.relation.has_items else []
            yield Candidate(pair.relation, t, [pair.subject], [pair.object], rule="learned", items=items)


def _add_facts(cand: Candidate, doc: Doc, lexicon: Lexicon, article_id: str, facts: dict[tuple, Fact],
               stated: Modality | None = None) -> None:
    """The facts of one candidate, one per (subject, object) pair, into ``facts``."""
    if not cand.subjects or not cand.objects or _no_goods(cand, lexicon):
        return
    stated = stated or _stated(cand, lexicon)
    text, start, end = _evidence(cand.trigger)
    when = _time(cand.anchor or cand.trigger)
    exclude = frozenset({cand.trigger.i} | {a.token.i for a in cand.objects})  # "sold Russia lethal weapons"
    items, amount = items_of(cand.items, doc, exclude) if cand.relation.has_items else ((), "")
    for s in cand.subjects:
        for o in cand.objects:
            if s.entity.key == o.entity.key:
                continue
            mod = Modality("negated", "not") if _ruled_out(s) or _ruled_out(o) else stated
            conf = _CONFIDENCE[mod.value] - (0.1 if s.resolved or o.resolved else 0.0)
            fact = Fact(subject=s.entity, relation=cand.relation.name, object=o.entity, modality=mod.value,
                        confidence=round(conf, 2), evidence=text, article=article_id, start=start, end=end,
                        rule=f"{cand.rule}:{cand.trigger.lemma_.lower()}", items=items, amount=amount,
                        time=when,
                        source=_attribution(cand.trigger, lexicon.reporting_verbs) if mod.value == "reported" else "")
            key = (fact.subject.key, fact.relation, fact.object.key, start)
            if key not in facts:
                facts[key] = fact
