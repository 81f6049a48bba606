"""Bạn đọc: the cabinet's readers — search as you type, add / edit / remove, or make learners readers.

Searching is the service's (accents and case ignored, a card code works too); the list shows
birth year and village so that two people with one name can be told apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.common import ReaderInfo
from desktop.services.books.readers import (
    DuplicateReader,
    ReaderInput,
    create_reader,
    get_reader_input,
    reader_from_learner,
    readers_of_learners,
    search_readers,
    set_reader_deleted,
    update_reader,
)
from desktop.store.database import Database
from desktop.ui.activity_dialog import FormDialog
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.learner_dialog import PersonFields, save_anyway_though_registered, set_tab_order
from desktop.ui.learner_picker import LearnerPickerDialog, PickerModel, gender_label
from desktop.ui.messages import confirm, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.widgets.list_detail import enter_list
from desktop.ui.widgets.record_model import RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import ListView, fit_columns
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.undo_bar import UndoBar


class ReaderTableModel(RecordModel):
    """Readers as the service found them, in Vietnamese name order."""

    CARD, NAME, VILLAGE, GENDER, BIRTH_YEAR, LOANS = range(6)

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Card"), lambda r: r.card_code, lambda r: r.card_number, width="BD00000"),
            Column(_("Full name"), lambda r: r.full_name),
            Column(_("Village"), lambda r: r.village, width="Tổ dân phố Tân Lập"),
            Column(_("Gender"), lambda r: gender_label(r.gender), lambda r: r.gender or "",
                   width=_("Female")),
            Column(_("Born"), lambda r: str(r.birth_year or ""), lambda r: r.birth_year or 0, RIGHT,
                   "0000"),
            Column(_("Books out"), lambda r: str(r.open_loans or ""), lambda r: r.open_loans, RIGHT,
                   "00"),
        ]

    @property
    def readers(self) -> list[ReaderInfo]:
        return self.rows

    def tooltip(self, record: ReaderInfo, column: int) -> str | None:
        return record.label()


class ReaderDialog(FormDialog):
    """Add a reader (reader_id None) or correct one; `saved` holds the result after Save.

    The service checks the fields; its message appears in the dialog and the cursor goes to the
    field it names. Someone who probably has a card already is asked about before saving.
    """

    def __init__(self, db: Database, reader_id: str | None = None, parent: QWidget | None = None,
                 *, default_village_id: str | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.reader_id = reader_id
        self.today = today
        self.saved: ReaderInfo | None = None
        self.setWindowTitle(_("Edit reader") if reader_id else _("Add a reader"))
        self.setMinimumWidth(560)

        self.person = person = PersonFields(db, default_village_id=default_village_id,
                                            ethnic_group_key=None, owner=self)
        self.full_name, self.gender, self.birth_year = person.full_name, person.gender, person.birth_year
        self.ethnic_group, self.village, self.phone = person.ethnic_group, person.village, person.phone
        self.birth_year.setToolTip(_("The year of birth tells two readers with one name apart"))
        self.notes = QLineEdit()
        self.fields = {"full_name": self.full_name, "gender": self.gender,
                       "birth_year": self.birth_year, "village_id": self.village,
                       "ethnic_group_key": self.ethnic_group, "phone": self.phone,
                       "notes": self.notes}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Full name *"), self.full_name)
        form.addRow(_("Gender"), self.gender)
        form.addRow(_("Year of birth"), self.birth_year)
        form.addRow(_("Village"), self.village)
        form.addRow(_("Ethnic group"), self.ethnic_group)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Notes"), self.notes)
        hint = QLabel(_("* required. Tab moves to the next field, Enter saves, Esc cancels."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Save (Enter)"))
        self.save_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(_("Close without saving (Esc)"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        order: list[QWidget] = [self.full_name, self.gender, self.birth_year, self.village,
                                self.ethnic_group, self.phone, self.notes]
        set_tab_order(order)
        if reader_id is not None:
            self._load(reader_id)
        self.full_name.setFocus()

    def _load(self, reader_id: str) -> None:
        db = self.db
        data = self.on_worker(lambda: get_reader_input(db, reader_id))
        self.person.show_person(data)
        self.birth_year.setText(str(data.birth_year or ""))
        self.notes.setText(data.notes)

    def form_input(self) -> ReaderInput:
        """What the form holds, as the service takes it; ValidationError for bad typing."""
        birth_year = self.person.typed_birth_year()
        ethnic_key = self.person.chosen_ethnic_group()
        return ReaderInput(full_name=self.full_name.text(), village_id=self.village.village_id(),
                           gender=self.gender.currentData(), birth_year=birth_year,
                           ethnic_group_key=ethnic_key, phone=self.phone.text(),
                           notes=self.notes.text())

    def save(self) -> None:
        """Save on the database worker; a second Enter while it waits saves nothing more."""
        self.save_once(self._save)

    def _save(self) -> None:
        self.clear_error()
        db, reader_id, today = self.db, self.reader_id, self.today
        try:
            data = self.form_input()
            if reader_id is not None:
                self.saved = self.on_worker(lambda: update_reader(db, reader_id, data, today=today))
            else:
                try:
                    self.saved = self.on_worker(lambda: create_reader(db, data, today=today))
                except DuplicateReader as duplicate:
                    if not self.ask_duplicate(duplicate):
                        self.full_name.setFocus()
                        return
                    self.saved = self.on_worker(lambda: create_reader(
                        db, data, confirm_duplicate=True, today=today))
        except ValidationError as error:
            self.show_field_error(error.message, error.field)
            return
        except UserError as error:
            show_error(self, error)
            return
        self.accept()

    def ask_duplicate(self, duplicate: DuplicateReader) -> bool:
        """Warn with the card holder's name, year and village; True to register anyway."""
        return save_anyway_though_registered(self, duplicate.message, duplicate.existing.label())


class _CardPickerModel(PickerModel):
    """The learner picker's list, saying "has a card" instead of "enrolled"."""

    def enrolled_text(self) -> str:
        return _("Has a card")


class LearnerReaderPicker(LearnerPickerDialog):
    """Choose learners from the register to give a reader card (those with one are marked)."""

    def __init__(self, db: Database, has_card: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(db, has_card, parent)
        self.setWindowTitle(_("Make learners readers"))
        self.model = _CardPickerModel(self.enrolled, self.chosen, self)
        self.results.setModel(self.model)
        fit_columns(self.results, self.model, PickerModel.NAME)
        first = self.layout().itemAt(0).widget() if self.layout() is not None else None
        if isinstance(first, QLabel):
            first.setText(_("Type part of a name, a birth year or a village (accents not needed). "
                            "Enter adds the highlighted learners; Shift+Down highlights more. "
                            "Enter on an empty search box gives everyone chosen a reader card."))
        self.ok_button.setToolTip(with_shortcut(_("Give the chosen learners a reader card"),
                                                "Ctrl+Enter"))
        self.apply_search()
        self._update_chosen()

    def _update_chosen(self) -> None:
        super()._update_chosen()
        count = len(self.chosen)
        self.ok_button.setText(ngettext("Make {count} reader", "Make {count} readers",
                                        count).format(count=count))


class ReadersTab(Screen):
    """The cabinet's readers."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self._last_deleted: ReaderInfo | None = None
        self.total = 0

        self.add_action = shortcut_action(self, _("Add a reader"), "Ctrl+N", self.add_reader)
        self.learner_action = shortcut_action(self, _("Make learners readers"), "Ctrl+Shift+L",
                                              self.from_learners)
        self.undo_action = shortcut_action(self, _("Undo delete"), "Ctrl+Z", self.undo_delete)
        self.search_action = shortcut_action(self, _("Search"), "Ctrl+F", self.focus_start)

        self.search = SearchBox()
        self.search.setObjectName("readerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by name or card number, with or without accents…"))
        self.search.setToolTip(with_shortcut(_("Type part of a name (“sung a pao”) or a card "
                                               "number (BD12)"), "Ctrl+F"))
        self.search.textChanged.connect(lambda _text: self._reload())
        self.search.move_down.connect(lambda: enter_list(self.table, self._select_row))
        self.search.returnPressed.connect(self.edit_current)

        self.add_button = self._button(_("Add"), self.add_action)
        self.learner_button = self._button(_("From learners…"), self.learner_action)
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setToolTip(_("Edit the selected reader (Enter or double-click)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(with_shortcut(_("Delete the selected reader"), "Del"))
        self.delete_button.clicked.connect(self.delete_current)
        self.count_label = QLabel()
        self.count_label.setObjectName("readerCount")
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        for button in (self.add_button, self.learner_button, self.edit_button, self.delete_button):
            tools.addWidget(button)

        self.model = ReaderTableModel(parent=self)
        self.table = ListView()
        self.table.setObjectName("readerTable")
        self.table.setModel(self.model)
        fit_columns(self.table, self.model, ReaderTableModel.NAME)
        self.table.open_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())

        self.empty = QLabel()
        self.empty.setObjectName("readersEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.status = QLabel()
        self.status.setObjectName("readerStatus")
        self.status.setWordWrap(True)
        self.undo_bar = UndoBar(self.undo_action)
        self.undo_label, self.undo_button = self.undo_bar.label, self.undo_bar.button

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.count_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.undo_bar)
        self._update_buttons()

    @staticmethod
    def nav_title() -> str:
        return _("Readers")


    _button = staticmethod(action_button)

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._reload(self.selected_reader().id if self.selected_reader() else None)

    def _reload(self, keep_id: str | None = None) -> None:
        query, db = self.search.text().strip(), self.db

        def load() -> tuple[int, list[ReaderInfo]]:
            return (len(search_readers(db, "", limit=None)) if query else 0,
                    search_readers(db, query, limit=None))
        # one load per key typed in the search box: only the newest search's answer is shown
        loaded, found = load_on_worker(self, load, what="readers")
        if not loaded or found is None:
            return
        self.total, readers = found
        if not query:
            self.total = len(readers)
        current = self.selected_reader()
        self.model.set_rows(readers)
        row = self.model.row_of(keep_id or (current.id if current else "")) if readers else -1
        if readers:
            self._select_row(max(row, 0))
        if not self.total:
            self.empty.setText(_("No readers yet. Add a villager with “Add a reader” ({add}), or "
                                 "give learners of the register a card with “From learners…” "
                                 "({learners}).").format(add="Ctrl+N", learners="Ctrl+Shift+L"))
            self.stack.setCurrentWidget(self.empty)
        elif not readers:
            self.empty.setText(_("No reader matches “{text}”.").format(text=query))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        if query:
            self.count_label.setText(ngettext("{shown} of {total} reader shown",
                                              "{shown} of {total} readers shown", self.total).format(
                shown=format_integer(len(readers)), total=format_integer(self.total)))
        else:
            self.count_label.setText(ngettext("{count} reader", "{count} readers", self.total)
                                     .format(count=format_integer(self.total)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_current = self.selected_reader() is not None
        self.edit_button.setEnabled(has_current)
        self.delete_button.setEnabled(has_current)

    def selected_reader(self) -> ReaderInfo | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.readers):
            return None
        return self.model.readers[index.row()]

    def _select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, ReaderTableModel.NAME))

    def select_reader(self, reader_id: str) -> bool:
        row = self.model.row_of(reader_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def focus_start(self) -> None:
        self.search.take_focus()

    # -- actions ------------------------------------------------------------------------------
    def _show_saved(self, reader: ReaderInfo, message: str) -> None:
        self._reload(reader.id)
        if self.model.row_of(reader.id) < 0:  # hidden by the search: show everyone
            self.search.clear()
            self.select_reader(reader.id)
        self.status.setText(message)
        self.table.setFocus()

    def add_reader(self) -> None:
        dialog = ReaderDialog(self.db, None, self, today=self._today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._show_saved(dialog.saved, _("{who} has reader card {card}.").format(
                who=dialog.saved.full_name, card=dialog.saved.card_code))

    def edit_current(self) -> None:
        reader = self.selected_reader()
        if reader is None:
            return
        try:
            dialog = ReaderDialog(self.db, reader.id, self, today=self._today)
        except UserError as error:
            show_error(self, error)
            self._reload()
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._show_saved(dialog.saved, _("Saved: {who}.").format(who=dialog.saved.label()))

    def from_learners(self) -> None:
        db = self.db
        loaded, learners = load_on_worker(self, lambda: readers_of_learners(db), what="learners")
        if not loaded or learners is None:
            return
        dialog = LearnerReaderPicker(self.db, learners, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen, today = dialog.chosen_ids(), self._today

        def give_cards() -> tuple[list[ReaderInfo], list[UserError]]:
            made: list[ReaderInfo] = []
            refused: list[UserError] = []
            for learner_id in chosen:  # one learner refused leaves the others their cards
                try:
                    made.append(reader_from_learner(db, learner_id, today=today))
                except UserError as error:
                    refused.append(error)
            return made, refused
        _saved, answer = save_on_worker(self, give_cards)
        made, refused = answer or ([], [])
        for error in refused:
            show_error(self, error)
        if made:
            cards = ", ".join(f"{reader.full_name} ({reader.card_code})" for reader in made)
            self._show_saved(made[-1], ngettext("New reader card: {cards}.",
                                                "New reader cards: {cards}.", len(made)).format(
                cards=cards))

    def delete_current(self) -> None:
        reader = self.selected_reader()
        if reader is None:
            return
        if not confirm(self, _("Delete a reader"),
                       _("Delete {who}, card {card}, from the readers? Their past loans stay in "
                         "the loan book, and you can undo this straight away with Undo "
                         "(Ctrl+Z).").format(who=reader.label(), card=reader.card_code),
                       _("Delete the reader"), _("Don't delete")):
            self.table.setFocus()
            return
        db = self.db
        deleted, _none = save_on_worker(self, lambda: set_reader_deleted(db, reader.id, True))
        if not deleted:
            return
        self._last_deleted = reader
        self.undo_bar.offer(_("{who} was deleted.").format(who=reader.label()))
        self.status.clear()
        self._reload()
        if self.model.rowCount():
            self.table.setFocus()
        else:
            self.undo_button.setFocus()

    def undo_delete(self) -> None:
        reader = self._last_deleted
        if reader is None:
            return
        db = self.db
        restored, _none = save_on_worker(self, lambda: set_reader_deleted(db, reader.id, False))
        if not restored:
            return
        self._last_deleted = None
        self.undo_bar.withdraw()
        self._show_saved(reader, _("{who} is back among the readers.").format(who=reader.label()))
