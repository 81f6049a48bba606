"""Add or edit a catalogue title (also used only to check the fields of an intake's new title)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _, pick
from desktop.services.books.catalogue import (
    BOOK_LANGUAGES,
    TitleInfo,
    TitleInput,
    classification_choices,
    create_title,
    get_title_input,
    update_title,
    validate_title,
)
from desktop.store.database import Database
from desktop.ui.activity_dialog import (
    FormDialog,
    MoneyField,
    fit_popup,
    select_data,
    two_column_grid,
)
from desktop.ui.books.labels import audience_label


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

        grid, row = two_column_grid()

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

        buttons, self.save_button = self.save_buttons(_("Save") if save else _("Use this title"))
        hint = QLabel(_("Fields marked * are required. Enter saves, Esc closes without saving."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        if title_id:
            self._load(self.on_worker(lambda: get_title_input(db, title_id)))
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
        self.save_and_close(self._save)

    def _save(self) -> None:
        data, db, title_id, today = self.collect(), self.db, self.title_id, self.today
        if not self.save:
            self.data = validate_title(data, today=today)
        elif title_id:
            self.saved = self.on_worker(lambda: update_title(db, title_id, data, today=today))
        else:
            self.saved = self.on_worker(lambda: create_title(db, data, today=today))
