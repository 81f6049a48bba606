"""The Reports screen's dialogs: the classes and talks behind a figure (the drill-down), and the
texts the user writes for a period's report (situation, assessment, direction, recipients)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, os_error_reason
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.printing.record_list import RecordListData
from desktop.progress import Progress
from desktop.reports.behind_figures import LearnerLine, SessionLine
from desktop.reports.indicators import ActivityLine
from desktop.reports.periodic import ReportTexts
from desktop.reports.record_lists import RecordTable, classes_table, learners_table, sessions_table
from desktop.ui.messages import show_error
from desktop.ui.print_preview import PrintJob


class _NumberItem(QTableWidgetItem):
    """Sorts by its number, not by its text ("1.200" after "900")."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return int(self.data(Qt.ItemDataRole.UserRole) or 0) < int(other.data(Qt.ItemDataRole.UserRole) or 0)


def _number(value: int) -> QTableWidgetItem:
    item = _NumberItem(format_integer(value))
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ListDialog(QDialog):
    """Records behind a figure as a sortable table, with a total line, Save as Excel and Print.

    `on_open(row)`: what a double-click on a row opens (a further drill-down), if anything;
    `printable()`: the list to print, made on the printing worker in the document's language
    (no Print button without it)."""

    def __init__(self, title: str, table: RecordTable, *, on_open: Callable[[int], None] | None = None,
                 printable: Callable[[], RecordListData] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        header, rows, numbers = list(table.columns), [list(row) for row in table.rows], table.numbers
        self.heading, self.header, self.rows, self.numbers = title, header, rows, numbers
        self.printable = printable
        self.print_job: PrintJob | None = None
        self.table = QTableWidget(len(rows), len(header))
        self.table.setObjectName("recordsTable")
        self.table.setHorizontalHeaderLabels(header)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        first_number = len(header) - numbers
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = _number(value) if column >= first_number and isinstance(value, int) else \
                    QTableWidgetItem("" if value is None else str(value))
                item.setData(Qt.ItemDataRole.UserRole + 1, row)  # the row's place, whatever the sort
                self.table.setItem(row, column, item)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(min(1, len(header) - 1), QHeaderView.ResizeMode.Stretch)
        head.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the given order until a header is clicked
        self.table.setSortingEnabled(True)
        if on_open is not None:
            self.table.setToolTip(_("Double-click a line to see what is behind it."))
            self.table.cellDoubleClicked.connect(
                lambda row, column: on_open(self.table.item(row, column).data(Qt.ItemDataRole.UserRole + 1)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setToolTip(_("Print the list or save it as PDF (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_list)
        self.print_button.setVisible(printable is not None)
        self.export_button = QPushButton(_("Save as Excel…"))
        self.export_button.clicked.connect(self._ask_export)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if table.summary:
            layout.addWidget(QLabel(table.summary))
        layout.addWidget(buttons)
        self.resize(900, 500)

    def print_list(self) -> PrintJob | None:
        """Lay the list out off the GUI thread, then open its print preview (one at a time)."""
        from desktop.printing.record_list import render_record_list
        from desktop.ui.print_preview import file_name, start_print

        printable = self.printable
        if printable is None or self.print_job is not None:
            return None

        def render(out: Path, *, progress: Progress) -> int:
            return render_record_list(printable(), out, progress=progress)

        self.print_job = start_print(self, self.heading, render, suggested_name=file_name(self.heading))
        self.print_job.finished.connect(self._print_finished)
        return self.print_job

    def _print_finished(self) -> None:
        self.print_job = None

    def _ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the list as Excel"), "", _("Excel workbook (*.xlsx)"))
        if name:
            self.export(Path(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export(self, path: Path) -> None:
        from desktop.reports.workbook import write_list_workbook

        try:
            write_list_workbook(_("Records"), self.heading, self.header, self.rows, path,
                                total_from=len(self.header) - self.numbers + 1 if self.numbers else None)
        except OSError as error:
            show_error(self, UserError(_("The list could not be saved: {reason}.").format(
                reason=os_error_reason(error))))


def classes_dialog(title: str, lines: list[ActivityLine], on_open: Callable[[ActivityLine], None] | None,
                   parent: QWidget | None = None, *,
                   printable: Callable[[], RecordListData] | None = None) -> ListDialog:
    """The classes and talks behind a figure; a double-click opens a class's sessions."""
    return ListDialog(title, classes_table(lines),
                      on_open=(lambda row: on_open(lines[row])) if on_open is not None else None,
                      printable=printable, parent=parent)


def learners_dialog(title: str, lines: list[LearnerLine], parent: QWidget | None = None, *,
                    printable: Callable[[], RecordListData] | None = None) -> ListDialog:
    return ListDialog(title, learners_table(lines), printable=printable, parent=parent)


def sessions_dialog(title: str, lines: list[SessionLine], parent: QWidget | None = None, *,
                    printable: Callable[[], RecordListData] | None = None) -> ListDialog:
    return ListDialog(title, sessions_table(lines), printable=printable, parent=parent)


class TextsDialog(QDialog):
    """Sections I, III and IV and the recipients, written by the user, kept for the period."""

    def __init__(self, period_label: str, texts: ReportTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Texts of the report: {period}").format(period=period_label))
        self.situation = QPlainTextEdit(texts.situation)
        self.assessment = QPlainTextEdit(texts.assessment)
        self.direction = QPlainTextEdit(texts.direction)
        self.recipients = QPlainTextEdit("\n".join(texts.recipients))
        self.recipients.setPlaceholderText(_("One recipient a line, e.g. Phòng Văn hóa – Xã hội"))
        form = QFormLayout()
        form.addRow(_("I. Situation"), self.situation)
        form.addRow(_("III. Assessment"), self.assessment)
        form.addRow(_("IV. Direction"), self.direction)
        form.addRow(_("Recipients"), self.recipients)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def texts(self) -> ReportTexts:
        return ReportTexts(self.situation.toPlainText().strip(), self.assessment.toPlainText().strip(),
                           self.direction.toPlainText().strip(),
                           tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip()))
