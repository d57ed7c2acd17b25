"""Checks on the identifiers a child may have: the NHS number and the Unique Pupil Number.

Both carry a check character so that a mistyped number is caught when it is entered. The messages
follow the GOV.UK style: say what is wrong and how to put it right.
"""

import re

from django.core.exceptions import ValidationError

# --- NHS number -----------------------------------------------------------------------------------
# 10 digits; the 10th is a modulus 11 check digit over the first 9, weighted 10 down to 2.
# A remainder giving a check value of 10 means the number was never issued.

NHS_NUMBER_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise_nhs_number(value: str) -> str:
    """Remove the spaces and dashes people type between the groups of digits (999 123 4567)."""
    return re.sub(r"[\s-]", "", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for the first 9 digits, or None when no valid number can start with them."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("An NHS number check digit is computed from exactly 9 digits")
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, NHS_NUMBER_WEIGHTS, strict=True)
    )
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    number = normalise_nhs_number(value)
    if len(number) != 10 or not number.isdigit():
        return False
    return nhs_check_digit(number[:9]) == int(number[9])


def validate_nhs_number(value: str) -> None:
    number = normalise_nhs_number(value)
    if not number.isdigit():
        raise ValidationError("NHS number must only include numbers", code="nhs_number_format")
    if len(number) != 10:
        raise ValidationError("NHS number must be 10 numbers", code="nhs_number_length")
    if nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            "Enter a valid NHS number: this one has a mistake in it, so check each number",
            code="nhs_number_check_digit",
        )


def format_nhs_number(value: str) -> str:
    """999 123 4567: the grouping NHS staff read aloud."""
    number = normalise_nhs_number(value)
    if len(number) != 10:
        return value
    return f"{number[:3]} {number[3:6]} {number[6:]}"


# --- Unique Pupil Number ----------------------------------------------------------------------------
# 13 characters: a check letter, the 3-digit local authority number, the 4-digit establishment
# number, 2 digits for the year and a 3-digit serial. A temporary UPN ends in a letter instead of
# the last digit. The check letter is the sum of characters 2 to 13 weighted 2 to 13, modulo 23,
# read from an alphabet without I, O and S. Letters in position 13 count as A=0 ... Z=22 and
# digits as their own value.

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def _upn_value(character: str) -> int:
    if character.isdigit():
        return int(character)
    return UPN_LETTERS.index(character)


def upn_check_letter(last_twelve: str) -> str:
    if len(last_twelve) != 12:
        raise ValueError("A UPN check letter is computed from exactly 12 characters")
    total = sum(
        weight * _upn_value(character) for weight, character in enumerate(last_twelve, start=2)
    )
    return UPN_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = normalise_upn(value)
    if len(upn) != 13:
        raise ValidationError("Unique Pupil Number must be 13 characters", code="upn_length")
    if (
        upn[0] not in UPN_LETTERS
        or not upn[1:12].isdigit()
        or not (upn[12].isdigit() or upn[12] in UPN_LETTERS)
    ):
        raise ValidationError(
            "Unique Pupil Number must be a letter, then 11 numbers, then a number or a letter",
            code="upn_format",
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(
            "Enter a valid Unique Pupil Number: the first letter does not match the rest, "
            "so check each character",
            code="upn_check_letter",
        )


def is_valid_upn(value: str) -> bool:
    try:
        validate_upn(value)
    except ValidationError:
        return False
    return True


# --- The authority's child ID ---------------------------------------------------------------------
# The Children in Need census (<LAchildID>) takes letters and digits only, at most 20 of them (DfE
# rules 1570 and 1580): an ID with a dash or a space would make the whole return fail.

LOCAL_CHILD_ID_MAX_LENGTH = 20


def is_valid_local_child_id(value: str) -> bool:
    return (
        bool(value)
        and len(value) <= LOCAL_CHILD_ID_MAX_LENGTH
        and value.isascii()
        and value.isalnum()
    )


def validate_local_child_id(value: str) -> None:
    if len(value) > LOCAL_CHILD_ID_MAX_LENGTH:
        raise ValidationError(
            f"Child ID must be {LOCAL_CHILD_ID_MAX_LENGTH} characters or fewer",
            code="local_child_id_length",
        )
    if not (value.isascii() and value.isalnum()):
        raise ValidationError(
            "Child ID must only include letters and numbers, like CH1001: leave out spaces, "
            "dashes and other symbols",
            code="local_child_id_format",
        )
