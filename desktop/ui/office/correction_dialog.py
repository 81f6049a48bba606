"""Đề nghị sửa: the office asks a centre to change one field of one of its records (a learner's
birth year, a class's topic group…), with the officer's reason. Nothing is changed at the office:
the correction goes out in the next return package and the centre accepts or declines it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.services.sync.correction_forms import (
    CorrectableRecord, FieldChoice, correctable_fields, correctable_records, field_choices,
)
from desktop.services.sync.corrections import MAX_REASON, OfficeCorrection, propose_correction
from desktop.services.sync.office_browse import received_centres
from desktop.ui.messages import confirm, show_error
from desktop.ui.pick_lists import SearchableCombo
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import with_shortcut

ERROR_STYLE = "color: #b00020;"
TABLES = ("learner", "activity")


def table_title(table: str) -> str:
    return _("Learner") if table == "learner" else _("Class or talk")


class ProposeCorrectionDialog(QDialog):
    """Choose the centre, the record, the field and the new value, and say why; `made` holds the
    correction once proposed. The record lists load in the background, as the office's do."""

    def __init__(self, db, parent: QWidget | None = None, *, centre_id: str | None = None,  # type: ignore[no-untyped-def]
                 table: str = "learner", record_id: str | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.made: OfficeCorrection | None = None
        self.task: BackgroundTask | None = None
        self._records: dict[str, CorrectableRecord] = {}
        self._choices: dict[tuple[str, str], list[FieldChoice] | None] = {}
        self._wanted_record = record_id
        self._reload = False
        self.setWindowTitle(_("Ask a centre for a correction"))
        self.setMinimumWidth(720)
        intro = QLabel(_("The office does not change a centre's records itself. It asks: the correction goes "
                         "in the next return package, and the centre accepts it or declines it with a reason."))
        intro.setWordWrap(True)

        self.centre = QComboBox()
        for centre in received_centres(db):
            self.centre.addItem(centre.label(), centre.id)
        if centre_id is not None and self.centre.findData(centre_id) >= 0:
            self.centre.setCurrentIndex(self.centre.findData(centre_id))
        self.table = QComboBox()
        for name in TABLES:
            self.table.addItem(table_title(name), name)
        self.table.setCurrentIndex(max(self.table.findData(table), 0))
        self.record = SearchableCombo()
        self.record.lineEdit().setPlaceholderText(_("Type part of the name or code…"))
        self.record.setMinimumContentsLength(40)
        self.field = QComboBox()
        self.current = QLabel("—")
        self.current.setObjectName("currentValue")
        self.current.setWordWrap(True)
        self.typed_value = QLineEdit()
        self.chosen_value = SearchableCombo()
        self.values = QStackedWidget()
        self.values.addWidget(self.typed_value)
        self.values.addWidget(self.chosen_value)
        self.values.setFixedHeight(max(self.typed_value.sizeHint().height(), self.chosen_value.sizeHint().height()))
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(_("For example: the household register gives 1962"))

        form = QFormLayout()
        form.addRow(_("C&entre:"), self.centre)
        form.addRow(_("&Record of:"), self.table)
        form.addRow(_("&Which one:"), self.record)
        form.addRow(_("&Field:"), self.field)
        form.addRow(_("Now:"), self.current)
        self.value_label = QLabel(_("&Should be:"))
        self.value_label.setBuddy(self.typed_value)
        form.addRow(self.value_label, self.values)
        form.addRow(_("Re&ason:"), self.reason)
        self.message = QLabel()
        self.message.setObjectName("proposeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox()
        self.propose_button = buttons.addButton(_("Ask for the correction"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.propose_button.setToolTip(with_shortcut(_("Ask the centre for this correction"), "Ctrl+Return"))
        self.cancel_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip(with_shortcut(_("Close without asking"), "Esc"))
        self.propose_button.clicked.connect(self.propose)
        self.cancel_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.propose)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.centre.currentIndexChanged.connect(self._load_records)
        self.table.currentIndexChanged.connect(self._table_changed)
        self.record.currentIndexChanged.connect(self._show_current)
        self.field.currentIndexChanged.connect(self._field_changed)
        self._table_changed()
        if self.centre.count() == 0:
            self.message.setText(_("No centre's records have been imported yet. Import their packages under "
                                   "“Receive data”."))
            self.propose_button.setEnabled(False)
        self.record.setFocus() if record_id else self.centre.setFocus()

    # --- loading ---------------------------------------------------------------------------
    def current_table(self) -> str:
        return str(self.table.currentData())

    def _table_changed(self) -> None:
        table = self.current_table()
        self.field.blockSignals(True)
        self.field.clear()
        for field, label in correctable_fields(table):
            self.field.addItem(label, field)
        self.field.blockSignals(False)
        self._load_records()

    def _load_records(self) -> None:
        centre_id, table, db = self.centre.currentData(), self.current_table(), self.db
        self._records = {}
        self.record.set_items([])
        if not centre_id:
            self._field_changed()
            return
        if self.task is not None:  # the running load calls this again when it is done
            self._reload = True
            return
        self._reload = False
        self.record.setEnabled(False)

        def work(_progress: object) -> tuple[list[CorrectableRecord], dict]:
            choices = {(table, field): field_choices(db, table, field) for field, _label in correctable_fields(table)}
            return correctable_records(db, str(centre_id), table), choices

        self.task = BackgroundTask(self, _("Ask a centre for a correction"), work, show_dialog=False,
                                   on_success=lambda result: self._records_loaded(str(centre_id), table, result),
                                   on_error=lambda error: show_error(self, error))
        self.task.finished.connect(self._load_finished)
        self.task.start()

    def _load_finished(self) -> None:
        self.task = None
        if self._reload:
            self._load_records()

    def _records_loaded(self, centre_id: str, table: str, result: Any) -> None:
        if self._reload or centre_id != self.centre.currentData() or table != self.current_table():
            return
        records, choices = result
        self._choices.update(choices)
        self._records = {record.id: record for record in records}
        self.record.set_items([(record.label, record.id, ()) for record in records])
        self.record.setEnabled(True)
        self.record.set_key(self._wanted_record if self._wanted_record in self._records else None)
        if records and self._wanted_record not in self._records:
            self.record.setCurrentIndex(0)
        self._wanted_record = None
        self._field_changed()

    # --- the field and its value -----------------------------------------------------------
    def chosen_record(self) -> CorrectableRecord | None:
        key = self.record.key()
        return self._records.get(key) if key else None

    def _field_changed(self) -> None:
        choices = self._choices.get((self.current_table(), str(self.field.currentData())))
        if choices is None:
            self.values.setCurrentWidget(self.typed_value)
            self.value_label.setBuddy(self.typed_value)
        else:
            self.chosen_value.set_items([(choice.label, choice.value, ()) for choice in choices])
            self.chosen_value.set_key(None)
            self.values.setCurrentWidget(self.chosen_value)
            self.value_label.setBuddy(self.chosen_value)
        self._show_current()

    def _show_current(self) -> None:
        record, field = self.chosen_record(), str(self.field.currentData())
        value = record.values.get(field) if record is not None else None
        self.current.setText(self._value_text(field, value))
        if self.values.currentWidget() is self.typed_value:
            self.typed_value.setText("" if value is None else str(value))

    def _value_text(self, field: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        for choice in self._choices.get((self.current_table(), field)) or ():
            if choice.value == value:
                return choice.label
        from desktop.services.sync.corrections import shown_value

        return shown_value(self.current_table(), field, value)

    def new_value(self) -> Any:
        if self.values.currentWidget() is self.typed_value:
            return self.typed_value.text()
        key = self.chosen_value.key()
        if key is None and self.field.currentData() == "partner":  # a body not in the list, typed
            return self.chosen_value.currentText()
        return key

    # --- asking ----------------------------------------------------------------------------
    def propose(self) -> None:
        if self.task is not None or not self.propose_button.isEnabled():
            return
        record, field = self.chosen_record(), str(self.field.currentData())
        if record is None:
            self._refuse(_("Choose the record to correct."), self.record)
            return
        value = self.new_value()
        if value is None or (isinstance(value, str) and not value.strip()):
            self._refuse(_("Enter the corrected value."), self.values.currentWidget())
            return
        if not self.reason.text().strip():
            self._refuse(_("Say why the office asks for this correction."), self.reason)
            return
        shown = self.chosen_value.currentText() if self.values.currentWidget() is self.chosen_value else str(value)
        if not confirm(self, _("Ask a centre for a correction"),
                       _("Ask {centre} to change the {field} of {record} from “{old}” to “{new}”? The request goes "
                         "in the next return package to the centre.").format(
                           centre=self.centre.currentText(), field=self.field.currentText(), record=record.label,
                           old=self._value_text(field, record.values.get(field)), new=shown),
                       _("Ask for it"), _("Don't ask")):
            return
        db, table, reason = self.db, self.current_table(), self.reason.text()
        self.propose_button.setEnabled(False)
        self.task = BackgroundTask(
            self, _("Ask a centre for a correction"),
            lambda _progress: propose_correction(db, table=table, record_id=record.id, field=field, value=value,
                                                 reason=reason),
            show_dialog=False, on_success=self._proposed, on_error=self._failed, changes=("corrections",))
        self.task.finished.connect(self._propose_finished)
        self.task.start()

    def _refuse(self, text: str, widget: QWidget) -> None:
        self.message.setText(text)
        widget.setFocus()

    def _propose_finished(self) -> None:
        self.task = None
        self.propose_button.setEnabled(True)

    def _proposed(self, made: object) -> None:
        assert isinstance(made, OfficeCorrection)
        self.made = made
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserError):  # a ValidationError names its field: the typing goes back there
            self.message.setText(error.message)
            field = getattr(error, "field", None) if isinstance(error, ValidationError) else None
            target = {"value": self.values.currentWidget(), "reason": self.reason,
                      "record": self.record}.get(field or "")
            if target is not None:
                target.setFocus()
        else:
            show_error(self, error, _("The correction could not be asked for"))


def ask_for_correction(parent: QWidget, db, **preset: Any) -> ProposeCorrectionDialog:  # type: ignore[no-untyped-def]
    dialog = ProposeCorrectionDialog(db, parent, **preset)
    dialog.open()
    return dialog
