"""The knowledge the extractor reads: relations and their trigger words from
``ontology.ttl``, actors, outlets, group nouns and modality cues from
``kg/data``. Nothing here is hard-coded; a user edits the data files.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import OntologyError
from ..model import Entity
from ..namespace import KG
from ..resources import DEFAULT_ONTOLOGY, data_lines
from .scorer import Scorer, load_scorer

__all__ = ["Relation", "Lexicon", "load_lexicon", "normalize"]

KG_NS = str(KG)  # open-ended here: the ontology a user edits may add terms kg.namespace does not close over
ACTOR_TYPES = ("Country", "Organization", "Company", "GovernmentBody", "InternationalOrganization", "Person", "Group")


@lru_cache(maxsize=1 << 16)  # called for every name and noun phrase, most of them many times
def normalize(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'the' for alias lookup.

    >>> normalize("The U.S. Treasury's")
    'us treasury'
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("\u2019", "'")
    s = re.sub(r"'s?\b", "", s)
    s = re.sub(r"[.\u2018\"]", "", s)
    s = re.sub(r"[^\w\s&+-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@dataclass(frozen=True)
class Relation:
    """One relation property of the ontology with its trigger lexicon."""

    name: str
    iri: str
    label: str
    triggers: frozenset[str] = frozenset()
    reverse_triggers: frozenset[str] = frozenset()
    recipient_triggers: frozenset[str] = frozenset()
    noun_triggers: frozenset[str] = frozenset()
    reverse_noun_triggers: frozenset[str] = frozenset()
    agent_nouns: frozenset[str] = frozenset()
    reverse_agent_nouns: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    subject_preps: frozenset[str] = frozenset()
    theme_preps: frozenset[str] = frozenset()
    state_preps: frozenset[str] = frozenset()
    holder_nouns: frozenset[str] = frozenset()
    list_nouns: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    receive_verbs: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    clause_object_preps: frozenset[str] = frozenset()
    hostile_verbs: frozenset[str] = frozenset()
    hostile_preps: frozenset[str] = frozenset()
    consequence_verbs: frozenset[str] = frozenset()
    outcome_verbs: frozenset[str] = frozenset()
    consequence_preps: frozenset[str] = frozenset()
    consequence_nouns: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    promise_auxiliaries: frozenset[str] = frozenset()
    non_items: frozenset[str] = frozenset()
    anaphor_nouns: frozenset[str] = frozenset()
    has_items: bool = False
    issuer_acts: bool = False  # an agentless passive in a release is the issuer's act


@dataclass
class Lexicon:
    """Relations, known actors and cue words, indexed for lookup."""

    relations: dict[str, Relation]
    actors: dict[str, Entity]
    aliases: dict[str, str]  # normalized alias -> actor key
    demonyms: dict[str, str]  # normalized demonym -> actor key
    outlets: frozenset[str]
    list_names: frozenset[str]  # "Specially Designated Global Terrorists": what one is listed as, no actor
    commodity_names: frozenset[str]  # "LNG": goods NER calls an organization
    instrument_nouns: frozenset[str]  # "an order imposing tariffs": its signer acts
    issuer_nouns: frozenset[str]  # a release's "the Department": its issuer
    market_nouns: frozenset[str]  # "U.S. markets", "Chinese customers": the country
    group_nouns: frozenset[str]
    state_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    modality_cues: dict[tuple[str, str], str]  # (where, lemma) -> modality
    reporting_verbs: frozenset[str] = frozenset()  # lemmas that attribute what follows to their subject
    speech_verbs: frozenset[str] = frozenset()  # lemmas whose clause is reported, not asserted
    title_verbs: frozenset[str] = frozenset()  # lemmas that introduce a quoted title
    list_verbs: frozenset[str] = frozenset()  # lemmas that add entities to a relation's list
    naming_verbs: frozenset[str] = frozenset()  # lemmas whose object names a group's members
    origin_words: frozenset[str] = frozenset()  # "-made", "-built": the demonym before is the goods' origin
    ontology_path: Path = field(default=DEFAULT_ONTOLOGY)
    scorer: Scorer | None = None  # the learned candidate scorer (kg/data/scorer.json), if trained

    @cached_property
    def event_nouns(self) -> dict[str, frozenset[str]]:
        """Per relation, the trigger nouns of the other relations: what "sent a
        warning" moves is another relation's event, not goods."""
        return {name: frozenset(n for other in self.relations.values() if other is not rel for n in other.noun_triggers)
                for name, rel in self.relations.items()}

    def actor(self, name: str) -> Entity | None:
        """The known actor a name stands for, if any."""
        key = self.aliases.get(normalize(name))
        return self.actors[key] if key else None

    def demonym(self, word: str) -> Entity | None:
        key = self.demonyms.get(normalize(word))
        return self.actors[key] if key else None

    def is_outlet(self, name: str) -> bool:
        return normalize(name) in self.outlets

    def is_list_name(self, name: str) -> bool:
        return normalize(name) in self.list_names

    def without_goods(self, name: str) -> str | None:
        """ "U.S. LNG" -> "U.S.", "LNG" -> "": a name that ends in goods (kg/data/commodity_names.txt)
        without them; None when it ends in none."""
        words = name.split()
        if not words or normalize(words[-1]) not in self.commodity_names:
            return None
        return " ".join(words[:-1])

    def trigger_lemmas(self) -> set[str]:
        out: set[str] = set()
        for r in self.relations.values():
            out |= (r.triggers | r.reverse_triggers | r.noun_triggers | r.reverse_noun_triggers | r.agent_nouns
                    | r.reverse_agent_nouns)
        return out


def _strings(g: rdflib.Graph, node, local: str) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in g.objects(node, rdflib.URIRef(KG_NS + local)))


def load_relations(path: Path) -> dict[str, Relation]:
    """Read every ``kg:relationProperty true`` property and its lexicon."""
    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError:
        raise OntologyError(f"{path}: ontology not found; pass --ontology or restore ontology.ttl") from None
    except Exception as exc:  # rdflib raises several parser errors
        raise OntologyError(f"{path}: not valid Turtle ({exc}); fix the file and build again") from None
    marker = rdflib.URIRef(KG_NS + "relationProperty")
    relations = {}
    for prop in sorted(set(g.subjects(marker, None))):
        if (prop, RDF.type, OWL.ObjectProperty) not in g:
            continue
        name = str(prop).rsplit("#", 1)[-1]
        rel = Relation(
            name=name, iri=str(prop), label=str(g.value(prop, RDFS.label) or name),
            triggers=_strings(g, prop, "trigger"), reverse_triggers=_strings(g, prop, "reverseTrigger"),
            recipient_triggers=_strings(g, prop, "recipientTrigger"),
            noun_triggers=_strings(g, prop, "nounTrigger"),
            reverse_noun_triggers=_strings(g, prop, "reverseNounTrigger"),
            agent_nouns=_strings(g, prop, "agentNoun"), reverse_agent_nouns=_strings(g, prop, "reverseAgentNoun"), support_verbs=_strings(g, prop, "supportVerb"),
            object_preps=_strings(g, prop, "objectPreposition"), subject_preps=_strings(g, prop, "subjectPreposition"),
            theme_preps=_strings(g, prop, "themePreposition"), state_preps=_strings(g, prop, "statePreposition"),
            holder_nouns=_strings(g, prop, "holderNoun"), list_nouns=_strings(g, prop, "listNoun"),
            object_verbs=_strings(g, prop, "objectVerb"), receive_verbs=_strings(g, prop, "receiveVerb"),
            state_nouns=_strings(g, prop, "stateNoun"),
            clause_object_preps=_strings(g, prop, "clauseObjectPreposition"),
            hostile_verbs=_strings(g, prop, "hostileVerb"), hostile_preps=_strings(g, prop, "hostilePreposition"),
            consequence_verbs=_strings(g, prop, "consequenceVerb"), consequence_nouns=_strings(g, prop, "consequenceNoun"),
            outcome_verbs=_strings(g, prop, "outcomeVerb"),
            consequence_preps=_strings(g, prop, "consequencePreposition"),
            condition_marks=_strings(g, prop, "conditionMark"), promise_auxiliaries=_strings(g, prop, "promiseAuxiliary"),
            non_items=_strings(g, prop, "nonItem"),
            anaphor_nouns=_strings(g, prop, "anaphorNoun"),
            has_items=bool(g.value(prop, rdflib.URIRef(KG_NS + "hasItems"))),
            issuer_acts=bool(g.value(prop, rdflib.URIRef(KG_NS + "issuerActs"))),
        )
        if not (rel.triggers or rel.noun_triggers or rel.reverse_triggers):
            raise OntologyError(f"{path}: relation kg:{name} has no kg:trigger or kg:nounTrigger; add one")
        relations[name] = rel
    if not relations:
        raise OntologyError(f"{path}: no property marked kg:relationProperty true; nothing to extract")
    return relations


def _words(name: str) -> frozenset[str]:
    return frozenset(normalize(line) for _, line in data_lines(name))


def load_actors() -> tuple[dict[str, Entity], dict[str, str], dict[str, str]]:
    actors, aliases, demonyms = {}, {}, {}
    for n, line in data_lines("actors.tsv"):
        cols = (line.split("\t") + [""] * 7)[:7]
        key, label, typ, wikidata, based_in, alias_col, demonym_col = (c.strip() for c in cols)
        if typ not in ACTOR_TYPES:
            raise OntologyError(f"kg/data/actors.tsv line {n}: type {typ!r} is not one of {', '.join(ACTOR_TYPES)}")
        names = tuple(a for a in alias_col.split("|") if a)
        actors[key] = Entity(key=key, label=label, type=typ, aliases=names, wikidata=wikidata, based_in=based_in)
        for a in (label, *names):
            aliases.setdefault(normalize(a), key)
        for d in demonym_col.split("|"):
            if d:
                demonyms.setdefault(normalize(d), key)
    return actors, aliases, demonyms


def load_modality_cues() -> dict[tuple[str, str], str]:
    cues = {}
    for n, line in data_lines("modality.tsv"):
        parts = line.split("\t")
        if len(parts) != 3:
            raise OntologyError(f"kg/data/modality.tsv line {n}: expected 'cue<TAB>where<TAB>modality'")
        cue, where, modality = (p.strip() for p in parts)
        cues[(where, cue.lower())] = modality
    return cues


@lru_cache(maxsize=4)
def load_lexicon(ontology: Path | str | None = None) -> Lexicon:
    """Load the lexicon once per ontology file."""
    path = Path(ontology) if ontology else DEFAULT_ONTOLOGY
    actors, aliases, demonyms = load_actors()
    return Lexicon(
        relations=load_relations(path), actors=actors, aliases=aliases, demonyms=demonyms,
        outlets=_words("outlets.txt"), list_names=_words("list_names.txt"),
        commodity_names=_words("commodity_names.txt"),
        instrument_nouns=_words("instrument_nouns.txt"), issuer_nouns=_words("issuer_nouns.txt"),
        market_nouns=_words("market_nouns.txt"), group_nouns=_words("group_nouns.txt"),
        state_nouns=_words("state_nouns.txt"),
        facility_nouns=_words("facility_nouns.txt"),
        modality_cues=load_modality_cues(), reporting_verbs=_words("reporting_verbs.txt"),
        speech_verbs=_words("speech_verbs.txt"),
        title_verbs=_words("title_verbs.txt"), list_verbs=_words("list_verbs.txt"),
        naming_verbs=_words("naming_verbs.txt"), origin_words=_words("origin_words.txt"), ontology_path=path,
        scorer=load_scorer(),
    )
