"""Danh mục sách: search titles as you type, scan a code to jump to its copy, add, edit, import.

The search box takes words (accents optional), an accession number (số ĐKCB), an ISBN or a
lender's code; Enter on a code jumps straight to the copy or title it names, and leaves the
box ready for the next scan. The table models and small helpers here are shared by the intake
and rotation tabs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date, format_integer, format_money
from desktop.i18n import _, ngettext, pick
from desktop.services.books.book_import import (
    BookImportPreview,
    BookImportResult,
    BookRow,
    commit_book_import,
    preview_book_import,
)
from desktop.services.books.catalogue import (
    BOOK_LANGUAGES,
    CopyInfo,
    TitleInfo,
    TitleInput,
    classification_choices,
    create_title,
    delete_title,
    get_title_input,
    language_by_key,
    list_copies,
    lookup_code,
    search_catalogue,
    update_title,
    validate_title,
)
from desktop.services.books.common import parse_code
from desktop.store.database import Database
from desktop.ui.activity_dialog import (
    FormDialog,
    MoneyField,
    fit_popup,
    save_button,
    select_data,
)
from desktop.ui.list_file import ListFileRow, ask_for_list, fit_to_screen
from desktop.ui.messages import confirm, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable
from desktop.ui.widgets.search_box import SearchBox

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020;"
OVERDUE_COLOUR = QColor("#fbe3e4")
SOON_COLOUR = QColor("#fff3c4")
MUTED_COLOUR = QColor("#6b6b6b")


# -- shared helpers (the intake and rotation tabs use them too) -----------------------------------
def copy_status_label(copy: CopyInfo) -> str:
    """Where a copy is, in words: on the shelf, on loan, lost, weeded, expected, sent back."""
    if copy.status == "active":
        text = _("On loan") if copy.on_loan else _("On the shelf")
    else:
        text = {"lost": _("Lost"), "weeded": _("Weeded"), "expected": _("Not yet received"),
                "sent_back": _("Returned to the lender")}.get(copy.status, copy.status)
    return _("{status}, damaged").format(status=text) if copy.damaged else text


def audience_label(audience: str) -> str:
    return {"adult": _("Adults"), "children": _("Children")}.get(audience, audience)


def language_label(key: str) -> str:
    language = language_by_key(key)
    return pick(language.name_vi, language.name_en) if language else key


def money_text(amount: int | None) -> str:
    return format_money(amount) if amount is not None else ""


def feedback(label: QLabel, text: str, ok: bool = True) -> None:
    """Show the result of the last scan or action on a line under the tools."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)


# -- the add / edit title dialog -------------------------------------------------------------------
class TitleDialog(FormDialog):
    """New title, or edit one; with `save=False` the fields are only checked (for an intake)."""

    def __init__(self, db: Database, title_id: str | None = None, parent: QWidget | None = None,
                 *, save: bool = True, initial: TitleInput | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.title_id = title_id
        self.save = save
        self.today = today
        self.saved: TitleInfo | None = None
        self.data: TitleInput | None = None
        self.setWindowTitle(_("Edit title") if title_id else _("New title"))
        self.setMinimumWidth(760)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleField")
        self.title_edit.setMaxLength(500)
        self.authors = QLineEdit()
        self.authors.setPlaceholderText(_("Separate several authors with ;"))
        self.publisher = QLineEdit()
        self.publisher.setPlaceholderText(_("For example: NXB Nông nghiệp"))
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("For example: Hà Nội"))
        self.year = QLineEdit()
        self.year.setMaxLength(4)
        self.year.setPlaceholderText(_("yyyy"))
        self.isbn = QLineEdit()
        self.isbn.setObjectName("isbnField")
        self.isbn.setMaxLength(30)
        self.isbn.setPlaceholderText(_("Optional; scan the barcode on the back cover"))
        self.language = QComboBox()
        for language in BOOK_LANGUAGES:
            self.language.addItem(pick(language.name_vi, language.name_en), language.key)
        fit_popup(self.language, 16)
        self.classification = QComboBox()
        self.classification.setEditable(True)
        self.classification.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.classification.addItem("", "")
        for ddc in classification_choices():
            self.classification.addItem(f"{ddc.code} – {pick(ddc.name_vi, ddc.name_en)}", ddc.code)
        self.classification.lineEdit().setPlaceholderText(_("Choose a main class or type 633.72"))
        self.classification.setToolTip(_("DDC class: choose a main class from the list, or type "
                                         "a finer number such as 633.72 or 340"))
        fit_popup(self.classification, 16)
        self.call_number = QLineEdit()
        self.subjects = QLineEdit()
        self.subjects.setPlaceholderText(_("For example: Chăn nuôi; Gia cầm"))
        self.audience = QComboBox()
        self.audience.addItem(audience_label("adult"), "adult")
        self.audience.addItem(audience_label("children"), "children")
        self.law_book = QCheckBox(_("Law book cabinet (legal texts)"))
        self.law_book.setObjectName("lawBook")
        self.price = MoneyField()
        self.price.setObjectName("priceField")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.fields = {
            "title": self.title_edit, "authors": self.authors, "publisher": self.publisher,
            "place": self.place, "year": self.year, "isbn": self.isbn, "language": self.language,
            "classification": self.classification, "call_number": self.call_number,
            "subjects": self.subjects, "audience": self.audience, "law_book": self.law_book,
            "price": self.price, "notes": self.notes,
        }

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        def row(r: int, col: int, label: str, widget: QWidget, span: int = 1) -> None:
            caption = QLabel(label)
            caption.setBuddy(widget)
            grid.addWidget(caption, r, col * 2)
            grid.addWidget(widget, r, col * 2 + 1, 1, span)

        row(0, 0, _("Title *"), self.title_edit, 3)
        row(1, 0, _("Authors"), self.authors, 3)
        row(2, 0, _("Publisher"), self.publisher)
        row(2, 1, _("Place"), self.place)
        row(3, 0, _("Year"), self.year)
        row(3, 1, _("ISBN"), self.isbn)
        row(4, 0, _("Classification"), self.classification)
        row(4, 1, _("Call number"), self.call_number)
        row(5, 0, _("Language"), self.language)
        row(5, 1, _("Audience"), self.audience)
        row(6, 0, _("Subjects"), self.subjects, 3)
        price_box = QHBoxLayout()
        price_box.setContentsMargins(0, 0, 0, 0)
        price_box.addWidget(self.price, 1)
        price_box.addWidget(QLabel("₫"))
        price_caption = QLabel(_("Price"))
        price_caption.setBuddy(self.price)
        grid.addWidget(price_caption, 7, 0)
        grid.addLayout(price_box, 7, 1)
        grid.addWidget(self.law_book, 7, 3)
        row(8, 0, _("Notes"), self.notes, 3)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = save_button(buttons, _("Save") if save else _("Use this title"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.accept)
        hint = QLabel(_("Fields marked * are required. Enter saves, Esc closes without saving."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        if title_id:
            self._load(get_title_input(db, title_id))
        elif initial is not None:
            self._load(initial)
        self.title_edit.setFocus()

    def _load(self, data: TitleInput) -> None:
        self.title_edit.setText(data.title)
        self.authors.setText(data.authors)
        self.publisher.setText(data.publisher)
        self.place.setText(data.place)
        self.year.setText(str(data.year) if data.year else "")
        self.isbn.setText(data.isbn)
        select_data(self.language, data.language)
        index = self.classification.findData(data.classification)
        if data.classification and index >= 0:
            self.classification.setCurrentIndex(index)
        else:
            self.classification.setEditText(data.classification)
        self.call_number.setText(data.call_number)
        self.subjects.setText(data.subjects)
        select_data(self.audience, data.audience)
        self.law_book.setChecked(data.law_book)
        self.price.set_amount(data.price)
        self.notes.setPlainText(data.notes)

    def _classification(self) -> str:
        text = self.classification.currentText().strip()
        index = self.classification.findText(text)
        if index >= 0:
            return str(self.classification.itemData(index) or "")
        return text

    def collect(self) -> TitleInput:
        """The form's values; ValidationError for what cannot even be read."""
        year_text = self.year.text().strip()
        if year_text and not year_text.isdigit():
            raise ValidationError(_("Write the year of publication as four digits, for example "
                                    "2021."), "year")
        try:
            price = self.price.amount()
        except ValueError:
            raise ValidationError(_("Write the price in đồng, for example 35.000."), "price") from None
        return TitleInput(
            title=self.title_edit.text(), authors=self.authors.text(),
            publisher=self.publisher.text(), place=self.place.text(),
            year=int(year_text) if year_text else None, isbn=self.isbn.text(),
            language=self.language.currentData(), classification=self._classification(),
            call_number=self.call_number.text(), subjects=self.subjects.text(),
            audience=self.audience.currentData(), law_book=self.law_book.isChecked(),
            price=price, notes=self.notes.toPlainText())

    def accept(self) -> None:
        self.clear_error()
        try:
            data = self.collect()
            if not self.save:
                self.data = validate_title(data, today=self.today)
            elif self.title_id:
                self.saved = update_title(self.db, self.title_id, data, today=self.today)
            else:
                self.saved = create_title(self.db, data, today=self.today)
        except UserError as error:
            self.handle_error(error)
            return
        except Exception as error:  # a bug: logged, shown without a traceback
            show_error(self, error)
            return
        super().accept()


# -- importing an existing catalogue list ----------------------------------------------------------
def _row_status(row: BookRow) -> str:
    return _("Rejected") if row.errors else _("Will be imported")


def _numbers_text(row: BookRow) -> str:
    numbers = row.accession_numbers
    if not numbers:
        return ""
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(number) for number in numbers)


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


# -- the tab ---------------------------------------------------------------------------------------
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
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(titles_box)
        splitter.addWidget(copies_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

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
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

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
        query = self.search.text()
        try:
            titles = search_catalogue(self.db, query, limit=self.SHOWN_LIMIT)
        except Exception as error:  # a bug: logged, shown without a traceback
            show_error(self, error)
            return
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
            try:
                copies = list_copies(self.db, title.id)
            except UserError:
                copies = []
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
        parsed = parse_code(text)
        match = lookup_code(self.db, text)
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
            self.titles_model.set_rows([t for t in search_catalogue(self.db, "", limit=100000)
                                           if t.id == title_id])
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
        try:
            delete_title(self.db, title.id)
        except UserError as error:
            show_error(self, error, _("Delete title"))
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


__all__ = [
    "BookImportDialog", "CatalogueTab", "TitleDialog", "audience_label", "copy_status_label",
    "feedback", "language_label", "money_text",
]
