"""Importing a learner list from Excel or CSV: a preview first, then one transaction.

The preview reads and checks every row (desktop.importing.learner_sheet) and then runs each good
row through the same normalisation as hand entry, so what the preview accepts is exactly what
`commit_import` writes, and imported learners are identical to hand-entered ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.importing.learner_sheet import (
    ExistingLearner,
    NewVillage,
    ParsedRow,
    RawTable,
    SheetError,
    guess_mapping,
    list_sheets,
    parse_rows,
    read_table,
)
from desktop.progress import Progress
from desktop.services.backups import back_up_before_import
from desktop.services.centre import add_villages_in, list_villages
from desktop.services.reference_lists import local_ethnic_lookup
from desktop.services.learners import (
    LearnerFilter,
    LearnerInput,
    apply_learner_input,
    known_village_ids,
    list_learners,
    normalise_input,
)
from desktop.store.database import Database
from desktop.store.register_models import Learner

__all__ = ["NEW_VILLAGE", "LearnerImportPreview", "SheetError", "commit_import", "preview_import"]


@dataclass
class LearnerImportPreview:
    """What an import would do. Every row is in exactly one of accepted, rejected, duplicates.

    `accepted` rows are imported; `rejected` rows have errors (listed in `problems`); `duplicates`
    are rows without errors that are probably someone already registered (or an earlier row of
    the file): imported only when the user says so.
    """

    path: Path
    sheet: str
    sheets: list[str]
    headers: list[str]
    mapping: dict[str, int]
    total: int
    accepted: int
    rejected: int
    duplicates: int
    legacy_encoding: str | None  # "tcvn3" or "vni" when the text was converted to Unicode
    problems: list[tuple[int, list[str]]]  # (row number as the sheet shows it, errors)
    rows: list[ParsedRow]
    today: dt.date
    # Row number → the checked learner for every row without errors (accepted or duplicate).
    inputs: dict[int, LearnerInput] = field(default_factory=dict, repr=False)
    duplicate_rows: frozenset[int] = frozenset()
    # Villages the centre does not know yet, and whether the import adds them (else their rows
    # are refused).
    new_villages: list[NewVillage] = field(default_factory=list)
    add_villages: bool = False

    def status(self, row: ParsedRow) -> str:
        """"rejected", "duplicate" or "accepted", for the preview table."""
        if row.errors:
            return "rejected"
        return "duplicate" if row.row_number in self.duplicate_rows else "accepted"

    def rows_to_import(self, include_duplicates: bool = False) -> list[ParsedRow]:
        return [row for row in self.rows if row.row_number in self.inputs
                and (include_duplicates or row.row_number not in self.duplicate_rows)]


NEW_VILLAGE = "new:"  # the village id of a row whose village the import adds, before it exists


def _text(values: dict[str, object], key: str) -> str:
    value = values.get(key)
    return str(value) if value is not None else ""


def _learner_input(row: ParsedRow, village_ids: dict[str, str],
                   default_village_id: str | None) -> LearnerInput:
    values = row.values
    village = values.get("village")
    village_id = village_ids.get(str(village)) if village else default_village_id
    birth_date = values.get("birth_date")
    birth_year = values.get("birth_year")
    gender = values.get("gender")
    ethnic = values.get("ethnic_group_key")
    return LearnerInput(
        full_name=_text(values, "full_name"),
        gender=str(gender) if gender else None,
        birth_date=birth_date if isinstance(birth_date, dt.date) else None,
        birth_year=birth_year if isinstance(birth_year, int) else None,
        ethnic_group_key=str(ethnic) if ethnic else None,
        village_id=village_id,
        phone=_text(values, "phone"), citizen_id=_text(values, "citizen_id"),
        occupation=_text(values, "occupation"), schooling=_text(values, "schooling"),
        religion=_text(values, "religion"), notes=_text(values, "notes"),
    )


def _import_message(error: ValidationError) -> str:
    # The hand-entry form says "choose ..."; a row of a file needs a message about the file.
    if error.field == "village_id":
        return _("The village is empty; every learner needs a village from the centre's list.")
    return error.message


def preview_import(db: Database, path: str | Path, *, sheet: str | None = None,
                   mapping: dict[str, int] | None = None, today: dt.date | None = None,
                   default_village_id: str | None = None,
                   add_villages: bool = False) -> LearnerImportPreview:
    """Read and check a learner list without saving anything.

    `mapping` (field key → column index) defaults to the guess from the headers;
    `default_village_id` is used for rows whose village cell is empty (a list of one village);
    with `add_villages`, villages the centre does not know yet are added with the import.
    Raises SheetError when the file cannot be read as a learner list.
    """
    path = Path(path)
    today = today or dt.date.today()
    sheets = list_sheets(path)
    table: RawTable = read_table(path, sheet)
    if mapping is None:
        mapping = guess_mapping(table.headers)
    else:
        mapping = {key: index for key, index in mapping.items() if 0 <= index < len(table.headers)}
    villages = list_villages(db)
    village_ids = {village.name: village.id for village in villages}
    if default_village_id is not None and default_village_id not in village_ids.values():
        raise ValidationError(_("Choose a village from the list."), "village_id")
    existing = [ExistingLearner(learner.name_folded, learner.birth_year, learner.village or None,
                                ref=learner.id, label=learner.label())
                for learner in list_learners(db, LearnerFilter(today=today))]
    parsed = parse_rows(table, mapping, villages=[village.name for village in villages],
                        today=today, existing=existing, local_ethnic_names=local_ethnic_lookup(db),
                        add_villages=add_villages)
    if add_villages:
        village_ids.update({village.name: NEW_VILLAGE + village.name
                            for village in parsed.new_villages})
    known_villages = set(village_ids.values())
    inputs: dict[int, LearnerInput] = {}
    for row in parsed.rows:
        if row.errors:
            continue
        try:
            inputs[row.row_number] = normalise_input(
                _learner_input(row, village_ids, default_village_id), today=today,
                known_villages=known_villages, villages_required=bool(known_villages))
        except ValidationError as error:
            row.errors.append(_import_message(error))
    rejected_numbers = {row.row_number for row in parsed.rows if row.errors}
    duplicate_rows = frozenset(
        row.row_number for row in parsed.rows
        if not row.errors and row.duplicate_of is not None
        # The same person as an earlier row that was rejected: this row is the one to keep.
        and not (row.duplicate_of.startswith("row:")
                 and int(row.duplicate_of[4:]) in rejected_numbers))
    problems = [(row.row_number, list(row.errors)) for row in parsed.rows if row.errors]
    total = len(parsed.rows)
    return LearnerImportPreview(
        path=path, sheet=table.sheet, sheets=sheets, headers=list(table.headers),
        mapping=dict(mapping), total=total, accepted=len(inputs) - len(duplicate_rows),
        rejected=len(problems), duplicates=len(duplicate_rows),
        legacy_encoding=parsed.legacy_encoding, problems=problems, rows=parsed.rows, today=today,
        inputs=inputs, duplicate_rows=duplicate_rows, new_villages=parsed.new_villages,
        add_villages=add_villages)


def commit_import(db: Database, preview: LearnerImportPreview, *, include_duplicates: bool = False,
                  progress: Progress | None = None) -> int:
    """Write the preview's accepted rows (and duplicates if asked) in ONE transaction.

    Returns the number of learners imported. Cancelling through `progress` or any failure rolls
    everything back: a list is imported whole or not at all.
    """
    rows = preview.rows_to_import(include_duplicates)
    total = len(rows)
    if progress is not None:
        progress.report(0, total, _("Importing learners…"))
    if not rows:
        return 0
    back_up_before_import(db)
    with db.unit_of_work() as session:
        added: dict[str, str] = {}
        if preview.add_villages and preview.new_villages:
            added = {NEW_VILLAGE + name: village_id for name, village_id in add_villages_in(
                session, [village.name for village in preview.new_villages]).items()}
        known_villages = known_village_ids(session)
        for done, row in enumerate(rows, start=1):
            if progress is not None:
                progress.check()
            learner_input = preview.inputs[row.row_number]
            if learner_input.village_id in added:
                learner_input = replace(learner_input, village_id=added[learner_input.village_id])
            try:
                # Checked again: a village may have been removed since the preview.
                clean = normalise_input(learner_input, today=preview.today,
                                        known_villages=known_villages,
                                        villages_required=bool(known_villages))
            except ValidationError as error:
                raise ValidationError(_("Row {row}: {problem} Nothing was imported.").format(
                    row=row.row_number, problem=_import_message(error)), error.field) from error
            learner = Learner()
            apply_learner_input(learner, clean)
            session.add(learner)
            if done % 200 == 0:
                session.flush()
            if progress is not None:
                progress.report(done, total, _("Importing learners…"))
        if progress is not None:
            progress.check()
    return total
