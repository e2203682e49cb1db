"""National groups: "Chinese state defense companies" (a kg:Group based in
China), "companies in mainland China", and demonyms with state nouns
("Chinese officials", "the Russian government") that stand for the state."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Entity, Mention
from .lexicon import Lexicon, normalize
from .names import slug

__all__ = ["group_mentions", "demonym_actor"]

_GROUP_SKIP_DEPS = {"det", "nummod", "predet", "quantmod", "poss", "case", "punct", "cc", "prep", "advmod"}
_GROUP_SKIP_WORDS = {"other", "several", "many", "some", "two", "three", "four", "new", "more", "most", "all", "such"}


def demonym_actor(tok: Token, lexicon: Lexicon, ents: dict[int, Span]) -> Entity | None:
    """The country a modifier token names: a demonym, a country or an 'X-based'."""
    text = tok.text
    if text.lower().startswith("non"):  # "non-Russian suppliers" are based anywhere but Russia
        return None
    if text.lower().endswith("-based"):
        text = text[: -len("-based")]
    span = ents.get(tok.i)
    for name in filter(None, (span.text if span is not None else None, text)):
        ent = lexicon.demonym(name) or lexicon.actor(name)
        if ent is not None and ent.type in ("Country", "InternationalOrganization", "Group"):
            return ent
    return None


def group_mentions(doc: Doc, lexicon: Lexicon) -> list[Mention]:
    """National groups and demonym+state nouns ("Chinese officials" -> China)."""
    ents = {i: e for e in doc.ents for i in range(e.start, e.end)}
    out = []
    for head in doc:
        noun = normalize(head.text)
        is_group = noun in lexicon.group_nouns and head.tag_ in ("NNS", "NNPS")  # "a Russian firm" is one firm
        is_state = noun in lexicon.state_nouns
        if head.pos_ not in ("NOUN", "PROPN") or not (is_group or is_state):
            continue
        mods = [c for c in head.lefts if c.dep_ not in _GROUP_SKIP_DEPS and c.lower_ not in _GROUP_SKIP_WORDS]
        country = None
        for mod in mods:
            for tok in mod.subtree:
                country = country or demonym_actor(tok, lexicon, ents)
        start = min((m.left_edge.i for m in mods), default=head.i)
        end = head.i + 1
        words = doc[start:head.i + 1]
        named = any(t.is_title for t in words) and normalize(words.text) not in lexicon.state_nouns
        if country is None and is_state and not named:  # "China's Foreign Ministry", not "Sudan's Rapid Support Forces"
            country = next((c for p in head.lefts if p.dep_ == "poss" for t in p.subtree
                            if (c := demonym_actor(t, lexicon, ents)) is not None and c.type == "Country"), None)
            start = min([start] + [p.left_edge.i for p in head.lefts if p.dep_ == "poss"]) if country else start
        if country is None:  # "companies in mainland China and Hong Kong"; not "Russia's embassy in Bern"
            for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("in", "from")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    country = demonym_actor(pobj, lexicon, ents)
                    if country is not None and is_group:
                        end = max(t.i for t in pobj.subtree) + 1
        if country is None and is_group:  # "Kurdish fighters": a people with no state of its own
            norp = [t for m in mods for t in m.subtree if t.ent_type_ == "NORP" and lexicon.demonym(t.text) is None]
            if norp:
                label = " ".join(doc[norp[0].i: end].text.split())
                out.append(Mention(Entity(key="group-" + slug(label), label=label, type="Group"),
                                   norp[0].i, end, label, "group"))
            continue
        if country is None:
            continue
        while start < head.i and (doc[start].dep_ in _GROUP_SKIP_DEPS or doc[start].lower_ in _GROUP_SKIP_WORDS):
            start += 1
        if is_state and end == head.i + 1:
            out.append(Mention(country, start, end, doc[start:end].text, "group"))
            continue
        if not is_group or "non-" in doc[start:end].text.lower():  # "non-Russian suppliers": based anywhere else
            continue
        label = " ".join(doc[start:end].text.split())
        key = "group-" + slug(label)
        group = Entity(key=key, label=label, type="Group", based_in=country.key if country.type == "Country" else "")
        out.append(Mention(group, start, end, label, "group"))
    return out
