"""Normalising what callers say (numbers, postcodes, names and addresses) so that matching and
the selectors that search for a child share one reading of it."""

import re

from children.search import normalise_name


def normalise_phone(number: str) -> str:
    """Digits only, with +44 / 0044 read as a leading 0: '+44 (0)1632 960222' -> '01632960222'."""
    digits = re.sub(r"\D", "", number or "")
    if number and number.strip().startswith("+44"):
        digits = digits[2:]
        if digits.startswith("0"):
            digits = digits[1:]
        digits = "0" + digits
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    return digits


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s", "", postcode or "").upper()


def postcode_variants(postcode: str) -> list[str]:
    """The ways a postcode may be stored: 'AB12CD', 'AB1 2CD', 'ab1 2cd'."""
    compact = normalise_postcode(postcode)
    if not compact:
        return []
    spaced = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    return sorted({compact, spaced, compact.lower(), spaced.lower()})


def name_key(forename: str, surname: str) -> str:
    return " ".join(sorted(normalise_name(f"{forename} {surname}").split()))


def address_key(address_line_1: str, postcode: str) -> str:
    line = normalise_name(address_line_1)
    code = normalise_postcode(postcode)
    return f"{line}|{code}" if line and code else ""
