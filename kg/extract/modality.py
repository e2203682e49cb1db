"""How a sentence states a fact: asserted, reported, hedged, negated,
intended or denied, read from the cue words of ``kg/data/modality.tsv`` on
the path from the trigger up to its clause's governors.

Relative clauses and reduced relatives ("the sanctions imposed by the US",
"Radioavtomatika, which is sanctioned by the US") are presupposed: the
governors above them ("refused to join the sanctions imposed by ...") do not
reach into them.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import Lexicon

__all__ = ["Modality", "modality_of", "participle_clause", "STRENGTH"]

#: Stronger modalities win when several cues apply.
STRENGTH = {"asserted": 0, "reported": 1, "hedged": 2, "intended": 3, "negated": 4, "denied": 5}
# Dependencies through which a governor reaches the trigger. Adverbial clauses
# ("although it sold ...", "after the US imposed ...") are statements of their
# own: a governor of the main clause says nothing of them.
# An apposition describes its noun whatever the clause says of that noun
# ("Egypt, the main buyer of Ukrainian wheat, did not comment").
_CLIMB = {"xcomp", "ccomp", "pcomp", "acomp", "dobj", "pobj", "prep", "conj", "nsubj", "nsubjpass",
          "attr", "oprd", "dative", "compound", "amod", "npadvmod"}
_STOP = {"relcl", "acl", "appos", "ROOT"}
_NEG_DETS = {"no", "neither"}


@dataclass(frozen=True)
class Modality:
    """A modality and the cue word that set it ('' when asserted)."""

    value: str
    cue: str = ""


def _own_cues(tok: Token, lexicon: Lexicon) -> list[Modality]:
    cues = lexicon.modality_cues
    found = []
    for child in tok.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and word in _NEG_DETS and child.head == tok):
            found.append(Modality("negated", word))
        elif child.dep_ in ("aux", "auxpass") and ("aux", child.lemma_.lower()) in cues:
            found.append(Modality(cues[("aux", child.lemma_.lower())], word))
        elif child.dep_ == "aux" and ("aux", word) in cues:
            found.append(Modality(cues[("aux", word)], word))
        elif child.dep_ == "mark" and ("mark", word) in cues:
            found.append(Modality(cues[("mark", word)], word))
        elif child.dep_ in ("advmod", "prep", "npadvmod") and ("adverb", word) in cues:
            found.append(Modality(cues[("adverb", word)], word))
        elif child.dep_ in ("advmod", "prep") and \
                ("adverb", phrase := " ".join(t.lower_ for t in child.subtree
                                              if child.dep_ == "advmod" or t.dep_ != "advmod")) in cues:
            found.append(Modality(cues[("adverb", phrase)], phrase))  # "no longer buys", "are on the table"
        elif child.dep_ == "compound" and child.i < tok.i and child.tag_ == "NNS" and \
                cues.get(("governor", child.lemma_.lower())) in ("negated", "intended", "denied"):
            # a headline's verb read as a noun: "Gazprom halts gas supplies to Poland"
            found.append(Modality(cues[("governor", child.lemma_.lower())], word))
        elif child.dep_ == "amod" and ("adjective", word) in cues:
            found.append(Modality(cues[("adjective", word)], word))  # "possible arms sales", "planned deliveries"
        elif child.dep_ in ("acomp", "attr", "oprd") and ("predicate", word) in cues:
            found.append(Modality(cues[("predicate", word)], word))  # "reports that ... are false"
        elif child.dep_ == "advmod" and word == "yet" and tok.lemma_ in ("have", "be"):
            found.append(Modality("negated", "yet to"))  # "has yet to sanction"
    return found


def _content_clause(node: Token) -> bool:
    """ "claims that Iran sold ...": a clause that is the content of a noun,
    not a relative clause about it, so the noun's meaning reaches it."""
    return node.dep_ in ("acl", "relcl") and any(c.dep_ == "mark" for c in node.children)


def _negated_argument(tok: Token) -> Modality | None:
    """ "No weapons were delivered", "Neither A nor B was sanctioned"."""
    for arg in tok.children:
        if arg.dep_ in ("nsubj", "nsubjpass", "dobj"):
            for c in arg.children:
                if (c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither")) or \
                        (c.dep_ == "cc" and c.lower_ == "nor"):
                    return Modality("negated", c.lower_)
    return None


def _base_forms(tok: Token) -> tuple[str, ...]:
    """The lemma, the lemma with the 'e' the small model's lemmatizer sometimes
    cuts ("hopes" -> "hop", "hoped" -> "hop"), and the word as written."""
    base = tok.lemma_.lower()
    return (base, base + "e", tok.lower_) if tok.pos_ == "VERB" else (base, tok.lower_)


def _cue(where: str, tok: Token, lexicon: Lexicon) -> str | None:
    cues = lexicon.modality_cues
    return next((cues[(where, w)] for w in _base_forms(tok) if (where, w) in cues), None)


def _governor_cue(tok: Token, lexicon: Lexicon) -> Modality | None:
    value = _cue("governor", tok, lexicon)
    return Modality(value, tok.lower_) if value else None


def _infinitive_cue(verb: Token, lexicon: Lexicon) -> Modality | None:
    """ "Russia to supply Iran" (a headline; the parser may hang the verb on the
    name), "a deal to supply jets", "won an order to supply shells" (a purpose,
    unless the verb is a means: "used front companies to ship chips"): an
    untensed verb is not yet an event."""
    if not (verb.dep_ in ("ROOT", "acl") or (verb.dep_ == "relcl" and verb.head.dep_ == "ROOT") or (
            verb.dep_ == "advcl" and ("means", verb.head.lemma_.lower()) not in lexicon.modality_cues)):
        return None  # a relative clause elsewhere is a fact: "the first country to supply"
    for child in verb.children:
        if child.dep_ == "aux" and child.tag_ == "TO" and ("infinitive", child.lower_) in lexicon.modality_cues:
            return Modality(lexicon.modality_cues[("infinitive", child.lower_)], child.lower_)
    return None


def _participle(node: Token) -> bool:
    """ "Japan will impose sanctions, freezing the assets of X": a bare
    participle goes on with its verb's event, and shares its auxiliaries and
    negation like a coordinated verb."""
    return node.dep_ == "advcl" and node.tag_ == "VBG" and node.head.pos_ in ("VERB", "AUX") and \
        not any(c.dep_ == "mark" for c in node.children)


def participle_clause(verb: Token) -> Token | None:
    """The verb a bare participle goes on with. After a report ("Berlin has
    delivered tanks, Scholz said, providing Kyiv with ...") the parser hangs
    it on "said"; it goes on with what was said, not with the speaker."""
    if not _participle(verb):
        return None
    said = [c for c in verb.head.children if c.dep_ == "ccomp" and c.i < verb.i]
    return said[-1] if said else verb.head


def _misread_complement(node: Token, lexicon: Lexicon) -> bool:
    """ "threatened on Monday to impose sanctions": the parser makes the
    infinitive an adverbial clause when words come between; under a cue verb
    it is that verb's complement all the same."""
    return node.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children) and \
        _governor_cue(node.head, lexicon) is not None


def _complement_cue(node: Token, lexicon: Lexicon) -> Modality | None:
    """ "is set to deliver", "is to supply": a verb or adjective whose open
    complement holds the trigger, and that says so only through that complement."""
    if node.dep_ != "xcomp":
        return None
    head = node.head
    value = _cue("complement", head, lexicon)
    return Modality(value, f"{head.lower_} to") if value else None


def modality_of(trigger: Token, lexicon: Lexicon, *, max_hops: int = 6) -> Modality:
    """The modality of the fact a trigger states.

    The strongest cue on the path wins; a negated governor of a negative cue
    ("did not rule out arming") leaves the fact hedged, not asserted.
    """
    best = _negated_argument(trigger) or Modality("asserted")
    node, hops, sibling, below = trigger, 0, False, ""
    while True:
        own = _own_cues(node, lexicon)
        # a verb coordinated with the trigger shares its auxiliaries, not its meaning
        gov = _governor_cue(node, lexicon) if node is not trigger and not sibling else None
        if gov is not None and below == "nsubj" and any(c.dep_ == "dobj" for c in node.children):
            gov = None  # the event is the agent: "US sanctions on Iran have cut its revenues"
        if gov is not None:
            negs = [c for c in own if c.value == "negated"]
            if negs and gov.value in ("negated", "denied"):
                gov = Modality("hedged", f"not {gov.cue}")
                own = [c for c in own if c.value != "negated"]
            elif negs and gov.value == "reported":
                gov = Modality("negated", f"not {gov.cue}")
            own.append(gov)
        complement = _complement_cue(node, lexicon)
        if complement is not None:
            own.append(complement)
        # the trigger's own verb, or the support verb of a trigger noun ("US to impose sanctions"); not a
        # verb further up ("an effort to pressure Austria over EU sanctions": the sanctions exist)
        infinitive = _infinitive_cue(node, lexicon) if node is trigger or below == "dobj" else None
        if infinitive is not None:
            own.append(infinitive)
        for cue in own:
            if STRENGTH[cue.value] > STRENGTH[best.value]:
                best = cue
        if (node.dep_ in _STOP and not _content_clause(node)) or hops >= max_hops or node.head is node:
            break
        participle = _participle(node)
        if node.dep_ not in _CLIMB and not _content_clause(node) and not _misread_complement(node, lexicon) \
                and not participle:
            break
        if node.head.lemma_.lower() in lexicon.speech_verbs and node.head.pos_ == "VERB" and node.dep_ == "ccomp":
            # "X said S sent ...": the report is the source; its own negation counts
            for cue in _own_cues(node.head, lexicon):
                if cue.value == "negated" and STRENGTH[best.value] < STRENGTH["negated"]:
                    best = cue
            return best if best.value != "asserted" else Modality("reported", node.head.lower_)
        sibling, below = node.dep_ == "conj" or participle, node.dep_
        node, hops = (participle_clause(node) if participle else node.head), hops + 1
    return best
