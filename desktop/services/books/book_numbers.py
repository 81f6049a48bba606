"""Reading the numbers of a book list's cells exactly as the file writes them: a year of
publication, accession numbers ("12", "12-15", "12, 14", "TS-0012"), a price, a count of copies.

A value that is not what it should be raises ValueError and the row is refused with its reason;
nothing is ever rounded or picked out of a longer number (1980.5 is not 1980, 10^30 not 1988).
"""

from __future__ import annotations

import math
import re

from desktop.services.books.accession import (
    MAX_ACCESSION_NUMBER,
    RESERVED_PREFIXES,
    Accession,
    bare,
    read_accession,
)

MAX_COPIES_PER_ROW = 500
_RANGE = re.compile(r"^\s*(\d+)\s*[-–—]\s*(\d+)\s*$")
# "TS-0012–TS-0015", "TS-0012 - 0015": a dash with spaces, or an en or em dash, between two codes
_PREFIXED_RANGE = re.compile(r"^(.+?\d)\s*(?:[–—]|\s-\s)\s*(.*\d)$")
_NUMBERS = re.compile(r"[-+−]?\d+(?:[.,]\d+)*")
_GROUPED = re.compile(r"\d+|\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")  # 35000, 35.000, 1.500.000


def _whole(value: float) -> int:
    """A number the file holds as a whole number; ValueError for 1.5, NaN or infinity."""
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ValueError(value)
    return int(value)


def whole_number(value: object) -> int | None:
    """A whole number (a price, a count) exactly as the file writes it, thousands separators
    allowed ("35.000 đ"); ValueError for anything else, never a guess ("1,5" is not 15)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return _whole(value)
    text = str(value).strip().lower()
    for unit in ("đồng", "vnđ", "vnd", "đ"):
        text = text.removesuffix(unit).strip()
    if not text:
        return None
    sign = -1 if text[0] in "-−" else 1  # a negative price is refused later, by its rule
    digits = text.lstrip("-−").strip()
    if not (digits.isascii() and _GROUPED.fullmatch(digits)):
        raise ValueError(value)
    return sign * int(re.sub(r"\D", "", digits))


def year_of_publication(value: object) -> int | None:
    """The year of publication when the cell holds one year and nothing else that is a number:
    "2015", "Năm 2015", 2015.0. ValueError otherwise (1980.5, -1980, 10^30, 2015-2016)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        year = _whole(value)
    else:
        numbers = _NUMBERS.findall(str(value))
        if len(numbers) != 1 or not (numbers[0].isascii() and numbers[0].isdigit()):
            raise ValueError(value)
        year = int(numbers[0])
    if not 1000 <= year <= 9999:
        raise ValueError(value)
    return year


def _accession_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    number = int(text)
    if not 1 <= number <= MAX_ACCESSION_NUMBER:
        raise ValueError(text)
    return number


def _prefixed_range(first: Accession, last_text: str) -> list[Accession]:
    """"TS-0012–TS-0015" or "TS-0012–0015": the copies between, written the first one's way."""
    last = read_accession(last_text)
    if last.prefix not in ("", first.prefix):
        raise ValueError(last_text)
    if last.number < first.number or last.number - first.number >= MAX_COPIES_PER_ROW:
        raise ValueError(last_text)
    digits = re.search(r"\d+$", first.text)
    assert digits is not None  # read_accession matched digits at the end
    head, width = first.text[:digits.start()], len(digits.group())
    return [Accession(first.prefix, number, f"{head}{number:0{width}d}")
            for number in range(first.number, last.number + 1)]


def accession_codes(value: object) -> tuple[Accession, ...]:
    """The accession numbers a cell lists, each as written: 12, "12-15", "12, 14", "TS-0012",
    "VV.000123", "GK 45", "TS-0012–TS-0015"; ValueError for anything else (1.5, 0, numbers past
    nine digits), never a number the file does not say."""
    if value is None:
        return ()
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return (bare(_accession_number(str(_whole(value)))),)
    text = " ".join(str(value).split())
    codes: list[Accession] = []
    for part in re.split(r"\s*[;,\n]\s*", text):
        if not part:
            continue
        if match := _RANGE.match(part):  # bare numbers, "12-15"
            first, last = _accession_number(match.group(1)), _accession_number(match.group(2))
            if last < first or last - first >= MAX_COPIES_PER_ROW:
                raise ValueError(part)
            codes.extend(bare(number) for number in range(first, last + 1))
        elif match := _PREFIXED_RANGE.match(part):
            first_code = read_accession(match.group(1))
            if not first_code.prefix:
                raise ValueError(part)
            codes.extend(_prefixed_range(first_code, match.group(2)))
        elif re.fullmatch(r"\d+(?: \d+)+", part):  # "12 14 15": numbers listed with spaces
            codes.extend(bare(_accession_number(number)) for number in part.split())
        else:
            code = read_accession(part)
            if code.prefix in RESERVED_PREFIXES:
                raise ValueError(part)
            codes.append(code)
    return tuple(codes)


def accession_numbers(value: object) -> tuple[int, ...]:
    """The bare numbers a cell lists: 12, "12-15", "12, 14"; ValueError for anything else,
    a prefixed number included."""
    codes = accession_codes(value)
    if any(code.prefix for code in codes):
        raise ValueError(value)
    return tuple(code.number for code in codes)
