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


_RELEASE = "Office of the Spokesperson\n\n"


@pytest.mark.parametrize("body, expected, absent", [
    # the release's office is the designator when the passive names none (kg:issuerActs)
    ("Igor Semyonov is designated pursuant to E.O. 14024 for operating in the defense sector.",
     ("United States", "sanctions", "Igor Semyonov"), None),
    # ... but not when a designator is named further down the clause
    ("Velmont Chemical Works, which is designated for sanctions by the United Nations, sold parts to Iran.",
     None, ("United States", "sanctions", "Velmont Chemical Works")),
    # what they are designated as is no actor
    ("Arvo Kallas and Pedro Ruiz Salcedo are designated as Specially Designated Global Terrorists (SDGTs).",
     ("United States", "sanctions", "Pedro Ruiz Salcedo"), ("United States", "sanctions", "SDGTs")),
])
def test_designations_in_a_release(extract_text, body, expected, absent):
    got = facts(extract_text, _RELEASE + body)
    assert expected is None or expected in got
    assert absent is None or absent not in got


def test_an_agentless_designation_in_news_has_no_designator(extract_text):
    assert not facts(extract_text, "Igor Semyonov was designated last year, the newspaper said.")


@pytest.mark.parametrize("text, expected, absent", [
    # a description with the names after it: the names are the targets, not the description's country
    ("The Treasury designated three Belarusian officials, Ivan Harbuz, Oleg Sidarenka and Pavel Lutsik.",
     {("US Treasury", "sanctions", n) for n in ("Ivan Harbuz", "Oleg Sidarenka", "Pavel Lutsik")},
     ("US Treasury", "sanctions", "Belarus")),
    # a title or description before each name, which the parser hangs on the next one
    ("The Treasury imposed sanctions on Russian national Ivan Petrovich Gusev and DPRK national Pak Chol Min.",
     {("US Treasury", "sanctions", "Ivan Petrovich Gusev"), ("US Treasury", "sanctions", "Pak Chol Min")}, None),
    # a description of someone named is no target: "the head of X", "between A and B"
    ("The EU sanctioned Dmitri Orlov, the head of Vostok Freight, and Anna Belova.",
     {("European Union", "sanctions", "Dmitri Orlov"), ("European Union", "sanctions", "Anna Belova")},
     ("European Union", "sanctions", "Vostok Freight")),
    # every named example, each after its own title or description
    ("Canada sanctioned four people, including former senator Paul Girard and businessman Marc Tessier.",
     {("Canada", "sanctions", "Paul Girard"), ("Canada", "sanctions", "Marc Tessier")}, None),
    ("The Commerce Department added 120 Chinese companies to its Entity List, including toolmakers "
     "Beifang Huachuang Micro and Shenyang Kinsun Equipment.",
     {("US Commerce Department", "sanctions", "Beifang Huachuang Micro"),
      ("US Commerce Department", "sanctions", "Shenyang Kinsun Equipment")}, None),
    # an apposition describes the name just before its comma; "its" there is not that name
    ("Armenia has long relied on Russia, its traditional arms supplier.", {("Russia", "supplies", "Armenia")},
     ("Armenia", "supplies", "Russia")),
    ("SEFE signed the deal. Norway's Equinor is now its biggest single gas supplier.", set(),
     ("Equinor", "supplies", "Norway")),
])
def test_names_listed_in_one_phrase(extract_text, text, expected, absent):
    got = facts(extract_text, text)
    assert expected <= got
    assert absent is None or absent not in got


@pytest.mark.parametrize("text, expected, absent", [
    # a passive buyer: the goods' maker or country supplies the one who bought them
    ("The first shipment of Russian wheat purchased by the Egyptian government reached Alexandria.",
     ("Russia", "supplies", "Egypt"), ("Egypt", "supplies", "Russia")),
    # duties on goods from a country aim at that country ...
    ("Ottawa announced the imposition of import duties on certain steel products from China.",
     ("Canada", "sanctions", "China"), None),
    # ... restrictions on travel from it do not (kg:nonItem of sanctions)
    ("Italy tightened restrictions on all travel from India.", None, ("Italy", "sanctions", "India")),
    # troops and relief are no goods (kg:nonItem of supplies)
    ("President Claudia Sheinbaum sent 10,000 troops to Mexico's northern border.", None, ("", "supplies", "Mexico")),
    ("Washington provided Tehran with sanctions relief.", None, ("", "supplies", "Iran")),
    ("It adds to the $2 billion in funding which Japan has provided to the Philippines.", None, ("", "supplies", "Philippines")),
    # a destination for goods receives them (kg:reverseAgentNoun)
    ("Japan is a major destination for French wine.", ("France", "supplies", "Japan"), None),
])
def test_goods_and_their_country(extract_text, text, expected, absent):
    got = facts(extract_text, text)
    assert expected is None or expected in got
    assert absent is None or not any(f[1:] == absent[1:] and (not absent[0] or f[0] == absent[0]) for f in got)


@pytest.mark.parametrize("text, expected", [
    # a consequence someone says another will face warns them (kg:consequenceVerb)
    ("Berlin said that Serbia would face severe consequences.", ("Germany", "warns", "Serbia")),
    # an act that is to bring consequences warns its doer (kg:outcomeVerb)
    ("Any use by Belarus of such weapons would result in severe consequences, the G7 said.",
     ("G7", "warns", "Belarus")),
    # a name the parser hung as an adverb before a that-clause is the one warned
    ("Azerbaijan's foreign ministry warned Paris that arming Yerevan would destabilize the region.",
     ("Azerbaijan", "warns", "France")),
    # an embassy is its own state's, wherever it sits
    ("Russia's embassy in Bern warned the Swiss government.", ("Russia", "warns", "Switzerland")),
    # told to do something or face a harm: an ultimatum
    ("The G7 urged Belarus on Friday to release the prisoners or face additional sanctions.", ("G7", "warns", "Belarus")),
])
def test_warnings(extract_text, text, expected):
    got = facts(extract_text, text)
    assert any(f[1:] == expected[1:] and (not expected[0] or f[0] == expected[0]) for f in got), got


@pytest.mark.parametrize("text", [
    "Analysts said Serbia would face severe consequences.",  # no actor says it
    "Moscow said it would face no consequences.",  # none promised
    "Office of the Spokesperson\n\nUnder the agreement, Keysight will pay a civil penalty of $6 million.",  # a settlement
])
def test_no_warning(extract_text, text):
    assert not any(r == "warns" for _, r, _ in facts(extract_text, text))


@pytest.mark.parametrize("text, expected, absent", [
    # a ban on trade aims where the goods come from or go to
    ("The United States banned imports of Russian enriched uranium in 2024.", ("United States", "sanctions", "Russia"), None),
    ("Washington restricted exports of advanced chips to China.", ("United States", "sanctions", "China"), None),
    # ... a description of the target is no trade: its nationality is not the target
    ("Washington blacklisted the Russian producer in October.", None, ("United States", "sanctions", "Russia")),
    # a share of someone's goods or imports, "one of" the buyers, "get" as a buyer's verb
    ("Norway provides around 60% of Britain's gas imports.", ("Norway", "supplies", "United Kingdom"), None),
    ("Germany is one of the largest buyers of American LNG.", ("United States", "supplies", "Germany"), None),
    ("Armenia gets nearly all of its natural gas from Gazprom.", ("Gazprom", "supplies", "Armenia"), None),
])
def test_trade_and_shares(extract_text, text, expected, absent):
    got = facts(extract_text, text)
    assert expected is None or expected in got
    assert absent is None or absent not in got


@pytest.mark.parametrize("text", [
    # access, training, powers and blows are no goods (kg:nonItem)
    "The U.S. Government has provided Colombia, Ecuador, and Panama with access to SeaVision.",
    "The law gives the New Zealand government the power to sanction individuals.",
    "Ukrainian forces have used them to deliver severe blows to the Russian military.",
    # a named conjunct of a thing given is a thing too
    "Since 2018, the U.S. government has provided a Lockheed P-3 Orion aircraft and a Boeing 707.",
    # "export controls" name a sanction, not a supply
    "China's commerce ministry on Thursday expanded export controls on rare earths to the United States.",
    # a headline's capitalized common noun is nobody
    "Fact Sheet: President Trump Imposes Tariffs on Countries Importing Venezuelan Oil",
])
def test_no_supply(extract_text, text):
    assert not any(r == "supplies" for _, r, _ in facts(extract_text, text)), facts(extract_text, text)


@pytest.mark.parametrize("text, expected", [
    # who signs or adopts an instrument acts by it (kg/data/instrument_nouns.txt)
    ("Today, President Donald J. Trump signed an Executive Order imposing tariffs on Brazil.",
     ("Donald Trump", "sanctions", "Brazil")),
    ("The UN Security Council adopted a resolution imposing an arms embargo on South Sudan.",
     ("UN Security Council", "sanctions", "South Sudan")),
    # a release's "the Department" is its issuer (kg/data/issuer_nouns.txt)
    (_RELEASE + "The Department is also designating Gilberto Ramos Mejia.", ("United States", "sanctions", "Gilberto Ramos Mejia")),
])
def test_who_acts(extract_text, text, expected):
    assert expected in facts(extract_text, text)


@pytest.mark.parametrize("text", ["New US sanctions on Iran are on the table.",
                                  "US sanctions on Iran are now under consideration."])
def test_sanctions_on_the_table_are_not_imposed(extract_text, text):
    assert ("United States", "sanctions", "Iran") not in facts(extract_text, text)


def test_names_that_modify_a_noun_are_no_targets(extract_text):
    got = facts(extract_text, "Today, the United States designated four ISIS and ISIS-Mozambique (ISIS-M) "
                              "financial facilitators in South Africa.")
    assert not any(o.startswith("ISIS") for _, r, o in got if r == "sanctions"), got


def test_what_one_is_allowed_to_do_is_not_done(extract_text):
    assert ("Iran", "supplies", "China") not in facts(extract_text, "The deal allowed Iran to sell oil to China.")


def test_a_listing_under_a_verb_of_saying(extract_text):
    text = ("The Treasury on Tuesday imposed sanctions on three firms in Iran and Turkey. Those designated include "
            "Tehran-based Pishgam Sanat Arya Co and Istanbul-based Korfez Elektronik, the Treasury said in a statement.")
    got = facts(extract_text, text)
    assert {("US Treasury", "sanctions", "Pishgam Sanat Arya Co"), ("US Treasury", "sanctions", "Korfez Elektronik")} <= got


@pytest.mark.parametrize("text, expected", [
    # a country's market stands for it (kg/data/market_nouns.txt), also on the copula of an agent noun
    ("Canada and Mexico are both top exporters of the metals to U.S. markets.", ("Canada", "supplies", "United States")),
    ("Iran sells most of its oil to Chinese customers.", ("Iran", "supplies", "China")),
    # retaliating with tariffs imposes them (kg:supportVerb)
    ("Europe quickly retaliated with its own tariffs on $28 billion worth of U.S. exports.",
     ("Europe", "sanctions", "United States")),
])
def test_markets_and_retaliation(extract_text, text, expected):
    assert expected in facts(extract_text, text)


def test_a_list_of_targets_after_a_colon(extract_text):
    text = (_RELEASE + "Today, the following individuals are being designated pursuant to E.O. 14024:\n\n"
            "ALEKSEY MOROZOV is a Deputy Minister of Defense.\n\n"
            "YURIY PETROV is a Deputy Minister of Defense. Petrov oversees procurement.\n\n"
            "- Oleg Varenko, the head of the Navy's logistics command.\n\n"
            "The Department will continue to act.")
    got = facts(extract_text, text)
    assert {("United States", "sanctions", n) for n in ("ALEKSEY MOROZOV", "YURIY PETROV", "Oleg Varenko")} <= got
    assert not any(o == "Petrov" for _, _, o in got)  # a description's sentence names no new target


def test_a_bulleted_reason_is_no_target(extract_text):
    text = (_RELEASE + "We are imposing sanctions on Cuba for these reasons:\n\n"
            "- Cuba maintains close ties to state sponsors of terrorism, including the Government of Iran.")
    assert ("United States", "sanctions", "Iran") not in facts(extract_text, text)


def test_a_release_read_from_a_file_keeps_its_issuer(tmp_path, nlp, lexicon):
    from kg.extract import extract
    from kg.read.ingest import read_file

    path = tmp_path / "release.txt"
    path.write_text("Designation of a Procurement Agent\n\nOffice of the Spokesperson\n\n"
                    "Igor Semyonov is designated pursuant to E.O. 14024 for operating in the defense sector.\n",
                    encoding="utf-8")
    article = next(iter(read_file(path)))
    got = {(f.subject.label, f.relation, f.object.label) for f in extract(article, nlp(article.text), lexicon).facts}
    assert ("United States", "sanctions", "Igor Semyonov") in got


def test_an_abbreviation_ends_a_sentence_before_the(nlp):
    doc = nlp("Canada cut the flow of fentanyl into the U.S. The move came after new tariffs. "
              "The U.S. Treasury said it acted.")
    assert [s.text.strip() for s in doc.sents] == [
        "Canada cut the flow of fentanyl into the U.S.", "The move came after new tariffs.",
        "The U.S. Treasury said it acted."]


def test_a_spokesperson_line_names_the_issuer(extract_text):
    text = ("Terrorist Designation of a Militia Leader\n\nJane Roe, Department Spokesperson\n\n"
            "Today, we are designating Abu Karim al-Masri as a Specially Designated Global Terrorist.")
    assert ("United States", "sanctions", "Abu Karim al-Masri") in facts(extract_text, text)


@pytest.mark.parametrize("text, expected", [
    # goods NER takes for a firm (kg/data/commodity_names.txt); a country before them is the supplier
    ("U.S. LNG exports to Europe have nearly tripled.", ("United States", "supplies", "Europe")),
    ("Russian gas exports to Hungary fell.", ("Russia", "supplies", "Hungary")),
])
def test_goods_before_a_trade_noun(extract_text, text, expected):
    got = facts(extract_text, text)
    assert expected in got and not any("LNG" in s for s, _, _ in got)


@pytest.mark.parametrize("text, expected", [
    # an acronym in parentheses is no part of the name before it; the long form is an alias (actors.tsv)
    ("Today, the Department of the Treasury’s Office of Foreign Assets Control (OFAC) designated Aung Hlaing Oo.",
     ("US Treasury", "sanctions", "Aung Hlaing Oo")),
    # security assistance is aid (kg:nounTrigger)
    ("Washington continues its security assistance to Ukraine.", ("United States", "supplies", "Ukraine")),
])
def test_agencies_and_assistance(extract_text, text, expected):
    assert expected in facts(extract_text, text)


@pytest.mark.parametrize("text, expected", [
    # states listed one after another, however the parser hangs them
    ("The EU, UK, Japan, Australia, and New Zealand have previously designated Maria Zakharova.",
     {("United Kingdom", "sanctions", "Maria Zakharova"), ("Japan", "sanctions", "Maria Zakharova")}),
    # "X-based" or "U.S.-designated" before a name is no part of it
    ("The Treasury sanctioned the Iran-based Jestar Sanat Delijan.", {("US Treasury", "sanctions", "Jestar Sanat Delijan")}),
])
def test_states_listed_and_names_after_a_participle(extract_text, text, expected):
    assert expected <= facts(extract_text, text)
