"""Import an existing catalogue list (Excel or CSV): a preview of every row, then the import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.progress import Progress
from desktop.services.books.accession import code_ranges
from desktop.services.books.book_import import (
    BookImportPreview,
    BookImportResult,
    BookRow,
    commit_book_import,
    preview_book_import,
)
from desktop.store.database import Database
from desktop.ui.books.labels import OVERDUE_COLOUR
from desktop.ui.database_call import call_on_worker
from desktop.ui.widgets.import_preview import (
    ImportPreviewDialog,
    PreviewBox,
    copies_text,
    import_copies_label,
    preview_summary,
)
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable


def _row_status(row: BookRow) -> str:
    return _("Rejected") if row.errors else _("Will be imported")


def _numbers_text(row: BookRow) -> str:
    return code_ranges(row.accession_numbers)


def import_columns() -> list[Column]:
    return [
        Column(_("Row"), lambda r: str(r.row_number), lambda r: r.row_number, CENTRE, "0000"),
        Column(_("Result"), _row_status, width=_("Will be imported")),
        Column(_("Title"), lambda r: r.title.title if r.title else ""),
        Column(_("Authors"), lambda r: r.title.authors if r.title else "",
               width="Nguyễn Văn Bộ, Tô Hoài"),
        Column(_("Copies"), lambda r: format_integer(r.copies), lambda r: r.copies, RIGHT, "0000"),
        Column(_("Accession no."), _numbers_text, width="000–000"),
        Column(_("Why"), lambda r: "; ".join(r.errors), width="x" * 44),
    ]


class BookImportDialog(ImportPreviewDialog):
    """Import a catalogue list (.xlsx or .csv): preview every row, then one batch in the register."""

    preview: BookImportPreview | None
    result: BookImportResult | None

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 path: str | Path | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent, today=today, minimum=(900, 520), largest=(1280, 700))
        explain = QLabel(_("The list becomes one batch of opening stock in the summary accession "
                           "register. Accession numbers already on the labels are kept; copies "
                           "without one are numbered after the highest. Titles already in the "
                           "catalogue get the new copies."))
        explain.setWordWrap(True)
        self.model = RecordModel(import_columns(), self,
                                 background=lambda r: OVERDUE_COLOUR if r.errors else None,
                                 tooltip=lambda r: "\n".join(r.errors) or None)
        self.table = RecordTable(self.model, "importPreview")
        box = PreviewBox(self.table)
        self.summary = box.summary
        self.arrange(box, above=[explain])
        self.open_first(path)

    def window_title(self) -> str:
        return _("Import a catalogue list")

    def file_prompt(self) -> str:
        return _("Choose an Excel (.xlsx) or CSV file with the list of books")

    def list_prompt(self) -> str:
        return _("Choose a catalogue list")

    def changes(self) -> tuple[str, ...]:
        return ("books",)

    def task_title(self) -> str:
        return _("Importing the catalogue list")

    def failed_text(self) -> str:
        return _("Nothing was imported; the catalogue is unchanged.")

    def read_preview(self, path: Path) -> BookImportPreview:
        db, today = self.db, self.today
        return call_on_worker(self, lambda: preview_book_import(db, path, today=today))

    def show_preview(self) -> None:
        preview = self.preview
        self.model.set_rows(preview.rows if preview else [])
        if preview is None:
            self.summary.clear()
        else:
            self.summary.setText(preview_summary(len(preview.rows), len(preview.accepted),
                                                 len(preview.problems), copies_text(preview.copies)))
        self.update_import_button()

    def import_count(self) -> int:
        return self.preview.copies if self.preview else 0

    def import_label(self, count: int) -> str:
        return import_copies_label(count)

    def commit(self, preview: BookImportPreview, progress: Progress) -> BookImportResult:
        return commit_book_import(self.db, preview, progress=progress)

    def imported_text(self, result: BookImportResult) -> str:
        return _(
            "Imported {copies} as entry {entry} of the summary register: {created} new titles, "
            "{reused} rows added to titles already in the catalogue.").format(
            copies=copies_text(result.copies), entry=result.intake.entry_label,
            created=format_integer(result.titles_created),
            reused=format_integer(result.titles_reused))
