"""Shared fixtures: one real model for the session, paths to the bundled articles."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"


@pytest.fixture(scope="session")
def lexicon():
    from kg.extract.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def nlp(lexicon):
    from kg.extract.nlp import load_nlp

    return load_nlp(lexicon)


@pytest.fixture(scope="session")
def extract_text(nlp, lexicon):
    """Facts of a text: ``extract_text("China sold drones to Russia.")``."""
    from kg.extract import extract
    from kg.model import Article

    def run(text: str):
        return extract(Article(id="t", text=text), nlp(text), lexicon).facts

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled articles built once into a temporary folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("built")
    build([ARTICLES], out)
    return out
