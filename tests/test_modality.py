"""Modality: what did not happen, may happen or is only said must never be
drawn as a fact. Sentences written for these tests."""
from __future__ import annotations

import pytest


def only(extract_text, text, relation):
    found = [f for f in extract_text(text) if f.relation == relation]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, relation, modality", [
    ("Israel did not supply weapons to Ukraine.", "supplies", "negated"),
    ("Iran denied supplying missiles to Russia.", "supplies", "denied"),
    ("India refused to sell arms to Pakistan.", "supplies", "negated"),
    ("Germany plans to deliver tanks to Ukraine.", "supplies", "intended"),
    ("Japan is considering sanctions on Iran.", "sanctions", "intended"),
    ("China offered to supply Serbia with drones.", "supplies", "intended"),
    ("France promised to send more artillery to Ukraine.", "supplies", "intended"),
    ("The EU threatened sanctions against Georgia.", "sanctions", "intended"),
    ("Poland called for sanctions on Belarus.", "sanctions", "intended"),
    ("Russia would supply North Korea with fighter jets if the war continued.", "supplies", "hedged"),
    ("Gazprom halted gas deliveries to Latvia.", "supplies", "negated"),
    ("Seoul has long refused to ship lethal arms to Kyiv.", "supplies", "negated"),
    ("Putin warned Seoul against arming Ukraine.", "supplies", "hedged"),
    ("No weapons were delivered to Ukraine by Israel.", "supplies", "negated"),
    ("Japan lifted sanctions on Iran in 2016.", "sanctions", "negated"),
    ("Hungary blocked new EU sanctions on Russia.", "sanctions", "negated"),
    ("Iran may have supplied drones to Russia.", "supplies", "hedged"),
    ("It is unclear whether China supplied weapons to Russia.", "supplies", "hedged"),
    ("South Africa denies that it shipped arms to Russia.", "supplies", "denied"),
    ("The sale of Su-35 jets by Russia to Iran has been postponed.", "supplies", "intended"),
    # the content of a noun: claims, reports, accusations, evidence
    ("There is no evidence that China supplied weapons to Russia.", "supplies", "negated"),
    ("Iran rejected claims that it had shipped missiles to Russia.", "supplies", "denied"),
    ("Claims that Beijing sold drones to Moscow were dismissed by officials.", "supplies", "denied"),
    ("Reports that Iran supplied missiles to Russia are false, Tehran said.", "supplies", "denied"),
    ("Beijing rejected the accusation that it was arming Russia.", "supplies", "denied"),
    ("Officials are investigating whether Turkish companies supplied Russia with machine tools.", "supplies", "hedged"),
    ("The US has yet to sanction Rosneft.", "sanctions", "negated"),
    ("Moscow could soon receive more missiles from Tehran.", "supplies", "hedged"),
    # what is scheduled is not yet done: a headline's bare infinitive, "is to", "is set to"
    ("Turkey to sell Bayraktar drones to Kenya", "supplies", "intended"),
    ("Norway is to deliver more gas to Poland.", "supplies", "intended"),
    ("Brazil is set to deliver Super Tucano aircraft to Chile.", "supplies", "intended"),
    ("Italy no longer sells helicopters to Egypt.", "supplies", "negated"),
    ("Slovakia vetoed EU sanctions on Belarus.", "sanctions", "negated"),
    ("Canada threatened on Friday to impose sanctions on Eritrea.", "sanctions", "intended"),
    ("Swiss sanctions on Syria expired in May.", "sanctions", "negated"),
    ("Possible Turkish arms sales to Libya", "supplies", "hedged"),
    ("KNDS said on Monday it had won an order worth several hundred million euros from a European customer to "
     "supply 155mm artillery shells to Ukraine, with deliveries due to begin in 2027.", "supplies", "intended"),
    ("The planned German deliveries of tanks to Poland were discussed.", "supplies", "intended"),
])
def test_unasserted_statements_are_kept_with_their_modality(extract_text, text, relation, modality):
    fact = only(extract_text, text, relation)
    assert fact.modality == modality
    assert not fact.factual


@pytest.mark.parametrize("text", [
    "Iran reportedly shipped drones to Russia.",
    "Iran allegedly sold drones to Russia.",
    "Media reports that Iran sold drones to Russia were confirmed by officials.",
    "Kyiv accused Tehran of supplying drones to Moscow.",
    "According to officials, Iran shipped drones to Russia.",
    "Iran is accused of supplying drones to Russia.",
    "Kenya said Iran had shipped drones to Russia.",
])
def test_hedged_reports_are_facts_with_lower_confidence(extract_text, text):
    fact = only(extract_text, text, "supplies")
    assert (fact.subject.label, fact.object.label, fact.modality) == ("Iran", "Russia", "reported")
    assert fact.factual
    assert fact.confidence < only(extract_text, "Iran shipped drones to Russia.", "supplies").confidence


def test_refusal_does_not_reach_a_presupposed_participle(extract_text):
    """'refused to join the sanctions imposed by X': X's sanctions are a fact,
    the refuser's are not."""
    found = {(f.subject.label, f.object.label): f for f in extract_text(
        "Hungary refused to join the sanctions imposed by the European Union against Belarus.")}
    assert found[("European Union", "Belarus")].factual
    assert not found[("Hungary", "Belarus")].factual


def test_neither_nor_negates_both(extract_text):
    found = extract_text("Neither Alrosa nor Sovcomflot was sanctioned by Japan.")
    assert {(f.object.label, f.modality) for f in found} == {("Alrosa", "negated"), ("Sovcomflot", "negated")}


def test_joining_is_negated_but_the_joined_sanctions_stand(extract_text):
    found = {f.subject.label: f for f in extract_text("Turkey has not joined Western sanctions against Russia.")}
    assert not found["Turkey"].factual
    assert found["West"].factual


def test_a_main_clause_governor_does_not_reach_an_adverbial_clause(extract_text):
    found = {f.object.label: f.modality for f in extract_text(
        "Seoul refused to arm Kyiv, although it has sold howitzers to Poland.")}
    assert found == {"Ukraine": "negated", "Poland": "asserted"}


def test_denial_by_a_party_keeps_the_assertion_queryable(extract_text):
    fact = only(extract_text, "Iran denied supplying missiles to Russia.", "supplies")
    assert (fact.subject.label, fact.object.label) == ("Iran", "Russia")
    assert "denied" in fact.evidence


def test_a_scheduled_clause_does_not_reach_the_noun_it_mentions(extract_text):
    """An infinitive makes its own verb a plan, not the sanctions it argues over."""
    fact = only(extract_text, "Moscow cut gas deliveries in an effort to pressure Vienna over EU sanctions against "
                "Russia.", "sanctions")
    assert (fact.subject.label, fact.object.label, fact.modality) == ("European Union", "Russia", "asserted")
    assert only(extract_text, "Germany was the first country to deliver tanks to Ukraine.", "supplies").factual


def test_a_negated_conjunct_is_ruled_out_alone(extract_text):
    found = {(f.subject.label, f.object.label): f.modality
             for f in extract_text("France, but not Italy, sent Caesar howitzers to Ukraine.")}
    assert found == {("France", "Ukraine"): "asserted", ("Italy", "Ukraine"): "negated"}
    found = {f.object.label: f.modality for f in extract_text("Chile sold copper not to Peru but to Bolivia.")}
    assert found.get("Peru") == "negated"
    found = {f.object.label: f.modality for f in extract_text(
        "Washington sanctioned not only Rosneft but also its chief executive Igor Sechin.")}
    assert found == {"Rosneft": "asserted", "Igor Sechin": "asserted"}


def test_what_an_event_does_and_what_its_holder_does_not_do_leave_it_a_fact(extract_text):
    """Sanctions that cut something are sanctions imposed; an apposition
    describes its noun whatever the clause says of the noun."""
    fact = only(extract_text, "British sanctions on Belarus have cut its potash exports.", "sanctions")
    assert (fact.subject.label, fact.object.label, fact.modality) == ("United Kingdom", "Belarus", "asserted")
    fact = only(extract_text, "Kenya, the biggest buyer of Ukrainian maize, declined to comment.", "supplies")
    assert (fact.subject.label, fact.object.label, fact.factual) == ("Ukraine", "Kenya", True)
    assert not only(extract_text, "Russian gas deliveries to Latvia stopped in May.", "supplies").factual
