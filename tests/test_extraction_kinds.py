"""Kinds of statement found missing on real public-domain text (State Department
and White House releases, Voice of America stories), on sentences written for
these tests: none is copied from a release or a story."""
from __future__ import annotations

import pytest
from test_relations import facts


@pytest.mark.parametrize("text, expected", [
    # a threat to harm someone is a warning to them (kg:hostileVerb)
    ("Moscow threatened to cut off gas to Moldova.", ("Russia", "warns", "Moldova")),
    ("Ankara threatened to sever ties with Israel.", ("Turkey", "warns", "Israel")),
    # tariffs are trade restrictions; on goods, they aim at the goods' country
    ("Canada imposed tariffs on American steel.", ("Canada", "sanctions", "United States")),
    ("Washington slapped a 25% tariff on imports from Mexico.", ("United States", "sanctions", "Mexico")),
    # a company name NER cuts before its legal form, listed after a colon
    ("The Treasury designated three firms: Hexa Marine Trading LLC, Sunrise Petrochem FZE and Golden Gate "
     "Shipping Co.", ("US Treasury", "sanctions", "Hexa Marine Trading LLC")),
    # a name goes on across its particles
    ("The State Department designated Katibat al Nur wal Hikma as a terrorist group.",
     ("State Department", "sanctions", "Katibat al Nur wal Hikma")),
    # a title is no part of the name
    ("The Treasury also sanctioned Interior Minister Levan Kapanadze.",
     ("US Treasury", "sanctions", "Levan Kapanadze")),
])
def test_kinds_of_statement(extract_text, text, expected):
    assert expected in facts(extract_text, text)


def test_we_in_a_release_is_its_issuers_state(extract_text):
    text = ("Sanctions on Two Banks\n\nJane Doe, Secretary of State\n\n"
            "Today we are imposing full blocking sanctions on two banks: Alpha Credit Bank and Borealis Bank.")
    got = facts(extract_text, text)
    assert {("United States", "sanctions", "Alpha Credit Bank"), ("United States", "sanctions", "Borealis Bank")} <= got


def test_we_in_a_quote_or_an_article_without_issuer_is_nobody(extract_text):
    assert not facts(extract_text, "\"We are imposing sanctions on Borealis Bank,\" the minister said.")
    assert not facts(extract_text, "Analysts said we should expect sanctions on Borealis Bank.")


@pytest.mark.parametrize("text", [
    "Analysts believe Iran hopes to sell drones to Venezuela.",  # "hopes" lemmatized "hop" by the small model
    "The charity sent funds to the militia.",  # money is no goods
    "Trump threatened tariffs on India.",  # a threatened sanction is none
])
def test_no_fact_asserted(extract_text, text):
    assert not any(r in ("supplies", "sanctions") for _, r, _ in facts(extract_text, text))


@pytest.mark.parametrize("text, expected", [
    # a harm promised on a condition about someone warns them (kg:conditionMark, kg:consequenceVerb)
    ("President Biden said Russia will face severe consequences if it invades Ukraine.",
     ("Joe Biden", "warns", "Russia")),
    ("Ankara said that if Washington imposes tariffs, Turkey will retaliate.", ("Turkey", "warns", "United States")),
    # trade restrictions, donations and stepped-up sanctions (new lexicon words in ontology.ttl)
    ("Beijing has imposed tight restrictions on Japanese seafood.", ("China", "sanctions", "Japan")),
    ("China donated vaccines to the Philippines in February.", ("China", "supplies", "Philippines")),
])
def test_threats_and_trade_measures(extract_text, text, expected):
    assert expected in facts(extract_text, text)


@pytest.mark.parametrize("text", [
    "President Biden said Russia could face consequences if it invades Ukraine.",  # a guess, no promise
    "If China attacks Taiwan, Japan will not retaliate.",  # negated
    "Iran denied that it would retaliate against Israel if Israel struck.",  # denied
    "If Tehran ships missiles to Moscow, the G7 would sanction Iran Air.",  # nobody says it: a writer's guess
])
def test_no_threat_is_asserted(extract_text, text):
    assert not any(r == "warns" for _, r, _ in facts(extract_text, text))
