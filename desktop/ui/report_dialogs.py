"""The Reports screen's dialogs: the classes and talks behind a figure (the drill-down), and the
texts the user writes for a period's report (situation, assessment, direction, recipients)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

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
from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.reports import labels
from desktop.reports.behind_figures import LearnerLine, SessionLine
from desktop.reports.indicators import ActivityLine
from desktop.reports.periodic import ReportTexts
from desktop.ui.messages import show_error


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
    """Records behind a figure as a sortable table, with a total line and Save as Excel.

    `numbers`: the columns holding counts (right-aligned, summed in the workbook);
    `on_open(row)`: what a double-click on a row opens (a further drill-down), if anything."""

    def __init__(self, title: str, header: list[str], rows: list[list[object]], *, numbers: int = 0,
                 summary: str = "", on_open: Callable[[int], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.heading, self.header, self.rows, self.numbers = title, header, rows, numbers
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
        self.export_button = QPushButton(_("Save as Excel…"))
        self.export_button.clicked.connect(self._ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if summary:
            layout.addWidget(QLabel(summary))
        layout.addWidget(buttons)
        self.resize(900, 500)

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
                   parent: QWidget | None = None) -> ListDialog:
    """The classes and talks behind a figure; a double-click opens a class's sessions."""
    rows: list[list[object]] = [[line.code, line.name, labels.kind_label(line.kind), line.sessions,
                                 line.participant_times] for line in lines]
    summary = _("{count} classes and talks: {sessions} sessions, {times} participant-times.").format(
        count=format_integer(len(lines)), sessions=format_integer(sum(line.sessions for line in lines)),
        times=format_integer(sum(line.participant_times for line in lines)))
    return ListDialog(title, [_("Code"), _("Class or talk"), _("Kind"), _("Sessions"), _("Participant-times")],
                      rows, numbers=2, summary=summary,
                      on_open=(lambda row: on_open(lines[row])) if on_open is not None else None, parent=parent)


def learners_dialog(title: str, lines: list[LearnerLine], parent: QWidget | None = None) -> ListDialog:
    yes = _("yes")
    rows: list[list[object]] = [
        [line.full_name, labels.village_label(line.village), "" if line.age is None else str(line.age),
         yes if line.woman else "", yes if line.minority else "", yes if line.rural else "", line.activities,
         line.participant_times] for line in sorted(lines, key=lambda line: (line.village, line.full_name))]
    return ListDialog(title, [_("Learner"), _("Village"), _("Age"), _("Woman"), _("Ethnic minority"),
                              _("Rural worker"), _("Classes and talks"), _("Participant-times")], rows,
                      numbers=2, summary=_("{count} learners.").format(count=format_integer(len(lines))),
                      parent=parent)


def sessions_dialog(title: str, lines: list[SessionLine], parent: QWidget | None = None) -> ListDialog:
    rows: list[list[object]] = [
        [format_date(line.date), f"{line.activity_code} {line.activity_name}", line.periods, line.present,
         line.headcount, line.walk_ins] for line in lines]
    return ListDialog(title, [_("Date"), _("Class or talk"), _("Periods"), _("Present"), _("Headcount"),
                              _("Walk-ins")], rows, numbers=4, parent=parent)


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
