"""Arguments of a trigger: from dependency tokens to the actors they name.

One token can name several actors (coordination: "Japan and South Korea"),
an actor through an apposition ("Iran Air, the country's flag carrier"), a
holder ("the assets of X"), a relative pronoun ("companies that ...") or an
earlier mention ("it", "the firm").
"""
from __future__ import annotations

from spacy.tokens import Token

from ..model import Entity
from .coref import COUNTRY_WORDS, antecedents
from .members import listed_after, named_next, named_within
from .mentions import Arg, ArticleEntities
from .modality import participle_clause
from .names import bare_name, is_title

__all__ = ["actors", "examples", "subject_of", "children", "pobjs", "origin_actors"]

_RELATIVE = {"that", "which", "who", "whom", "whose"}
_CONTROL_PREPS = {"for", "over", "against", "of", "from"}
_QUANTIFIERS = {"many", "some", "all", "both", "several", "most", "each", "one", "two", "three", "four", "five"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """Objects of ``tok``'s prepositions named in ``preps`` ("sanctions on X")."""
    out = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            out += [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return out


def _one(tok: Token, ents: ArticleEntities, holders: frozenset[str], depth: int = 0) -> list[Arg]:
    if depth > 3:
        return []
    if ents.is_outlet(tok):
        return []
    m = ents.at(tok)
    if m is not None and m.kind == "group" and (
            named := named_next(tok, ents) or listed_after(tok.doc[m.end - 1], ents)):
        return named
    if m is not None and ents.issuer is not None and m.entity.label.lower() in ents.lexicon.issuer_nouns:
        return [Arg(ents.issuer, tok, resolved=True)]  # a release's "The Department is also designating X"
    if m is not None:
        if m.entity.type == "Group" and tok.dep_ == "appos" and ents.at(tok.head) is not None:
            return [Arg(ents.at(tok.head).entity, tok)]  # "Radioavtomatika, a Russian company that ..."
        return [Arg(m.entity, tok)]
    word = tok.lower_
    if word in _QUANTIFIERS:  # "many of which are under US sanctions"
        out = []
        for p in pobjs(tok, {"of"}):
            out += _one(p, ents, holders, depth + 1)
        if out:
            return out
    if word in _RELATIVE:  # "companies that ...", "firms, many of which are ..."
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is not None:
            return _one(_agreeing_head(clause), ents, holders, depth + 1)
        before = [m for m in ents.mentions if m.end <= tok.i and m.start >= tok.sent.start]
        if before and tok.i - before[-1].end <= 4:  # "..., A and B, both of which were ..." hung elsewhere
            return actors(tok.doc[before[-1].end - 1], ents, holders, depth + 1)
    if tok.pos_ == "PRON" or (tok.pos_ in ("NOUN",) and any(d.lower_ in ("the", "this") for d in tok.children
                                                                if d.dep_ == "det")):
        ants = antecedents(ents, tok)
        if ants:
            return [Arg(a.entity, tok, resolved=True) for a in ants]
    if tok.lemma_.lower() in holders:  # "the assets of X", "X's assets", "assets belonging to X"
        owners = children(tok, "poss") + pobjs(tok, {"of"})
        owners += [p for acl in children(tok, "acl") for p in pobjs(acl, {"to", "by"})]
        out = []
        for c in owners:
            out += actors(c, ents, holders, depth + 1)
        return out
    if tok.lemma_.lower() in ents.lexicon.instrument_nouns and m is None:
        # "Trump signed an Executive Order imposing tariffs": who signs or adopts an order acts by it
        signed = tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None
        return [a for s in subject_of(signed) for a in actors(s, ents, holders, depth + 1)] if signed is not None else []
    members = _members(tok, ents, holders, depth)
    if members:
        return members
    if tok.dep_ == "appos" or (tok.dep_ == "compound" and ents.at(tok.head) is not None):
        return _one(tok.head, ents, holders, depth + 1)  # "Iran Air, the flag carrier"; "oligarch Roman Abramovich"
    return _unnamed(tok, ents)


def _members(tok: Token, ents: ArticleEntities, holders: frozenset[str], depth: int) -> list[Arg]:
    """The named members of a noun phrase: "two firms, A and B", "four companies,
    among them A and B", "the companies A and B" (apposition)."""
    members = []
    for c in children(tok, "appos"):
        members += actors(c, ents, holders, depth + 1)
    if not members and tok.lemma_.lower() in ents.lexicon.group_nouns:
        members = listed_after(tok, ents)
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("among", "including")):
            members += [a for p in children(prep, "pobj") for c in (p, *p.conjuncts, *children(p, "appos"))
                        if (m := ents.at(c)) is not None for a in [Arg(m.entity, c)]]
    return members


def _unnamed(tok: Token, ents: ArticleEntities) -> list[Arg]:
    """Actors named without an entity: a proper noun NER missed ("Gazprom
    halted deliveries"), a named facility ("Hungary's Paks plant"), the owner
    of a thing ("Russia's army", "Iran's aviation sector")."""
    if tok.pos_ == "PROPN" and not tok.ent_type_ and not tok.is_lower and \
            tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj"):  # not the tagger's "gallium"
        word, lex = tok.lower_, ents.lexicon
        if {word, word[:-1], word[:-3] + "y"} & (lex.group_nouns | COUNTRY_WORDS | lex.instrument_nouns) or is_title(word):
            return []  # a headline's "Tariffs on Countries Importing ...", "the President said", "an Order imposing"
        name = bare_name(tok, lexicon=ents.lexicon)
        return [] if ents.lexicon.is_list_name(name.label) else [Arg(name, tok)]
    if tok.pos_ == "NOUN" and tok.lower_ in ents.lexicon.market_nouns:  # "to U.S. markets", "Chinese customers"
        for c in children(tok, "compound", "amod", "poss"):
            country = (m.entity if (m := ents.at(c)) is not None else None) or ents.lexicon.demonym(c.text)
            if country is not None and country.type == "Country":
                return [Arg(country, c)]
    if tok.pos_ == "NOUN" and tok.dep_ in ("pobj", "dobj", "nsubjpass"):
        named = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and ents.at(c) is None]
        if named and tok.lemma_.lower() in ents.lexicon.facility_nouns:
            return [Arg(bare_name(tok, named[0].i, lexicon=ents.lexicon), tok)]
        if tok.tag_ == "NN" and tok.lower_ not in ents.lexicon.group_nouns:
            for c in children(tok, "poss"):
                m = ents.at(c)
                if m is not None and m.kind == "name":
                    return [Arg(m.entity, tok)]
    return []


def _agreeing_head(clause: Token) -> Token:
    """The noun a relative clause is about, by number agreement: in "a supplier
    of spare parts that is under sanctions" it is the supplier, not the parts."""
    head = clause.head
    verb_singular = any(t.tag_ == "VBZ" or t.lower_ in ("was", "is", "has") for t in (clause, *clause.children)
                        if t.dep_ in ("aux", "auxpass", "relcl", "ROOT") or t is clause)
    if verb_singular and head.tag_ == "NNS" and head.dep_ == "pobj" and head.head.lower_ == "of" \
            and head.head.head.tag_ in ("NN", "NNP"):
        return head.head.head
    return head


def actors(tok: Token, ents: ArticleEntities, holders: frozenset[str] = frozenset(), depth: int = 0) -> list[Arg]:
    """Every actor an argument token names, its conjuncts included."""
    out: list[Arg] = []
    seen: set[str] = set()
    for t in (tok, *[c for c in tok.conjuncts if c.i != tok.i], *examples(tok, ents)):  # "seven officials, including X"
        for arg in _one(t, ents, holders, depth):
            if arg.entity.key not in seen:
                seen.add(arg.entity.key)
                out.append(arg)
    listed = named_within(tok, ents) if depth == 0 and tok.pos_ in ("NOUN", "PROPN") else []
    if len(listed) > 1 or (listed and (ents.at(tok) is None or ents.at(tok).kind == "group")):
        # the names replace what a description among them stands for ("three Belarusian officials")
        out = [a for a in out if (m := ents.at(a.token)) is None or m.kind == "name"]
        out += [a for a in listed if a.entity.key not in {b.entity.key for b in out}]
    return out


def examples(tok: Token, ents: ArticleEntities) -> list[Token]:
    """The named examples an "including" phrase on ``tok`` gives: "including
    senator A and businessman B", "including toolmakers A and B"."""
    return [c for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "including"
            for p in prep.children if p.dep_ == "pobj"
            for n in ([p] if ents.at(p) is not None else children(p, "appos"))
            for c in (n, *n.conjuncts) if ents.at(c) is not None]


def subject_of(verb: Token) -> list[Token]:
    """The subject tokens of a verb, following control and shared subjects."""
    own = children(verb, *_SUBJ)
    if own:
        return own
    dep, head = verb.dep_, verb.head
    if dep == "amod" and verb.tag_ == "VBG" and head.dep_ == "dobj":  # "denied supplying missiles": a gerund
        return subject_of(head.head)
    if head is verb:
        return []
    if dep == "xcomp":  # "warned Seoul not to supply": object control, else subject control
        objs = [o for o in children(head, "dobj") if o.i < verb.i]  # not a list the parser hung after it
        return objs or subject_of(head)
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head)
    if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head]
    if dep == "pcomp" and head.lower_ in _CONTROL_PREPS and head.head.pos_ in ("VERB", "NOUN", "PROPN"):
        # "sanctioned X for supplying", "warned X against arming", "accused X of
        # sending": the object of the governing verb is the doer
        gov = head.head
        objs = children(gov, "dobj")
        for o in objs:
            targets = [p for prep in o.children if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
                       for p in prep.children if p.dep_ == "pobj"]
            return targets or objs
        if gov.pos_ == "VERB":
            return subject_of(gov)
        return []
    if dep == "ccomp" and head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN"):
        return [head.head]  # "companies it said had shipped chips": the speaker is not the doer
    if dep == "advcl" and (goes_on := participle_clause(verb)) is not None:
        return subject_of(goes_on)  # "..., Scholz said, providing Kyiv with": not Scholz
    if dep in ("advcl", "pcomp", "ccomp"):
        return subject_of(head if dep != "pcomp" else head.head)
    # "OFAC designated X": a name before the verb that the parser did not make its subject
    return [c for c in verb.lefts if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]


def origin_actors(item: Token, ents: ArticleEntities) -> list[Entity]:
    """Countries an item is said to come from: "Russian oil", "Iraqi grades",
    "barrels a day of Russian crude"."""
    lexicon = ents.lexicon
    found: dict[str, Entity] = {}
    for tok in item.subtree:
        modifier = tok.dep_ in ("amod", "compound", "poss", "nmod") or (
            tok.dep_ == "conj" and tok.head.dep_ in ("amod", "compound")) or (  # "Russian and North Korean targets"
            tok.dep_ == "npadvmod" and tok.head.dep_ == "amod" and tok.head.lower_ in lexicon.origin_words)
        if not modifier or any(
                a.dep_ in ("relcl", "acl") or (a.dep_ == "prep" and a.lower_ not in ("of", "per"))
                for a in tok.ancestors if a.i != item.i and item in a.ancestors):
            continue
        ent = lexicon.demonym(tok.text)
        if ent is None and (m := ents.at(tok)) is not None and m.entity.type in ("Country", "Company"):
            ent = m.entity
        if ent is not None:
            found.setdefault(ent.key, ent)
    return list(found.values())
