"""Importing the classes and talks a centre held before the app: a preview, then one transaction.

Each row becomes a class or talk like one entered by hand (its code, kind, topic group, village
or venue, dates, planned sessions). A talk gets one held session on its date carrying its
headcount (with women and ethnic minority people when the list says), so the overview and the
reports count the talk's headcount and nothing more. A past class brings no sessions: the list
does not say which days it met, and the app counts a class by its marked sessions; the number of
learners a list gives for a class is kept in its notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.errors import UserError
from desktop.i18n import _
from desktop.importing.activity_sheet import (
    ActivityRow,
    guess_activity_mapping,
    parse_activity_rows,
    read_activity_table,
)
from desktop.importing.cells import CellError, VillageMatcher
from desktop.importing.new_villages import NewVillage
from desktop.importing.tables import SheetError, list_sheets
from desktop.progress import Progress
from desktop.services.activities import next_activity_code
from desktop.services.centre import list_villages
from desktop.store.database import Database
from desktop.store.register_models import Activity, Session
from desktop.text.vietnamese import fold

__all__ = ["ActivityImportPreview", "SheetError", "commit_activity_import",
           "preview_activity_import"]


@dataclass
class ActivityImportPreview:
    """What an import would do; rows in the same three groups as a learner list's preview."""

    path: Path
    sheet: str
    sheets: list[str]
    headers: list[str]
    mapping: dict[str, int]
    rows: list[ActivityRow]
    today: dt.date
    legacy_encoding: str | None = None
    duplicate_rows: frozenset[int] = frozenset()
    village_ids: dict[int, str] = field(default_factory=dict)  # row → the village it names
    new_villages: list[NewVillage] = field(default_factory=list)  # the dialog's village box

    def status(self, row: ActivityRow) -> str:
        if row.errors:
            return "rejected"
        return "duplicate" if row.row_number in self.duplicate_rows else "accepted"

    def rows_to_import(self, include_duplicates: bool = False) -> list[ActivityRow]:
        return [row for row in self.rows if not row.errors
                and (include_duplicates or row.row_number not in self.duplicate_rows)]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def accepted(self) -> int:
        return len(self.rows_to_import())

    @property
    def rejected(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def duplicates(self) -> int:
        return len(self.duplicate_rows)

    @property
    def problems(self) -> list[tuple[int, list[str]]]:
        return [(row.row_number, list(row.errors)) for row in self.rows if row.errors]


def _key(name: str, start: object) -> tuple[str, object]:
    return fold(name), start


def preview_activity_import(db: Database, path: str | Path, *, sheet: str | None = None,
                            mapping: dict[str, int] | None = None,
                            today: dt.date | None = None) -> ActivityImportPreview:
    """Read and check a list of past classes and talks; nothing is saved."""
    path = Path(path)
    today = today or dt.date.today()
    sheets = list_sheets(path)
    table = read_activity_table(path, sheet)
    if mapping is None:
        mapping = guess_activity_mapping(table.headers)
    else:
        mapping = {key: index for key, index in mapping.items() if 0 <= index < len(table.headers)}
    if "name" not in mapping:
        raise SheetError(_("No name column was found. The list needs a column “Tên lớp, chuyên "
                           "đề”."))
    rows = parse_activity_rows(table, mapping, today=today)
    villages = list_villages(db)
    matcher = VillageMatcher([village.name for village in villages])
    ids = {village.name: village.id for village in villages}
    village_ids: dict[int, str] = {}
    for row in rows:
        try:
            found = matcher.match(row.values["place"]) if villages else None
        except CellError:
            found = None  # not a village of the list: kept as the venue
        if found is not None:
            village_ids[row.row_number] = ids[found]
    with db.reading() as session:
        known = {_key(name, start) for name, start in session.execute(
            select(Activity.name, Activity.start_date).where(Activity.deleted.is_(False)))}
    seen: dict[tuple[str, object], int] = {}
    duplicates: set[int] = set()
    for row in rows:
        if row.errors:
            continue
        key = _key(str(row.values["name"]), row.values["start_date"])
        if key in known:
            duplicates.add(row.row_number)
            row.duplicate_of = "register"
            row.warnings.append(_("Probably already in the register: a class or talk of this "
                                  "name on this date."))
        elif key in seen:
            duplicates.add(row.row_number)
            row.duplicate_of = f"row:{seen[key]}"
            row.warnings.append(_("Probably the same as row {row}.").format(row=seen[key]))
        else:
            seen[key] = row.row_number
    return ActivityImportPreview(path, table.sheet, sheets, list(table.headers), dict(mapping),
                                 rows, today, table.legacy_encoding, frozenset(duplicates),
                                 village_ids)


def _class_notes(row: ActivityRow) -> str:
    values = row.values
    parts = [str(values["notes"])] if values["notes"] else []
    if not row.is_talk and values["headcount"] is not None:
        detail = [_("women {count}").format(count=values["women"])] if values["women"] is not None else []
        if values["minority"] is not None:
            detail.append(_("ethnic minority {count}").format(count=values["minority"]))
        parts.append(_("Learners: {count}").format(count=values["headcount"])
                     + (f" ({', '.join(detail)})" if detail else ""))
    return "; ".join(parts)


def commit_activity_import(db: Database, preview: ActivityImportPreview, *,
                           include_duplicates: bool = False,
                           progress: Progress | None = None) -> int:
    """Write the accepted rows in ONE transaction; returns how many classes and talks."""
    rows = preview.rows_to_import(include_duplicates)
    if progress is not None:
        progress.report(0, len(rows), _("Importing classes and talks…"))
    if not rows:
        raise UserError(_("No row of the list can be imported; see the problems listed."))
    source = _("Imported from {name}").format(name=preview.path.name)
    with db.unit_of_work() as session:
        for done, row in enumerate(rows, start=1):
            if progress is not None:
                progress.check()
            values = row.values
            start = values["start_date"]
            assert isinstance(start, dt.date)  # rows without a date are rejected
            end = values["end_date"] if isinstance(values["end_date"], dt.date) else None
            village_id = preview.village_ids.get(row.row_number)
            notes = "; ".join(part for part in (_class_notes(row), source) if part)
            activity = Activity(
                code=next_activity_code(session, start.year), name=str(values["name"]),
                name_folded=fold(str(values["name"])), kind=str(values["kind"]),
                topic_group=str(values["topic_group"]), partner=str(values["partner"]),
                venue="" if village_id else str(values["place"]), village_id=village_id,
                teacher=str(values["teacher"]), start_date=start, end_date=end or start,
                planned_sessions=values["sessions"], status=(
                    "finished" if (end or start) < preview.today else "running"),
                notes=notes)
            session.add(activity)
            session.flush()
            if row.is_talk:
                session.add(Session(
                    activity_id=activity.id, date=start, teacher=str(values["teacher"]),
                    venue=activity.venue, attendance_taken=values["headcount"] is not None,
                    headcount_total=values["headcount"], headcount_women=values["women"],
                    headcount_minority=values["minority"]))
            if progress is not None:
                progress.report(done, len(rows), _("Importing classes and talks…"))
        if progress is not None:
            progress.check()
    return len(rows)
