"""Lists of targets: a sentence that ends in a colon states a fact whose
objects the lines after it name, one item each.

  "The following 11 individuals are being designated pursuant to E.O. 14024:
   ALEKSEY KRIVORUCHKO is a Deputy Minister of Defense.
   TIMUR IVANOV is ..."
  "Full blocking sanctions on more than 400 individuals and entities. This includes:
   -  Herman Gref, the head of Sberbank.
   -  48 defense enterprises, including Russian Helicopters and Kronshtadt."

The fact is the one stated, as fact, in the colon's sentence or the one before
it, even when that sentence names no object of its own ("the following
individuals are designated"): its subject is the subject of every item. Only
relations whose objects are actors, not goods, take lists (``kg:hasItems``
false). An item is a line that opens with a bullet, or with a name that is its
subject ("X is ..."), or a phrase without a verb; the list ends at the first
line that is none of these. The other sentences of an item's line describe it
("Bulgakov is the senior-most officer ...") and name no more targets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..arguments import actors, examples
from ..lexicon import Relation
from ..mentions import Arg, ArticleEntities
from ..names import bare_name
from ...resources import bullets
from . import Candidate, unique

__all__ = ["Opening", "list_candidates"]

_MAX_ITEMS = 80
_TARGETS = ("Person", "Company", "Organization", "GovernmentBody")


@dataclass
class Opening:
    """A relation stated as fact at a trigger, with its subjects (its objects may be unnamed)."""

    relation: Relation
    trigger: Token
    subjects: list[Arg]


def _ends_with_colon(sent: Span) -> bool:
    words = [t for t in sent if not t.is_space]
    return bool(words) and words[-1].text == ":"


def _starts_line(sent: Span) -> bool:
    text = sent.doc.text
    return sent.start_char == 0 or "\n" in text[max(0, sent.start_char - 2): sent.start_char] or \
        sent.doc[sent.start - 1].is_space and "\n" in sent.doc[sent.start - 1].text


def _first_word(sent: Span) -> Token | None:
    return next((t for t in sent if not t.is_space and t.text not in bullets()), None)


def _is_item(sent: Span, ents: ArticleEntities) -> bool:
    first = next((t for t in sent if not t.is_space), None)
    if first is None:
        return False
    if first.text in bullets():
        return True
    if _lead_name(sent, ents) is not None:
        return True  # "ALEKSEY KRIVORUCHKO is a Deputy Minister of Defense."
    return not any(t.pos_ in ("VERB", "AUX") for t in sent)


def _lead_name(sent: Span, ents: ArticleEntities) -> Arg | None:
    """The name an item opens with as its subject, NER's or not ("TIMUR IVANOV is ...")."""
    word = _first_word(sent)
    if word is None:
        return None
    m = ents.at(word)
    # NER misses many a name in capitals, and the parser hangs it anywhere: a run of proper nouns
    # before the item's first verb ("YURIY SADOVENKO is")
    end = word.i
    while end < sent.end and end - word.i < 6 and (sent.doc[end].pos_ == "PROPN" or sent.doc[end].is_upper
                                                    or sent.doc[end].tag_ == "HYPH"):
        end += 1
    if end > word.i and end < sent.end and sent.doc[end].pos_ in ("AUX", "VERB") and \
            (m is None or (m.start == word.i and m.end < end)):
        last = sent.doc[end - 1]
        return Arg(bare_name(last, word.i, lexicon=ents.lexicon), last)
    if m is not None and m.start == word.i and m.kind == "name":
        return Arg(m.entity, word)
    return None


def _named(sent: Span, ents: ArticleEntities, rel: Relation) -> list[Arg]:
    """The targets one item names: its subject name, or the names of its phrase
    (and of an "including" list in it); a country or a national group alone is
    no target of an item."""
    root = sent.root
    lead = _lead_name(sent, ents)
    if lead is not None:
        found = [lead]
    elif root.pos_ in ("VERB", "AUX"):
        found = []  # "- Cuba maintains close ties to ..., including Iran": a reason, not a target
    else:  # "- 48 enterprises that are part of Russia's defense base, including Russian Helicopters"
        found = actors(root, ents, rel.holder_nouns)
        found += [a for t in sent for e in examples(t, ents) for a in actors(e, ents, rel.holder_nouns)]
    return unique([a for a in found if a.entity.type in _TARGETS and not a.resolved])


def _opening(sents: list[Span], i: int, openings: list[Opening]) -> Opening | None:
    """The latest fact stated in the colon's sentence, or in the sentence before it."""
    lo = sents[max(0, i - 1)].start
    found = [o for o in openings if lo <= o.trigger.i < sents[i].end and not o.relation.has_items]
    return max(found, key=lambda o: o.trigger.i) if found else None


def list_candidates(doc: Doc, ents: ArticleEntities, openings: list[Opening]) -> Iterator[Candidate]:
    """Candidates for the items of every list in ``doc``."""
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        if not _ends_with_colon(sent) or (opening := _opening(sents, i, openings)) is None:
            continue
        items = 0
        for item in sents[i + 1:]:
            if _starts_line(item):  # a line is one item; its other sentences describe it
                items += 1
                if items > _MAX_ITEMS or not _is_item(item, ents):
                    break
            else:
                continue
            named = _named(item, ents, opening.relation)
            if named:
                subjects = [Arg(s.entity, item.root, resolved=True) for s in opening.subjects]
                yield Candidate(opening.relation, item.root, subjects, named, "list-item",
                                anchor=item.root, presupposed=True)
