"""Import an existing catalogue list (Excel or CSV): a preview of every row, then the import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.accession import code_ranges
from desktop.services.books.book_import import (
    BookImportPreview,
    BookImportResult,
    BookRow,
    commit_book_import,
    preview_book_import,
)
from desktop.store.database import Database
from desktop.ui.books.labels import ERROR_STYLE, OVERDUE_COLOUR
from desktop.ui.list_file import ListFileRow, ask_for_list, fit_to_screen
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask
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


class BookImportDialog(QDialog):
    """Import a catalogue list (.xlsx or .csv): preview every row, then one batch in the register."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 path: str | Path | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.path: Path | None = None
        self.preview: BookImportPreview | None = None
        self.result: BookImportResult | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(_("Import a catalogue list"))
        fit_to_screen(self, parent, (900, 520), (1280, 700))

        file_row = ListFileRow(self, _("Choose an Excel (.xlsx) or CSV file with the list of "
                                       "books"), self.choose_file)
        self.path_edit, self.choose_button = file_row.path_edit, file_row.choose_button

        explain = QLabel(_("The list becomes one batch of opening stock in the summary accession "
                           "register. Accession numbers already on the labels are kept; copies "
                           "without one are numbered after the highest. Titles already in the "
                           "catalogue get the new copies."))
        explain.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.model = RecordModel(import_columns(), self,
                                 background=lambda r: OVERDUE_COLOUR if r.errors else None,
                                 tooltip=lambda r: "\n".join(r.errors) or None)
        self.table = RecordTable(self.model, "importPreview")
        box = QGroupBox(_("Preview: nothing is saved until you press Import"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.summary)
        box_layout.addWidget(self.table, 1)

        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setToolTip(_("Close (Esc)"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(explain)
        layout.addWidget(self.error_label)
        layout.addWidget(box, 1)
        layout.addLayout(bottom)
        self._update_import_button()
        if path is not None:
            self.load_file(path)
        self.choose_button.setFocus()

    def choose_file(self) -> None:
        if self.task is not None:
            return
        name = ask_for_list(self, _("Choose a catalogue list"), self.path)
        if name:
            self.load_file(name)

    def load_file(self, path: str | Path) -> None:
        """Read and check the list; nothing is saved."""
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.result_label.clear()
        self.result = None
        try:
            self.preview = preview_book_import(self.db, self.path, today=self.today)
        except UserError as error:
            self.preview = None
            self.error_label.setText(error.message)
            self.error_label.show()
        except Exception as error:  # a bug: logged, shown plainly
            self.preview = None
            show_error(self, error)
            self.error_label.setText(_("The file could not be read."))
            self.error_label.show()
        else:
            self.error_label.hide()
        self._show_preview()

    def _show_preview(self) -> None:
        preview = self.preview
        self.model.set_rows(preview.rows if preview else [])
        if preview is None:
            self.summary.clear()
        else:
            rejected = len(preview.problems)
            self.summary.setText(" · ".join((
                ngettext("{count} row in the list", "{count} rows in the list",
                         len(preview.rows)).format(count=format_integer(len(preview.rows))),
                ngettext("{count} will be imported", "{count} will be imported",
                         len(preview.accepted)).format(count=format_integer(len(preview.accepted))),
                ngettext("{count} rejected", "{count} rejected", rejected).format(
                    count=format_integer(rejected)),
                ngettext("{count} copy", "{count} copies", preview.copies).format(
                    count=format_integer(preview.copies)),
            )))
        self._update_import_button()

    def _update_import_button(self) -> None:
        copies = self.preview.copies if self.preview else 0
        self.import_button.setText(ngettext("Import {count} copy", "Import {count} copies",
                                            copies).format(count=format_integer(copies))
                                   if copies else _("Import"))
        self.import_button.setEnabled(bool(copies) and self.task is None and self.result is None)

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or self.task is not None or not preview.accepted or self.result:
            return
        self.result_label.setText(_("Importing…"))
        self.task = BackgroundTask(
            self, _("Importing the catalogue list"),
            lambda progress: commit_book_import(self.db, preview, progress=progress),
            on_success=self._imported, on_error=self._failed)
        self.task.finished.connect(self._task_finished)
        self.choose_button.setEnabled(False)
        self._update_import_button()
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None
        self.choose_button.setEnabled(True)
        self._update_import_button()
        QTimer.singleShot(0, self._check_cancelled)

    def _check_cancelled(self) -> None:
        if self.result is None and self.result_label.text() == _("Importing…"):
            self.result_label.setText(_("Import cancelled; nothing was saved."))

    def _imported(self, result: object) -> None:
        assert isinstance(result, BookImportResult)
        self.result = result
        self.result_label.setText(_(
            "Imported {copies} as entry {entry} of the summary register: {created} new titles, "
            "{reused} rows added to titles already in the catalogue.").format(
            copies=ngettext("{count} copy", "{count} copies", result.copies).format(
                count=format_integer(result.copies)),
            entry=result.intake.entry_label, created=format_integer(result.titles_created),
            reused=format_integer(result.titles_reused)))
        self._update_import_button()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self.result_label.setText(_("Nothing was imported; the catalogue is unchanged."))
        show_error(self, error, _("Import a catalogue list"))

    def reject(self) -> None:
        if self.task is not None:  # Esc during the import asks it to stop; nothing half-saved
            self.task.cancel()
            return
        super().reject()
