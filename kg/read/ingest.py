"""Read articles from files and folders: .txt, .md, .html, .jsonl.

- ``.txt`` and ``.md``: text as copied from a web page; page noise is removed
  by :func:`kg.read.clean.clean_page_text` (Markdown markup first, for ``.md``).
- ``.html``: the main text, title, author and date extracted by trafilatura.
- ``.jsonl``: one article per line, ``{"text": ..., "title": ..., "url": ...,
  "date": ..., "author": ..., "source": ..., "id": ...}``; only text is needed.

Every file (or JSON line) that cannot be read is reported as a
:class:`Skipped` record with the reason; the others are read. Nothing here
raises for bad content; a missing path is a user mistake (:class:`InputError`).

>>> str(Skipped("articles/x.pdf", "unsupported file type .pdf"))
'skipped articles/x.pdf: unsupported file type .pdf'
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Article
from .clean import clean_page_text, find_date, strip_markdown

__all__ = ["Skipped", "SUFFIXES", "find_inputs", "read_inputs", "read_file"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class Skipped:
    """An input that was not built, and why (one line for a person)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The article files under ``paths``, sorted; hidden files and folders are left out.

    A missing path is a user error.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += _walk(p)
        elif p.is_file():
            found.append(p)
        else:
            raise InputError(f"{p}: no such file or folder; give article files or folders (default: articles/)")
    return sorted(set(found), key=lambda f: f.parts)  # Path order, without Path.__lt__'s cost


def _walk(folder: Path) -> list[Path]:
    # os.walk reads each folder once; Path.rglob + is_file stats every file again (seconds at 10,000 files)
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .kg-cache, .git: never articles
        found += [Path(root, f) for f in files if not f.startswith(".") and os.path.splitext(f)[1].lower() in SUFFIXES]
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "article"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.I | re.S)
#: a file of more text than this says on stderr that it is being read (cleaning takes a second per 4 MB)
BIG_TEXT = 8_000_000


def _decode(data: bytes) -> str:
    r"""The text of a file's bytes: UTF-8 (a BOM allowed) or UTF-16 with a BOM.

    >>> _decode(b"\xef\xbb\xbfChina sold drones.")
    'China sold drones.'
    >>> _decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    Traceback (most recent call last):
    ValueError: binary file, not text
    """
    if data.startswith(_UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("not UTF-16 text despite its byte order mark; save it as UTF-8") from None
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (undecodable byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         "save it as UTF-8") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


def _from_text(path: Path, raw: str, article_id: str, **meta: str) -> Article:
    clean = clean_page_text(raw)
    if not clean.text.strip():
        raise ValueError("no article text left once page noise was removed (no sentence, no headline)")
    return Article(
        id=article_id, text=clean.text, title=meta.get("title") or clean.title,
        author=meta.get("author") or clean.author, date=meta.get("date") or clean.date,
        source=meta.get("source", ""), url=meta.get("url", ""), path=str(path), content_hash=_digest(raw),
        front=clean.front,
    )


def _from_html(path: Path, raw: str) -> Article:
    import trafilatura  # imported here: only HTML input pays for it

    raw = _NOSCRIPT.sub(" ", raw)  # what a page shows without scripts ("enable JavaScript") is no article text
    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken pages
        raise ValueError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML")
    lines = [line for line in doc.text.splitlines() if line.strip()]
    if doc.title and doc.title.strip() not in lines[:3]:
        lines.insert(0, doc.title.strip())  # the headline is part of the article, as in .txt input
    text = "\n\n".join(lines)
    return _from_text(path, text, _slug(path.stem), title=doc.title or "", author=doc.author or "",
                      date=doc.date or "", source=doc.sitename or "", url=doc.url or "")


_META = ("title", "url", "date", "author", "source")


def _row_problem(row: dict) -> str:
    """What is wrong with a JSON line's fields, or "" (a repr is never stored as a title or a date).

    >>> print(_row_problem({"text": 42}))
    'text' must be a string with the article text, not a number
    >>> print(_row_problem({"text": "China sold drones.", "date": {"$date": "2024-03-01"}}))
    'date' must be a string such as "2024-03-01", not a JSON object
    """
    if "text" not in row or row["text"] is None:
        return "no 'text' field with the article text; each line needs {\"text\": ...}"
    for key in ("text", *_META):
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            kind = _JSON_KINDS.get(type(value), type(value).__name__)
            example = ' such as "2024-03-01"' if key == "date" else " with the article text" if key == "text" else ""
            return f"'{key}' must be a string{example}, not {kind}"
    if not row["text"].strip():
        return "'text' is empty; each line needs the article text in {\"text\": ...}"
    return ""


_JSON_KINDS = {dict: "a JSON object", list: "a JSON array", bool: "true or false", int: "a number", float: "a number"}


def _from_jsonl(path: Path, raw: str) -> Iterator[Article | Skipped]:
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path} line {n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object")
            continue
        if not isinstance(row, dict):
            yield Skipped(where, f"a JSON {type(row).__name__}, not an object; each line must be {{\"text\": ...}}")
            continue
        if problem := _row_problem(row):
            yield Skipped(where, problem)
            continue
        meta = {k: row.get(k) or "" for k in _META}
        if meta["date"]:
            meta["date"] = find_date(meta["date"]) or meta["date"]
        article_id = _slug(str(row.get("id") or f"{path.stem}-{n}"))
        try:
            yield _from_text(path, row["text"], article_id, **meta)
        except ValueError as exc:
            yield Skipped(where, str(exc))


def read_file(path: Path) -> Iterator[Article | Skipped]:
    """The articles of one file, or why it was skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Skipped(str(path), f"unsupported file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)}")
        return
    try:
        raw = _decode(path.read_bytes())
        if len(raw) > BIG_TEXT:
            print(f"kg: reading {path} ({len(raw) / 1e6:.0f} million characters; about "
                  f"{len(raw) / 4e6:.0f} s)", file=sys.stderr, flush=True)
        if suffix == ".jsonl":
            yield from _from_jsonl(path, raw)
        elif suffix in (".html", ".htm"):
            yield _from_html(path, raw)
        elif suffix == ".md":
            yield _from_text(path, strip_markdown(raw), _slug(path.stem))
        else:
            yield _from_text(path, raw, _slug(path.stem))
    except OSError as exc:
        yield Skipped(str(path), f"cannot be read ({exc.strerror or exc})")
    except ValueError as exc:
        yield Skipped(str(path), str(exc))


def read_inputs(paths: Iterable[str | Path], *,
                read: Callable[[Path], Iterable[Article | Skipped]] = read_file) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; ids are made unique in file order.

    ``read`` reads one file (:func:`read_file`, or a cache in front of it).
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in find_inputs(paths):
        for item in read(path):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if item.id in seen:
                item = Article(**{**item.__dict__, "id": f"{item.id}-{item.content_hash[:8]}"})
            seen.add(item.id)
            articles.append(item)
    return articles, skipped
