"""Relation rules on sentences written for these tests (none from the dev set).

Each case names the phenomenon of GUIDELINES.md it covers. A fact is written
(subject label, relation, object label); ``facts`` keeps only those the text
asserts or reports (the ones that become direct triples).
"""
from __future__ import annotations

import pytest


def facts(extract_text, text):
    return {(f.subject.label, f.relation, f.object.label) for f in extract_text(text) if f.factual}


def assertions(extract_text, text):
    return {(f.subject.label, f.relation, f.object.label): f for f in extract_text(text)}


@pytest.mark.parametrize("text, expected", [
    # active, with the recipient in a to-phrase or as the object
    ("Iran sold drones to Russia in 2022.", ("Iran", "supplies", "Russia")),
    ("Beijing supplied Moscow with drones.", ("China", "supplies", "Russia")),
    # passive
    ("Rosatom was sanctioned by Japan on Tuesday.", ("Japan", "sanctions", "Rosatom")),
    # nominal forms
    ("Belarus's exports of potash to China doubled last year.", ("Belarus", "supplies", "China")),
    ("Canada's sanctions on Belarus took effect on Monday.", ("Canada", "sanctions", "Belarus")),
    # reverse direction: the subject receives
    ("Germany's imports of gas from Norway rose sharply.", ("Norway", "supplies", "Germany")),
    ("Hungary buys most of its oil from Russia.", ("Russia", "supplies", "Hungary")),
    ("Serbia received air defence systems from China.", ("China", "supplies", "Serbia")),
    # the origin of the goods names the supplier
    ("Last year Hungary bought large volumes of Russian gas.", ("Russia", "supplies", "Hungary")),
    # apposition and reduced relative clause
    ("Kalashnikov Concern, a rifle maker sanctioned by Australia last year, opened a new plant.",
     ("Australia", "sanctions", "Kalashnikov Concern")),
    # headline without a full sentence
    ("New EU sanctions target Belarusian potash exporters", ("European Union", "sanctions",
                                                             "Belarusian potash exporters")),
    # agencies stand for themselves; OFAC is part of the Treasury
    ("OFAC designated Sovcomflot in February.", ("US Treasury", "sanctions", "Sovcomflot")),
    # warnings address someone
    ("French President Emmanuel Macron warned Vladimir Putin against escalation.",
     ("Emmanuel Macron", "warns", "Vladimir Putin")),
    ("The EU threatened sanctions against Georgia.", ("European Union", "warns", "Georgia")),
    # a role noun: "X, Y's main supplier of Z"
    ("Before the war Norway was Poland's biggest supplier of gas.", ("Norway", "supplies", "Poland")),
    ("Egypt is the largest buyer of Ukrainian wheat.", ("Ukraine", "supplies", "Egypt")),
    # the supplier named by the goods' origin, in nominal and passive forms
    ("Deliveries of Iranian drones to Russia began in August.", ("Iran", "supplies", "Russia")),
    ("Iranian drones were supplied to Russia through the Caspian Sea.", ("Iran", "supplies", "Russia")),
    # sanctions on a country's goods or sector target the country
    ("The EU's sanctions on Russian diamonds took effect in January.", ("European Union", "sanctions", "Russia")),
    ("The sanctions imposed by Canada on Myanmar's military junta were expanded.", ("Canada", "sanctions", "Myanmar")),
    # a relative clause whose subject is the relation's subject
    ("Kim vowed closer ties with Russia, which has been supplying Pyongyang with oil.",
     ("Russia", "supplies", "North Korea")),
    ("Washington has threatened to sanction Chinese banks.", ("United States", "warns", "Chinese banks")),
    ("NATO issued a warning to Belarus on Monday.", ("NATO", "warns", "Belarus")),
    # being put or kept under sanctions
    ("In 2014 Washington put Sberbank under sanctions.", ("United States", "sanctions", "Sberbank")),
    ("Sberbank has been under US sanctions since 2022.", ("United States", "sanctions", "Sberbank")),
    # entity lists, active and passive; a hyphenated imposer
    ("The Commerce Department added Huawei to its Entity List in 2019.",
     ("US Commerce Department", "sanctions", "Huawei")),
    ("Huawei was added to the US Entity List in 2019.", ("United States", "sanctions", "Huawei")),
    ("EU-sanctioned oligarch Roman Abramovich sold Chelsea in 2022.",
     ("European Union", "sanctions", "Roman Abramovich")),
    # "sanctioned X for supplying": the sanctioned party is the supplier
    ("Britain sanctioned Emirati firms for sending drone engines to Russia.",
     ("Emirati firms", "supplies", "Russia")),
])
def test_relation_forms(extract_text, text, expected):
    assert expected in facts(extract_text, text)


def test_coordination_gives_every_pair(extract_text):
    got = facts(extract_text, "Canada and Australia sanctioned Rosatom, Gazprombank and Alrosa.")
    assert got == {(s, "sanctions", o) for s in ("Canada", "Australia") for o in ("Rosatom", "Gazprombank", "Alrosa")}


def test_listed_members_of_a_numbered_group(extract_text):
    got = facts(extract_text, "Britain imposed sanctions on two companies registered in Dubai, Orion Trading "
                              "Limited and Vega Parts LLC, on Friday.")
    assert ("United Kingdom", "sanctions", "Orion Trading Limited") in got
    assert ("United Kingdom", "sanctions", "Vega Parts LLC") in got


def test_national_group_is_a_group_based_in_its_country(extract_text):
    fact = next(f for f in extract_text("Turkish companies shipped machine tools to Russia.") if f.relation == "supplies")
    assert (fact.subject.label, fact.subject.type, fact.subject.based_in) == ("Turkish companies", "Group", "turkey")


def test_pronoun_resolved_within_the_article(extract_text):
    got = facts(extract_text, "Belarus has become a key partner of the Kremlin. It supplied Russia with "
                              "artillery shells last year.")
    assert ("Belarus", "supplies", "Russia") in got


def test_description_resolved_to_named_company(extract_text):
    text = ("Vitol, the Swiss trading firm, has long dealt in fuel. Last year the company bought crude "
            "from Angola.")
    assert ("Angola", "supplies", "Vitol") in facts(extract_text, text)


def test_news_outlets_are_sources_not_actors(extract_text):
    found = extract_text("Reuters reported that Iran sold drones to Russia.")
    assert {(f.subject.label, f.object.label) for f in found} == {("Iran", "Russia")}
    assert (found[0].modality, found[0].source) == ("reported", "Reuters")


def test_according_to_names_the_source_and_double_objects_the_recipient(extract_text):
    fact = next(iter(extract_text("According to CNN, Beijing sold Russia lethal weapons.")))
    assert (fact.subject.label, fact.object.label, fact.items) == ("China", "Russia", ("lethal weapons",))
    assert (fact.modality, fact.source) == ("reported", "CNN")


@pytest.mark.parametrize("text", [
    "The war exposed weaknesses in the supply chain of European armies.",
    "The water supply of Kyiv was cut after the strike.",
    "Analysts saw warning signs in Germany's economy.",
    "Met Eireann issued a weather warning for Ireland.",
    "The clubs sanctioned the plan on Monday.",
    "Roman Abramovich sold Chelsea in 2022.",  # what is sold is not a recipient
    "Turkey sent a delegation to Libya.",  # what is sent or received is no goods
    "Armenia received assurances from France.",
])
def test_other_senses_of_trigger_words_give_nothing(extract_text, text):
    assert facts(extract_text, text) == set()


def test_items_and_amount_on_the_assertion(extract_text):
    fact = next(iter(extract_text("China shipped more than $50 million in drones and drone parts to Russia.")))
    assert fact.items == ("drones", "drone parts")
    assert fact.amount == "more than $50 million"


def test_every_assertion_names_its_rule(extract_text):
    found = extract_text("Iran sold drones to Russia. Germany's imports of gas from Norway rose.")
    assert {f.rule for f in found} == {"verb:sell", "noun-rev:import"}


def test_time_of_the_fact_as_written(extract_text):
    fact = next(iter(extract_text("Britain on Wednesday imposed sanctions on Alrosa.")))
    assert (fact.subject.label, fact.object.label, fact.time) == ("United Kingdom", "Alrosa", "Wednesday")


def test_a_warning_sent_or_received_is_a_warning_not_a_supply(extract_text):
    assert facts(extract_text, "Iran sent a warning to Iraq.") == {("Iran", "warns", "Iraq")}
    assert facts(extract_text, "Serbia received a warning from the European Union.") == \
        {("European Union", "warns", "Serbia")}


def test_a_known_name_keeps_its_new(extract_text):
    assert facts(extract_text, "New Zealand froze the assets of Russian banker Pyotr Aven.") == \
        {("New Zealand", "sanctions", "Pyotr Aven")}


def test_a_countrys_ministry_or_embassy_stands_for_the_country(extract_text):
    """GUIDELINES: a government body may stand for its state; a named force does not."""
    assert facts(extract_text, "Japan's foreign ministry warned Pyongyang.") == {("Japan", "warns", "North Korea")}
    assert facts(extract_text, "The Iranian embassy warned Baku.") == {("Iran", "warns", "Azerbaijan")}
    assert facts(extract_text, "Russia's Defence Ministry bought drones from Iran.") == {("Iran", "supplies", "Russia")}
    assert ("Eritrea", "supplies", "Sudan") not in facts(
        extract_text, "Eritrea sold ammunition to Sudan's Rapid Support Forces.")


def test_a_supply_resumed_or_continued_is_a_supply(extract_text):
    assert facts(extract_text, "Algeria resumed gas supplies to Spain.") == {("Algeria", "supplies", "Spain")}
    assert facts(extract_text, "Germany began talks on supplies of tanks to Ukraine.") == set()


def test_the_speaker_of_an_inserted_it_said_is_not_the_doer(extract_text):
    found = facts(extract_text, "Britain sanctioned three Turkish firms it said had shipped drone engines to Iran.")
    assert ("United Kingdom", "supplies", "Iran") not in found
    assert ("United Kingdom", "sanctions", "Turkish firms") in found


def test_a_name_with_and_inside_stays_whole(extract_text):
    found = facts(extract_text, "Ukraine's National Security and Defence Council froze the assets of Igor Kolomoisky.")
    assert found == {("National Security and Defence Council", "sanctions", "Igor Kolomoisky")}


@pytest.mark.parametrize("text, expected", [
    ("The EU reimposed sanctions on Belarus.", ("European Union", "sanctions", "Belarus")),
    ("Washington tightened export controls on Huawei.", ("United States", "sanctions", "Huawei")),
    ("China added Skydio to its unreliable entity list.", ("China", "sanctions", "Skydio")),
    ("EU foreign ministers adopted sanctions against Ilan Shor.", ("European Union", "sanctions", "Ilan Shor")),
    ("Ottawa hit Rosneft with sanctions.", ("Canada", "sanctions", "Rosneft")),
    ("Hezbollah was slapped with new sanctions by Britain.", ("United Kingdom", "sanctions", "Hezbollah")),
    ("Washington imposed an import ban on Russian uranium.", ("United States", "sanctions", "Russia")),
    ("Ankara slapped export restrictions on Israel.", ("Turkey", "sanctions", "Israel")),
])
def test_more_ways_of_imposing_sanctions(extract_text, text, expected):
    assert expected in facts(extract_text, text)


def test_goods_made_in_a_country_come_from_it(extract_text):
    assert facts(extract_text, "Serbia received its first batch of Chinese-made FK-3 missiles.") == \
        {("China", "supplies", "Serbia")}
    assert facts(extract_text, "Japan imported 90,000 barrels per day of Saudi crude in May.") == \
        {("Saudi Arabia", "supplies", "Japan")}


def test_the_object_pronoun_of_an_accusation_is_not_the_accuser(extract_text):
    found = facts(extract_text, "Canada sanctioned Rosoboronexport, accusing it of selling jets to Myanmar.")
    assert found == {("Canada", "sanctions", "Rosoboronexport"), ("Rosoboronexport", "supplies", "Myanmar")}


def test_a_participle_after_a_report_goes_on_with_what_was_said(extract_text):
    found = assertions(extract_text, "France has delivered Caesar howitzers to Ukraine, Defence Minister "
                       "Sebastien Lecornu said on Monday, providing Kyiv with long-range artillery.")
    assert {(s, o) for s, _, o in found} == {("France", "Ukraine")}
    found = assertions(extract_text, "Australia will impose new sanctions on Iran, freezing assets held by "
                       "Bank Melli, Foreign Minister Penny Wong said.")
    assert {(s, o, f.modality) for (s, _, o), f in found.items()} >= {("Australia", "Bank Melli", "intended")}


def test_a_lowercase_word_is_no_actor(extract_text):
    assert facts(extract_text, "China has imposed export controls on gallium and germanium.") == set()


def test_a_headline_verb_read_as_a_noun_still_halts(extract_text):
    assert facts(extract_text, "Russia's Gazprom halts gas supplies to Latvia and Estonia") == set()


def test_a_name_with_of_and_and_stays_whole(extract_text):
    found = facts(extract_text, "The Bureau of Economic Analysis and Statistics warned Argentina.")
    assert found == {("Bureau of Economic Analysis and Statistics", "warns", "Argentina")}


def test_a_pronoun_is_not_resolved_to_a_subject_it_cannot_be(extract_text):
    """In "Hungary and Slovakia buy fuel from it", "it" is neither buyer; when the
    other candidates are just as likely, no supplier is guessed."""
    found = facts(extract_text, "The European Union has not sanctioned Rosatom, as Bulgaria and Slovakia still "
                  "buy fuel from it for their reactors.")
    assert not {f for f in found if f[1] == "supplies" and f[0] in ("Bulgaria", "Slovakia", "European Union")}


def test_threatening_to_veto_sanctions_does_not_warn_their_target(extract_text):
    found = facts(extract_text, "Orban threatened to veto the European Union's new sanctions package against Belarus.")
    assert ("Viktor Orban", "warns", "Belarus") not in found and ("Orban", "warns", "Belarus") not in found


def test_a_numbered_group_named_by_the_next_sentence(extract_text):
    """ "The companies are A, B and C", "They include A and B": the group is its members."""
    found = facts(extract_text, "Japan sanctioned three Iranian companies on Monday. The companies are Parsian "
                  "Dynamics, Kavir Aerosystems and Zagros Avionics.")
    assert found == {("Japan", "sanctions", n) for n in ("Parsian Dynamics", "Kavir Aerosystems", "Zagros Avionics")}
    found = facts(extract_text, "Canada sanctioned six Russian firms. They include Almaz Group and Kupol Works.")
    assert found == {("Canada", "sanctions", "Almaz Group"), ("Canada", "sanctions", "Kupol Works")}
    found = facts(extract_text, "The US sanctioned two Chinese firms on Tuesday. Xi Jinping and Joe Biden met in Lima.")
    assert found == {("United States", "sanctions", "Chinese firms")}


def test_targets_listed_after_the_fact(extract_text):
    """ "The sanctioned individuals include A and B": objects of the sanctions just stated."""
    found = facts(extract_text, "Canada imposed new sanctions on Iran. The sanctioned individuals include "
                  "General Hossein Salami and Amir Hatami.")
    assert {o for s, r, o in found if s == "Canada"} >= {"Hossein Salami", "Amir Hatami"}
    found = facts(extract_text, "The EU is considering sanctions on Iran. Those targeted would include Hossein "
                  "Salami and Amir Hatami.")
    assert found == set()


def test_the_measures_also_target(extract_text):
    """ "The measures also target A": more objects of the sanctions just stated, not of a plan."""
    found = facts(extract_text, "Australia imposed sanctions on Iran on Monday. The measures also target Mahan "
                  "Air and Caspian Airlines.")
    assert {o for s, r, o in found if s == "Australia"} >= {"Mahan Air", "Caspian Airlines"}
    found = facts(extract_text, "Australia is considering sanctions on Iran. The measures would target Mahan Air.")
    assert found == set()
