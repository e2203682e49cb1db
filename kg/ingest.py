"""Read articles from files and folders: .txt, .md, .html, .jsonl.

Every file that cannot be read is reported as a :class:`Skipped` record with
the reason; the others are read. Nothing here raises for bad content.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .clean import clean_page_text, find_date
from .errors import InputError
from .model import Article

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
    """The article files under ``paths``, sorted; a missing path is a user error."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                      and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        elif p.is_file():
            found.append(p)
        else:
            raise InputError(f"{p}: no such file or folder; give article files or folders (default: articles/)")
    return sorted(set(found))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "article"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def _from_text(path: Path, raw: str, article_id: str, **meta: str) -> Article:
    clean = clean_page_text(raw)
    if not clean.text.strip():
        raise ValueError("no article text left once page noise was removed")
    return Article(
        id=article_id, text=clean.text, title=meta.get("title") or clean.title,
        author=meta.get("author") or clean.author, date=meta.get("date") or clean.date,
        source=meta.get("source", ""), url=meta.get("url", ""), path=str(path), content_hash=_digest(raw),
    )


def _from_html(path: Path, raw: str) -> Article:
    import trafilatura  # imported here: only HTML input pays for it

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML")
    text = "\n".join(line for line in doc.text.splitlines() if line.strip())
    return _from_text(path, text, _slug(path.stem), title=doc.title or "", author=doc.author or "",
                      date=doc.date or "", source=doc.sitename or "", url=doc.url or "")


def _from_jsonl(path: Path, raw: str) -> Iterator[Article | Skipped]:
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path} line {n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON ({exc.msg}); each line must be one JSON object")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            yield Skipped(where, "no 'text' field; each line needs {\"text\": ...}")
            continue
        meta = {k: str(row.get(k) or "") for k in ("title", "url", "date", "author", "source")}
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
        raw = _decode(path)
        if suffix == ".jsonl":
            yield from _from_jsonl(path, raw)
        elif suffix in (".html", ".htm"):
            yield _from_html(path, raw)
        else:
            yield _from_text(path, raw, _slug(path.stem))
    except (OSError, ValueError) as exc:
        yield Skipped(str(path), str(exc))


def read_inputs(paths: Iterable[str | Path]) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; ids are made unique in file order."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in find_inputs(paths):
        for item in read_file(path):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if item.id in seen:
                item = Article(**{**item.__dict__, "id": f"{item.id}-{item.content_hash[:8]}"})
            seen.add(item.id)
            articles.append(item)
    return articles, skipped
