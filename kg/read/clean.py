"""Page noise removal for text copied from web pages.

Menus, language switchers, "Read more" blocks, bylines, author bios, photo
captions and membership appeals are removed line by line with the patterns of
``kg/data/noise.tsv``; headlines and prose paragraphs stay. The title, author
and date found on the way are returned with the text.

The rules, in order, for each line of the page:

1. lines hard-wrapped inside a paragraph are joined again (``join`` patterns,
   or a next line that starts in lower case);
2. once the body has begun, an ``end`` line ("Read more", "Related") ends it;
3. an ``author`` line (a byline, an author bio) gives the author and goes;
4. a ``drop`` or ``caption`` line goes; ``strip`` patterns cut datelines;
5. what is left stays if it is prose (a sentence) or a headline, else goes;
6. headlines after the last paragraph (teasers of other stories) go.

The date is read only from lines near the top that are neither prose nor a
caption (a "Published ..." line, a dateline), so a date in a photo caption or
in a sentence is never taken for the page's date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import OntologyError
from ..resources import DATA_DIR, bullets, data_lines

__all__ = ["CleanText", "clean_page_text", "find_date", "strip_markdown", "load_patterns", "NOISE_FILE"]

NOISE_FILE = DATA_DIR / "noise.tsv"
KINDS = ("drop", "caption", "end", "strip", "author", "join")

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MDY = re.compile(_MONTH + r" (\d{1,2}),? \(?(\d{4})\)?")
_DATE_DMY = re.compile(r"\b(\d{1,2}) " + _MONTH + r",? (\d{4})")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d'\u2019)]*$|[\"\u201d'\u2019)]$")
FRONT_CHARS, FRONT_LINES = 2000, 8  # how much of a page's top its front keeps
# a line that ends in an abbreviation ("... in coordination with the G7; U.S.") may go on in lower case
_ABBREVIATION_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Mr|Mrs|Ms|Dr|No|Gen|Gov|Sen|Rep)\.$")
_FULL_STOP = re.compile(r"[.!?][\"\u201d'\u2019)]*$")
_INNER_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"\u201d'\u2019)]* +[\"\u201c'\u2018(]?[A-Z][a-z]")
_STATEMENT_END = re.compile(r"[.][\"\u201d'\u2019)]*$")
#: A headline has at least this many words; a paragraph at least PROSE_WORDS,
#: or SHORT_PROSE_WORDS when it ends in a full stop rather than a quote.
MIN_HEADLINE_WORDS = 5
PROSE_WORDS = 6
SHORT_PROSE_WORDS = 3
#: The page's date is looked for until this many lines of the article were kept.
DATE_WINDOW = 4


@dataclass(frozen=True)
class CleanText:
    """Text with page noise removed, paragraphs separated by blank lines."""

    text: str
    title: str = ""
    author: str = ""
    date: str = ""
    front: str = ""  # the first lines as written, before any was dropped


@dataclass(frozen=True)
class _Patterns:
    drop: re.Pattern
    caption: re.Pattern
    end: re.Pattern
    join: re.Pattern
    strip: tuple[re.Pattern, ...]
    author: tuple[re.Pattern, ...]


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise OntologyError(f"{where}: bad regular expression ({exc}); fix the pattern") from None


def load_patterns(path: Path = NOISE_FILE) -> _Patterns:
    """The noise patterns of ``path`` (see the file's header for the kinds)."""
    kinds: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for n, line in data_lines(path):
        kind, tab, pattern = line.partition("\t")
        where = f"{path} line {n}"
        if not tab or kind.strip() not in kinds or not pattern.strip():
            raise OntologyError(f"{where}: expected KIND<TAB>PATTERN with KIND one of {', '.join(KINDS)}")
        kinds[kind.strip()].append((pattern.strip(), where))
    compiled = {(p, w): _compile(p, w) for ps in kinds.values() for p, w in ps}  # each checked on its own line
    for p, w in kinds["author"]:
        if "author" not in compiled[p, w].groupindex:
            raise OntologyError(f"{w}: an author pattern needs a group (?P<author>...) for the name")
    authors = tuple(compiled[pw] for pw in kinds["author"])
    whole = lambda ps: _compile("|".join(f"(?:{p})" for p, _ in ps) or "(?!)", str(path))  # noqa: E731
    return _Patterns(drop=whole(kinds["drop"]), caption=whole(kinds["caption"]), end=whole(kinds["end"]),
                     join=whole(kinds["join"]), strip=tuple(compiled[pw] for pw in kinds["strip"]), author=authors)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return load_patterns()


def find_date(text: str) -> str:
    """The first calendar date written in ``text``, as ISO 8601, or ''.

    >>> find_date("Published July 26, 2024 | Updated July 27, 2024")
    '2024-07-26'
    >>> find_date("Updated 16 November 2024, 11:20 CET")
    '2024-11-16'
    >>> find_date("NEW DELHI, Oct 24")
    ''
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


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_MD_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def strip_markdown(text: str) -> str:
    """Markdown markup removed, the words kept: headings, links, emphasis.

    >>> strip_markdown("## EU *drafts* sanctions\\n![chart](c.png)\\nSee [the draft](https://x.eu/d).\\n---")
    'EU drafts sanctions\\n\\nSee the draft.\\n'
    """
    out = []
    for line in text.splitlines():
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        out.append(_MD_BLOCK.sub("", line).rstrip("\\ ").rstrip())
    return "\n".join(out)


def _reflow(raw: str, pats: _Patterns) -> list[str]:
    """Lines of ``raw``, stripped, with paragraphs broken by hard wrapping joined."""
    lines: list[list[str]] = []  # each line as its pieces: joined once, not copied at every join
    joinable = False  # the previous line may continue onto this one
    in_item = False  # the previous line is a list item or its indented continuation
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            joinable = in_item = False
            continue
        bullet = line[0] in bullets()
        ends = _SENTENCE_END.search(lines[-1][-1]) if joinable else None
        # "-   Herman Gref, the head of Russia's largest financial institution / (indented) Sberbank and ..."
        item_goes_on = in_item and raw_line[:1].isspace() and not bullet
        if joinable and (not ends or (_ABBREVIATION_END.search(lines[-1][-1]) and line[0].islower())) and (
                line[0].islower() or item_goes_on or pats.join.fullmatch(_tail(lines[-1]))):
            lines[-1].append(line)
        else:
            lines.append([line])
        joinable = True
        in_item = bullet or item_goes_on
    return [" ".join(pieces) for pieces in lines]


def _tail(pieces: list[str]) -> str:
    """The end of a line being joined, enough for the ``join`` patterns (which look at its last word)."""
    return pieces[-1] if len(pieces) == 1 else " " + pieces[-1]


def _is_prose(line: str) -> bool:
    words = line.split()
    if not any(w[:1].islower() for w in words):
        return False  # a row of capitalised menu items
    if len(words) >= PROSE_WORDS:  # a sentence, or sentences whose last lost its full stop
        return bool(_SENTENCE_END.search(line) or _INNER_SENTENCE_END.search(line))
    return len(words) >= SHORT_PROSE_WORDS and bool(_FULL_STOP.search(line))


def _is_headline(line: str) -> bool:
    words = line.split()
    return (len(words) >= MIN_HEADLINE_WORDS and line[:1].isupper() and not line.isupper()
            and not _SENTENCE_END.search(line) and not find_date(line))


def clean_page_text(raw: str) -> CleanText:
    """Remove page noise; keep headlines and paragraphs.

    >>> c = clean_page_text("Menu\\nUK sanctions two Hong Kong firms over drones\\nBy Jane Roe\\n"
    ...     "LONDON, 6 December 2023 - Britain imposed sanctions on two firms, officials said.\\n"
    ...     "Moscow denied it.\\nRead more\\nOther story here today")
    >>> c.text.splitlines()
    ['UK sanctions two Hong Kong firms over drones', '', 'Britain imposed sanctions on two firms, officials said.', '', 'Moscow denied it.']
    >>> c.title, c.author, c.date
    ('UK sanctions two Hong Kong firms over drones', 'Jane Roe', '2023-12-06')
    """
    pats = _patterns()
    kept: list[tuple[str, bool]] = []  # (line, is prose)
    seen: set[str] = set()
    title = author = found_date = ""
    body_started = False

    def note_date(text: str) -> None:
        nonlocal found_date
        if not found_date and len(kept) < DATE_WINDOW:
            found_date = find_date(text)

    for line in _reflow(raw, pats):
        if body_started and pats.end.fullmatch(line):
            break
        if byline := next((m for rx in pats.author if (m := rx.fullmatch(line))), None):
            author = author or re.sub(r"\s+", " ", byline.group("author")).strip()
            note_date(line)
            continue
        if pats.caption.fullmatch(line):
            continue
        if pats.drop.fullmatch(line):
            note_date(line)
            continue
        for pattern in pats.strip:
            for m in pattern.finditer(line):
                note_date(m.group(0))
            line = pattern.sub(" ", line).strip()
        if not line:
            continue
        prose = _is_prose(line)
        if prose:
            body_started = True
            if not kept and not title and len(line.split()) <= 25 and not _STATEMENT_END.search(line):
                title = line  # a headline ending in a quote or a question mark
        elif not _is_headline(line):
            note_date(line)
            continue
        elif not title and len(kept) < 3:
            title = line
        if line not in seen:  # a set: the list was searched for every line (10 s for 1 MB of short lines)
            seen.add(line)
            kept.append((line, prose))
    while kept and not kept[-1][1] and body_started:
        kept.pop()  # headlines after the last paragraph: teasers of other stories
    front = "\n".join([line.strip() for line in raw[:FRONT_CHARS].splitlines() if line.strip()][:FRONT_LINES])
    return CleanText(text="\n\n".join(k for k, _ in kept), title=title, author=author, date=found_date, front=front)
