"""Entity stage: every actor mention of a Doc, resolved to a canonical entity.

Mentions come from spaCy's named entities (with kg's actor ruler), from
national groups ("Chinese state defense companies"), and, on demand, from
pronouns and descriptions ("it", "the firm", "the country") resolved to an
earlier mention of the article. Names are made canonical within the article
("Putin" -> "Vladimir Putin", "Sinno" -> "Sinno Electronics Co., Limited")
and against the actor table (Beijing -> China, OFAC -> US Treasury).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import Entity, Mention
from .coref import DESCRIPTIONS, add_descriptions, issuer_of
from .groups import group_mentions
from .lexicon import Lexicon
from .mentions import ArticleEntities
from .names import clean_name, extend_name, org_type, peel_person, slug, split_list

__all__ = ["find_entities"]

_NER_LABELS = {"GPE", "ORG", "PERSON", "NORP", "LOC", "FAC"}
_NAME_LABELS = {"WORK_OF_ART", "PRODUCT", "LAW"}  # NER's guesses for unusual company names ("S7 Engineering LLC")


def _ner_entity(span: Span, text: str, lexicon: Lexicon) -> Entity | None:
    known = lexicon.actor(text)
    if known is not None:
        return known
    if (rest := lexicon.without_goods(text)) is not None:  # "U.S. LNG": the country; "LNG": nobody
        return lexicon.actor(rest) if rest else None
    if span.label_ == "NORP" or lexicon.demonym(text) is not None:
        root = span.root
        if root.tag_ in ("NNPS", "NNS") and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            country = lexicon.demonym(text.rstrip("s")) or lexicon.demonym(text[:-1] if text.endswith("s") else text)
            if country is not None:  # "seven North Koreans": people of a country
                return Entity(key="group-" + slug(text), label=text, type="Group", based_in=country.key)
        return None  # a bare demonym is a modifier, not an actor
    if text.islower() or lexicon.is_list_name(text):  # "export controls on gallium"; "designated as SDGTs"
        return None
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


def _name_mentions(doc: Doc, lexicon: Lexicon, found: ArticleEntities, taken: set[int]) -> list[Mention]:
    """Mentions of named entities (NER and the actor ruler), names mended."""
    ents_at = {e.start: e for e in doc.ents if e.label_ in _NER_LABELS}
    out = []
    taken = set(taken)
    for span in doc.ents:
        if any(i in taken for i in range(span.start, span.end)):
            continue  # a group's, or run into the name before ("Katibat al Tawhid wal Jihad")
        if span.label_ not in _NER_LABELS and not (span.label_ in _NAME_LABELS and org_type(span.text) == "Company"):
            continue
        start, end, text = clean_name(span, lexicon.actor)
        if start >= end:
            continue
        if lexicon.is_outlet(text):
            found.outlet_tokens.update(range(start, end))
            continue
        start, end = extend_name(doc, start, end, ents_at, grow=lexicon.actor(text) is None)
        taken.update(range(start, end))
        for s, e in split_list(doc, start, end):
            if span.label_ == "GPE" and (person := peel_person(doc, s, e, lexicon.actor)):
                s, e = person
                text = " ".join(doc[s:e].text.split())
                out.append(Mention(Entity(key=slug(text), label=text, type="Person"), s, e, text))
                continue
            text = " ".join(doc[s:e].text.split())
            ent = _ner_entity(span, text, lexicon)
            if ent is not None:
                out.append(Mention(ent, s, e, text))
    return out


def _appositive_names(doc: Doc, lexicon: Lexicon, taken: set[int]) -> list[Mention]:
    """Names NER missed but an apposition types: "Mask Trans, another Indian company"."""
    out = []
    for tok in doc:
        if tok.dep_ != "appos" or tok.lower_ not in DESCRIPTIONS or tok.head.pos_ != "PROPN" or tok.head.i in taken:
            continue
        head = tok.head
        start = head.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        if any(i in taken for i in range(start, head.i + 1)):
            continue
        text = doc[start:head.i + 1].text
        country = next((e for c in tok.children if c.dep_ in ("amod", "compound")
                        for e in [lexicon.demonym(c.text)] if e is not None), None)
        ent = Entity(key=slug(text), label=text, type="Company", based_in=country.key if country else "")
        out.append(Mention(ent, start, head.i + 1, text))
    return out


def _based_in(m: Mention, doc: Doc, found_at: dict[int, Mention], lexicon: Lexicon) -> str:
    """Where an organisation is based: "Austria's OMV", "Hong Kong-based Agu",
    "S7 Engineering LLC, a Russian firm"."""
    head = doc[m.end - 1]
    for c in head.children:
        if c.dep_ == "poss" and (o := found_at.get(c.i)) is not None and o.entity.type == "Country":
            return o.entity.key
        if c.dep_ == "appos" and c.lower_ in DESCRIPTIONS:
            for a in c.children:
                if a.dep_ in ("amod", "compound") and (e := lexicon.demonym(a.text)) is not None:
                    return e.key
    for tok in doc[max(0, m.start - 4): m.start]:
        if tok.text.lower().endswith("-based") or (tok.lower_ == "based" and tok.i + 1 == m.start):
            name = tok.text[: -len("-based")] if tok.text.lower().endswith("-based") else doc[tok.i - 2].text
            ent = lexicon.actor(name) or lexicon.demonym(name)
            if ent is not None and ent.type == "Country":
                return ent.key
    return ""


def find_entities(doc: Doc, lexicon: Lexicon, front: str = "") -> ArticleEntities:
    """Every actor mention of ``doc``, canonical within the article; ``front``
    is the page's first lines as written (:attr:`kg.model.Article.front`)."""
    found = ArticleEntities(doc=doc, lexicon=lexicon, issuer=issuer_of(doc, lexicon, front))
    raw: list[Mention] = list(group_mentions(doc, lexicon))
    taken = {i for m in raw for i in range(m.start, m.end)}
    raw += _name_mentions(doc, lexicon, found, taken)
    taken = {i for m in raw for i in range(m.start, m.end)}
    raw += _appositive_names(doc, lexicon, taken)
    raw.sort(key=lambda m: m.start)
    full = _canonical_names([m for m in raw if m.entity.key not in lexicon.actors])
    at = {i: m for m in raw for i in range(m.start, m.end)}
    for m in raw:
        ent = m.entity
        target = full.get(ent.label)
        if target is not None:
            ent = Entity(target.key, target.label, target.type, tuple(sorted({*target.aliases, ent.label})))
        if ent.type in ("Company", "Organization", "GovernmentBody") and not ent.based_in:
            based = _based_in(m, doc, at, lexicon)
            if based:
                ent = Entity(ent.key, ent.label, ent.type, ent.aliases, ent.wikidata, based)
        found.add(Mention(ent, m.start, m.end, m.text, m.kind))
    _merge_aliases(found)
    add_descriptions(found)
    return found


def _company_by_context(m: Mention, found: ArticleEntities) -> bool:
    """NER calls many firms persons or places; "Tupras, the country's biggest
    refiner", "Sovcomflot, Russia's largest shipping company" or "Gazprom Neft
    and Surgutneftegas" say otherwise."""
    head = found.doc[m.end - 1]
    if any(c.dep_ == "appos" and c.lower_ in DESCRIPTIONS for c in head.children):
        return True
    if head.dep_ == "appos" and head.head.lower_ in DESCRIPTIONS:
        return True
    return m.entity.type == "Person" and len(m.entity.label.split()) == 1 and any(
        (o := found.at(c)) is not None and o.entity.type in ("Company", "Organization") for c in head.conjuncts)


def _merge_aliases(found: ArticleEntities) -> None:
    """One record per entity: every name it was mentioned by, its base if any mention gave one."""
    names: dict[str, set[str]] = {}
    bases: dict[str, str] = {}
    types: dict[str, str] = {}
    for m in found.mentions:
        if m.entity.type in ("Person", "Country") and m.kind == "name" and m.entity.key not in found.lexicon.actors \
                and _company_by_context(m, found):
            types[m.entity.key] = "Company"
    for m in found.mentions:
        names.setdefault(m.entity.key, set())
        if m.kind == "name":
            names[m.entity.key].add(m.text)
        bases[m.entity.key] = bases.get(m.entity.key) or m.entity.based_in
    merged = {}
    for m in found.mentions:
        e = m.entity
        if e.key not in merged:
            aliases = tuple(sorted((set(e.aliases) | names[e.key]) - {e.label}))
            merged[e.key] = Entity(e.key, e.label, types.get(e.key, e.type), aliases, e.wikidata, bases[e.key])
    found.mentions = [Mention(merged[m.entity.key], m.start, m.end, m.text, m.kind) for m in found.mentions]
    found.by_token = {i: m for m in found.mentions for i in range(m.start, m.end)}
