"""Threats stated without a verb of warning: a harm promised on a condition.

  "If the United States escalates, we will cut off the power."   we warns United States
  "Should Iran attack our nationals, it will face severe consequences."
                                                    (the speaker or issuer) warns Iran
  "Any use of nuclear weapons by Russia would be met with a response."
                                                    (the speaker or issuer) warns Russia

The harm is a ``kg:hostileVerb`` or a ``kg:consequenceVerb`` with a
``kg:consequenceNoun``, made a promise by a ``kg:promiseAuxiliary`` and never
negated; the condition opens with a ``kg:conditionMark``. The addressee is who
the condition (or the passive harm) is about; the speaker is the harm's own
subject, else who says it, else the office that issued the release.
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
    if lemma(v) not in rel.consequence_verbs:
        return False
    named = children(v, "dobj") + [p for p in pobjs(v, {"with"})]
    return any(lemma(n) in rel.consequence_nouns for n in named)


def _promised(v: Token, rel: Relation) -> bool:
    """ "will face", "would be met": a promise; "could face", "will not retaliate": none."""
    modals = [a.lower_ for a in children(v, "aux") if a.tag_ == "MD"]
    return bool(modals) and all(m in rel.promise_auxiliaries for m in modals) and not children(v, "neg")


def _addressees(v: Token, cond: Token | None, ents: ArticleEntities) -> list[Arg]:
    if cond is not None:
        return [a for s in subject_of(cond) for a in actors(s, ents)]
    # "any use of nuclear weapons by Russia would be met with ...": the doer inside the passive subject
    out = []
    for s in children(v, "nsubjpass", "nsubj"):
        out += actors(s, ents) or [a for t in s.subtree if t.dep_ == "pobj" and t.head.lower_ == "by"
                                   for a in actors(t, ents)]
    return out


def _speaker(v: Token, ents: ArticleEntities) -> list[Arg]:
    """Who says the threat."""
    child = v
    for anc in v.ancestors:  # a verb of saying, or any verb whose that-clause holds the threat ("we reaffirm that")
        if lemma(anc) in ents.lexicon.speech_verbs | ents.lexicon.reporting_verbs or child.dep_ == "ccomp":
            return [a for s in subject_of(anc) for a in actors(s, ents)]
        child = anc
    if ents.issuer is not None:
        return [Arg(ents.issuer, v, resolved=True)]
    return []


def threat_pattern(v: Token, rel: Relation, ents: ArticleEntities) -> Iterator[Candidate]:
    if not rel.condition_marks or not _is_harm(v, rel) or not _promised(v, rel):
        return
    cond = _condition(v, rel)
    if cond is None and not children(v, "nsubjpass"):
        return  # an unconditioned active harm ("we will retaliate") names nobody it is aimed at
    addressees = unique(_addressees(v, cond, ents))
    if not addressees:
        return
    # the harm's doer is the one who threatens only when someone says it: "we will", or under "said";
    # "if X ..., the G7 would ..." in a report may be the writer's guess
    said = _speaker(v, ents)
    own = [a for s in subject_of(v) if s.dep_ == "nsubj" and (said or s.pos_ == "PRON") for a in actors(s, ents)]
    theirs = {a.entity.key for a in addressees}
    speakers = own if own and not {a.entity.key for a in own} & theirs else said
    # the promise's own "will" or "would" makes the threat, it does not hedge it; any stronger cue on
    # the path ("denied that it would retaliate", "hopes") keeps the last word
    stated = modality_of(v, ents.lexicon)
    plain = stated.cue in rel.promise_auxiliaries
    anchor = (cond.doc[cond.left_edge.i] if cond is not None else addressees[0].token) if plain else v
    yield Candidate(rel, v, unique(speakers), addressees, "threat", anchor=anchor, presupposed=plain)
