"""What a supply carries: item names and the amount, as the text writes them.

"more than $12 million in drones and drone parts" gives the items
("drones", "drone parts") and the amount "more than $12 million".
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

__all__ = ["items_of"]

_AMOUNT_LABELS = {"MONEY", "QUANTITY", "CARDINAL", "PERCENT"}
_DROP_DEPS = {"det", "poss", "case", "punct", "cc", "relcl", "acl", "prep", "appos", "nummod", "quantmod", "conj"}
_MAX_WORDS = 6
_PORTIONS = {"worth", "number", "batch", "lot", "most", "much", "part", "some", "all", "half", "bulk", "share",
             "millions", "thousands", "hundreds", "dozens", "quantities", "amounts", "volumes"}
_VAGUE = {"more", "less", "only", "such", "other", "further", "additional", "new"}


def _amount_span(tok: Token) -> str:
    for e in tok.doc.ents:
        if e.start <= tok.i < e.end and e.label_ in _AMOUNT_LABELS:
            return e.text
    return ""


def _phrase(tok: Token, exclude: frozenset[int]) -> str:
    """The item noun with its own modifiers, as written, without articles,
    numbers, vague quantifiers or clauses."""
    keep = [tok]
    for c in tok.lefts:
        if c.dep_ not in _DROP_DEPS and c.lower_ not in _VAGUE and c.i not in exclude and \
                not (c.like_num or c.ent_type_ in _AMOUNT_LABELS):
            keep += [t for t in c.subtree if t.dep_ not in ("det", "poss", "case") and t.i not in exclude]
    start = max(min(t.i for t in keep), tok.i - _MAX_WORDS)
    words = tok.doc[start: tok.i + 1]
    while len(words) > 1 and (words[0].is_punct or words[0].i not in {t.i for t in keep}):
        words = words[1:]
    return words.text


def _expand(tok: Token) -> list[Token]:
    """An amount stands for what it buys: "$12 million in drones", "worth of items"."""
    if tok.ent_type_ in _AMOUNT_LABELS or tok.lower_ in _PORTIONS:
        inner = [p for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ("in", "of")
                 for p in prep.children if p.dep_ == "pobj"]
        if inner:
            return inner
    return [tok]


def items_of(tokens: list[Token], doc: Doc, exclude: frozenset[int] = frozenset()) -> tuple[tuple[str, ...], str]:
    """Item names (conjuncts split) and the first amount found; ``exclude``
    holds tokens that are not part of any item (the trigger itself)."""
    names: list[str] = []
    amount = ""
    examples = [p for t in tokens for prep in t.children if prep.dep_ == "prep" and prep.lower_ in ("including", "like")
                for p in prep.children if p.dep_ == "pobj"]  # "dual-use materials including navigation equipment"
    for tok in tokens + examples:
        if tok.ent_type_ in _AMOUNT_LABELS and not amount:
            amount = _amount_span(tok)
        for t in _expand(tok):
            for part in (t, *t.conjuncts):
                if part.pos_ not in ("NOUN", "PROPN") or part.ent_type_ in _AMOUNT_LABELS:
                    continue
                name = _phrase(part, exclude)
                if name and name not in names:
                    names.append(name)
            for c in t.subtree:
                if not amount and c.ent_type_ == "MONEY":
                    amount = _amount_span(c)
    return tuple(names), amount
