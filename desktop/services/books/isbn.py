"""ISBN-10 and ISBN-13: cleaning, check digits, conversion. Pure functions, no database.

A scanned EAN-13 barcode on a book is its ISBN-13 (prefix 978 or 979). Typed ISBNs come with
hyphens, spaces or an "ISBN" label; `normalise_isbn` strips those before checking.
"""

from __future__ import annotations

import re

from desktop.errors import ValidationError
from desktop.i18n import _

__all__ = [
    "clean_isbn",
    "is_valid_isbn",
    "isbn10_check_digit",
    "isbn10_to_13",
    "isbn13_check_digit",
    "isbn13_to_10",
    "looks_like_isbn",
    "normalise_isbn",
    "to_isbn13",
]

_NOISE = re.compile(r"[\s\-‐‑–—.]")
_LABEL = re.compile(r"^\s*isbn(?:-1[03])?\s*:?\s*", re.IGNORECASE)


def clean_isbn(text: str) -> str:
    """The ISBN's characters only: label, hyphens and spaces removed, a final x made X."""
    text = _NOISE.sub("", _LABEL.sub("", text or ""))
    return text.upper()


def isbn10_check_digit(first_nine: str) -> str:
    """The check character (0-9 or X) of an ISBN-10 from its first nine digits."""
    total = sum((10 - index) * int(digit) for index, digit in enumerate(first_nine))
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)


def isbn13_check_digit(first_twelve: str) -> str:
    """The check digit of an ISBN-13 (EAN-13) from its first twelve digits."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def _valid_isbn10(text: str) -> bool:
    return (len(text) == 10 and text[:9].isdigit() and (text[9].isdigit() or text[9] == "X")
            and isbn10_check_digit(text[:9]) == text[9])


def _valid_isbn13(text: str) -> bool:
    return (len(text) == 13 and text.isdigit() and text[:3] in ("978", "979")
            and isbn13_check_digit(text[:12]) == text[12])


def is_valid_isbn(text: str) -> bool:
    """True for a well-formed ISBN-10 or ISBN-13 whose check digit is right."""
    cleaned = clean_isbn(text)
    return _valid_isbn10(cleaned) or _valid_isbn13(cleaned)


def looks_like_isbn(text: str) -> bool:
    """Has the shape of an ISBN (10 or 13 characters of digits), right check digit or not."""
    cleaned = clean_isbn(text)
    return bool(re.fullmatch(r"\d{9}[\dX]|97[89]\d{10}", cleaned))


def isbn10_to_13(isbn10: str) -> str:
    """The ISBN-13 of a valid ISBN-10 (prefix 978, new check digit)."""
    cleaned = clean_isbn(isbn10)
    if not _valid_isbn10(cleaned):
        raise ValueError(f"not a valid ISBN-10: {isbn10!r}")
    body = "978" + cleaned[:9]
    return body + isbn13_check_digit(body)


def isbn13_to_10(isbn13: str) -> str | None:
    """The ISBN-10 of a valid 978 ISBN-13; None for 979 numbers, which have none."""
    cleaned = clean_isbn(isbn13)
    if not _valid_isbn13(cleaned):
        raise ValueError(f"not a valid ISBN-13: {isbn13!r}")
    if not cleaned.startswith("978"):
        return None
    body = cleaned[3:12]
    return body + isbn10_check_digit(body)


def to_isbn13(text: str) -> str | None:
    """The ISBN-13 form of any valid ISBN, or None when the text is not a valid ISBN."""
    cleaned = clean_isbn(text)
    if _valid_isbn13(cleaned):
        return cleaned
    if _valid_isbn10(cleaned):
        return isbn10_to_13(cleaned)
    return None


def normalise_isbn(text: str, field: str = "isbn") -> str:
    """A checked ISBN in compact form ("" when empty); a clear ValidationError when wrong."""
    cleaned = clean_isbn(text)
    if not cleaned:
        return ""
    if _valid_isbn10(cleaned) or _valid_isbn13(cleaned):
        return cleaned
    if len(cleaned) not in (10, 13) or not re.fullmatch(r"\d{9}[\dX]|\d{13}", cleaned):
        raise ValidationError(
            _("“{isbn}” is not an ISBN: an ISBN has 10 or 13 digits.").format(isbn=text.strip()),
            field)
    if len(cleaned) == 13 and cleaned[:3] not in ("978", "979"):
        raise ValidationError(
            _("“{isbn}” is not an ISBN: an ISBN-13 begins with 978 or 979.").format(
                isbn=text.strip()), field)
    expected = (isbn10_check_digit(cleaned[:9]) if len(cleaned) == 10
                else isbn13_check_digit(cleaned[:12]))
    raise ValidationError(
        _("The ISBN “{isbn}” has a wrong check digit (the last one should be {digit}). "
          "Check it against the book's back cover.").format(isbn=text.strip(), digit=expected),
        field)
