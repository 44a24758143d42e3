"""Normalisation of what people type: names, particles, married names, dates, e-mails, places."""

from datetime import date

import pytest

from forprev.people.duplicates.keys import phonetic
from forprev.people.duplicates.normalise import (
    first_name_form,
    fold,
    is_feminine_of,
    last_name_forms,
    normalise_email,
    normalise_place,
    normalise_postcode,
    parse_birth_date,
    postcode_area,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lætitia", "laetitia"),
        ("CŒUR", "coeur"),
        ("Straße", "strasse"),
        ("Søren Łukasz", "soren lukasz"),
        ("Hélène LEFÈVRE-D'ARC", "helene lefevre d arc"),
        ("  N’Diaye ", "n diaye"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_drops_accents_case_and_punctuation_and_transliterates(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("spellings", "joined"),
    [
        (["De La Fontaine", "de la fontaine", "Delafontaine", "DE LA FONTAINE"], "delafontaine"),
        (["Le Gall", "Le-Gall", "LEGALL"], "legall"),
        (["N'Diaye", "N’DIAYE", "Ndiaye"], "ndiaye"),
        (["Dubois-Martin", "Dubois Martin"], "duboismartin"),
    ],
)
def test_spacing_hyphens_and_apostrophes_do_not_change_a_last_name(spellings, joined):
    assert {last_name_forms(s)[0].joined for s in spellings} == {joined}


def test_particles_are_dropped_from_the_core_of_a_name():
    assert last_name_forms("de la Fontaine")[0].core == "fontaine"
    assert last_name_forms("d'Alembert")[0].core == "alembert"
    assert last_name_forms("Du Bois")[0].core == "bois"
    assert last_name_forms("Des Essarts")[0].core == "essarts"
    assert last_name_forms("Le Goff")[0].core == "goff"


def test_a_name_made_only_of_a_particle_keeps_it():
    # « Le » is a Vietnamese surname.
    form = last_name_forms("LE")[0]
    assert (form.joined, form.core, form.tokens) == ("le", "le", ("le",))


def test_compound_names_keep_their_tokens():
    assert last_name_forms("Dubois-Martin")[0].tokens == ("dubois", "martin")
    assert first_name_form("Marie-Claire").tokens == ("marie", "claire")
    assert first_name_form("Jean Pierre").joined == first_name_form("Jean-Pierre").joined


@pytest.mark.parametrize(
    "text",
    [
        "Dupont épouse Martin",
        "DUPONT EPOUSE MARTIN",
        "Dupont ép. Martin",
        "Dupont EP MARTIN",
        "Dupont epse Martin",
        "Martin née Dupont",
        "MARTIN NEE DUPONT",
        "Dupont veuve Martin",
        "Dupont (Martin)",
        "Mme Dupont épouse Martin",
    ],
)
def test_married_names_give_the_birth_name_first_then_the_married_name(text):
    assert [form.joined for form in last_name_forms(text)] == ["dupont", "martin"]


def test_nee_alone_gives_the_birth_name():
    assert [f.joined for f in last_name_forms("née Dupont")] == ["dupont"]


def test_titles_are_not_names():
    assert [f.joined for f in last_name_forms("Mme Martin")] == ["martin"]
    assert first_name_form("Monsieur Paul").joined == "paul"


def test_empty_names_have_no_form():
    assert last_name_forms("") == ()
    assert last_name_forms(" - ") == ()
    assert first_name_form("") is None


@pytest.mark.parametrize(
    ("masculine", "feminine", "expected"),
    [
        ("louis", "louise", True),
        ("daniel", "danielle", True),
        ("jean", "jeanne", True),
        ("pascal", "pascale", True),
        ("pierre", "pierree", False),  # a slip of the finger
        ("marie", "martine", False),
        ("leo", "lea", False),
    ],
)
def test_feminine_first_names(masculine, feminine, expected):
    assert is_feminine_of(masculine, feminine) is expected
    assert is_feminine_of(feminine, masculine) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1985-03-07", 19850307),
        ("07/03/1985", 19850307),
        ("07-03-1985", 19850307),
        ("07.03.1985", 19850307),
        ("7/3/1985", 19850307),
        ("19850307", 19850307),
        ("07031985", 19850307),
        ("1985-03-07T00:00:00", 19850307),
        ("1985-03-07 00:00:00", 19850307),
        ("07/03/85", 19850307),
        (date(1985, 3, 7), 19850307),
        ("31/02/1985", 19850231),  # a mistyped date is still worth comparing
        ("", 0),
        (None, 0),
        ("inconnue", 0),
        ("32/01/1985", 0),
        ("01/13/1985", 0),
        ("1985", 0),
    ],
)
def test_birth_dates_in_french_iso_and_compact_forms(value, expected):
    assert parse_birth_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" Marie.Dupont@Orange.FR ", "marie.dupont@orange.fr"),
        ("mailto:a@b.fr", "a@b.fr"),
        ("nc", ""),
        ("aucun", ""),
        ("@orange.fr", ""),
        ("marie@localhost", ""),
        (None, ""),
    ],
)
def test_emails_are_lower_cased_and_placeholders_dropped(value, expected):
    assert normalise_email(value) == expected


def test_postcodes_and_their_departement():
    assert normalise_postcode("75 014") == "75014"
    assert normalise_postcode("1000") == "01000"
    assert normalise_postcode(69003) == "69003"
    assert normalise_postcode("") == ""
    assert postcode_area("75014") == "75"
    assert postcode_area("97411") == "974"


def test_places_of_birth():
    assert normalise_place("St-Étienne") == normalise_place("SAINT ETIENNE") == "saint etienne"
    assert normalise_place("Paris 14e arrondissement") == "paris"
    assert normalise_place("Brest (29)") == "brest"


@pytest.mark.parametrize(
    "spellings",
    [
        ("lefebvre", "lefevre"),
        ("dupont", "dupond"),
        ("gauthier", "gautier"),
        ("thomas", "tomas"),
        ("kevin", "kevyn"),
        ("philippe", "filipe"),
        ("rousseau", "rousso"),
        ("mathieu", "matthieu"),
    ],
)
def test_french_phonetic_key_of_names_that_sound_alike(spellings):
    assert len({phonetic(s) for s in spellings}) == 1


def test_phonetic_key_keeps_different_names_apart():
    assert phonetic("martin") != phonetic("martine")
    assert phonetic("jean") != phonetic("jeanne")
    assert phonetic("bernard") != phonetic("renard")
