"""Threats stated without a verb of warning: a harm promised on a condition.

  "If the United States escalates, we will cut off the power."   we warns United States
  "Should Iran attack our nationals, it will face severe consequences."
                                                    (the speaker or issuer) warns Iran
  "Any use of nuclear weapons by Russia would be met with a response."
                                                    (the speaker or issuer) warns Russia
  "Blinken said Iran would face severe consequences."   Blinken warns Iran
  "The G7 urged Russia to accept a ceasefire or face more sanctions."   G7 warns Russia
  "Any use by Russia of such weapons would result in severe consequences."
                                                    (the speaker or issuer) warns Russia

The harm is a ``kg:hostileVerb``, or a ``kg:consequenceVerb`` or
``kg:outcomeVerb`` with a ``kg:consequenceNoun``, made a promise by a
``kg:promiseAuxiliary`` and never negated; the condition opens with a
``kg:conditionMark``. The addressee is who the condition (or the passive harm)
is about, who is to face the harm, or who does the act that brings it; the
speaker is the harm's own subject, else who says it, else the office that
issued the release. Without a condition, only someone's saying it makes a
consequence a threat.
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from ..arguments import actors, children, pobjs, subject_of
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities
from ..modality import modality_of
from . import Candidate, lemma, unique

__all__ = ["threat_pattern"]


def _condition(v: Token, rel: Relation) -> Token | None:
    """The clause a harm is promised on: "if X ...", "unless X ...", "should X ..."."""
    for c in children(v, "advcl"):
        first = c.doc[c.left_edge.i]
        if any(m.lower_ in rel.condition_marks for m in children(c, "mark")) or \
                (first.dep_ == "aux" and first.lower_ in rel.condition_marks and first.head.i == c.i):
            return c
    return None


def _is_harm(v: Token, rel: Relation) -> bool:
    if lemma(v) in rel.hostile_verbs:
        return True
    if lemma(v) not in rel.consequence_verbs | rel.outcome_verbs:
        return False
    named = children(v, "dobj") + [p for p in pobjs(v, rel.consequence_preps)]
    # "would face no consequences" promises none
    return any(lemma(n) in rel.consequence_nouns and not any(d.lower_ == "no" for d in n.children) for n in named)


def _promised(v: Token, rel: Relation) -> bool:
    """ "will face", "would be met": a promise; "could face", "will not retaliate": none."""
    modals = [a.lower_ for a in children(v, "aux") if a.tag_ == "MD"]
    return bool(modals) and all(m in rel.promise_auxiliaries for m in modals) and not children(v, "neg")


def _doers(s: Token, ents: ArticleEntities) -> list[Arg]:
    """Who does the act a noun names: "any use by Russia of ...", "Russia's invasion"."""
    return [a for t in s.subtree if (t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.i == s.i) or
            (t.dep_ == "poss" and t.head.i == s.i) for a in actors(t, ents)]


def _unconditioned(v: Token, rel: Relation, ents: ArticleEntities) -> list[Arg]:
    """ "Iran would face severe consequences" (who faces them), "any use by
    Russia of such weapons would result in ..." (who does the act)."""
    out = []
    for s in children(v, "nsubj"):
        named = actors(s, ents)
        if lemma(v) in rel.consequence_verbs and named:
            out += named
        elif lemma(v) in rel.outcome_verbs and not named:
            out += _doers(s, ents)
    return out


def _addressees(v: Token, cond: Token | None, ents: ArticleEntities) -> list[Arg]:
    if cond is not None:
        return [a for s in subject_of(cond) for a in actors(s, ents)]
    # "any use of nuclear weapons by Russia would be met with ...": the doer inside the passive subject
    out = []
    for s in children(v, "nsubjpass", "nsubj"):
        out += actors(s, ents) or [a for t in s.subtree if t.dep_ == "pobj" and t.head.lower_ == "by"
                                   for a in actors(t, ents)]
    return out


def _speaker(v: Token, ents: ArticleEntities, *, issuer: bool = True) -> list[Arg]:
    """Who says the threat: the subject of a verb of saying over it, else (if
    ``issuer``) the office that issued the release."""
    child = v
    for anc in v.ancestors:  # a verb of saying, or any verb whose that-clause holds the threat ("we reaffirm that")
        if lemma(anc) in ents.lexicon.speech_verbs | ents.lexicon.reporting_verbs or child.dep_ == "ccomp":
            return [a for s in subject_of(anc) for a in actors(s, ents)]
        child = anc
    if issuer and ents.issuer is not None:
        return [Arg(ents.issuer, v, resolved=True)]
    return []


def _ultimatum(v: Token, ents: ArticleEntities) -> tuple[Token, list[Arg], list[Arg]] | None:
    """ "urged Russia to accept a ceasefire or face more sanctions": the
    alternative to doing what one is told to is a harm, so the teller warns
    the one told."""
    head = v.head
    if v.dep_ != "conj" or head.dep_ != "xcomp" or not any(c.lower_ == "or" for c in children(head, "cc")):
        return None
    teller = head.head
    told = [a for o in children(teller, "dobj") for a in actors(o, ents)]
    keys = {t.entity.key for t in told}
    tellers = [a for s in subject_of(teller) for a in actors(s, ents) if a.entity.key not in keys]
    return (told and tellers) and (teller, tellers, told) or None


def threat_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    if not rel.condition_marks or not _is_harm(v, rel):
        return
    if lemma(v) in rel.consequence_verbs and (found := _ultimatum(v, ents)) is not None:
        teller, tellers, told = found
        yield Candidate(rel, v, unique(tellers), unique(told), "threat", anchor=teller)
        return
    if not _promised(v, rel):
        return
    cond = _condition(v, rel)
    said = _speaker(v, ents)
    if cond is None and not children(v, "nsubjpass"):
        # an unconditioned active harm ("we will retaliate") names nobody it is aimed at; a consequence
        # someone says another will face does ("Blinken said Iran would face severe consequences"), but
        # not one a release records ("Keysight will pay a civil penalty")
        addressees = unique(_unconditioned(v, rel, ents)) if lemma(v) not in rel.hostile_verbs else []
        theirs = {a.entity.key for a in addressees}
        speakers = [a for a in _speaker(v, ents, issuer=False) if a.entity.key not in theirs]
        if addressees and speakers:
            yield _threat(v, rel, ents, speakers, addressees, None)
        return
    addressees = unique(_addressees(v, cond, ents))
    if not addressees:
        return
    # the harm's doer is the one who threatens only when someone says it: "we will", or under "said";
    # "if X ..., the G7 would ..." in a report may be the writer's guess
    own = [a for s in subject_of(v) if s.dep_ == "nsubj" and (said or s.pos_ == "PRON") for a in actors(s, ents)]
    theirs = {a.entity.key for a in addressees}
    speakers = own if own and not {a.entity.key for a in own} & theirs else said
    yield _threat(v, rel, ents, unique(speakers), addressees, cond)


def _threat(v: Token, rel: Relation, ents: ArticleEntities, speakers: list[Arg], addressees: list[Arg],
            cond: Token | None) -> Candidate:
    # the promise's own "will" or "would" makes the threat, it does not hedge it; any stronger cue on
    # the path ("denied that it would retaliate", "hopes") keeps the last word
    stated = modality_of(v, ents.lexicon)
    plain = stated.cue in rel.promise_auxiliaries
    anchor = (cond.doc[cond.left_edge.i] if cond is not None else addressees[0].token) if plain else v
    return Candidate(rel, v, speakers, addressees, "threat", anchor=anchor, presupposed=plain)
