"""Reading the search box and the sound-alike keys (no database)."""

import datetime

import pytest

from children.search import (
    MAX_NAME_TERMS,
    name_tokens,
    normalise_name,
    parse_query,
    phonetic_key,
    prefix_upper_bound,
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Catherine", "Kathryn"),
        ("Mohammed", "Muhammad"),
        ("Philip", "Filip"),
        ("Smith", "Smyth"),
        ("Jackson", "Jaxon"),
        ("Stephen", "Steven"),
        ("Aisha", "Ayesha"),
        ("Leigh", "Lee"),
        ("Jon", "John"),
        ("Amelia", "Amelai"),
    ],
)
def test_names_that_sound_alike_share_a_key(first, second):
    assert phonetic_key(first) == phonetic_key(second)


@pytest.mark.parametrize(("first", "second"), [("Jones", "Smith"), ("Amelia", "Oliver")])
def test_different_names_have_different_keys(first, second):
    assert phonetic_key(first) != phonetic_key(second)


def test_names_are_normalised_to_plain_letters():
    assert normalise_name("  Zoë  O’Brien-Smith ") == "zoe obrien smith"
    assert name_tokens("Zoë", "O'Brien-Smith") == {"zoe", "obrien", "smith", "obriensmith"}


def test_prefix_bound_is_the_next_string_after_every_name_with_that_start():
    assert prefix_upper_bound("smi") == "smj"
    assert prefix_upper_bound("liz") == "lj"
    assert prefix_upper_bound("zz") is None


def test_one_box_reads_names_dates_and_identifiers():
    parsed = parse_query("Jones amelia 12/03/2019")
    assert parsed.names == ["jones", "amelia"]
    assert parsed.dates == [datetime.date(2019, 3, 12)]

    assert parse_query("3 March 2019").dates == [datetime.date(2019, 3, 3)]
    assert parse_query("2019-03-12").dates == [datetime.date(2019, 3, 12)]
    assert parse_query("12 3 2019").dates == [datetime.date(2019, 3, 12)]

    nhs = parse_query("999 000 0018")
    assert nhs.nhs_number == "9990000018" and not nhs.names

    assert parse_query("ch-10234").identifiers == ["CH-10234"]


def test_impossible_dates_are_not_taken_as_dates():
    parsed = parse_query("31/02/2019")
    assert parsed.dates == []


def test_the_number_of_name_terms_is_bounded():
    parsed = parse_query("a b c d e f g h")
    assert len(parsed.names) == MAX_NAME_TERMS
