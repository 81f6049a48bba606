"""Reading single cells of a learner list: names, birth dates or years, gender, village, numbers.

Values arrive as Excel gives them (str, int, float, datetime) or as CSV text. Dates are always read
day first: commune lists never use the US month-first order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.formatting import DateError, date_from_parts
from desktop.i18n import _
from desktop.importing.folding import collapse_spaces, fold_words

MIN_BIRTH_YEAR = 1900
MIN_AGE, MAX_AGE = 5, 110  # the learner service applies the same limits when saving
ADULT_AGE = 15  # the centre's learners are adults; younger ones (reading activities) are warned
MAX_NAME_LENGTH = 100

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's leap-year bug is skipped
_MAX_SERIAL = 2958465  # 9999-12-31
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\s+[\d:.]+)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
REPLACEMENT = "\ufffd"  # what a byte that is not text becomes when a file is read


class CellError(ValueError):
    """A cell whose value cannot be used; the message is shown to the user."""


class UnknownVillage(CellError):
    """A village the centre's list does not have (yet): it can be added with the import."""


@dataclass(frozen=True)
class Birth:
    date: dt.date | None  # None when only the year (or month and year) is known
    year: int


def clean_text(value: object) -> str | None:
    """A cell as tidy text (NFC, single spaces), or None when empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return collapse_spaces(str(value)) or None


MAX_SHOWN = 40


def excerpt(value: object) -> str:
    """A cell as a message quotes it: tidy, and cut short when long (a cell may hold pages)."""
    text = clean_text(value) or ""
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def unreadable_characters(cells: Sequence[object]) -> str | None:
    """A row problem when the file's bytes could not all be read as text there (one bad byte in a
    UTF-8 file is shown as �): such a row is refused rather than stored with the mark."""
    if any(isinstance(cell, str) and REPLACEMENT in cell for cell in cells):
        return _("This row has characters that could not be read (the file is damaged here or "
                 "not saved as UTF-8). Correct the row in the file, then import it again.")
    return None


def clean_name(value: object) -> str:
    """A person's name in NFC with collapsed spaces; "" when empty."""
    return clean_text(value) or ""


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial <= _MAX_SERIAL:
        raise CellError
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _two_digit_year(short: int, today: dt.date) -> int:
    # "85" is 1985 and "10" is 2010: a learner is never born in the future.
    century = today.year // 100 * 100
    return century + short if short <= today.year % 100 else century - 100 + short


def _birth_from_number(number: float) -> Birth:
    if 1000 <= number < 3000:  # a year alone; Excel serials this small would be 1902–1908
        if not number.is_integer():
            raise CellError
        return Birth(None, int(number))
    if number < 3000:  # "85" could be a year or a serial: ask the user rather than guess
        raise CellError
    day = _from_serial(number)
    return Birth(day, day.year)


def _birth_from_text(text: str, today: dt.date) -> Birth:
    text = text.strip().strip("'\"").strip()
    if match := _YEAR.fullmatch(text):
        return Birth(None, int(match.group(1)))
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        born = date_from_parts(day, month, year, text=text)
        return Birth(born, born.year)
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year = _two_digit_year(year, today)
        born = date_from_parts(day, month, year, text=text)
        return Birth(born, born.year)
    if match := _MONTH_YEAR.fullmatch(text):
        month, year = int(match.group(1)), int(match.group(2))
        date_from_parts(1, month, year, text=text)
        return Birth(None, year)
    if _SERIAL.fullmatch(text):
        return _birth_from_number(float(text))
    raise CellError


def parse_birth(value: object, today: dt.date) -> Birth | None:
    """A birth date or year from a cell; None when empty. Raises CellError when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, dt.datetime):
            return Birth(value.date(), value.year)
        if isinstance(value, dt.date):
            return Birth(value, value.year)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _birth_from_number(float(value))
        if isinstance(value, str):
            return _birth_from_text(value, today)
    except DateError as error:  # 31/02, month 13: say what cannot exist, not how to write it
        raise CellError(error.message) from error
    except (ValueError, OverflowError) as error:  # NaN, infinity, an unreadable text
        raise CellError(_("Cannot read the birth date “{value}”: write it as dd/mm/yyyy or as a "
                          "year.").format(value=excerpt(value))) from error
    raise CellError(_("Cannot read the birth date “{value}”: write it as dd/mm/yyyy or as a "
                      "year.").format(value=excerpt(value)))


def birth_problem(birth: Birth, today: dt.date) -> str | None:
    """Why a birth cannot be a learner's, or None. Ages count in years, as the learner service does
    when saving, so a row the preview accepts is also saved."""
    if birth.year < MIN_BIRTH_YEAR:
        return _("The birth year {year} is before {first}.").format(
            year=birth.year, first=MIN_BIRTH_YEAR)
    age = today.year - birth.year
    if not MIN_AGE <= age <= MAX_AGE:
        return _("The birth year {year} gives an age of {age}; a learner must be {low} to {high} "
                 "years old.").format(year=birth.year, age=age, low=MIN_AGE, high=MAX_AGE)
    if birth.date is not None and birth.date > today:
        return _("The birth date is in the future.")
    return None


def young_learner_warning(birth_year: int | None, today: dt.date) -> str | None:
    """A warning (not a refusal) for a learner under 15: children do come to reading activities,
    but a year typed wrong (2020 for 1990) looks the same."""
    if birth_year is None:
        return None
    age = today.year - birth_year
    if not MIN_AGE <= age < ADULT_AGE:
        return None
    return _("Born in {year}, this learner is about {age} years old; the centre's learners are "
             "usually {adult} or older. Check the year.").format(
                 year=birth_year, age=age, adult=ADULT_AGE)


_FEMALE = frozenset({"nu", "nu gioi", "f", "female", "w", "woman", "gai", "phu nu"})
_MALE = frozenset({"nam", "nam gioi", "m", "male", "man", "trai"})
_UNMARKED = frozenset({"", "0", "khong", "k", "no", "-"})


def parse_gender(value: object) -> str | None:
    """"female", "male" or None (empty). Raises CellError for anything else."""
    text = clean_text(value)
    if text is None:
        return None
    folded = fold_words(text)
    if folded in _FEMALE:
        return "female"
    if folded in _MALE:
        return "male"
    raise CellError(_("Gender “{value}” is not understood, so it is left empty (write Nam or "
                      "Nữ).").format(value=excerpt(text)))


def is_marked(value: object) -> bool:
    """Whether a tick column ("x" under Nữ) is marked; a birth year written there counts."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = clean_text(value)
    return text is not None and fold_words(text) not in _UNMARKED


def clean_phone(value: object) -> str | None:
    """Digits only when the cell is one phone number; Excel drops the leading 0 of numbers."""
    text = clean_text(value)
    if text is None:
        return None
    compact = re.sub(r"[\s.\-()]", "", text)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    if not compact.isdigit():
        return text  # several numbers or a note: keep what the user wrote
    if len(compact) == 9 and compact[0] in "35789":
        compact = "0" + compact
    return compact


def clean_citizen_id(value: object) -> str | None:
    """A citizen ID with leading zeros restored: 12-digit CCCD numbers start with 0."""
    text = clean_text(value)
    if text is None:
        return None
    compact = re.sub(r"[\s.]", "", text).lstrip("'")
    if compact.isdigit() and len(compact) in (10, 11):
        return compact.zfill(12)
    return compact if compact.isdigit() else text


def clean_schooling(value: object) -> str | None:
    """Schooling such as "9/12", which Excel often turned into a date (9 December)."""
    if isinstance(value, (dt.date, dt.datetime)) and value.month in (10, 12):
        return f"{value.day}/{value.month}"
    return clean_text(value)


# Lists abbreviate the prefix too: "Th. Đông", "T. Đông", "B. Nà Hạ", "TDP 3".
_VILLAGE_PREFIXES = ("to dan pho", "khu pho", "thon", "ban", "to", "xom", "ap", "buon", "lang",
                     "khu", "khom", "soc", "plei", "bon", "doi", "tdp", "th", "t", "b")


def _village_words(text: str) -> str:
    # "Thôn 01" and "Thôn 1" are the same village.
    return " ".join(str(int(word)) if word.isdigit() else word for word in fold_words(text).split())


def village_key(text: str) -> str:
    """A village's name reduced to what tells it apart: "Thôn 03" and "thon 3" give "3"."""
    words = _village_words(text)
    for prefix in _VILLAGE_PREFIXES:
        if words.startswith(prefix + " "):
            return words[len(prefix) + 1:]
    return words


class VillageMatcher:
    """Matches typed village names to the centre's list; "Thôn", "Bản", "Tổ" prefixes optional."""

    def __init__(self, villages: list[str]) -> None:
        self._villages = list(villages)
        self._full = {_village_words(name): name for name in villages}
        self._short: dict[str, list[str]] = {}
        for name in villages:
            self._short.setdefault(village_key(name), []).append(name)

    def match(self, value: object) -> str | None:
        """The village's name as listed, or None when empty. Raises CellError when not found."""
        text = clean_text(value)
        if text is None:
            return None
        if not self._villages:
            raise UnknownVillage(_("The village “{value}” is not in the list of villages.").format(
                value=excerpt(text)))
        # An address column holds "Thôn Đông, xã Tân Lập": try the whole text, then each part.
        for candidate in (text, *re.split(r"\s*[,;]\s*", text)):
            if _village_words(candidate) in self._full:
                return self._full[_village_words(candidate)]
            found = self._short.get(village_key(candidate), [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise CellError(_("The village “{value}” could be any of: {names}.").format(
                    value=excerpt(text), names=", ".join(found)))
        raise UnknownVillage(_("The village “{value}” is not in the list of villages.").format(
            value=excerpt(text)))
