"""The NHS number (modulus 11) and Unique Pupil Number (check letter) validators.

Every number here is synthetic: NHS numbers from the 999 range kept for testing, UPNs for a
made-up local authority number.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from children.validators import (
    UPN_LETTERS,
    format_nhs_number,
    is_valid_nhs_number,
    is_valid_upn,
    nhs_check_digit,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)
from tests.factories.children import flip_check_digit, synthetic_nhs_number, synthetic_upn

# Worked by hand: 9 9 9 0 0 0 0 0 1 weighted 10..2 = 90+81+72+0+0+0+0+0+2 = 245;
# 245 mod 11 = 3; 11 - 3 = 8.
VALID_NHS_NUMBERS = ["9990000018", "999 000 0018", "999-000-0018", synthetic_nhs_number(42)]


@pytest.mark.parametrize("number", VALID_NHS_NUMBERS)
def test_valid_nhs_numbers_pass(number):
    validate_nhs_number(number)
    assert is_valid_nhs_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9990000017", "Enter a valid NHS number"),  # wrong check digit
        ("9990000081", "Enter a valid NHS number"),  # two digits swapped
        ("999000001", "NHS number must be 10 numbers"),
        ("99900000188", "NHS number must be 10 numbers"),
        ("999OOO0018", "NHS number must only include numbers"),
    ],
)
def test_invalid_nhs_numbers_fail_with_a_clear_message(number, message):
    with pytest.raises(ValidationError) as error:
        validate_nhs_number(number)
    assert error.value.messages[0].startswith(message)
    assert not is_valid_nhs_number(number)


def test_a_check_value_of_ten_means_no_valid_number():
    # 9 9 9 0 0 0 0 0 0 weighted = 243; 243 mod 11 = 1; 11 - 1 = 10: never issued.
    assert nhs_check_digit("999000000") is None
    for last in "0123456789":
        assert not is_valid_nhs_number("999000000" + last)


def test_a_check_value_of_eleven_is_zero():
    # Find a prefix whose weighted sum is divisible by 11 and check the 0 check digit.
    prefix = next(f"999{n:06d}" for n in range(10_000) if nhs_check_digit(f"999{n:06d}") == 0)
    assert is_valid_nhs_number(prefix + "0")


@given(st.integers(min_value=0, max_value=999_999))
def test_any_generated_number_is_valid_and_changing_the_last_digit_breaks_it(seed):
    number = synthetic_nhs_number(seed)
    assert is_valid_nhs_number(number)
    assert not is_valid_nhs_number(flip_check_digit(number))


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=8))
def test_changing_any_one_digit_is_caught(seed, position):
    number = synthetic_nhs_number(seed)
    changed = (int(number[position]) + 1) % 10
    mistyped = number[:position] + str(changed) + number[position + 1 :]
    assert not is_valid_nhs_number(mistyped)


def test_nhs_number_is_shown_in_three_groups():
    assert format_nhs_number("9990000018") == "999 000 0018"


# --- Unique Pupil Number ----------------------------------------------------------------------------


def test_upn_check_letter_worked_example():
    # Characters 2-13 "999123426001" weighted 2..13:
    # 18+27+36+5+12+21+32+18+60+0+0+13 = 242; 242 mod 23 = 12 -> N
    assert upn_check_letter("999123426001") == "N"
    validate_upn("N999123426001")


@pytest.mark.parametrize(
    "upn",
    [
        synthetic_upn(1),
        synthetic_upn(537),
        synthetic_upn(12, temporary=True),
        synthetic_upn(1).lower(),
        " ".join(synthetic_upn(3)),
    ],
)
def test_valid_upns_pass(upn):
    validate_upn(upn)
    assert is_valid_upn(upn)


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("A999123426001", "Enter a valid Unique Pupil Number"),  # wrong check letter
        ("N999123426010", "Enter a valid Unique Pupil Number"),  # digits swapped
        ("N99912342600", "Unique Pupil Number must be 13 characters"),
        ("I999123426001", "Unique Pupil Number must be a letter"),  # I is never used
        ("N99912342600S", "Unique Pupil Number must be a letter"),  # nor is S
        ("9999123426001", "Unique Pupil Number must be a letter"),
        ("N9991234X6001", "Unique Pupil Number must be a letter"),
    ],
)
def test_invalid_upns_fail_with_a_clear_message(upn, message):
    with pytest.raises(ValidationError) as error:
        validate_upn(upn)
    assert error.value.messages[0].startswith(message)
    assert not is_valid_upn(upn)


@given(st.integers(min_value=0, max_value=999), st.sampled_from(UPN_LETTERS))
def test_every_other_check_letter_is_rejected(seed, letter):
    upn = synthetic_upn(seed)
    if letter != upn[0]:
        assert not is_valid_upn(letter + upn[1:])
