"""Importing the classes and talks held before the app: the learner import's dialog (file and
sheet, column guess, preview with reasons, one transaction on the database worker) with this
list's columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext, pick
from desktop.importing.activity_sheet import ACTIVITY_FIELDS, ActivityRow
from desktop.reference.activities import ACTIVITY_KINDS
from desktop.services.activity_import import commit_activity_import, preview_activity_import
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.models.import_preview_table import (
    BIRTH,
    ETHNIC,
    GENDER,
    NAME,
    REASONS,
    ROW,
    STATUS,
    VILLAGE,
    ImportPreviewModel,
)

_KIND_NAMES = {kind.key: kind for kind in ACTIVITY_KINDS}


class ActivityPreviewModel(ImportPreviewModel):
    """The rows of a past-activities list: name, date, kind, headcount, place, reasons."""

    @staticmethod
    def headers() -> tuple[str, ...]:
        return (_("Row"), _("Result"), _("Class or talk"), _("Date"), _("Kind"),
                _("Headcount"), _("Village or venue"), _("Why"))

    @staticmethod
    def _display(row: ActivityRow, status: str, column: int) -> str:
        values = row.values
        if column in (ROW, STATUS, REASONS):
            return ImportPreviewModel._display(row, status, column)
        if column == NAME:
            return str(values.get("name") or "")
        if column == BIRTH:
            start = values.get("start_date")
            return format_date(start) if isinstance(start, dt.date) else ""
        if column == GENDER:
            kind = _KIND_NAMES.get(str(values.get("kind")))
            return pick(kind.name_vi, kind.name_en) if kind else ""
        if column == ETHNIC:
            count = values.get("headcount")
            return format_integer(count) if isinstance(count, int) else ""
        if column == VILLAGE:
            return str(values.get("place") or "")
        return ""


class ActivityImportDialog(ImportDialog):
    """Import past classes and talks; `imported_count` says how many were saved."""

    fields = ACTIVITY_FIELDS
    model_class = ActivityPreviewModel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mapping_form.setRowVisible(self.village_default, False)  # learner lists only
        self.include_duplicates.setToolTip(_("Leave unticked unless they really are other "
                                             "classes or talks of the same name on that date"))

    def window_title(self) -> str:
        return _("Import past classes and talks")

    def file_prompt(self) -> str:
        return _("Choose an Excel (.xlsx) or CSV file with the classes and talks held before")

    def list_prompt(self) -> str:
        return _("Choose a list of classes and talks")

    def changes(self) -> tuple[str, ...]:
        return ("activities",)

    def task_title(self) -> str:
        return _("Importing classes and talks")

    def read_list(self, sheet: str | None, mapping: dict[str, int] | None) -> Any:
        return preview_activity_import(self.db, self.path, sheet=sheet, mapping=mapping,
                                       today=self.today)

    def commit_rows(self, preview: Any, include_duplicates: bool, progress: Any) -> int:
        return commit_activity_import(self.db, preview, include_duplicates=include_duplicates,
                                      progress=progress)

    def import_label(self, count: int) -> str:
        return ngettext("Import {count} class or talk", "Import {count} classes and talks",
                        count).format(count=format_integer(count))

    def imported_count_text(self, count: int) -> str:
        return ngettext("{count} class or talk imported.", "{count} classes and talks imported.",
                        count).format(count=format_integer(count))
