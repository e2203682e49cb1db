"""Assertions counted across articles: the claims and facts of a build.

A *claim* is every assertion of one relation between two entities with one
modality (China supplies Russia, reported); a *fact* is every assertion of it
that the text asserts or reports, whatever the wording, which is what the
direct triple ``?s kg:<relation> ?o`` stands for. Each carries how many
assertions and articles state it, its items, and a sample: the first
assertion in (article, offset) order, so the same articles give the same
sample however they were built.

Counting happens once, when the build merges its articles, so a query reads
one node per row instead of counting thousands of assertions on every call.

>>> from kg.model import Said
>>> a = Said("china", "supplies", "russia", "asserted", True, "a1", 40, "verb", "China supplies Russia.", ("drones",))
>>> b = Said("china", "supplies", "russia", "reported", True, "a2", 7, "verb", "China reportedly supplies Russia.")
>>> [(t.modality or "fact", t.assertions, t.articles, t.sample.article, t.items) for t in tally([b, a])]
[('fact', 2, 2, 'a1', ('drones',)), ('asserted', 1, 1, 'a1', ('drones',)), ('reported', 1, 1, 'a2', ())]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, NamedTuple

from ..model import Said

__all__ = ["Tally", "tally"]


class Tally(NamedTuple):
    """A claim (``modality`` set) or a fact (``modality`` empty), counted.

    A tuple, not a dataclass: a build makes tens of thousands, each time."""

    subject: str
    relation: str
    object: str
    modality: str
    assertions: int
    articles: int
    sample: Said
    items: tuple[str, ...]

    @property
    def is_fact(self) -> bool:
        return not self.modality


def tally(said: Iterable[Said]) -> list[Tally]:
    """The facts and claims of ``said``, sorted by (subject, relation, object, modality)."""
    groups: dict[tuple[str, str, str, str], list[Said]] = {}
    for a in said:
        groups.setdefault((a.subject, a.relation, a.object, a.modality), []).append(a)
        if a.factual:
            groups.setdefault((a.subject, a.relation, a.object, ""), []).append(a)
    return [_count(key, tuple(group)) for key, group in sorted(groups.items())]


@lru_cache(maxsize=1 << 17)  # a running process (kg build --watch) recounts only the groups that changed
def _count(key: tuple[str, str, str, str], group: tuple[Said, ...]) -> Tally:
    sample = min(group, key=lambda a: (a.article, a.start, a.rule, a.evidence))
    items = tuple(sorted({item for a in group for item in a.items}))
    return Tally(*key, assertions=len(group), articles=len({a.article for a in group}), sample=sample, items=items)
