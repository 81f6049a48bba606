"""Danh mục sách: search titles as you type, scan a code to jump to its copy, add, edit, import.

The search box takes words (accents optional), an accession number (số ĐKCB), an ISBN or a
lender's code; Enter on a code jumps straight to the copy or title it names, and leaves the
box ready for the next scan.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import (
    TitleInfo,
    delete_title,
    list_copies,
    lookup_code,
    search_catalogue,
)
from desktop.services.books.common import parse_code
from desktop.store.database import Database
from desktop.ui.books.book_import_dialog import BookImportDialog
from desktop.ui.books.labels import copy_status_label, feedback, money_text
from desktop.ui.books.title_dialog import TitleDialog
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.messages import confirm
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable
from desktop.ui.widgets.search_box import SearchBox


def title_columns() -> list[Column]:
    return [
        Column(_("Title"), lambda t: t.title),
        Column(_("Authors"), lambda t: t.authors, width="Nguyễn Văn Bộ, Tô Hoài"),
        Column(_("Year"), lambda t: str(t.year or ""), lambda t: t.year, CENTRE, "0000"),
        Column(_("Classification"), lambda t: t.classification, width="895.9223"),
        Column(_("Copies (available)"), lambda t: f"{format_integer(t.copies)} "
               f"({format_integer(t.available)})", lambda t: t.copies, RIGHT, "000 (000)"),
        Column(_("Law"), lambda t: "✓" if t.law_book else "", lambda t: t.law_book, CENTRE, "✓"),
    ]


def copy_columns() -> list[Column]:
    return [
        Column(_("Accession no."), lambda c: c.code,
               lambda c: (c.accession_number or 0, c.external_code or ""), RIGHT, "VV.000000"),
        Column(_("Shelf"), lambda c: c.shelf, width="Kệ C1-00"),
        Column(_("Status"), copy_status_label, width=_("Returned to the lender")),
        Column(_("Received"), lambda c: format_date(c.received_on), lambda c: c.received_on,
               CENTRE, "00/00/0000"),
        Column(_("Price"), lambda c: money_text(c.price), lambda c: c.price, RIGHT, "000.000 ₫"),
        Column(_("Notes"), lambda c: c.notes),
    ]


class CatalogueTab(Screen):
    """The catalogue of the book cabinet: titles, their copies, and code look-up."""

    SEARCH_DELAY_MS = 150
    SHOWN_LIMIT = 200  # typing narrows the list; more rows would only be scrolled past

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.today = today
        self.import_dialog: BookImportDialog | None = None

        self.new_action = shortcut_action(self, _("New title"), "Ctrl+N", self.add_title)
        self.import_action = shortcut_action(self, _("Import a catalogue list"), "Ctrl+I",
                                           self.import_list)
        self.search_action = shortcut_action(self, _("Search"), "Ctrl+F", self.focus_start)

        self.search = SearchBox()
        self.search.setObjectName("catalogueSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by title, author, accession number or ISBN…"))
        self.search.setToolTip(with_shortcut(_(
            "Type words with or without accents, or scan an accession number or ISBN and press "
            "Enter to jump to it"), "Ctrl+F"))
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.go_to_code)
        self.search.move_down.connect(self._focus_titles)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)

        self.new_button = action_button(_("New title"), self.new_action, "newTitle")
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setObjectName("editTitle")
        self.edit_button.setToolTip(_("Edit the selected title (Enter or double-click)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("deleteTitle")
        self.delete_button.setToolTip(with_shortcut(_("Delete the selected title"), "Del"))
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button = action_button(_("Import list…"), self.import_action, "importList")
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.import_button):
            tools.addWidget(button)

        self.message = QLabel()
        self.message.setObjectName("catalogueMessage")
        self.message.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("titleCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        status_row = QHBoxLayout()
        status_row.addWidget(self.message, 1)
        status_row.addWidget(self.count_label)

        self.titles_model = RecordModel(title_columns(), self)
        self.titles = RecordTable(self.titles_model, "titleTable")
        self.titles.open_requested.connect(self.edit_current)
        self.titles.delete_requested.connect(self.delete_current)
        self.titles.selectionModel().selectionChanged.connect(lambda *_args: self._title_changed())
        self.empty_label = QLabel()
        self.empty_label.setObjectName("catalogueEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.copies_title = QLabel()
        self.copies_title.setObjectName("copiesTitle")
        self.copies_model = RecordModel(copy_columns(), self)
        self.copies = RecordTable(self.copies_model, "copyTable")
        copies_box = QWidget()
        copies_layout = QVBoxLayout(copies_box)
        copies_layout.setContentsMargins(0, 4, 0, 0)
        copies_layout.addWidget(self.copies_title)
        copies_layout.addWidget(self.copies, 1)
        titles_box = QWidget()
        titles_layout = QVBoxLayout(titles_box)
        titles_layout.setContentsMargins(0, 0, 0, 0)
        titles_layout.addWidget(self.titles, 1)
        titles_layout.addWidget(self.empty_label, 1)
        splitter = list_and_detail([(titles_box, 3), (copies_box, 2)])

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(status_row)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.search, self.titles)
        self.setTabOrder(self.titles, self.copies)
        self._update_buttons()

    @staticmethod
    def nav_title() -> str:
        return _("Catalogue")

    # -- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.run_search(keep=self.current_title_id())

    def focus_start(self) -> None:
        self.search.take_focus()

    def current_title(self) -> TitleInfo | None:
        record = self.titles.current_record()
        return record if isinstance(record, TitleInfo) else None

    def current_title_id(self) -> str | None:
        title = self.current_title()
        return title.id if title else None

    def _search_changed(self) -> None:
        self._search_timer.start()

    def run_search(self, keep: str | None = None) -> None:
        """Show the titles matching the search box now (the timer calls this as one types)."""
        self._search_timer.stop()
        query, db, limit = self.search.text(), self.db, self.SHOWN_LIMIT
        loaded, found = load_on_worker(self, lambda: search_catalogue(db, query, limit=limit), title=_("Catalogue"))
        if not loaded or found is None:  # refused (said), or a newer search overtook this one
            return
        titles = found
        self.titles_model.set_rows(titles)
        row = self.titles_model.row_where(lambda t: t.id == keep) if keep else -1
        self.titles.select_row(row if row >= 0 else 0)
        if not titles:
            self.copies_model.set_rows([])
            self.copies_title.setText("")
        self._show_counts(titles, query)
        self._update_buttons()

    def _show_counts(self, titles: list[TitleInfo], query: str) -> None:
        shown = len(titles)
        if shown >= self.SHOWN_LIMIT:
            self.count_label.setText(_("The first {count} titles; type to narrow the list").format(
                count=format_integer(shown)))
        else:
            self.count_label.setText(ngettext("{count} title shown", "{count} titles shown",
                                              shown).format(count=format_integer(shown)))
        empty = not titles
        self.titles.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if empty and query.strip():
            self.empty_label.setText(_("No title matches “{query}”. Check the spelling, search "
                                       "by fewer words, or add the title with Ctrl+N.").format(
                query=query.strip()))
        elif empty:
            self.empty_label.setText(_("The catalogue is empty. Add a title with Ctrl+N, record "
                                       "books received on the Intake tab, or import an existing "
                                       "catalogue list from Excel with Ctrl+I."))

    def _title_changed(self) -> None:
        title = self.current_title()
        if title is None:
            self.copies_model.set_rows([])
            self.copies_title.setText("")
        else:
            db, title_id = self.db, title.id
            try:
                copies = call_on_worker(self, lambda: list_copies(db, title_id))
            except UserError:
                copies = []
            current = self.current_title()
            if current is None or current.id != title_id:  # chosen again meanwhile: that load
                return  # shows its own
            self.copies_model.set_rows(copies)
            self.copies_title.setText(ngettext(
                "Copies of “{title}”: {count} in stock, {available} on the shelf",
                "Copies of “{title}”: {count} in stock, {available} on the shelf",
                title.copies).format(title=title.title, count=format_integer(title.copies),
                                     available=format_integer(title.available)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_title() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _focus_titles(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        if self.titles_model.rowCount():
            self.titles.setFocus()
            if self.current_title() is None:
                self.titles.select_row(0)

    # -- jumping to a scanned code ------------------------------------------------------------------
    def go_to_code(self) -> None:
        """Enter in the search box: a code goes straight to its copy or title; words go to the list."""
        text = self.search.text().strip()
        if not text:
            return
        parsed, db = parse_code(text), self.db
        found, match = load_on_worker(self, lambda: lookup_code(db, text), title=_("Catalogue"), what="code")
        if not found or match is None:
            return
        if match.kind == "copy" and match.copy is not None:
            self.run_search()
            self.select_title(match.copy.title_id)
            row = self.copies_model.row_where(lambda c: c.id == match.id)
            self.copies.select_row(row)
            feedback(self.message, _("Copy {code}: “{title}” — {status}.").format(
                code=match.copy.code, title=match.copy.title,
                status=copy_status_label(self.copies_model.record(row) if row >= 0
                                         else match.copy)))
            self.search.selectAll()  # the next scan replaces the code
            return
        if match.kind == "title" and match.title_id:
            self.run_search()
            self.select_title(match.title_id)
            feedback(self.message, _("ISBN {code}: “{title}”.").format(code=match.code,
                                                                        title=match.label))
            self.search.selectAll()
            return
        if match.kind == "reader":
            feedback(self.message, _("{code} is a reader card ({reader}); lend books on the Loan "
                                     "desk tab.").format(code=match.code, reader=match.label),
                     ok=False)
            self.search.selectAll()
            return
        self.run_search()
        if parsed.kind in ("accession", "isbn"):
            feedback(self.message, match.message, ok=False)
            self.search.selectAll()
        elif self.titles_model.rowCount():
            self.message.clear()
            self._focus_titles()

    def select_title(self, title_id: str) -> None:
        row = self.titles_model.row_where(lambda t: t.id == title_id)
        if row < 0:  # not among the results shown: show it on its own
            db = self.db
            _found, titles = load_on_worker(self, lambda: search_catalogue(db, "", limit=100000),
                                            title=_("Catalogue"), what="title")
            self.titles_model.set_rows([t for t in titles or [] if t.id == title_id])
            row = 0
        self.titles.select_row(row)

    # -- actions -------------------------------------------------------------------------------------
    def add_title(self) -> None:
        dialog = TitleDialog(self.db, parent=self, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = dialog.saved
            feedback(self.message, _("Added “{title}” to the catalogue. Its copies come with an "
                                     "intake batch (Intake tab).").format(title=saved.title))
            self.run_search(keep=saved.id)
            if self.titles_model.row_where(lambda t: t.id == saved.id) < 0:
                self.select_title(saved.id)
        self.titles.setFocus()

    def edit_current(self) -> None:
        title = self.current_title()
        if title is None:
            return
        dialog = TitleDialog(self.db, title.id, parent=self, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            feedback(self.message, _("Saved “{title}”.").format(title=dialog.saved.title))
            self.run_search(keep=title.id)
        self.titles.setFocus()

    def delete_current(self) -> None:
        title = self.current_title()
        if title is None:
            return
        if not confirm(self, _("Delete title"),
                       _("Delete “{title}” from the catalogue? Only a title entered by mistake, "
                         "with no copies, can be deleted.").format(title=title.title),
                       _("Delete the title"), _("Don't delete")):
            return
        db = self.db
        deleted, _none = save_on_worker(self, lambda: delete_title(db, title.id), title=_("Delete title"))
        if not deleted:
            return
        feedback(self.message, _("Deleted “{title}”.").format(title=title.title))
        self.run_search()

    def import_list(self) -> None:
        dialog = BookImportDialog(self.db, self, today=self.today)
        self.import_dialog = dialog
        dialog.exec()
        self.import_dialog = None
        if dialog.result is not None:
            self.run_search()
