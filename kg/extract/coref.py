"""Coreference within one article: pronouns and definite descriptions.

Rules, not a model: a pronoun ("it", "its", "he") takes the most salient
earlier mention of a fitting type in its own or the previous sentence
(subjects before objects before the rest, then the nearest); a description
("the firm", "the Austrian company", "the country") takes the last mention of
its type that was a sentence subject anywhere earlier, filtered by the
nationality it names; "both", "they" and "the two" take the coordinated
subjects of the previous sentence.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from ..model import Entity, Mention
from ..resources import data_lines
from .lexicon import Lexicon
from .mentions import ArticleEntities

__all__ = ["antecedents", "add_descriptions", "apposed", "issuer_of", "DESCRIPTIONS", "COUNTRY_WORDS"]

PRONOUNS_THING = {"it", "its", "itself"}
PRONOUNS_PERSON = {"he", "his", "him", "himself", "she", "her", "herself"}
PRONOUNS_PLURAL = {"both", "they", "their", "them", "themselves"}
PRONOUNS_SPEAKER = {"we", "our", "us", "ours", "ourselves"}
_QUOTES = {'"', "\u201c", "\u201d"}
_HEADER_LINES = 6  # a release's header: title, office, speaker
COUNTRY_WORDS = {"country", "nation"}
# Singular descriptions that stand for an earlier-named organisation ("the firm").
DESCRIPTIONS = {"firm", "company", "group", "refiner", "carrier", "manufacturer", "maker", "producer",
                "supplier", "exporter", "importer", "trader", "bank", "conglomerate", "giant", "operator",
                "business", "corporation", "entity"}
_ORGS = {"Company", "Organization"}
_THINGS = {"Country", "Company", "Organization", "GovernmentBody", "InternationalOrganization", "Group"}
_SUBJ = ("nsubj", "nsubjpass")


def _role(found: ArticleEntities, m: Mention) -> int:
    dep = found.doc[m.end - 1].dep_
    return 2 if dep in _SUBJ else 1 if dep in ("dobj", "appos") else 0


def _prev_sentence_start(token: Token) -> int:
    start = token.sent.start
    return token.doc[start - 1].sent.start if start > 0 else start


def _nationality(found: ArticleEntities, token: Token) -> str:
    """The country key a description names: "the Austrian company" -> austria."""
    for c in token.children:
        if c.dep_ in ("amod", "compound") and (ent := found.lexicon.demonym(c.text)) is not None:
            return ent.key
    return ""


def _clause_subject(verb: Token, depth: int = 0) -> Token | None:
    """Who does what ``verb`` says, following a participle or a controlled verb
    up to the verb whose subject it shares ("the US sanctioned X, accusing ...")."""
    own = [c for c in verb.children if c.dep_ == "nsubj"]
    if own:
        return own[0]
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb and depth < 3:
        return _clause_subject(verb.head, depth + 1)
    return None


def apposed(noun: Token) -> Token:
    """What an apposition describes: the word just before its comma ("relied on
    Russia, its arms supplier": Russia), which the parser may hang elsewhere."""
    i, doc = noun.left_edge.i - 1, noun.doc
    if i > 0 and doc[i].text == "," and doc[i - 1].pos_ in ("PROPN", "NOUN") and doc[i - 1].i != noun.head.i:
        return doc[i - 1]
    return noun.head


def _bound_out(token: Token) -> list[Token]:
    """The subjects an object pronoun cannot stand for: in "the US sanctioned
    Sinno, accusing it of ...", "it" is not the US (only "itself" could be);
    in "Hungary and Slovakia buy fuel from it", neither is "it"; in "Norway's
    Equinor is its biggest supplier" and "Russia, its arms supplier", "its" is
    neither Equinor, Norway nor Russia."""
    if token.lower_ in ("its", "their") and token.dep_ == "poss":
        noun = token.head
        if noun.dep_ == "attr" and (subject := _clause_subject(noun.head)) is not None:
            return list(subject.subtree)
        if noun.dep_ == "appos":
            return [apposed(noun)]
        return []
    if token.lower_ not in ("it", "him", "her", "them"):
        return []
    verb = token.head if token.dep_ in ("dobj", "dative") else None
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "dative", "agent") and token.head.head.pos_ == "VERB":
        verb = token.head.head
    subject = _clause_subject(verb) if verb is not None else None
    return [subject, *subject.conjuncts] if subject is not None else []


def _pronoun(found: ArticleEntities, token: Token, wanted: set[str]) -> list[Mention]:
    lo = _prev_sentence_start(token)
    cands = [m for m in found.mentions if lo <= m.start and m.end <= token.i and m.entity.type in wanted]
    if not cands:
        return []
    sent = token.sent.start
    best = max(cands, key=lambda m: (2 * _role(found, m) + (m.start >= sent), m.start))
    bound = _bound_out(token)
    if any(best.start <= b.i < best.end for b in bound):
        # the likeliest one cannot be meant: take an object of the sentence if it is the only one left
        left = {m.entity.key: m for m in cands if m.start >= sent and _role(found, m) < 2
                and not any(m.start <= b.i < m.end for b in bound)}
        return list(left.values()) if len(left) == 1 else []
    return [best]


def _description(found: ArticleEntities, token: Token, wanted: set[str]) -> list[Mention]:
    nation = _nationality(found, token)
    cands = [m for m in found.mentions if m.end <= token.i and m.entity.type in wanted and m.kind != "pronoun"]
    if nation:
        cands = [m for m in cands if m.entity.based_in == nation or m.entity.key == nation]
    if not cands:
        return []
    subjects = [m for m in cands if _role(found, m) == 2]
    return [(subjects or cands)[-1]]


def _plural(found: ArticleEntities, token: Token) -> list[Mention]:
    """The coordinated subjects of the previous sentence ("Britain and the EU ... Both froze")."""
    start = token.sent.start
    if start == 0:
        return []
    prev = token.doc[start - 1].sent
    for tok in prev:
        if tok.dep_ in _SUBJ and (m := found.at(tok)) is not None:
            group = [m] + [found.at(c) for c in tok.conjuncts if found.at(c) is not None]
            if len(group) >= 2:
                return group
    return []


@lru_cache(maxsize=1)
def _issuers() -> tuple[tuple[str, str], ...]:
    rows = (line.split("\t") for _, line in data_lines("issuers.tsv"))
    return tuple((head.strip().lower(), key.strip()) for head, key in rows)


def issuer_of(doc: Doc, lexicon: Lexicon, front: str = "") -> Entity | None:
    """The actor a release speaks for, from an office named in its first lines
    (kg/data/issuers.tsv): "Office of the Spokesperson", "The White House".
    ``front`` is the page's top as written, before cleaning dropped any line."""
    lines = []
    for head in (front, doc.text[:2000]):  # the header only: never split a whole long text for it
        lines += [line.strip().lower() for line in head.splitlines() if line.strip()][:_HEADER_LINES]
    for line in lines:
        for head, key in _issuers():
            if (line.startswith(head) or line.endswith(head)) and key in lexicon.actors:
                return lexicon.actors[key]
    return None


def _quoted(token: Token) -> bool:
    """Inside a quotation: an odd number of quote marks before it in its paragraph."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    return sum(text.count(q, start, token.idx) for q in _QUOTES) % 2 == 1


def antecedents(found: ArticleEntities, token: Token) -> list[Mention]:
    """The earlier mentions a pronoun or description stands for, if clear."""
    word = token.lower_
    if word in PRONOUNS_SPEAKER and token.pos_ == "PRON" and token.text != "US":
        if found.issuer is None or _quoted(token):
            return []  # a quote's "we" is its speaker's side, which the quote does not name
        return [Mention(found.issuer, token.i, token.i + 1, token.text, kind="pronoun")]
    if word in PRONOUNS_PERSON:
        return _pronoun(found, token, {"Person"})
    if word in PRONOUNS_THING:
        return _pronoun(found, token, _THINGS)
    if word in PRONOUNS_PLURAL or (word in ("two", "pair") and _definite(token)):
        return _plural(found, token)
    if _definite(token) and token.tag_ == "NN":
        if word in COUNTRY_WORDS:
            return _description(found, token, {"Country"})
        if word in DESCRIPTIONS:
            return _description(found, token, _ORGS)
    return []


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)


def add_descriptions(found: ArticleEntities) -> None:
    """Make definite descriptions mentions, in text order, so later pronouns find them."""
    for token in found.doc:
        if found.at(token) is not None or token.tag_ != "NN" or not _definite(token):
            continue
        if token.lower_ in DESCRIPTIONS or token.lower_ in COUNTRY_WORDS:
            # "the largest exporter, Agu Information Technology," / "Iran Air, the flag carrier": named here
            named = [found.at(c) for c in token.children if c.dep_ == "appos" and found.at(c) is not None]
            if token.dep_ == "appos" and found.at(token.head) is not None:
                named.append(found.at(token.head))
            ants = named[:1] or antecedents(found, token)
            if len(ants) == 1:
                found.add(Mention(ants[0].entity, token.i, token.i + 1, token.text, kind="description"))
