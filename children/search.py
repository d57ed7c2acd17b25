"""The pieces of child search that do not touch the database: normalising names into search
tokens, a phonetic key for spelling tolerance, and reading what someone typed into the one box.

See docs/adr/0020-child-search-with-token-table.md for why search works this way.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from .validators import is_valid_nhs_number, normalise_nhs_number

# A search never looks at more terms than this, so its SQL stays the same size whatever is typed.
MAX_NAME_TERMS = 4
MAX_TOKEN_LENGTH = 40


def normalise_name(value: str) -> str:
    """Lower case ASCII letters and single spaces: 'Zoë O'Brien-Smith' -> 'zoe obrien smith'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    without_apostrophes = re.sub(r"['’`]", "", ascii_only)
    return " ".join(re.sub(r"[^a-z]+", " ", without_apostrophes).split())


def name_tokens(*names: str) -> set[str]:
    """Every word of every name, plus hyphenated and spaced surnames joined up ('smith-jones' is
    also 'smithjones'), so 'Smith Jones' and 'Smith-Jones' find each other."""
    tokens: set[str] = set()
    for name in names:
        words = normalise_name(name).split()
        tokens.update(word[:MAX_TOKEN_LENGTH] for word in words)
        if len(words) > 1:
            tokens.add("".join(words)[:MAX_TOKEN_LENGTH])
    return {token for token in tokens if token}


# Spellings that sound alike, rewritten before the Soundex-style code is taken.
_PHONETIC_REWRITES = (
    (re.compile(r"^kn"), "n"),
    (re.compile(r"^wr"), "r"),
    (re.compile(r"^ps"), "s"),
    (re.compile(r"^wh"), "w"),
    (re.compile(r"(?<=.)gh(?![aeiouy])"), ""),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"z"), "s"),
    (re.compile(r"dg"), "j"),
)
_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def phonetic_key(token: str) -> str:
    """A sound-alike key: Catherine and Kathryn, Mohammed and Muhammad, Philip and Filip,
    Smith and Smyth, Jackson and Jaxon each share one.

    English spelling rewrites first (ph -> f, soft c -> s, hard c -> k...), then Soundex:
    the first letter, then up to three consonant-sound digits.
    """
    word = normalise_name(token).replace(" ", "")
    if not word:
        return ""
    for pattern, replacement in _PHONETIC_REWRITES:
        word = pattern.sub(replacement, word)
    first = word[0]
    digits = []
    previous = _SOUNDEX_CODES.get(first, "")
    for letter in word[1:]:
        code = _SOUNDEX_CODES.get(letter, "")
        if letter in "hw":
            continue  # h and w do not separate letters with the same code
        if code and code != previous:
            digits.append(code)
        previous = code
    return (first + "".join(digits) + "000")[:4]


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string starting with `prefix` ('smi' -> 'smj').

    With tokens made only of a-z, `prefix <= token < bound` is an index range scan on every
    database and collation, unlike LIKE 'smi%'. None when there is no bound ('zz').
    """
    trimmed = prefix.rstrip("z")
    if not trimmed:
        return None
    return trimmed[:-1] + chr(ord(trimmed[-1]) + 1)


# --- Reading the search box ------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_WORDED_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", re.I)
_SPACED_DATE = re.compile(r"\b(\d{1,2})\s+(\d{1,2})\s+(\d{4})\b")


@dataclass
class ParsedQuery:
    """What the words in the search box were taken to be."""

    text: str
    names: list[str] = field(default_factory=list)
    dates: list[datetime.date] = field(default_factory=list)
    nhs_number: str = ""
    identifiers: list[str] = field(default_factory=list)  # the authority's child ID, a UPN

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.dates or self.nhs_number or self.identifiers)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_query(text: str) -> ParsedQuery:
    """Split one search box into names, dates of birth, an NHS number and child IDs.

    '12/03/2019 smith', 'Amelia Jones 12 March 2019', '999 123 4560' and 'CH-10234' all work.
    """
    text = (text or "").strip()[:200]
    parsed = ParsedQuery(text=text)
    rest = text

    compact = normalise_nhs_number(rest)
    if len(compact) == 10 and compact.isdigit():
        if is_valid_nhs_number(compact):
            parsed.nhs_number = compact
        parsed.identifiers.append(compact)
        return parsed

    for pattern, order in (
        (_ISO_DATE, "ymd"),
        (_NUMERIC_DATE, "dmy"),
        (_SPACED_DATE, "dmy"),
        (_WORDED_DATE, "dMy"),
    ):
        for match in list(pattern.finditer(rest)):
            a, b, c = match.groups()
            if order == "ymd":
                found = _safe_date(int(a), int(b), int(c))
            elif order == "dmy":
                found = _safe_date(int(c), int(b), int(a))
            else:
                month = _MONTHS.get(b.lower())
                found = _safe_date(int(c), month, int(a)) if month else None
            if found:
                parsed.dates.append(found)
                rest = rest.replace(match.group(0), " ")

    for word in rest.split():
        if any(character.isdigit() for character in word):
            identifier = re.sub(r"\s", "", word).upper()
            if identifier:
                parsed.identifiers.append(identifier[:30])
            continue
        for token in normalise_name(word).split():
            if token and token not in parsed.names:
                parsed.names.append(token[:MAX_TOKEN_LENGTH])
    parsed.names = parsed.names[:MAX_NAME_TERMS]
    parsed.dates = parsed.dates[:2]
    parsed.identifiers = parsed.identifiers[:2]
    return parsed
