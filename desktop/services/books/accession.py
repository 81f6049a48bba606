"""Accession numbers (số ĐKCB) as libraries write them: bare ("45"), or with a collection prefix
("TS-0012", "VV.000123", "GK 45").

A copy keeps its number exactly as written; it is told apart by its prefix (letters only, upper
case, no diacritics: "TS", "VV", "GK", "" for a bare number) and the number's value, so "TS-0012",
"ts 12" and "TS12" name one copy, while "TS-0012" and "VV.000012" are two. A cabinet numbers new
copies with its scheme: plain numbers, or a prefix written its way with a padded number. Pure
functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_ACCESSION_NUMBER = 999_999_999  # nine digits: what a label and the register's column hold
MAX_PREFIX_LETTERS = 10
MAX_WIDTH = 9
# The word a register puts before a bare number ("ĐKCB 12", "Số ĐKCB: 12"), not a collection.
_LABEL_WORDS = frozenset({"DKCB", "SODKCB", "SO"})
# Reader cards are "BD00012": a prefix that looks like a card would be read as one.
RESERVED_PREFIXES = frozenset({"BD"})
_CODE = re.compile(r"^(?P<prefix>[^\W\d_](?:[^\W\d_]|[ .\-/:#_])*?)?(?P<sep>[ .\-/:#_]*)"
                   r"(?P<digits>\d{1,9})$")
_SEPARATORS = " .-/:#_"


def code_letters(text: str) -> str:
    """"Tủ sách" → "TUSACH": letters only, upper case, without diacritics (đ → D)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).upper()


@dataclass(frozen=True)
class Accession:
    """One copy's accession number: its prefix key, its value, and how it is written."""

    prefix: str  # "TS", "" for a bare number
    number: int
    text: str  # as written on the label and in the register: "TS-0012"

    @property
    def key(self) -> tuple[str, int]:
        return self.prefix, self.number


def read_accession(value: object) -> Accession:
    """The accession number a cell or a scan holds; ValueError when it is not one (0, 1.5,
    a number past nine digits, letters after the digits)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    match = _CODE.match(text)
    if match is None:
        raise ValueError(value)
    digits = match.group("digits")
    if not digits.isascii():
        raise ValueError(value)
    number = int(digits)
    if not 1 <= number <= MAX_ACCESSION_NUMBER:
        raise ValueError(value)
    prefix = code_letters(match.group("prefix") or "")
    if prefix in _LABEL_WORDS:  # "ĐKCB 12" is the number 12
        return Accession("", number, digits)
    if len(prefix) > MAX_PREFIX_LETTERS:
        raise ValueError(value)
    return Accession(prefix, number, text if prefix else digits)


def bare(number: int) -> Accession:
    """A bare accession number, as older registers and the plain scheme write it."""
    return Accession("", number, str(number))


@dataclass(frozen=True)
class NumberingScheme:
    """How a cabinet writes the numbers of new copies: `prefix` as written with its separator
    ("TS-", "VV.", "" for plain numbers) and the digits padded to `width` (0: no padding)."""

    prefix: str = ""
    width: int = 0

    @property
    def key(self) -> str:
        return code_letters(self.prefix)

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}" if self.width else f"{self.prefix}{number}"

    def accession(self, number: int) -> Accession:
        return Accession(self.key, number, self.format(number))

    @property
    def counter(self) -> str:
        """The name of the counter new numbers of this scheme come from."""
        return "accession" if not self.key else f"accession-{self.key}"


def scheme_problem(scheme: NumberingScheme) -> str | None:
    """What is wrong with a scheme, in plain words for the settings form, or None."""
    from desktop.i18n import _

    prefix = scheme.prefix
    if not 0 <= scheme.width <= MAX_WIDTH:
        return _("Numbers are padded to at most {count} digits.").format(count=MAX_WIDTH)
    if not prefix:
        return None
    key = code_letters(prefix)
    if not key or not prefix.rstrip(_SEPARATORS) or any(ch.isdigit() for ch in prefix):
        return _("A prefix is letters, with a separator such as “-” or “.” if you like: "
                 "TS-, VV., GK.")
    if len(key) > MAX_PREFIX_LETTERS:
        return _("A prefix has at most {count} letters.").format(count=MAX_PREFIX_LETTERS)
    if key in RESERVED_PREFIXES or key in _LABEL_WORDS:
        return _("“{prefix}” cannot be a prefix: reader cards start with BD.").format(
            prefix=prefix.strip()) if key in RESERVED_PREFIXES else _(
            "“{prefix}” cannot be a prefix: it is the register's own word.").format(
            prefix=prefix.strip())
    if read_accession(scheme.format(1)).prefix != key:
        return _("A prefix is letters, with a separator such as “-” or “.” if you like: "
                 "TS-, VV., GK.")
    return None


def code_ranges(codes: list[Accession] | tuple[Accession, ...]) -> str:
    """Accession numbers as a librarian writes them: "16–25, 31", "TS-0012–TS-0015, GK 45"."""
    ordered = sorted(set(codes), key=lambda code: (code.prefix, code.number))
    parts: list[str] = []
    first = 0
    while first < len(ordered):
        last = first
        while (last + 1 < len(ordered) and ordered[last + 1].prefix == ordered[first].prefix
               and ordered[last + 1].number == ordered[last].number + 1):
            last += 1
        parts.append(ordered[first].text if first == last
                     else f"{ordered[first].text}–{ordered[last].text}")
        first = last + 1
    return ", ".join(parts)
