"""The kg vocabulary as a closed rdflib namespace: a typo is an error.

A test checks that this list and ``ontology.ttl`` agree both ways.

>>> KG.supplies
rdflib.term.URIRef('https://w3id.org/kg-news/ontology#supplies')
>>> KG.suplies
Traceback (most recent call last):
AttributeError: term 'suplies' not in namespace 'https://w3id.org/kg-news/ontology#'
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib import namespace as _rdflib_namespace  # not DefinedNamespace itself: doctest collection probes it

__all__ = ["KG", "ID", "BASE"]

BASE = "https://w3id.org/kg-news/"
#: Instances: entities, assertions and articles.
ID = Namespace(BASE + "id/")


class KG(_rdflib_namespace.DefinedNamespace):
    """Terms of ``ontology.ttl``."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Actor: URIRef
    Country: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    Person: URIRef
    Group: URIRef
    Statement: URIRef
    Assertion: URIRef
    Claim: URIRef
    Fact: URIRef
    Modality: URIRef
    # relations and their inverses
    supplies: URIRef
    suppliedBy: URIRef
    sanctions: URIRef
    sanctionedBy: URIRef
    warns: URIRef
    warnedBy: URIRef
    basedIn: URIRef
    # modalities
    asserted: URIRef
    reported: URIRef
    hedged: URIRef
    negated: URIRef
    intended: URIRef
    denied: URIRef
    factual: URIRef
    # assertion properties
    subject: URIRef
    relation: URIRef
    object: URIRef
    modality: URIRef
    item: URIRef
    amount: URIRef
    time: URIRef
    timeValue: URIRef
    confidence: URIRef
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    source: URIRef
    contentHash: URIRef
    textLength: URIRef
    # counted across articles (claims and facts)
    assertionCount: URIRef
    articleCount: URIRef
    sample: URIRef
    wikidata: URIRef
    # lexicon annotations
    relationProperty: URIRef
    trigger: URIRef
    reverseTrigger: URIRef
    recipientTrigger: URIRef
    nounTrigger: URIRef
    reverseNounTrigger: URIRef
    agentNoun: URIRef
    reverseAgentNoun: URIRef
    supportVerb: URIRef
    objectPreposition: URIRef
    subjectPreposition: URIRef
    themePreposition: URIRef
    statePreposition: URIRef
    holderNoun: URIRef
    listNoun: URIRef
    objectVerb: URIRef
    receiveVerb: URIRef
    stateNoun: URIRef
    clauseObjectPreposition: URIRef
    hostileVerb: URIRef
    hostilePreposition: URIRef
    consequenceVerb: URIRef
    outcomeVerb: URIRef
    consequencePreposition: URIRef
    consequenceNoun: URIRef
    conditionMark: URIRef
    promiseAuxiliary: URIRef
    nonItem: URIRef
    anaphorNoun: URIRef
    hasItems: URIRef
    issuerActs: URIRef
