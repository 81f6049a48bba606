"""A reader's open loans as a table; overdue ones stand out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont

from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.books.loan_lists import LoanInfo
from desktop.ui.widgets.record_model import RIGHT, Column, RecordModel


OVERDUE_TEXT = QColor("#b00020")
OVERDUE_BACKGROUND = QColor("#fdecea")


def loan_state_text(loan: LoanInfo, today: dt.date) -> str:
    """How the loan stands: overdue, due today, or days left."""
    if loan.overdue_days:
        return ngettext("{days} day overdue", "{days} days overdue", loan.overdue_days).format(
            days=loan.overdue_days)
    left = (loan.due_on - today).days
    if left <= 0:
        return _("Due today")
    return ngettext("{days} day left", "{days} days left", left).format(days=left)


class LoanTableModel(RecordModel):
    """The current reader's open loans; overdue ones stand out."""

    CODE, TITLE, LOANED, DUE, STATE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.today = dt.date.today()

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Accession no."), lambda loan: loan.copy_code, align=RIGHT),
            Column(_("Title"), lambda loan: loan.title),
            Column(_("Borrowed"), lambda loan: format_date(loan.loaned_on), lambda loan: loan.loaned_on),
            Column(_("Due"), lambda loan: format_date(loan.due_on), lambda loan: loan.due_on),
            Column(_("State"), lambda loan: loan_state_text(loan, self.today),
                   lambda loan: -loan.overdue_days),
        ]

    @property
    def loans(self) -> list[LoanInfo]:
        return self.rows

    def set_loans(self, loans: Sequence[LoanInfo], today: dt.date) -> None:
        self.today = today
        self.set_rows(sorted(loans, key=lambda loan: (loan.due_on, loan.copy_code)))

    def tooltip(self, record: LoanInfo, column: int) -> str | None:
        return f"{record.copy_code} — {record.title}"

    def background(self, record: LoanInfo) -> QColor | None:
        return OVERDUE_BACKGROUND if record.overdue_days else None

    def foreground(self, record: LoanInfo) -> QColor | None:
        return OVERDUE_TEXT if record.overdue_days else None

    def font(self, record: LoanInfo, column: int) -> QFont | None:
        if not record.overdue_days or column not in (self.DUE, self.STATE):
            return None
        font = QFont()
        font.setBold(True)
        return font
