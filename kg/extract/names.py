"""Names as written: keys, types guessed from the words of a name, and the
repairs NER needs ("the" and possessives trimmed, legal forms and "X of Y's Z"
kept whole, lists cut apart)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc, Span, Token

from ..model import Entity
from ..resources import data_lines
from .lexicon import Lexicon, normalize

__all__ = ["slug", "org_type", "clean_name", "extend_name", "split_list", "peel_person", "bare_name", "is_title",
           "LEGAL"]

LEGAL = {"co", "co.", "ltd", "ltd.", "limited", "llc", "inc", "inc.", "plc", "corp", "corp.", "jsc", "pjsc", "gmbh"}


def slug(text: str) -> str:
    """A stable IRI-safe key for a name.

    >>> slug("Sinno Electronics Co., Limited")
    'sinno-electronics-co-limited'
    """
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "unnamed"


@lru_cache(maxsize=1)
def _org_words() -> list[tuple[str, frozenset[str]]]:
    rows = []
    for _, line in data_lines("org_words.tsv"):
        typ, _, words = line.partition("\t")
        rows.append((typ.strip(), frozenset(w.strip().lower() for w in words.split("|"))))
    return rows


def org_type(name: str) -> str:
    """The type the words of an organisation's name suggest (kg/data/org_words.tsv)."""
    words = name.lower().replace(",", " ").split()
    for typ, vocab in _org_words():
        if any(w in vocab for w in words):
            return typ
    return "Organization"


def clean_name(span: Span, known: Callable[[str], object] = lambda name: None) -> tuple[int, int, str]:
    """Trim a leading 'the' (or a headline's "New") and a trailing possessive;
    a name ``known`` finds keeps its "New" (New Zealand)."""
    start, end = span.start, span.end
    doc = span.doc
    for t in doc[start: min(end - 1, start + 5)]:  # "U.S.-designated | Foreign Trade Bank", "Iran-based | X"
        if t.tag_ == "VBN" and t.i > start and doc[t.i - 1].tag_ == "HYPH":
            start = t.i + 1
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an", "new", "fresh", "latest"):
        if doc[start].lower_ not in ("the", "a", "an") and known(doc[start:end].text):
            break
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "\u2019s", "'")):
        end -= 1
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]) and opened[-1] > start:
        end = opened[-1]  # "Office of Foreign Assets Control (OFAC": the short name is no part of it
    return start, end, doc[start:end].text


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(line.strip() for _, line in data_lines("name_particles.txt"))


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(line.strip() for _, line in data_lines("title_words.txt"))


def is_title(word: str) -> bool:
    """A word of a person's title ("President", "Secretary"): no name alone."""
    return word.lower() in _titles()


def _capitalized(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper()


def _name_word(tok: Token) -> bool:
    """A word a name may go on with: capitalized, no title ("Treasury |
    Secretary Daniel Whitcomb"), not the start of another name."""
    return (_capitalized(tok) or tok.lower_ in LEGAL) and tok.lower_ not in _titles() and tok.ent_iob_ != "B"


def _extend_left(doc: Doc, start: int, end: int) -> int:
    """ "Bonomade | Machude Omar", "IRGC- | QF": a capitalized word that NER left
    out but the parser made part of the name (a compound of one of its words)."""
    while start > 0:
        prev = doc[start - 1]
        word = doc[start - 2] if prev.tag_ == "HYPH" and start > 1 else prev
        if not (word.dep_ == "compound" and start <= word.head.i < end and _name_word(word) and not word.ent_type_):
            return start
        start = word.i
    return start


def _extend_right(doc: Doc, start: int, end: int, ents_at: dict[int, Span]) -> int:
    """ "Hexa Marine | Trading LLC": a name whose last word is a compound of a
    capitalized word after it goes on to that word; "Katibat al Tawhid | wal
    Jihad", "Mohammed bin Salman": a name goes on across a particle."""
    limit = doc[start].sent.end
    while end < limit:
        last = doc[end - 1]
        if last.dep_ == "compound" and end <= last.head.i < end + 4 and \
                all(_name_word(t) for t in doc[end: last.head.i + 1]):
            end = last.head.i + 1
        elif doc[end].lower_ in _particles() and doc[end].text.islower() and end + 1 < limit and \
                _capitalized(doc[end + 1]):
            end = ents_at[end + 1].end if end + 1 in ents_at else end + 2
            while end < limit and _capitalized(doc[end]) and doc[end].ent_iob_ != "B":
                end += 1
        else:
            return end
    return end


def extend_name(doc: Doc, start: int, end: int, ents_at: dict[int, Span], *, grow: bool = True) -> tuple[int, int]:
    """Mend names NER cuts short: "Sinno Electronics Co., Limited",
    "Aerospace Force of Iran's Islamic Revolutionary Guard Corps". ``grow``
    false keeps a known actor's name as it is ("the US | Entity List")."""
    if grow:
        end = _extend_right(doc, start, end, ents_at)
        start = _extend_left(doc, start, end)
    while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in LEGAL:
        end += 2
    if doc[end - 1].lower_ == "of" and end in ents_at:
        end = ents_at[end].end
        while end + 1 < len(doc) and doc[end].tag_ == "POS" and end + 1 in ents_at:
            end = ents_at[end + 1].end
    while end > start + 1 and doc[end - 1].lower_ in ("of", "and", "the", "'s", "\u2019s"):
        end -= 1
    return start, end


def split_list(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """NER sometimes runs a list into one name ("Rosatom, Gazprombank"): cut it
    at commas and 'and', but not before a legal form ("Co., Limited")."""
    parts, s = [], start
    for i in range(start, end):
        # "National Security and Defence Council": what comes before 'and' modifies a word after it
        modifies = any(t.dep_ in ("compound", "nmod", "amod") and i < t.head.i < end for t in doc[s:i]) or (
            i > s and doc[i - 1].dep_ == "pobj" and doc[i - 1].head.lower_ == "of" and doc[i - 1].head.i > s)
        # ... or it ends an "of" inside the name: "Bureau of Industry and Security"
        if doc[i].text == "," and i + 1 < end and doc[i + 1].lower_ not in LEGAL or doc[i].lower_ == "and" \
                and doc[i].dep_ == "cc" and not modifies:
            if s < i:
                parts.append((s, i))
            s = i + 1
    if s < end:
        parts.append((s, end))
    return parts if len(parts) > 1 and all(doc[p].pos_ == "PROPN" for p, _ in parts) else [(start, end)]


def peel_person(doc: Doc, start: int, end: int, known: Callable[[str], object]) -> tuple[int, int] | None:
    """ "(former Prime Minister of) the Republic of North Macedonia Nikola
    Gruevski": NER runs a title's country into the person after it. The
    (start, end) of the person when a known country ends just before two or
    three capitalized words that end the span, else None."""
    for k in range(end - 2, max(start, end - 3) - 1, -1):
        if k <= start or not all(_capitalized(t) for t in doc[k:end]) or org_type(doc[k:end].text) != "Organization":
            continue  # "Taiwan Affairs Office" is an office, not a person
        j = k  # the whole run of capitalized words before k must be the country ("North" alone is not)
        while j > start and _capitalized(doc[j - 1]):
            j -= 1
        country = known(doc[j:k].text)  # as written: "North" is not "the North"
        if getattr(country, "type", "") == "Country" and doc[j:k].text in (country.label, *country.aliases):
            return k, end
    return None


def bare_name(tok: Token, start: int | None = None, *, lexicon: Lexicon) -> Entity:
    """The actor a proper noun no entity covers names, with its compounds: a
    known one ("the North"), else an organisation."""
    start = tok.i if start is None else start
    while start > 0 and tok.doc[start - 1].dep_ == "compound" and tok.doc[start - 1].pos_ == "PROPN":
        start -= 1
    text = tok.doc[start: tok.i + 1].text
    return lexicon.actor(text) or Entity(key=slug(text), label=text, type=org_type(text))
