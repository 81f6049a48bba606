"""The book cabinet's "Print" menu: registers, loan book, slips, cards, labels and shelf lists.

Every document is laid out off the GUI thread (desktop.ui.print_preview.PrintJob) and opens in
the print preview, from where it goes to any printer or to a PDF file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QToolButton, QWidget

from desktop.i18n import _
from desktop.services import book_documents
from desktop.services.books.intake import source_label, summary_register
from desktop.services.books.shelves import shelves
from desktop.store.database import Database
from desktop.ui.print_preview import PeriodDialog, PrintJob, file_name, start_print


class BookPrintMenu(QToolButton):
    """A "Print…" button whose menu lists the cabinet's documents; `job` is the one running."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.job: PrintJob | None = None
        self.last_job: PrintJob | None = None  # kept for whoever wants to follow it
        self.setObjectName("bookPrintButton")
        self.setText(_("Print…"))
        self.setToolTip(_("Print the cabinet's registers, slips, cards and labels (Ctrl+Shift+P)"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # room for the text and the menu arrow: the tab bar's corner would squeeze it otherwise
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.text()) + 36)
        menu = QMenu(self)
        self.actions_by_key: dict[str, QAction] = {}
        for key, label, handler in (
            ("item_register", _("Item accession register…"), self.print_item_register),
            ("summary_register", _("Summary accession register…"), self.print_summary_register),
            ("loan_book", _("Loan book…"), self.print_loan_book),
            ("overdue_slips", _("Overdue reminder slips"), self.print_overdue_slips),
            ("reader_cards", _("Reader cards (all readers)"), self.print_reader_cards),
            ("spine_labels", _("Spine labels for an intake batch…"), self.print_spine_labels),
            ("shelf_list", _("Shelf list for counting…"), self.print_shelf_list),
        ):
            action = menu.addAction(label)
            action.triggered.connect(handler)
            self.actions_by_key[key] = action
        self.setMenu(menu)
        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence("Ctrl+Shift+P"))
        shortcut.triggered.connect(self.showMenu)
        self.addAction(shortcut)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name; the tab widget places its corner by it
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumWidth()), hint.height())

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _start(self, title: str, render: Callable[..., int], *name_parts: object) -> PrintJob | None:
        if self.job is not None:  # one document at a time
            return None
        self.job = start_print(self.window(), title, render, suggested_name=file_name(title, *name_parts))
        self.job.finished.connect(self._job_finished)
        self.last_job = self.job
        return self.job

    def _job_finished(self) -> None:
        self.job = None

    def _period(self, title: str) -> tuple[dt.date, dt.date] | None:
        dialog = PeriodDialog(self._today(), self.window())
        dialog.setWindowTitle(title)
        if dialog.exec() != PeriodDialog.DialogCode.Accepted:
            return None
        return dialog.period()

    # ---- the documents --------------------------------------------------------------------
    def print_item_register(self) -> PrintJob | None:
        title = _("Item accession register")
        whole = _("The whole register")
        years = sorted({batch.date.year for batch in summary_register(self.db)}, reverse=True)
        choices = [whole, *(str(year) for year in years)]
        choice, accepted = QInputDialog.getItem(self.window(), title, _("Copies received in"),
                                                choices, 0, False)
        if not accepted:
            return None
        year = None if choice == whole else int(choice)
        return self._start(title, lambda out, **kw: book_documents.print_item_register(
            self.db, out, year=year, today=self._today(), **kw), year or "")

    def print_summary_register(self) -> PrintJob | None:
        title = _("Summary accession register")
        return self._start(title, lambda out, **kw: book_documents.print_summary_register(
            self.db, out, today=self._today(), **kw))

    def print_loan_book(self) -> PrintJob | None:
        title = _("Loan book")
        period = self._period(title)
        if period is None:
            return None
        first, last = period
        return self._start(title, lambda out, **kw: book_documents.print_loan_book(
            self.db, out, first, last, today=self._today(), **kw), first.isoformat(), last.isoformat())

    def print_overdue_slips(self) -> PrintJob | None:
        return self._start(_("Overdue reminder slips"), lambda out, **kw: book_documents.print_overdue_slips(
            self.db, out, self._today(), **kw), self._today().isoformat())

    def print_reader_cards(self) -> PrintJob | None:
        return self._start(_("Reader cards"), lambda out, **kw: book_documents.print_reader_cards(
            self.db, out, **kw))

    def print_spine_labels(self) -> PrintJob | None:
        batches = list(reversed(summary_register(self.db)))  # the newest batch first
        if not batches:
            return None
        labels = [f"{batch.entry_label} · {batch.date:%d/%m/%Y} · {source_label(batch.source)} · "
                  + _("{count} copies").format(count=batch.copies) for batch in batches]
        choice, accepted = QInputDialog.getItem(self.window(), _("Spine labels"),
                                                _("Intake batch"), labels, 0, False)
        if not accepted:
            return None
        batch = batches[labels.index(choice)]
        return self._start(_("Spine labels"), lambda out, **kw: book_documents.print_spine_labels(
            self.db, out, intake_id=batch.id, **kw), batch.entry_label.replace("/", "-"))

    def print_shelf_list(self) -> PrintJob | None:
        everything = _("All shelves")
        choices = [everything, *shelves(self.db)]
        choice, accepted = QInputDialog.getItem(self.window(), _("Shelf list for counting"),
                                                _("Shelf"), choices, 0, False)
        if not accepted:
            return None
        shelf = None if choice == everything else choice
        return self.print_shelf(shelf)

    def print_shelf(self, shelf: str | None) -> PrintJob | None:
        return self._start(_("Shelf list"), lambda out, **kw: book_documents.print_shelf_list(
            self.db, out, shelf, today=self._today(), **kw), shelf or "")
