"""Page noise removal for text copied from web pages.

Menus, language switchers, "Read more" blocks, bylines, author bios and
photo credits are removed line by line with the patterns of
``kg/data/noise.tsv``; headlines and prose paragraphs stay. The title, author
and date found on the way are returned with the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .lexicon import DATA_DIR

__all__ = ["CleanText", "clean_page_text", "find_date"]

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MDY = re.compile(_MONTH + r" (\d{1,2}),? \(?(\d{4})\)?")
_DATE_DMY = re.compile(r"\b(\d{1,2}) " + _MONTH + r",? (\d{4})")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_AUTHOR = re.compile(r"^(?:by|author:|written by:?)\s+([^|,.\d]+?)\s*(?:\||,|$)", re.I)
_SENTENCE_END = re.compile(r"[.!?\"\u201d'\u2019)]$")
MIN_HEADLINE_WORDS = 5


@dataclass(frozen=True)
class CleanText:
    """Text with page noise removed, paragraphs separated by blank lines."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class _Patterns:
    drop: re.Pattern
    end: re.Pattern
    strip: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    kinds: dict[str, list[str]] = {"drop": [], "end": [], "strip": []}
    for line in (DATA_DIR / "noise.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, pattern = line.partition("\t")
            kinds[kind.strip()].append(pattern.strip())
    whole = lambda ps: re.compile("|".join(f"(?:{p})" for p in ps), re.I)  # noqa: E731
    return _Patterns(drop=whole(kinds["drop"]), end=whole(kinds["end"]),
                     strip=tuple(re.compile(p, re.I if not p.startswith("^[A-Z]") else 0) for p in kinds["strip"]))


def find_date(text: str) -> str:
    """The first calendar date written in ``text``, as ISO 8601, or ''.

    >>> find_date("Published July 26, 2024 | Updated July 27, 2024")
    '2024-07-26'
    >>> find_date("Updated 16 November 2024, 11:20 CET")
    '2024-11-16'
    """
    found = []
    for m in _DATE_MDY.finditer(text):
        found.append((m.start(), int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2))))
    for m in _DATE_DMY.finditer(text):
        found.append((m.start(), int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1))))
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for _, y, mo, d in sorted(found):
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    return ""


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 6 and bool(_SENTENCE_END.search(line))


def _is_headline(line: str) -> bool:
    words = line.split()
    return (len(words) >= MIN_HEADLINE_WORDS and line[:1].isupper() and not line.isupper()
            and not _SENTENCE_END.search(line[-1]) and not find_date(line))


def clean_page_text(raw: str) -> CleanText:
    """Remove page noise; keep headlines and paragraphs.

    >>> c = clean_page_text("Menu\\nUK sanctions two Hong Kong firms over drones\\nBy Jane Roe\\n"
    ...     "Britain imposed sanctions on two firms on Wednesday, officials said.\\nRead more\\nOther story here today")
    >>> c.text.splitlines()
    ['UK sanctions two Hong Kong firms over drones', '', 'Britain imposed sanctions on two firms on Wednesday, officials said.']
    >>> c.title, c.author
    ('UK sanctions two Hong Kong firms over drones', 'Jane Roe')
    """
    pats = _patterns()
    kept: list[str] = []
    title = author = ""
    found_date = ""
    body_started = False
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        if not author and (m := _AUTHOR.match(line)):
            author = m.group(1).strip()
        if not found_date and len(kept) < 4:
            found_date = find_date(line)
        if body_started and pats.end.fullmatch(line):
            break
        if pats.drop.fullmatch(line):
            continue
        for pattern in pats.strip:
            line = pattern.sub(" ", line).strip()
        if not line:
            continue
        if _is_prose(line):
            body_started = True
            if not kept and not title and len(line.split()) <= 25:
                title = line  # a headline ending in a quote
        elif not _is_headline(line):
            continue
        elif not title and len(kept) < 3:
            title = line
        if line not in kept:
            kept.append(line)
    return CleanText(text="\n\n".join(kept), title=title, author=author, date=found_date)
