"""A fact's time as written, resolved against its article's date to a typed literal.

"on Friday" in an article of 2024-05-10 is ``2024-05-03`` (``xsd:date``), "last
month" ``2024-04`` (``xsd:gYearMonth``), "in 2022" ``2022`` (``xsd:gYear``),
"since March" ``2024-03``. dateparser reads the expression, with the article's
date as the base of relative ones and dates from the past preferred (news
reports what happened); its granularity chooses the type. An expression it
cannot read, a week ("last week"), a time of day alone, a vague span ("recent
months") or a duration ("56 years", which dateparser would take for 56 years
ago) gives nothing; the words that decide are in ``kg/data/time_words.tsv``.
Without an article date only what needs no base resolves: a time is kept
when two far-apart bases give the same value ("April 2023" does, "March"
and "last year" do not).

>>> resolve_time("on Friday", "2024-05-10")
('2024-05-03', 'date')
>>> resolve_time("last month", "2024-05-10"), resolve_time("since March", "2024-05-10")
(('2024-04', 'gYearMonth'), ('2024-03', 'gYearMonth'))
>>> resolve_time("in 2022", ""), resolve_time("March", ""), resolve_time("recent months", "2024-05-10")
(('2022', 'gYear'), None, None)
>>> resolve_time("two years ago", "2024-05-10"), resolve_time("56 years", "2024-05-10")
(('2022', 'gYear'), None)
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from ..resources import data_lines

__all__ = ["resolve_time", "TIME_WORDS"]

#: lead words ("since", "as of"), units ("year") and relative words ("ago"), in kg/data
TIME_WORDS = "time_words.tsv"
# the lexical form and the XSD type of each granularity dateparser reports; others give nothing
_PERIODS = {"day": ("%Y-%m-%d", "date"), "part_of_day": ("%Y-%m-%d", "date"),
            "month": ("%Y-%m", "gYearMonth"), "year": ("%Y", "gYear")}
# two bases far apart: an expression that needs no base resolves the same from both
_PROBES = (datetime(1990, 1, 15), datetime(2031, 8, 20))


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern]:
    """kind -> a pattern of its words: ``lead`` at the front (repeated), the others anywhere, plural or not."""
    kinds: dict[str, list[str]] = {}
    for _, line in data_lines(TIME_WORDS):
        word, _, kind = line.partition("\t")
        kinds.setdefault(kind.strip(), []).append(word.strip().lower())
    alt = {k: "|".join(map(re.escape, sorted(ws, key=len, reverse=True))) for k, ws in kinds.items()}
    return {"lead": re.compile(rf"^(?:(?:{alt['lead']})\b[\s-]*)+", re.I),
            "unit": re.compile(rf"\b(?:{alt['unit']})s?\b", re.I),
            "relative": re.compile(rf"\b(?:{alt['relative']})\b", re.I)}


@lru_cache(maxsize=64)
def _parser(base: datetime):
    from dateparser.date import DateDataParser  # loads only when a build has times to resolve

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first", "PARSERS": ["relative-time", "absolute-time"]})


def _parse(text: str, base: datetime) -> tuple[str, str] | None:
    data = _parser(base).get_date_data(text)
    if data.date_obj is None or data.period not in _PERIODS:
        return None
    fmt, kind = _PERIODS[data.period]
    return data.date_obj.strftime(fmt), kind


def _base(article_date: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(article_date[:10]), datetime.min.time())
    except ValueError:
        return None


@lru_cache(maxsize=1 << 14)
def resolve_time(text: str, article_date: str) -> tuple[str, str] | None:
    """(lexical form, XSD type name) of the time ``text`` in an article of ``article_date``
    (ISO ``YYYY-MM-DD`` or ""), or None when it names no day, month or year."""
    words = _words()
    text = words["lead"].sub("", " ".join(text.split())).strip(" ,.")
    if not re.search(r"[A-Za-z0-9]", text) or (words["unit"].search(text) and not words["relative"].search(text)):
        return None
    base = _base(article_date)
    if base is not None:
        return _parse(text, base)
    found = {_parse(text, probe) for probe in _PROBES}
    return found.pop() if len(found) == 1 else None
