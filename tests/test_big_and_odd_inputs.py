"""Big and odd inputs: a 3 MB line of prose, an article over spaCy's length limit, JSON
fields of the wrong type, <noscript> text (issues 19.2, 19.4, 20.4, 20.6).
"""
from __future__ import annotations

import json

import pytest

from kg.build.parallel import extract_batch
from kg.extract.nlp import parse
from kg.model import Article
from kg.read.ingest import Skipped, read_file

SENTENCE = "Officials in Brussels met {i} times in March to discuss the talks on trade. "


def test_a_3_mb_line_of_prose_without_a_final_full_stop_is_an_article(tmp_path):
    text = "".join(SENTENCE.format(i=i) for i in range(40_000)).rstrip(". ")
    assert len(text) > 3_000_000 and "\n" not in text
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    [article] = read_file(tmp_path / "big.txt")
    assert isinstance(article, Article) and article.text == text


@pytest.mark.parametrize("row, reason", [
    ({"text": 42}, "'text' must be a string with the article text, not a number"),
    ({"text": ["China sold drones."]}, "'text' must be a string with the article text, not a JSON array"),
    ({"text": "China sold drones to Russia.", "date": {"$date": "2024-03-01"}},
     "'date' must be a string such as \"2024-03-01\", not a JSON object"),
    ({"text": "China sold drones to Russia.", "title": 7}, "'title' must be a string, not a number"),
])
def test_a_json_field_of_the_wrong_type_is_named_with_file_and_line(tmp_path, row, reason):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Japan imposed sanctions on Russia."}) + "\n" + json.dumps(row) + "\n",
                    encoding="utf-8")
    good, bad = read_file(path)
    assert isinstance(good, Article) and bad == Skipped(f"{path} line 2", reason)


def test_noscript_text_of_a_page_is_not_read(tmp_path):
    page = ("<html><head><title>Japan imposes sanctions on Russian firms</title></head><body><article>"
            "<h1>Japan imposes sanctions on Russian firms</h1>"
            "<noscript><p>Germany supplies tanks to Brazil, says this notice for readers without scripts.</p>"
            "</noscript>"
            + "".join(f"<p>Japan imposed sanctions on Russian firm number {i} on Friday, officials said.</p>"
                      for i in range(6))
            + "</article></body></html>")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [article] = read_file(tmp_path / "a.html")
    assert "Japan imposed sanctions" in article.text and "Germany" not in article.text


def test_a_text_over_the_models_length_limit_is_parsed_in_parts(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 300)
    paragraphs = [" ".join(SENTENCE.format(i=10 * p + i).strip() for i in range(3)) for p in range(6)]
    long_text = "\n\n".join(paragraphs) + "\n\n" + "".join(SENTENCE.format(i=i) for i in range(8)).strip()
    texts = ["China sold drones to Russia.", long_text, "Japan imposed sanctions on Russia."]
    docs = list(parse(nlp, texts, batch_size=2))
    assert [d.text for d in docs] == texts  # one Doc per text, in order
    big = docs[1]
    assert all(big.text[e.start_char:e.end_char] == e.text for e in big.ents)
    assert [e.text for e in big.ents if e.label_ == "GPE"][-1:] == ["Brussels"]
    assert big.ents[-1].end_char > 300  # found in a later part, offsets relative to the whole text


def test_an_article_over_the_limit_is_built_with_facts_from_every_part(nlp, lexicon, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 200)
    filler = " ".join(SENTENCE.format(i=i).strip() for i in range(4))
    text = f"China sold drones to Russia.\n\n{filler}\n\nJapan imposed sanctions on Russia."
    [done] = extract_batch([Article(id="long", text=text)], lexicon)
    assert done.result is not None, done.error
    facts = {(f.subject.label, f.relation, f.object.label) for f in done.result.facts}
    assert {("China", "supplies", "Russia"), ("Japan", "sanctions", "Russia")} <= facts
    japan = next(f for f in done.result.facts if f.subject.label == "Japan")
    assert text[japan.start:japan.end].startswith("Japan imposed sanctions")
