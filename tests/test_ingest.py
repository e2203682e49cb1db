"""Reading articles (kg.read.ingest): each format, and each kind of bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.read.ingest import Skipped, find_inputs, read_file, read_inputs

from conftest import ARTICLES

DATA = Path(__file__).parent / "data"
GOOD_TEXT = "China supplied drones and drone parts to Russia in March, the report said.\n"


def read_one(path: Path):
    items = list(read_file(path))
    assert len(items) == 1, items
    return items[0]


# -- formats -------------------------------------------------------------------

def test_txt_bundled_articles():
    articles, skipped = read_inputs([ARTICLES])
    assert skipped == []
    assert [a.id for a in articles] == ["000_97b232455cd2a4c7", "001_a13f49f80d360422"]
    assert [a.title for a in articles] == [
        "US intelligence report: China's support increasingly important for Russia's war effort",
        "How China sides with Russia in the war - U.S intel reports"]
    assert [a.author for a in articles] == ["Martin Fornusek", "Daria Shekina"]
    assert all(a.path.endswith(".txt") and len(a.content_hash) == 64 for a in articles)


def test_md_markup_noise_and_hard_wraps():
    art = read_one(DATA / "article.md")
    assert art.title == "Japan freezes assets of groups that moved North Korean arms to Russia"
    assert (art.author, art.date) == ("Hana Sato", "2024-05-24")
    paras = art.text.split("\n\n")
    assert paras[0] == art.title
    assert paras[1] == ("Japan on Friday froze the assets of eleven organizations and one individual accused of "
                        "helping to move North Korean weapons to Russia, the government said.")
    assert "cooperation with the United States and other allies." in paras[2]
    assert paras[-1] == "Moscow denied it."
    for noise in ("Skip to", "Subscribe", "EN | FR", "](", "**", "#", "Photo", "Read more", "Seoul summons",
                  "is a correspondent"):
        assert noise not in art.text


def test_html_main_text_and_metadata():
    art = read_one(DATA / "page.html")
    assert art.title == "Canada sanctions Iranian drone makers over deliveries to Russia"
    assert (art.author, art.date) == ("Claire Tremblay", "2022-11-16")
    assert (art.source, art.url) == ("The Northern Ledger", "https://ledger.example.com/world/canada-iran-drones")
    paras = art.text.split("\n\n")
    assert paras[0] == art.title  # the headline is part of the text, as for .txt input
    assert paras[1].startswith("Canada on Wednesday imposed sanctions on two Iranian companies")
    assert paras[-1].endswith("the latest shipment from Iran to Russia included about 450 drones.")
    for noise in ("Politics", "Subscribe", "Sign in", "Read more", "EU freezes assets", "All rights reserved",
                  "Privacy policy", "newsletter", "dataLayer", "Photo: Ledger archive"):
        assert noise not in art.text


def test_jsonl_one_article_per_line():
    first, second = read_file(DATA / "articles.jsonl")
    assert first.id == "uk-hk-firms"
    assert (first.title, first.author, first.url) == ("UK sanctions two Hong Kong firms over drone parts", "Jane Roe",
                                                      "https://news.example.org/uk-hk")
    assert first.date == "2023-12-06"  # "6 December 2023" as ISO 8601
    assert first.text.startswith("Britain on Wednesday imposed sanctions on two companies registered in Hong Kong")
    assert second.id == "articles-2"  # no id: file name and line number
    assert (second.title, second.author, second.date) == ("", "", "")
    assert second.text.endswith("Tehran denied it.")


def test_folder_reads_supported_files_only(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.MD").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text(GOOD_TEXT, encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_inputs([tmp_path])] == ["a.txt", "sub/b.MD"]


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path):
    for folder, text in (("x", GOOD_TEXT), ("y", GOOD_TEXT.replace("March", "April"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text, encoding="utf-8")
    articles, _ = read_inputs([tmp_path])
    assert len({a.id for a in articles}) == 2


def test_utf16_with_byte_order_mark_is_text(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(GOOD_TEXT.encode("utf-16"))
    assert read_one(path).text == GOOD_TEXT.strip()


# -- bad input: named, with the reason, one line; the rest is read ---------------

BAD_FILES = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    "latin1.txt": ("Les sanctions de l'\u00e9t\u00e9 contre la Russie ont \u00e9t\u00e9 renforc\u00e9es."
                   .encode("latin-1"), "not UTF-8 text"),
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t\n", "empty file"),
    "menus.txt": (b"Menu\nSearch\nSign in\n", "no article text left"),
    "empty.html": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_skipped_with_reason(tmp_path, name):
    data, reason = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    articles, skipped = read_inputs([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert len(skipped) == 1 and skipped[0].path == str(tmp_path / name)
    assert reason in skipped[0].reason
    line = str(skipped[0])
    assert "\n" not in line and line.startswith(f"skipped {tmp_path / name}: ")


def test_unsupported_file_given_by_name_is_skipped(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    (skipped,) = read_file(path)
    assert isinstance(skipped, Skipped)
    assert "unsupported file type .pdf; use one of .txt, .md, .html" in skipped.reason


def test_jsonl_bad_lines_are_skipped_by_line_number(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": GOOD_TEXT, "title": "One"}),
        '{"text": "China sold drones to Russia.", ',  # malformed: cut off
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": GOOD_TEXT.replace("March", "May"), "title": "Five"}),
    ]), encoding="utf-8")
    items = list(read_file(path))
    assert [a.title for a in items if not isinstance(a, Skipped)] == ["One", "Five"]
    skipped = {s.path: s.reason for s in items if isinstance(s, Skipped)}
    assert list(skipped) == [f"{path} line 2", f"{path} line 4", f"{path} line 5"]
    assert skipped[f"{path} line 2"].startswith("malformed JSON")
    assert "not an object" in skipped[f"{path} line 4"]
    assert "no 'text' field" in skipped[f"{path} line 5"]


def test_missing_input_is_a_user_error(tmp_path):
    with pytest.raises(InputError, match=r"no-such-folder: no such file or folder; give article files or folders"):
        read_inputs([tmp_path / "no-such-folder"])
