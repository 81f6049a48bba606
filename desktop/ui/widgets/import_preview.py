"""The import-preview dialog every list import uses: pick the file, see each row as it would be
imported with its problems, then confirm.

The skeleton is the same for learners, past classes and talks, catalogue lists and rotated
batches; each kind plugs in how its file is read, its preview table, its summary and how it is
saved. Nothing is saved until the user confirms; a background import queues on the database
worker behind a progress dialog and can be cancelled, which leaves the records as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

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
from desktop.progress import Progress
from desktop.ui.list_file import ListFileRow, ask_for_list, fit_to_screen
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask

ERROR_STYLE = "color: #b00020;"


def preview_summary(rows: int, accepted: int, rejected: int, *more: str) -> str:
    """"12 rows in the list · 10 will be imported · 2 rejected", then the kind's own counts."""
    return " · ".join((
        ngettext("{count} row in the list", "{count} rows in the list", rows).format(
            count=format_integer(rows)),
        ngettext("{count} will be imported", "{count} will be imported", accepted).format(
            count=format_integer(accepted)),
        ngettext("{count} rejected", "{count} rejected", rejected).format(
            count=format_integer(rejected)),
        *more))


def copies_text(count: int) -> str:
    return ngettext("{count} copy", "{count} copies", count).format(count=format_integer(count))


def import_copies_label(count: int) -> str:
    """The confirm button of a book list: "Import 5 copies", or "Import" with nothing to import."""
    return (ngettext("Import {count} copy", "Import {count} copies", count).format(
        count=format_integer(count)) if count else _("Import"))


def error_line(object_name: str) -> QLabel:
    """The red line that says why the file could not be used (hidden until then)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class PreviewBox(QGroupBox):
    """The preview: a summary line, the kind's widgets, the table of rows."""

    def __init__(self, table: QWidget, summary_name: str = "importSummary",
                 between: Iterable[QWidget] = (), below: Iterable[QWidget] = ()) -> None:
        super().__init__(_("Preview: nothing is saved until you press Import"))
        self.summary = QLabel()
        self.summary.setObjectName(summary_name)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        for widget in between:
            layout.addWidget(widget)
        layout.addWidget(table, 1)
        for widget in below:
            layout.addWidget(widget)


def read_or_explain(dialog: QWidget, read: Callable[[], Any],
              refused: Callable[[str], None]) -> Any | None:
    """Read a chosen list with the kind's reader; None when it cannot be used. A known problem is
    said on the dialog through `refused`; anything else is a bug, logged and shown plainly."""
    try:
        return read()
    except UserError as error:
        refused(error.message)
    except Exception as error:  # a bug: logged, shown plainly
        show_error(dialog, error)
        refused(_("The file could not be read."))
    return None


class ImportPreviewDialog(QDialog):
    """The skeleton: file row, problems line, preview, and Import / Close with the import run on
    the database worker. A kind gives the hooks below and, where it needs them, widgets above the
    preview (`above`), beside it (`beside`) and at the bottom left (`bottom_left`)."""

    # -- the kind's parts ------------------------------------------------------------------------
    def window_title(self) -> str:
        raise NotImplementedError

    def file_prompt(self) -> str:
        raise NotImplementedError

    def list_prompt(self) -> str:
        raise NotImplementedError

    def task_title(self) -> str:
        raise NotImplementedError

    def changes(self) -> tuple[str, ...]:
        """What the import changes, announced to the screens when it is done."""
        return ()

    def failed_text(self) -> str:
        """Said beside the buttons when the import failed."""
        return _("Nothing was imported.")

    def read_preview(self, path: Path) -> Any:
        raise NotImplementedError

    def show_preview(self) -> None:
        """Fill the table, summary and import button from `self.preview` (None: clear them)."""
        raise NotImplementedError

    def commit(self, preview: Any, progress: Progress) -> Any:
        raise NotImplementedError

    def imported_text(self, result: Any) -> str:
        raise NotImplementedError

    def import_count(self) -> int:
        raise NotImplementedError

    def import_label(self, count: int) -> str:
        raise NotImplementedError

    def during_import(self) -> list[QWidget]:
        """Widgets that may not change while the import runs (besides Choose file…)."""
        return []

    def after_import(self) -> None:
        """Re-enable what `during_import` disabled, as the preview now allows."""

    def on_imported(self, result: Any) -> None:
        """After the result is shown (a signal to the screen, say)."""

    # -- the skeleton ---------------------------------------------------------------------------
    def __init__(self, db: Any, parent: QWidget | None, *, today: Any, minimum: tuple[int, int],
                 largest: tuple[int, int]) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.path: Path | None = None
        self.preview: Any = None
        self.result: Any = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(self.window_title())
        fit_to_screen(self, parent, minimum, largest)
        self.file_row = ListFileRow(self, self.file_prompt(), self.choose_file)
        self.path_edit, self.choose_button = self.file_row.path_edit, self.file_row.choose_button
        self.error_label = error_line("importError")
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

    def arrange(self, preview: QWidget, *, above: Iterable[QWidget] = (),
                beside: QWidget | None = None, bottom_left: Iterable[QWidget] = ()) -> None:
        """Lay the parts out: file, notes, problems, preview, then the buttons."""
        layout = QVBoxLayout(self)
        layout.addLayout(self.file_row)
        for widget in above:
            layout.addWidget(widget)
        layout.addWidget(self.error_label)
        if beside is None:
            layout.addWidget(preview, 1)
        else:
            middle = QHBoxLayout()
            middle.addWidget(beside)
            middle.addWidget(preview, 1)
            layout.addLayout(middle, 1)
        bottom = QHBoxLayout()
        for widget in bottom_left:
            bottom.addWidget(widget)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

    def open_first(self, path: str | Path | None) -> None:
        """The end of a kind's __init__: the button right, the file given (if any) read."""
        self.update_import_button()
        if path is not None:
            self.load_file(path)
        self.choose_button.setFocus()

    def choose_file(self) -> None:
        if self.task is not None:
            return
        name = ask_for_list(self, self.list_prompt(), self.path)
        if name:
            self.load_file(name)

    def load_file(self, path: str | Path) -> None:
        """Read and check the list; nothing is saved."""
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.result_label.clear()
        self.result = None
        self.refresh_preview(lambda: self.read_preview(self.path))  # type: ignore[arg-type]

    def refresh_preview(self, read: Callable[[], Any]) -> None:
        preview = read_or_explain(self, read, self.show_problem)
        if preview is not None:
            self.preview = preview
            self.error_label.hide()
            self.preview_read(preview)
        self.show_preview()

    def preview_read(self, preview: Any) -> None:
        """A new preview was read (a kind may fill its controls from it)."""

    def show_problem(self, message: str) -> None:
        self.preview = None
        self.error_label.setText(message)
        self.error_label.show()

    def update_import_button(self) -> None:
        count = self.import_count()
        self.import_button.setText(self.import_label(count) if count else _("Import"))
        self.import_button.setEnabled(count > 0 and self.task is None and self.result is None)

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or self.task is not None or not self.import_count() or self.result:
            return
        self.result_label.setText(_("Importing…"))
        work = self.import_work(preview)
        self.task = BackgroundTask(self, self.task_title(), work, on_success=self._imported,
                                   on_error=self._failed, changes=self.changes())
        self.task.finished.connect(self._task_finished)
        for widget in (self.choose_button, *self.during_import()):
            widget.setEnabled(False)
        self.update_import_button()
        self.task.start()

    def import_work(self, preview: Any) -> Callable[[Progress], Any]:
        """The import as a plain function for the worker (read the dialog's choices here)."""
        return lambda progress: self.commit(preview, progress)

    def _task_finished(self) -> None:
        self.task = None
        self.choose_button.setEnabled(True)
        self.after_import()
        self.update_import_button()
        # The success or error callback runs right after this; whatever is left was a cancel.
        QTimer.singleShot(0, self._check_cancelled)

    def _check_cancelled(self) -> None:
        if self.result is None and self.result_label.text() == _("Importing…"):
            self.result_label.setText(_("Import cancelled; nothing was saved."))

    def _imported(self, result: object) -> None:
        self.result = result
        self.result_label.setText(self.imported_text(result))
        self.update_import_button()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.on_imported(result)

    def _failed(self, error: Exception) -> None:
        self.result_label.setText(self.failed_text())
        show_error(self, error, self.window_title())

    def reject(self) -> None:
        if self.task is not None:  # Esc during the import asks it to stop; nothing half-saved
            self.task.cancel()
            return
        super().reject()
