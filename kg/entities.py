"""Entity stage: every actor mention of a Doc, resolved to a canonical entity.

Mentions come from spaCy's named entities (with kg's actor ruler), from
national groups ("Chinese state defense companies"), and, on demand, from
pronouns and descriptions ("it", "the firm", "the country") resolved to an
earlier mention of the article. Names are made canonical within the article
("Putin" -> "Vladimir Putin", "Sinno" -> "Sinno Electronics Co., Limited")
and against the actor table (Beijing -> China, OFAC -> US Treasury).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .lexicon import DATA_DIR, Lexicon, normalize
from .model import Entity, Mention

__all__ = ["ArticleEntities", "find_entities", "slug"]

_NER_LABELS = {"GPE", "ORG", "PERSON", "NORP", "LOC", "FAC"}
_GROUP_SKIP_DEPS = {"det", "nummod", "predet", "quantmod", "poss", "case", "punct", "cc", "prep", "advmod"}
_GROUP_SKIP_WORDS = {"other", "several", "many", "some", "two", "three", "four", "new", "more", "most", "all", "such"}
_PRONOUNS_THING = {"it", "its", "itself"}
_PRONOUNS_PERSON = {"he", "his", "him", "she", "her"}
_LEGAL = {"co", "co.", "ltd", "ltd.", "limited", "llc", "inc", "inc.", "plc", "corp", "corp.", "jsc", "pjsc", "gmbh"}
_COUNTRY_WORDS = {"country", "nation"}
# Singular descriptions that stand for an earlier-named organisation ("the firm").
_DESCRIPTIONS = {"firm", "company", "group", "refiner", "carrier", "manufacturer", "maker", "producer",
                 "supplier", "exporter", "importer", "trader", "bank", "conglomerate", "giant", "operator"}


def slug(text: str) -> str:
    """A stable IRI-safe key for a name.

    >>> slug("Sinno Electronics Co., Limited")
    'sinno-electronics-co-limited'
    """
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-") or "unnamed"


@lru_cache(maxsize=1)
def _org_words() -> list[tuple[str, frozenset[str]]]:
    rows = []
    for line in (DATA_DIR / "org_words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typ, _, words = line.partition("\t")
            rows.append((typ.strip(), frozenset(w.strip().lower() for w in words.split("|"))))
    return rows


def org_type(name: str) -> str:
    words = name.lower().replace(",", " ").split()
    for typ, vocab in _org_words():
        if any(w in vocab for w in words):
            return typ
    return "Organization"


def _clean_name(span: Span) -> tuple[int, int, str]:
    """Trim a leading 'the' and a trailing possessive from a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "\u2019s", "'")):
        end -= 1
    return start, end, doc[start:end].text


@dataclass
class ArticleEntities:
    """The mentions of one article's Doc and the entities they name."""

    doc: Doc
    lexicon: Lexicon
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    outlet_tokens: set[int] = field(default_factory=set)

    @property
    def entities(self) -> dict[str, Entity]:
        return {m.entity.key: m.entity for m in self.mentions}

    def add(self, mention: Mention) -> None:
        if any(i in self.by_token for i in range(mention.start, mention.end)):
            return
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def is_outlet(self, token: Token) -> bool:
        return token.i in self.outlet_tokens

    def antecedent(self, token: Token) -> Mention | None:
        """The earlier mention a pronoun or description stands for, if clear."""
        word = token.lower_
        if word in _PRONOUNS_PERSON:
            wanted = {"Person"}
        elif word in _PRONOUNS_THING:
            wanted = {"Country", "Company", "Organization", "GovernmentBody", "InternationalOrganization", "Group"}
        elif word in _COUNTRY_WORDS:
            wanted = {"Country"}
        elif token.tag_ == "NN" and word in _DESCRIPTIONS:
            wanted = {"Company", "Organization", "GovernmentBody"}
        else:
            return None
        before = [m for m in self.mentions if m.end <= token.i and m.entity.type in wanted]
        if not before:
            return None
        sent_start = token.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        # prefer a subject of this or the previous sentence, then the nearest mention
        for m in reversed(before):
            if m.start >= prev_start and self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass"):
                return m
        nearest = before[-1]
        return nearest if nearest.start >= prev_start else None


def _demonym_actor(tok: Token, lexicon: Lexicon, ents: dict[int, Span]) -> Entity | None:
    """The country a modifier token names: a demonym, a country or an 'X-based'."""
    text = tok.text
    if text.lower().endswith("-based"):
        text = text[: -len("-based")]
    span = ents.get(tok.i)
    for name in filter(None, (span.text if span is not None else None, text)):
        ent = lexicon.demonym(name) or lexicon.actor(name)
        if ent is not None and ent.type in ("Country", "InternationalOrganization", "Group"):
            return ent
    return None


def _group_mentions(doc: Doc, lexicon: Lexicon) -> list[Mention]:
    """National groups and demonym+state nouns ("Chinese officials" -> China)."""
    ents = {i: e for e in doc.ents for i in range(e.start, e.end)}
    out = []
    for head in doc:
        noun = normalize(head.text)
        is_group, is_state = noun in lexicon.group_nouns, noun in lexicon.state_nouns
        if head.pos_ not in ("NOUN", "PROPN") or not (is_group or is_state):
            continue
        mods = [c for c in head.lefts if c.dep_ not in _GROUP_SKIP_DEPS and c.lower_ not in _GROUP_SKIP_WORDS]
        country = None
        for mod in mods:
            for tok in mod.subtree:
                country = country or _demonym_actor(tok, lexicon, ents)
        start = min((m.left_edge.i for m in mods), default=head.i)
        end = head.i + 1
        if country is None:  # "companies in mainland China and Hong Kong"
            for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("in", "from")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    country = _demonym_actor(pobj, lexicon, ents)
                    if country is not None and is_group:
                        end = max(t.i for t in pobj.subtree) + 1
        if country is None:
            continue
        while start < head.i and (doc[start].dep_ in _GROUP_SKIP_DEPS or doc[start].lower_ in _GROUP_SKIP_WORDS):
            start += 1
        if is_state and end == head.i + 1:
            out.append(Mention(country, start, end, doc[start:end].text))
            continue
        label = doc[start:end].text
        key = "group-" + slug(label)
        group = Entity(key=key, label=label, type="Group", based_in=country.key if country.type == "Country" else "")
        out.append(Mention(group, start, end, label))
    return out


def _extend_name(doc: Doc, start: int, end: int, ents_at: dict[int, Span]) -> tuple[int, int]:
    """Mend names NER cuts short: "Sinno Electronics Co., Limited",
    "Aerospace Force of Iran's Islamic Revolutionary Guard Corps"."""
    while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in _LEGAL:
        end += 2
    if doc[end - 1].lower_ == "of" and end in ents_at:
        end = ents_at[end].end
        while end + 1 < len(doc) and doc[end].tag_ == "POS" and end + 1 in ents_at:
            end = ents_at[end + 1].end
    while end > start + 1 and doc[end - 1].lower_ in ("of", "and", "the", "'s", "\u2019s"):
        end -= 1
    return start, end


def _ner_entity(span: Span, text: str, lexicon: Lexicon) -> Entity | None:
    known = lexicon.actor(text)
    if known is not None:
        return known
    if span.label_ == "NORP" or lexicon.demonym(text) is not None:
        return None  # a bare demonym is a modifier, not an actor
    if span.label_ == "PERSON":
        return Entity(key=slug(text), label=text, type="Person")
    if span.label_ in ("GPE", "LOC"):
        return Entity(key=slug(text), label=text, type="Country")
    return Entity(key=slug(text), label=text, type=org_type(text))


def _canonical_names(mentions: list[Mention]) -> dict[str, Entity]:
    """Map short names to the full name used elsewhere in the article.

    A name that starts another, longer one ("Sinno" -> "Sinno Electronics
    Co., Limited") or, for one word, ends a person's name ("Putin" ->
    "Vladimir Putin") stands for it, whatever type NER gave the short one.
    """
    ents = {}
    for m in mentions:
        if m.entity.type not in ("Group", "InternationalOrganization"):
            ents.setdefault(m.entity.label, m.entity)
    names = sorted(ents, key=lambda n: (len(n.split()), n))
    full: dict[str, Entity] = {}
    for short in names:
        sw = short.split()
        longer = [n for n in names if len(n.split()) > len(sw) and (
            n.split()[: len(sw)] == sw or (len(sw) == 1 and ents[n].type == "Person" and n.split()[-1] == sw[0]))]
        if longer:
            full[short] = ents[longer[0]]
    for short, target in list(full.items()):  # Sinno -> Sinno Electronics -> Sinno Electronics Co., Limited
        while target.label in full:
            target = full[target.label]
        full[short] = target
    return full


def find_entities(doc: Doc, lexicon: Lexicon) -> ArticleEntities:
    """Every actor mention of ``doc``, canonical within the article."""
    found = ArticleEntities(doc=doc, lexicon=lexicon)
    raw: list[Mention] = list(_group_mentions(doc, lexicon))
    ents_at = {e.start: e for e in doc.ents if e.label_ in _NER_LABELS}
    taken = {i for m in raw for i in range(m.start, m.end)}
    for span in doc.ents:
        if span.label_ not in _NER_LABELS or any(i in taken for i in range(span.start, span.end)):
            continue
        start, end, text = _clean_name(span)
        if start >= end:
            continue
        if lexicon.is_outlet(text):
            found.outlet_tokens.update(range(start, end))
            continue
        start, end = _extend_name(doc, start, end, ents_at)
        text = doc[start:end].text
        ent = _ner_entity(span, text, lexicon)
        if ent is not None:
            raw.append(Mention(ent, start, end, text))
    raw.sort(key=lambda m: m.start)
    full = _canonical_names([m for m in raw if m.entity.key not in lexicon.actors])
    for m in raw:
        ent = m.entity
        target = full.get(ent.label)
        if target is not None:
            ent = Entity(target.key, target.label, target.type, tuple(sorted({*target.aliases, ent.label})))
        found.add(Mention(ent, m.start, m.end, m.text))
    _merge_aliases(found)
    return found


def _merge_aliases(found: ArticleEntities) -> None:
    """Give each entity every name it was mentioned by in this article."""
    names: dict[str, set[str]] = {}
    for m in found.mentions:
        names.setdefault(m.entity.key, set()).add(m.text)
    merged = {}
    for m in found.mentions:
        e = m.entity
        if e.key not in merged:
            aliases = tuple(sorted((set(e.aliases) | names[e.key]) - {e.label}))
            merged[e.key] = Entity(e.key, e.label, e.type, aliases, e.wikidata, e.based_in)
    found.mentions = [Mention(merged[m.entity.key], m.start, m.end, m.text) for m in found.mentions]
    found.by_token = {i: m for m in found.mentions for i in range(m.start, m.end)}
