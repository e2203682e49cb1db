"""The learned candidate scorer (kg/extract/pairs.py, kg/extract/scorer.py):
what it may add, and that the modality layer keeps the last word."""
from __future__ import annotations

import dataclasses

import pytest

from kg.errors import OntologyError
from kg.extract import extract
from kg.extract.scorer import Scorer, load_scorer
from kg.model import Article


@pytest.fixture(scope="module")
def accept_all(nlp, lexicon):
    """Facts of a text when the scorer keeps every candidate pair."""
    eager = dataclasses.replace(lexicon, scorer=Scorer(bias=20.0))

    def run(text: str):
        return extract(Article(id="t", text=text), nlp(text), eager).facts
    return run


def test_scorer_adds_a_pair_the_rules_miss(accept_all, extract_text):
    # the rules take no goods that go somewhere ("the steel that Canada exported went to")
    text = "Officials said the steel that Canada exported went mostly to the United States."
    learned = {(f.subject.label, f.relation, f.object.label) for f in accept_all(text) if f.rule.startswith("learned")}
    assert ("Canada", "supplies", "United States") in learned
    assert not any(f.relation == "supplies" for f in extract_text(text))


@pytest.mark.parametrize("text", [
    "Iran did not sell drones to Russia.",
    "Iran denied that it had sold drones to Russia.",
    "Iran plans to sell drones to Russia next year.",
])
def test_modality_keeps_the_last_word(accept_all, text):
    """A pair the scorer keeps is still negated, denied or intended, never asserted."""
    supplied = [f for f in accept_all(text) if (f.subject.label, f.object.label) == ("Iran", "Russia")]
    assert supplied and not any(f.factual for f in supplied)


def test_a_broken_weights_file_is_one_message(tmp_path):
    path = tmp_path / "scorer.json"
    path.write_text('{"weights": []}', encoding="utf-8")
    with pytest.raises(OntologyError, match=r"scorer.json: not a scorer weights file .*make train"):
        load_scorer(path)


def test_no_weights_file_means_rules_only(tmp_path):
    assert load_scorer(tmp_path / "absent.json") is None
