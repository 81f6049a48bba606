"""A new intake batch (donation, purchase, allocation): its titles and copies, numbered on Save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import TitleInfo, TitleInput, search_catalogue
from desktop.services.books.intake import (
    IntakeInput,
    IntakeLine,
    IntakeResult,
    record_intake,
    source_label,
)
from desktop.services.books.intake_lines import MAX_COPIES_PER_LINE
from desktop.store.database import Database
from desktop.ui.activity_dialog import DateField, FormDialog, MoneyField
from desktop.ui.books.labels import money_text
from desktop.ui.books.title_dialog import TitleDialog
from desktop.ui.database_call import load_on_worker
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.record_model import RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable
from desktop.ui.widgets.search_box import SearchBox


INTAKE_SOURCES_BY_HAND = ("donation", "purchase", "allocation")


def supplier_caption(source: str) -> str:
    """What the supplier field means for a source."""
    return {"donation": _("Donor *"), "purchase": _("Supplier"),
            "allocation": _("Allocated by *")}.get(source, _("Donor or supplier"))


def number_ranges(numbers: list[int] | tuple[int, ...]) -> str:
    """Accession numbers as a librarian writes them: "16–25, 31"."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    first = 0
    while first < len(ordered):
        last = first
        while last + 1 < len(ordered) and ordered[last + 1] == ordered[last] + 1:
            last += 1
        parts.append(str(ordered[first]) if first == last
                     else f"{ordered[first]}–{ordered[last]}")
        first = last + 1
    return ", ".join(parts)


@dataclass(frozen=True)
class DraftLine:
    """A line of the batch being entered: an existing title or a new one, with its copies."""

    label: str
    title_id: str | None
    title: TitleInput | None
    copies: int
    shelf: str
    price: int | None
    title_price: int | None = None  # shown when the line takes the title's price

    def to_line(self) -> IntakeLine:
        return IntakeLine(title_id=self.title_id, title=self.title, copies=self.copies,
                          price=self.price, shelf=self.shelf)


def draft_columns() -> list[Column]:
    return [
        Column(_("Title"), lambda d: d.label),
        Column(_("Catalogue entry"), lambda d: _("new title") if d.title is not None
               else _("already there"), width=_("Catalogue entry")),
        Column(_("Copies"), lambda d: format_integer(d.copies), lambda d: d.copies, RIGHT, "0000"),
        Column(_("Shelf"), lambda d: d.shelf, width="Kệ C1-00"),
        Column(_("Price per copy"),
               lambda d: money_text(d.price if d.price is not None else d.title_price),
               lambda d: d.price if d.price is not None else d.title_price, RIGHT, "000.000 ₫"),
    ]


class IntakeDialog(FormDialog):
    """Record a new batch; `result` holds the batch and its numbered copies after saving."""

    SEARCH_DELAY_MS = 150

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.result: IntakeResult | None = None
        self.chosen_id: str | None = None
        self.chosen_new: TitleInput | None = None
        self.chosen_label = ""
        self.chosen_price: int | None = None
        self.setWindowTitle(_("New intake batch"))
        self.setMinimumSize(880, 640)

        # -- the register line -------------------------------------------------------------------
        self.date = DateField(today or dt.date.today())
        self.date.setObjectName("intakeDate")
        self.source = QComboBox()
        self.source.setObjectName("intakeSource")
        for source in INTAKE_SOURCES_BY_HAND:
            self.source.addItem(source_label(source), source)
        self.source.setToolTip(_("Rotated batches from the provincial library are imported on the "
                                 "Rotation tab"))
        self.supplier = QLineEdit()
        self.supplier.setObjectName("intakeSupplier")
        self.supplier.setMaxLength(200)
        self.supplier.setPlaceholderText(_("For example: Hội Khuyến học xã"))
        self.supplier_label = QLabel()
        self.supplier_label.setBuddy(self.supplier)
        self.document = QLineEdit()
        self.document.setMaxLength(100)
        self.document.setPlaceholderText(_("Handover minutes, invoice or decision no."))
        self.value = MoneyField()
        self.value.setPlaceholderText(_("Sum of the prices"))
        self.notes = QLineEdit()
        batch_box = QGroupBox(_("Summary accession register line"))
        grid = QGridLayout(batch_box)
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        def cell(r: int, c: int, caption: QLabel | str, widget: QWidget) -> None:
            label = caption if isinstance(caption, QLabel) else QLabel(caption)
            label.setBuddy(widget)
            grid.addWidget(label, r, c * 2)
            grid.addWidget(widget, r, c * 2 + 1)

        cell(0, 0, _("Date *"), self.date)
        cell(0, 1, _("Source *"), self.source)
        cell(1, 0, self.supplier_label, self.supplier)
        cell(1, 1, _("Document no."), self.document)
        cell(2, 0, _("Value (₫)"), self.value)
        cell(2, 1, _("Notes"), self.notes)

        # -- choosing a title and its copies ------------------------------------------------------
        self.title_search = SearchBox()
        self.title_search.setObjectName("intakeTitleSearch")
        self.title_search.setClearButtonEnabled(True)
        self.title_search.setPlaceholderText(_("Type to find a title in the catalogue, or scan its "
                                               "ISBN"))
        self.title_search.setToolTip(_("Enter chooses the highlighted title; Down moves into the "
                                       "list"))
        self.new_title_button = QPushButton(_("New title…"))
        self.new_title_button.setObjectName("intakeNewTitle")
        self.new_title_button.setToolTip(with_shortcut(_("Enter a title that is not in the "
                                                         "catalogue yet"), "Ctrl+T"))
        self.new_title_button.setAutoDefault(False)
        self.new_title_button.clicked.connect(self.new_title)
        QShortcut(QKeySequence("Ctrl+T"), self, activated=self.new_title)
        self.results = QListWidget()
        self.results.setObjectName("intakeTitleResults")
        self.results.setFixedHeight(self.fontMetrics().height() * 5 + 16)
        self.results.itemActivated.connect(lambda _item: self.choose_result())
        self.chosen_text = QLabel()
        self.chosen_text.setObjectName("intakeChosen")
        self.chosen_text.setWordWrap(True)
        self.copies = QSpinBox()
        self.copies.setObjectName("intakeCopies")
        self.copies.setRange(1, MAX_COPIES_PER_LINE)
        self.copies.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.copies.setToolTip(_("How many copies of this title the batch brings"))
        self.shelf = QLineEdit()
        self.shelf.setObjectName("intakeShelf")
        self.shelf.setMaxLength(60)
        self.shelf.setPlaceholderText(_("For example: C1"))
        self.price = MoneyField()
        self.price.setObjectName("intakePrice")
        self.price.setPlaceholderText(_("The title's price"))
        self.add_line_button = QPushButton(_("Add to the batch"))
        self.add_line_button.setObjectName("addLine")
        self.add_line_button.setAutoDefault(False)
        self.add_line_button.setToolTip(_("Add this title and its copies to the batch (Enter in "
                                          "the copies, shelf or price field)"))
        self.add_line_button.clicked.connect(self.add_line)

        self.lines_model = RecordModel(draft_columns(), self)
        self.lines_table = RecordTable(self.lines_model, "intakeLines")
        self.lines_table.delete_requested.connect(self.remove_line)
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(with_shortcut(_("Remove the selected line"), "Del"))
        self.remove_button.clicked.connect(self.remove_line)
        self.totals = QLabel()
        self.totals.setObjectName("intakeTotals")

        lines_box = QGroupBox(_("Titles and copies"))
        lines_layout = QVBoxLayout(lines_box)
        find_row = QHBoxLayout()
        find_label = QLabel(_("Title:"))
        find_label.setBuddy(self.title_search)
        find_row.addWidget(find_label)
        find_row.addWidget(self.title_search, 1)
        find_row.addWidget(self.new_title_button)
        lines_layout.addLayout(find_row)
        lines_layout.addWidget(self.results)
        lines_layout.addWidget(self.chosen_text)
        copies_row = QHBoxLayout()
        for caption, widget, stretch in ((_("Copies:"), self.copies, 0),
                                         (_("Shelf:"), self.shelf, 1),
                                         (_("Price per copy (₫):"), self.price, 1)):
            label = QLabel(caption)
            label.setBuddy(widget)
            copies_row.addWidget(label)
            copies_row.addWidget(widget, stretch)
        copies_row.addWidget(self.add_line_button)
        lines_layout.addLayout(copies_row)
        lines_layout.addWidget(self.lines_table, 1)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.totals, 1)
        bottom_row.addWidget(self.remove_button)
        lines_layout.addLayout(bottom_row)

        buttons, self.save = self.save_buttons(_("Record the batch"))
        self.save.setObjectName("recordBatch")
        self.save.setAutoDefault(False)
        self.save.setDefault(False)
        hint = QLabel(_("Accession numbers are given in sequence when the batch is recorded. "
                        "Ctrl+S records the batch, Esc closes without saving."))
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(batch_box)
        layout.addWidget(lines_box, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.fields = {"date": self.date, "source": self.source, "supplier": self.supplier,
                       "document_number": self.document, "value": self.value,
                       "lines": self.title_search, "title": self.title_search,
                       "copies": self.copies, "price": self.price}

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.title_search.textChanged.connect(lambda _text: self._search_timer.start())
        self.title_search.move_down.connect(self._focus_results)
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()
        self._show_chosen()
        self._show_totals()
        self.run_search()
        self.source.setFocus()

    # -- the batch line ------------------------------------------------------------------------------
    def _source_changed(self) -> None:
        self.supplier_label.setText(supplier_caption(self.source.currentData()))

    # -- finding a title -----------------------------------------------------------------------------
    def run_search(self) -> None:
        self._search_timer.stop()
        db, text = self.db, self.title_search.text()
        # one search per pause in the typing: only the newest search's answer is shown
        loaded, titles = load_on_worker(self, lambda: search_catalogue(db, text, limit=30), what="titles")
        if not loaded or titles is None:
            return
        self.results.clear()
        for title in titles:
            details = ", ".join(part for part in (title.authors, str(title.year or "")) if part)
            text = f"{title.title} — {details}" if details else title.title
            text += "  · " + ngettext("{count} copy", "{count} copies", title.copies).format(
                count=format_integer(title.copies))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, title)
            self.results.addItem(item)
        if titles:
            self.results.setCurrentRow(0)

    def _focus_results(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        if self.results.count():
            self.results.setFocus()

    def choose_result(self) -> None:
        if self._search_timer.isActive():
            self.run_search()
        item = self.results.currentItem()
        if item is None:
            self.show_field_error(_("No title in the catalogue matches; press Ctrl+T to enter a "
                                    "new title."), "title")
            return
        title = item.data(Qt.ItemDataRole.UserRole)
        assert isinstance(title, TitleInfo)
        self.clear_error()
        self.chosen_id, self.chosen_new, self.chosen_label = title.id, None, title.title
        self.chosen_price = title.price
        self.price.setPlaceholderText(money_text(title.price) or _("The title's price"))
        self._show_chosen()
        self.copies.setFocus()
        self.copies.selectAll()

    def new_title(self) -> None:
        initial = TitleInput(title=self.title_search.text().strip()) \
            if self.title_search.text().strip() and not self.results.count() else None
        dialog = TitleDialog(self.db, parent=self, save=False, initial=initial, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.data is not None:
            self.clear_error()
            self.chosen_id, self.chosen_new, self.chosen_label = None, dialog.data, dialog.data.title
            self.chosen_price = dialog.data.price
            self.price.setPlaceholderText(money_text(dialog.data.price) or _("The title's price"))
            self._show_chosen()
            self.copies.setFocus()
            self.copies.selectAll()

    def _show_chosen(self) -> None:
        if self.chosen_id is None and self.chosen_new is None:
            self.chosen_text.setText(_("Choose a title above, then give the number of copies."))
        elif self.chosen_new is not None:
            self.chosen_text.setText(_("New title: “{title}” (added to the catalogue with the "
                                       "batch)").format(title=self.chosen_label))
        else:
            self.chosen_text.setText(_("Chosen: “{title}”").format(title=self.chosen_label))

    # -- lines ---------------------------------------------------------------------------------------
    def add_line(self) -> None:
        self.clear_error()
        if self.chosen_id is None and self.chosen_new is None:
            if self.results.currentItem() is not None and self.title_search.text().strip():
                self.choose_result()
            else:
                self.show_field_error(_("Choose a title first: type part of it and press Enter, "
                                        "or press Ctrl+T for a new title."), "title")
                return
        try:
            price = self.price.amount()
        except ValueError:
            self.show_field_error(_("Write the price in đồng, for example 35.000."), "price")
            return
        if price is not None and price < 0:
            self.show_field_error(_("The price cannot be negative."), "price")
            return
        self.lines_model.set_rows([*self.lines_model.records(), DraftLine(
            self.chosen_label, self.chosen_id, self.chosen_new, self.copies.value(),
            self.shelf.text().strip(), price, self.chosen_price)])
        self.chosen_id, self.chosen_new, self.chosen_label = None, None, ""
        self.copies.setValue(1)
        self.price.clear()
        self.price.setPlaceholderText(_("The title's price"))
        self._show_chosen()
        self._show_totals()
        self.title_search.clear()
        self.title_search.setFocus()

    def remove_line(self) -> None:
        row = self.lines_table.currentIndex().row()
        records = self.lines_model.records()
        if 0 <= row < len(records):
            del records[row]
            self.lines_model.set_rows(records)
            self._show_totals()

    def lines(self) -> list[DraftLine]:
        return self.lines_model.records()

    def _show_totals(self) -> None:
        lines = self.lines()
        copies = sum(line.copies for line in lines)
        self.totals.setText(" · ".join((
            ngettext("{count} line", "{count} lines", len(lines)).format(
                count=format_integer(len(lines))),
            ngettext("{count} copy", "{count} copies", copies).format(
                count=format_integer(copies)))))
        self.remove_button.setEnabled(bool(lines))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter works on the part of the form it is pressed in; it never records the batch."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            focus = self.focusWidget()
            if focus is self.title_search or focus is self.results:
                self.choose_result()
            elif focus in (self.copies, self.shelf, self.price) or (
                    focus is not None and focus.parent() is self.copies):
                self.add_line()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    # -- saving --------------------------------------------------------------------------------------
    def collect(self) -> IntakeInput:
        try:
            value = self.value.amount()
        except ValueError:
            raise ValidationError(_("Write the value in đồng, for example 1.500.000."),
                                  "value") from None
        date = self.read_date("date")
        if date is None:
            raise ValidationError(_("Enter the date the books were received."), "date")
        return IntakeInput(date=date, source=self.source.currentData(),
                           supplier=self.supplier.text(), document_number=self.document.text(),
                           value=value, notes=self.notes.text())

    def accept(self) -> None:
        self.save_and_close(self._save)

    def _save(self) -> None:
        data, db, today = self.collect(), self.db, self.today
        lines = [line.to_line() for line in self.lines()]
        self.result = self.on_worker(lambda: record_intake(db, data, lines, today=today))

    def extra_state(self) -> object:
        return tuple(self.lines())  # the batch's lines are entries too
