"""The table of states in kg/data/actors.tsv (issue 17): every UN member and
observer has a row, a name stands for one actor only, small states come out
under their common name, and a word that only looks like a state does not
become one. The sentences are written for these tests."""
from __future__ import annotations

import pytest
from test_relations import facts

from kg.extract.lexicon import load_actors, normalize
from kg.resources import data_lines


def _rows() -> list[list[str]]:
    return [(line.split("\t") + [""] * 7)[:7] for _, line in data_lines("actors.tsv")]


@pytest.mark.parametrize("column", [5, 6], ids=["aliases", "demonyms"])
def test_every_name_stands_for_one_actor(column):
    # load_actors keeps the first row of a name silently; a second row would never be found
    owner: dict[str, str] = {}
    clashes = []
    for row in _rows():
        names = [row[1], *row[5].split("|")] if column == 5 else row[6].split("|")
        for name in filter(None, names):
            key = owner.setdefault(normalize(name), row[0])
            if key != row[0]:
                clashes.append(f"{name!r}: {key} and {row[0]}")
    assert not clashes


def test_a_demonym_is_no_other_actors_name():
    _, aliases, demonyms = load_actors()
    assert {d: (k, aliases[d]) for d, k in demonyms.items() if aliases.get(d, k) != k} == {}


def test_all_un_members_and_observers_have_a_row():
    countries = [row for row in _rows() if row[2] == "Country"]
    # 193 members, 2 observers, and Taiwan, Hong Kong, Macau, Kosovo, Greenland, Transnistria
    assert len(countries) == 201
    labels = {row[1] for row in countries}
    assert {"Tajikistan", "North Macedonia", "Burkina Faso", "Eswatini", "Vatican", "Palestine", "Tuvalu"} <= labels
    qids = [row[3] for row in countries if row[3]]
    assert len(qids) == len(set(qids))


@pytest.mark.parametrize("text, expected", [
    ("Tajikistan imposed sanctions on Borealis Bank.", ("Tajikistan", "sanctions", "Borealis Bank")),
    # an official long name, a former name, a seat of government
    ("The Republic of North Macedonia sold artillery shells to Ukraine.",
     ("North Macedonia", "supplies", "Ukraine")),
    ("Swaziland bought maize from Zambia.", ("Zambia", "supplies", "Eswatini")),
    ("Ouagadougou warned Niamey against closing the border.", ("Burkina Faso", "warns", "Niger")),
    # the other spelling is an alias of the common one
    ("Côte d'Ivoire sanctioned Alpha Credit Bank.", ("Ivory Coast", "sanctions", "Alpha Credit Bank")),
    # a demonym with a state noun stands for the state; a demonym on goods names their origin
    ("Tajik authorities froze the assets of Borealis Bank.", ("Tajikistan", "sanctions", "Borealis Bank")),
    ("China kept buying Turkmen gas last year.", ("Turkmenistan", "supplies", "China")),
])
def test_small_states_come_out_by_their_common_name(extract_text, text, expected):
    assert expected in facts(extract_text, text)


def test_a_capital_that_is_a_common_word_is_no_state(extract_text):
    # Malé (Maldives), Victoria (Seychelles), Kingston (Jamaica) are left out of the table on purpose
    got = facts(extract_text, "Male officials in Nairobi imposed sanctions on Borealis Bank.")
    assert ("Kenya", "sanctions", "Borealis Bank") in got
    assert {s for s, _, _ in got} == {"Kenya"}


def test_a_first_name_is_a_person_not_chad(extract_text):
    got = facts(extract_text, "Chad Miller sold drones to Niger.")
    assert not any("Chad" == s or "Chad" == o for s, _, o in got)
