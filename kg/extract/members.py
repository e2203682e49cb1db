"""A group's members named outside its noun phrase: listed right after it ("two
firms, A and B,") or by the next sentence ("... three Iranian companies. The
companies are A, B and C"). :mod:`kg.extract.arguments` puts them in the
group's place.
"""
from __future__ import annotations

from spacy.tokens import Token

from .mentions import Arg, ArticleEntities
from .names import bare_name

__all__ = ["named_next", "listed_after", "named_within"]

_SEPARATORS = {",", ";", ":", "and", "or"}

_NUMBERS = {w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), 2)}
_NUMBERS.update({str(n): n for n in range(2, 13)})


def named_next(tok: Token, ents: ArticleEntities) -> list[Arg]:
    """ "sanctions on two Iranian companies ... Shahed and Qods are ...", "...
    The companies are A, B and C", "They include A and B": a numbered group
    whose members the next sentence names, as its subject or as what the
    group is or includes."""
    head = tok.doc[ents.at(tok).end - 1]
    count = next((_NUMBERS.get(c.lower_) for c in head.children if c.dep_ == "nummod"), None)
    sent = tok.sent
    if not count or sent.end >= len(tok.doc):
        return []
    nxt = tok.doc[sent.end].sent if not tok.doc[sent.end].is_space else tok.doc[sent.end + 1].sent
    for t in nxt:
        if t.dep_ in ("nsubj", "nsubjpass"):
            if _stands_for(t, head) and t.head.lemma_ in ents.lexicon.naming_verbs:  # "The companies are A, B and C"
                firsts = [o for o in t.head.children if o.dep_ in ("attr", "dobj")][:1]
                named = _names(firsts[0], ents, persons=True) if firsts else []
                fits = len(named) == count if t.head.lemma_ == "be" else 0 < len(named) <= count
                return named if fits else []
            named = _names(t, ents)
            return named if len(named) == count == len(t.conjuncts) + 1 else []
    return []


def _stands_for(subject: Token, group: Token) -> bool:
    """ "They", "These", "The companies" after "three Iranian companies"."""
    if subject.lower_ in ("they", "these", "those"):
        return True
    return subject.lemma_ == group.lemma_ and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those")
                                                  for c in subject.children)


def _names(first: Token, ents: ArticleEntities, *, persons: bool = False) -> list[Arg]:
    """The named organisations (or, where the text says who the group is, any
    names: NER often calls a foreign firm a person) of a coordination; nothing
    if one of them is not a name."""
    named = []
    kinds = ("Company", "Organization", "Person") if persons else ("Company", "Organization")
    for c in (first, *first.conjuncts):
        m = ents.at(c)
        if m is not None and m.kind == "name" and m.entity.type in kinds:
            named.append(Arg(m.entity, c))
        elif m is None and c.pos_ == "PROPN":
            named.append(Arg(bare_name(c, lexicon=ents.lexicon), c))
        else:
            return []
    return named


def listed_after(tok: Token, ents: ArticleEntities) -> list[Arg]:
    """Names listed right after a noun phrase and a comma or a colon: "two
    firms, A and B,", "three companies: A, B and C" (the parser often hangs
    such lists elsewhere, or makes the first name an apposition)."""
    doc = tok.doc
    colon = next((t.i for t in doc[tok.i + 1: tok.right_edge.i + 1] if t.text == ":"), None)
    i = colon if colon is not None else tok.right_edge.i + 1
    if i + 1 >= len(doc) or doc[i].text not in (",", ":"):
        return []
    found: list[Arg] = []
    i += 1
    while i < len(doc):
        m = ents.by_token.get(i)
        if m is None or m.start != i or m.entity.type in ("Country", "Group"):
            return []
        found.append(Arg(m.entity, doc[m.end - 1]))
        i = m.end
        if i < len(doc) and doc[i].lower_ in ("and", "or"):
            i += 1
        elif i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("and", "or"):
            i += 2
        elif i + 1 < len(doc) and doc[i].text == "," and i + 1 in ents.by_token:
            i += 1
        else:
            break
    return found if i >= len(doc) or doc[i].is_punct else []


def named_within(tok: Token, ents: ArticleEntities) -> list[Arg]:
    """Names listed inside one noun phrase that the parser hung as modifiers of
    each other: "Russian individual A and DPRK individual B", "three officials,
    A, B, and C", "executives: A, the CEO of X, and B". Each part between
    commas or "and" that ends in a name (after a title or a description) names
    one actor; a part with a preposition before its name ("the CEO of X") or
    no name at its end ("X's chief") describes someone already named."""
    doc = tok.doc
    parts: list[list[Token]] = [[]]
    depth = 0
    for t in doc[tok.left_edge.i: tok.right_edge.i + 1]:
        if (t.pos_ in ("VERB", "AUX") and ents.at(t) is None) or t.tag_ in ("WDT", "WP", "WP$"):
            break  # a clause ("which is owned by Y") says who someone is, not who is listed
        depth += (t.text == "(") - (t.text == ")")
        if t.text in ("(", ")") or depth:
            continue  # "Ardis Group of Companies LLC (Ardis Group)": the short name of the same actor
        if t.lower_ in _SEPARATORS:
            parts.append([])
        else:
            parts[-1].append(t)
    found: list[Arg] = []
    for part in parts:
        m = ents.at(part[-1]) if part else None
        if m is None or m.kind != "name" or m.start < part[0].i or m.entity.type == "Group":
            continue
        if m.entity.type == "Country" and any(t.i < m.start and t.pos_ != "DET" for t in part):
            continue  # a state is listed alone ("The EU, UK, Japan, and New Zealand"), not after a title
        if any(t.pos_ == "ADP" or t.dep_ == "poss" for t in part if t.i < m.start) or \
                _under_preposition(part[-1], tok) or _modifies_noun(part[-1]):
            continue  # "between the US and the European Commission", "four ISIS and ISIS-M facilitators"
        found.append(Arg(m.entity, part[-1]))
    return found


def _modifies_noun(name: Token) -> bool:
    """A name (or the first of a coordination of names) that modifies the head
    noun of a phrase ("ISIS and ISIS-M facilitators"), not a title before
    another name ("individual A and DPRK individual B", which the parser
    hangs on the second title)."""
    while name.dep_ == "conj":
        name = name.head
    head = name.head
    return name.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN" and \
        head.dep_ not in ("compound", "amod", "nmod")


def _under_preposition(name: Token, top: Token) -> bool:
    if name.i == top.i:
        return False
    for a in name.ancestors:
        if a.i == top.i:
            return False
        if a.dep_ in ("prep", "agent") and a.lower_ != "of":  # "the children of Putin, A and B" lists A and B
            return True
    return False
