"""Reading a learner list kept in Excel or CSV by a commune officer, for preview and import.

Pure functions on plain data: the import service, the Qt import dialog and
`clc learners import FILE --dry-run` all go read_table → guess_mapping → parse_rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from desktop.formatting import DateError, date_from_parts
from desktop.i18n import _
from desktop.importing.cells import (
    MAX_NAME_LENGTH, Birth, CellError, UnknownVillage, VillageMatcher, birth_problem,
    clean_citizen_id,
    clean_name, clean_phone, clean_schooling, clean_text, excerpt, is_marked, parse_birth,
    parse_gender, unreadable_characters, young_learner_warning,
)
from desktop.importing.columns import FIELDS, Field, guess_mapping, match_header
from desktop.importing.new_villages import NewVillage, UnknownVillages, first_place
from desktop.importing.tables import RawTable, SheetError, list_sheets, read_table
from desktop.reference.ethnic_groups import CodeSystem, find_ethnic_group, fold_key

__all__ = [
    "FIELDS", "ExistingLearner", "Field", "ImportPreview", "NewVillage", "ParsedRow", "RawTable",
    "SheetError",
    "guess_mapping", "list_sheets", "match_header", "parse_rows", "preview_file", "read_table",
    "summarise",
]

_NAME_FIELDS = ("full_name", "family_name", "given_name")


class ExistingLearner(NamedTuple):
    """A learner already in the register, for duplicate warnings.

    The name is folded again here, so any folding the caller used (with or without spaces) works.
    `ref` (an id) is what `ParsedRow.duplicate_of` reports; `label` is shown in the warning.
    """

    folded_name: str
    birth_year: int | None
    village: str | None
    ref: str | None = None
    label: str | None = None


@dataclass
class ParsedRow:
    row_number: int  # as the spreadsheet shows it, 1-based
    values: dict[str, object]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # An existing learner's ref (or folded name), or "row:N" for an earlier row of the file.
    duplicate_of: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[ParsedRow]
    legacy_encoding: str | None
    accepted: list[ParsedRow]  # no errors; duplicates included, flagged with a warning
    rejected: list[ParsedRow]
    # Villages the centre does not know yet: added with the import, or the reason rows are refused.
    new_villages: list[NewVillage] = field(default_factory=list)


def _cell(cells: Sequence[object], mapping: dict[str, int], key: str) -> object:
    index = mapping.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _name(cells: Sequence[object], mapping: dict[str, int]) -> str:
    full = clean_name(_cell(cells, mapping, "full_name"))
    if full:
        return full
    parts = (clean_name(_cell(cells, mapping, key)) for key in ("family_name", "given_name"))
    return " ".join(part for part in parts if part)


def _whole(value: object) -> int | None:
    """A day or month cell (5, 5.0, "05"); None when empty or not a whole number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().strip("'")
    return int(text) if text.isascii() and text.isdigit() else None


def _birth_from_parts(cells: Sequence[object], mapping: dict[str, int],
                      year: Birth) -> Birth:
    """Day and month from their own columns (survey exports), with the year already read."""
    day_cell, month_cell = _cell(cells, mapping, "birth_day"), _cell(cells, mapping, "birth_month")
    day, month = _whole(day_cell), _whole(month_cell)
    if day_cell in (None, "") and month_cell in (None, ""):
        return year
    text = "/".join(clean_text(part) or "?" for part in (day_cell, month_cell, year.year))
    if day is None or month is None:
        if day_cell in (None, "") and month is not None and 1 <= month <= 12:
            return year  # the month alone: the year is what a learner's record keeps
        raise CellError(_("Cannot read the birth date “{value}”: write it as dd/mm/yyyy or as a "
                          "year.").format(value=text))
    try:
        return Birth(date_from_parts(day, month, year.year, text=text), year.year)
    except DateError as error:
        raise CellError(error.message) from error


def _birth(cells: Sequence[object], mapping: dict[str, int], today: dt.date,
           errors: list[str]) -> Birth | None:
    if "birth_day" in mapping or "birth_month" in mapping:
        try:
            year = parse_birth(_cell(cells, mapping, "birth_year"), today)
            if year is not None and year.date is None:
                return _birth_from_parts(cells, mapping, year)
            if year is not None:
                return year
        except CellError as error:
            errors.append(str(error))
            return None
    for key in ("birth_date", "birth_year"):
        try:
            birth = parse_birth(_cell(cells, mapping, key), today)
        except CellError as error:
            errors.append(str(error))
            return None
        if birth is not None:
            return birth
    # Lists that split "Năm sinh" into "Nam" and "Nữ" write the year in the person's column.
    for key in ("female_mark", "male_mark"):
        try:
            birth = parse_birth(_cell(cells, mapping, key), today)
        except CellError:
            continue  # an "x": a gender mark, not a birth
        if birth is not None:
            return birth
    return None


def _gender(cells: Sequence[object], mapping: dict[str, int], warnings: list[str]) -> str | None:
    try:
        gender = parse_gender(_cell(cells, mapping, "gender"))
    except CellError as error:
        warnings.append(str(error))
        return None
    if gender is not None or ("female_mark" not in mapping and "male_mark" not in mapping):
        return gender
    female = is_marked(_cell(cells, mapping, "female_mark"))
    male = is_marked(_cell(cells, mapping, "male_mark"))
    if female and male:
        warnings.append(_("Both the Nam and Nữ columns are marked; gender left empty."))
        return None
    if female or male:
        return "female" if female else "male"
    # With a single tick column, an empty cell means the other gender.
    if "female_mark" in mapping and "male_mark" not in mapping:
        return "male"
    if "male_mark" in mapping and "female_mark" not in mapping:
        return "female"
    return None


def _parse_row(cells: Sequence[object], number: int, mapping: dict[str, int], *,
               villages: VillageMatcher, today: dt.date, default_ethnic_group: str | None,
               code_system: CodeSystem, local_ethnic_names: Mapping[str, str],
               new_villages: VillageMatcher | None = None) -> ParsedRow:
    errors: list[str] = []
    warnings: list[str] = []
    if problem := unreadable_characters(cells):
        errors.append(problem)
    name = _name(cells, mapping)
    if not name:
        errors.append(_("The name is empty."))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(_("The name is longer than {count} characters.").format(
            count=MAX_NAME_LENGTH))
    birth = _birth(cells, mapping, today, errors)
    if birth is not None and (problem := birth_problem(birth, today)):
        errors.append(problem)
    elif birth is not None and (young := young_learner_warning(birth.year, today)):
        warnings.append(young)
    ethnic_text = clean_text(_cell(cells, mapping, "ethnic_group"))
    ethnic_key = default_ethnic_group
    if ethnic_text is not None:
        group = find_ethnic_group(ethnic_text, code_system=code_system, local_names=local_ethnic_names)
        ethnic_key = group.key if group else None
        if group is None:
            errors.append(_("Unknown ethnic group “{value}”.").format(value=excerpt(ethnic_text)))
    try:
        village = villages.match(_cell(cells, mapping, "village"))
    except UnknownVillage as error:
        village = None
        if new_villages is None:
            errors.append(str(error))
        else:  # a village added with the import, under the spelling kept for it
            village = new_villages.match(first_place(clean_text(_cell(cells, mapping, "village"))
                                                     or ""))
    except CellError as error:
        errors.append(str(error))
        village = None
    values: dict[str, object] = {
        "full_name": name,
        "gender": _gender(cells, mapping, warnings),
        "birth_date": birth.date if birth else None,
        "birth_year": birth.year if birth else None,
        "ethnic_group_key": ethnic_key,
        "village": village,
        "phone": clean_phone(_cell(cells, mapping, "phone")),
        "citizen_id": clean_citizen_id(_cell(cells, mapping, "citizen_id")),
        "occupation": clean_text(_cell(cells, mapping, "occupation")),
        "schooling": clean_schooling(_cell(cells, mapping, "schooling")),
        "religion": clean_text(_cell(cells, mapping, "religion")),
        "notes": clean_text(_cell(cells, mapping, "notes")),
    }
    return ParsedRow(number, values, errors, warnings)


_DuplicateKey = tuple[str, int | None, str]


def _duplicate_key(name: str, birth_year: int | None, village: str | None) -> _DuplicateKey:
    return fold_key(name), birth_year, fold_key(village or "")


def parse_rows(table: RawTable, mapping: dict[str, int], *, villages: list[str], today: dt.date,
               existing: Sequence[ExistingLearner], default_ethnic_group: str | None = None,
               code_system: CodeSystem = "1979",
               local_ethnic_names: Mapping[str, str] | None = None,
               add_villages: bool = False) -> ImportPreview:
    """Check and clean every row; a row with errors is rejected, a probable duplicate warned.

    `default_ethnic_group` (a key) is used when the ethnic group cell is empty; numeric ethnic
    codes are read in `code_system` order; `local_ethnic_names` are the centre's own names.
    Villages not in `villages` are listed in the preview's `new_villages`; with `add_villages`
    their rows are accepted under the spelling kept for each, otherwise refused.
    """
    if not any(key in mapping for key in _NAME_FIELDS):
        raise SheetError(_("No name column was found. The list needs a column “Họ và tên” "
                           "(or “Họ và tên đệm” and “Tên”)."))
    matcher = VillageMatcher(villages)
    unknown = UnknownVillages()
    if "village" in mapping:
        for cells, number in zip(table.rows, table.row_numbers, strict=True):
            try:
                matcher.match(_cell(cells, mapping, "village"))
            except UnknownVillage:
                unknown.add(_cell(cells, mapping, "village"), number)
            except CellError:
                pass
    new_villages = unknown.villages()
    new_matcher = (VillageMatcher([village.name for village in new_villages])
                   if add_villages and new_villages else None)
    known = {_duplicate_key(learner.folded_name, learner.birth_year, learner.village): learner
             for learner in existing}
    seen: dict[_DuplicateKey, int] = {}
    rows: list[ParsedRow] = []
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        row = _parse_row(cells, number, mapping, villages=matcher, today=today,
                         default_ethnic_group=default_ethnic_group, code_system=code_system,
                         local_ethnic_names=local_ethnic_names or {},
                         new_villages=new_matcher)
        rows.append(row)
        name = str(row.values["full_name"])
        if not name:
            continue
        birth_year = row.values["birth_year"]
        village = row.values["village"]
        key = _duplicate_key(name, birth_year if isinstance(birth_year, int) else None,
                             village if isinstance(village, str) else None)
        if key in known:
            learner = known[key]
            row.duplicate_of = learner.ref or learner.folded_name
            row.warnings.append(_("Probably already registered: {who}.").format(
                who=learner.label or name))
        elif key in seen:
            row.duplicate_of = f"row:{seen[key]}"
            row.warnings.append(_("Probably the same person as row {row}.").format(row=seen[key]))
        else:
            seen[key] = number
    return ImportPreview(rows, table.legacy_encoding,
                         accepted=[row for row in rows if row.ok],
                         rejected=[row for row in rows if not row.ok], new_villages=new_villages)


def summarise(preview: ImportPreview) -> dict[str, int]:
    """Counts for the preview's status line and the CLI report."""
    return {
        "total": len(preview.rows),
        "accepted": len(preview.accepted),
        "rejected": len(preview.rejected),
        "duplicates": sum(1 for row in preview.rows if row.duplicate_of is not None),
    }


def preview_file(path: str | Path, *, sheet: str | None = None, villages: list[str],
                 today: dt.date, existing: Sequence[ExistingLearner] = (),
                 default_ethnic_group: str | None = None) -> ImportPreview:
    """Read a file and check every row with the guessed column mapping (the CLI's path)."""
    table = read_table(path, sheet)
    return parse_rows(table, guess_mapping(table.headers), villages=villages, today=today,
                      existing=existing, default_ethnic_group=default_ethnic_group)
