"""Page noise removal (kg.read.clean) on the real bundled articles and on page shapes
seen in copied news text: menus, bylines, bios, captions, related stories."""
from __future__ import annotations

import pytest

from kg.read.clean import clean_page_text, find_date, load_patterns, strip_markdown
from kg.errors import OntologyError

from conftest import ARTICLES

KYIV_INDEPENDENT = ARTICLES / "000_97b232455cd2a4c7.txt"
RBC_UKRAINE = ARTICLES / "001_a13f49f80d360422.txt"


def paragraphs(path) -> list[str]:
    return clean_page_text(path.read_text(encoding="utf-8")).text.split("\n\n")


@pytest.fixture(scope="module")
def kyiv():
    return clean_page_text(KYIV_INDEPENDENT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rbc():
    return clean_page_text(RBC_UKRAINE.read_text(encoding="utf-8"))


# -- the bundled articles ------------------------------------------------------

@pytest.mark.parametrize("noise", [
    "Show More", "Read more", "News Feed", "Avatar", "Reporter", "Video", "2 min read", "0 members on board",
    "Martin Fornusek is a reporter",  # the author bio
    "25,000 people chose to be part of the Kyiv Independent community",  # membership appeal
    "Photo by Sergei Karpukhin",  # photo caption
    "New US sanctions target Russian mining corporations",  # teaser of another story after the body
    "Russia failed to break Ukraine",  # teaser after "Read more"
])
def test_kyiv_independent_page_noise_is_gone(kyiv, noise):
    assert noise.lower() not in kyiv.text.lower()


def test_kyiv_independent_keeps_headline_and_every_body_paragraph(kyiv):
    raw = KYIV_INDEPENDENT.read_text(encoding="utf-8")
    body = [line for line in raw.splitlines() if len(line.split()) > 12 and "is a reporter" not in line
            and "Photo by" not in line and not line.startswith(("Russia failed", "25,000"))]
    assert len(body) == 10
    kept = kyiv.text.split("\n\n")
    assert kept[0] == "US intelligence report: China's support increasingly important for Russia's war effort"
    assert kept[1:] == body  # every paragraph, verbatim and in order; the repeated headline once


def test_kyiv_independent_metadata(kyiv):
    assert kyiv.title == "US intelligence report: China's support increasingly important for Russia's war effort"
    assert kyiv.author == "Martin Fornusek"  # from the bio, the only place the page names the author
    assert kyiv.date == ""  # the only full date is in a photo caption: not the page's date


@pytest.mark.parametrize("noise", ["ua en ru", "Author: Daria Shekina", "(Photo: Getty Images)",
                                   "technologies of great importance in the war"])
def test_rbc_ukraine_page_noise_is_gone(rbc, noise):
    assert noise not in rbc.text


def test_rbc_ukraine_keeps_body(rbc):
    kept = rbc.text.split("\n\n")
    assert kept[0] == "How China sides with Russia in the war - U.S intel reports"
    assert kept[1].startswith("China supplies Russia with technologies and equipment")
    assert kept[-1] == ("Moreover, China has influence over Russia. Chinese leader Xi Jinping personally warned "
                        "Russian dictator Vladimir Putin against a nuclear strike on Ukraine.")
    assert len(kept) == 12
    assert (rbc.title, rbc.author, rbc.date) == ("How China sides with Russia in the war - U.S intel reports",
                                                 "Daria Shekina", "")


# -- page shapes ---------------------------------------------------------------

PAGE = """Skip to main content
Home | World | Business | Tech | Sports
EN | FR | DE
Trending: Iran protests \u00b7 Ukraine war
WORLD NEWS
Canada sanctions Iranian drone makers over deliveries to Russia
Ottawa says the two manufacturers are central to the regime's activities abroad
Written by: Claire Tremblay | Ottawa | Updated: November 16, 2022 21:15 IST
Follow Us   [WhatsApp]   [Google News]
[Photo: Shahed drones over Kyiv, October 17, 2022]
OTTAWA, Nov. 16 (2022) - Canada on Wednesday imposed sanctions on two Iranian companies that produce drones.
Advertisement
Tehran denied it.
ALSO READ: Explained: What the Entity List means for exporters
Joly said Canada would respond to the regime's aggression, whether inside Iran or abroad.
Claire Tremblay is a senior correspondent covering foreign policy from Ottawa.
Related
EU freezes assets of Iranian drone maker over deliveries to Russia
42 comments
1. Ten things to do in Ottawa this weekend
"""


@pytest.fixture(scope="module")
def page():
    return clean_page_text(PAGE)


def test_page_keeps_headline_deck_and_paragraphs(page):
    assert page.text.split("\n\n") == [
        "Canada sanctions Iranian drone makers over deliveries to Russia",
        "Ottawa says the two manufacturers are central to the regime's activities abroad",
        "Canada on Wednesday imposed sanctions on two Iranian companies that produce drones.",
        "Tehran denied it.",  # a short paragraph is still a paragraph
        "Joly said Canada would respond to the regime's aggression, whether inside Iran or abroad.",
    ]


def test_page_metadata(page):
    assert page.title == "Canada sanctions Iranian drone makers over deliveries to Russia"
    assert page.author == "Claire Tremblay"
    assert page.date == "2022-11-16"  # from the byline, not from the photo caption's October 17


def test_date_from_a_dateline_when_no_date_line():
    c = clean_page_text("UK sanctions two Hong Kong firms over Russia's war effort\n"
                        "LONDON, 6 December 2023 - Britain on Wednesday imposed sanctions on two companies.")
    assert c.date == "2023-12-06"
    assert c.text.endswith("\n\nBritain on Wednesday imposed sanctions on two companies.")


@pytest.mark.parametrize("line", [
    "DUESSELDORF, Germany (Reuters) - Rheinmetall won an order.",
    "TOKYO, April 8 (Xinhua) -- Rheinmetall won an order.",
    "April 27 (Reuters) - Rheinmetall won an order.",
])
def test_a_wire_dateline_is_cut_so_its_place_is_no_actor(line):
    assert clean_page_text(line).text == "Rheinmetall won an order."


def test_no_date_from_a_sentence():
    c = clean_page_text("Putin warns South Korea against arming Ukraine\n"
                        "Russia and North Korea signed a treaty on June 19, 2024, officials said.")
    assert c.date == ""


def test_headline_ending_in_a_quote_is_the_title():
    c = clean_page_text("Putin warns South Korea against arming Ukraine: 'A very big mistake'\n"
                        "By Seoul Bureau\nRussian President Vladimir Putin has warned South Korea.")
    assert c.title == "Putin warns South Korea against arming Ukraine: 'A very big mistake'"
    assert c.author == "Seoul Bureau"


def test_a_sentence_starting_with_by_is_not_a_byline():
    c = clean_page_text("EU adopts its 14th sanctions package against Russia\n"
                        "By Wednesday, the EU had sanctioned 61 more Russian firms, diplomats said.")
    assert c.author == ""
    assert "By Wednesday, the EU had sanctioned 61 more Russian firms" in c.text


def test_hard_wrapped_paragraph_is_joined():
    c = clean_page_text("Japan freezes assets of Russian arms dealers\n\n"
                        "Japan on Friday froze the assets of eleven organizations and one\n"
                        "individual accused of helping to move North Korean weapons to\n"
                        "Russia, the government said.\n")
    assert c.text.split("\n\n")[1] == ("Japan on Friday froze the assets of eleven organizations and one individual "
                                       "accused of helping to move North Korean weapons to Russia, the government said.")


def test_menu_lines_are_not_joined_into_a_headline():
    c = clean_page_text("Skip to main content\nBreaking\nMenu\nSearch\nSubscribe\n"
                        "US confirms Iranian missiles reached Russia, blacklists Iran Air\n"
                        "By Washington Desk\nSeptember 10, 2024\n"
                        "Russia has taken delivery of short-range ballistic missiles from Iran, officials said.")
    assert c.text.split("\n\n")[0] == "US confirms Iranian missiles reached Russia, blacklists Iran Air"
    assert c.date == "2024-09-10"


def test_nothing_left_of_a_page_of_menus():
    assert clean_page_text("Menu\nSearch\nSign in\nHome | World | Business\n").text == ""


def test_markdown_markup_is_removed():
    text = strip_markdown("# UK sanctions *two* firms\n\nSee [the list](https://gov.uk/x) and __this__.\n\n***\n")
    assert text.splitlines() == ["UK sanctions two firms", "", "See the list and this.", ""]


@pytest.mark.parametrize("text, iso", [
    ("Published July 26, 2024 | Updated July 27, 2024", "2024-07-26"),
    ("3 min read | Updated 16 November 2024, 11:20 CET", "2024-11-16"),
    ("ISTANBUL, Nov. 3, 2025 --", "2025-11-03"),
    ("2025-01-24T08:00:00Z", "2025-01-24"),
    ("February 30, 2024", ""),
    ("NEW DELHI, Oct 24", ""),
])
def test_find_date(text, iso):
    assert find_date(text) == iso


# -- the pattern file is data, checked like data -------------------------------

def test_noise_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "noise.tsv"
    bad.write_text("# comment\ndrop\tmenu\nskip\tsearch\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"noise.tsv line 3: expected KIND<TAB>PATTERN"):
        load_patterns(bad)
    bad.write_text("drop\t(unclosed\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"line 1: bad regular expression"):
        load_patterns(bad)
    bad.write_text("author\tby (\\w+)\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"\(\?P<author>"):
        load_patterns(bad)


def test_bundled_noise_file_loads():
    pats = load_patterns()
    assert pats.drop.fullmatch("ua en ru") and pats.end.fullmatch("Show More")


# -- hard-wrapped releases (public-domain shape: White House fact sheets) ------
def test_a_wrapped_list_item_and_an_abbreviation_at_a_line_end_go_on():
    raw = ("Sanctions on Defense Firms\n\n"
           "The United States sanctions 40 firms in coordination with the G7; U.S.\n"
           "has now sanctioned over 600 targets. This includes:\n\n"
           "-   Herman Oblov, the head of the country's largest financial institution\n"
           "    Sevbank and an advisor since the 1990s.\n"
           "-   Twelve board members of Sovbank.\n")
    text = clean_page_text(raw).text
    assert "U.S. has now sanctioned over 600 targets." in text
    assert "-   Herman Oblov, the head of the country's largest financial institution Sevbank and" in text
    assert "Twelve board members of Sovbank." in text


def test_the_front_keeps_the_office_line_cleaning_drops():
    clean = clean_page_text("Title of the Release Goes Here\n\nOffice of the Spokesperson\n\n"
                            "The United States is designating two firms today for their support.\n")
    assert "Office of the Spokesperson" not in clean.text
    assert "Office of the Spokesperson" in clean.front
