"""Creating and editing a class or talk, plus the small form fields the activity dialogs share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import DateError, format_date, format_integer, parse_date
from desktop.i18n import _, pick
from desktop.reference.activities import FUNDING_SOURCES, PARTNER_BODIES
from desktop.services.activities import (
    STATUSES,
    ActivityInput,
    ActivitySummary,
    create_activity,
    get_activity,
    update_activity,
)
from desktop.services.centre import VillageInfo, list_villages
from desktop.services.reference_lists import (
    ListChoice,
    PartnerChoice,
    activity_kind_choices,
    partner_choices,
    topic_group_choices,
)
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker
from desktop.ui.form_guard import GuardedDialog
from desktop.ui.messages import show_error
from desktop.ui.pick_lists import VillageCombo
from desktop.ui.widgets.actions import with_shortcut

ERROR_STYLE = "color: #b00020;"

# Kinds whose topic group is implied; the dialog fills it in unless the user chose one.
_TOPIC_FOR_KIND = {"literacy_1": "literacy", "literacy_2": "literacy", "post_literacy": "post_literacy"}


def status_label(status: str) -> str:
    """The words for a class's status (stored keys: planned, running, finished)."""
    return {"planned": _("Planned"), "running": _("Running"),
            "finished": _("Finished")}.get(status, status)


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (also 5/9/2026 or 5-9-2026); Up and Down step one day.

    A line edit rather than a QDateEdit, so the field can be empty and accepts the
    backspace-and-replace edits that Vietnamese input methods send.
    """

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setToolTip(_("Type the date as dd/mm/yyyy. Up and Down arrows change it by one day."))
        self.setMaxLength(10)
        self.set_date(value)
        self.editingFinished.connect(self._tidy)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value) if value else "")

    def date(self) -> dt.date | None:
        """The typed date, None when empty; ValueError when it cannot be read."""
        text = self.text().strip()
        parts = re.split(r"[/.\-]", text)
        if len(parts) == 2 and all(part.strip().isdigit() for part in parts):
            text = f"{text}/{dt.date.today().year}"  # day and month alone mean this year
        return parse_date(text)

    def _tidy(self) -> None:
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None and self.text() != format_date(value):
            self.setText(format_date(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            try:
                value = self.date()
            except ValueError:
                value = None
            self.set_date((value or dt.date.today()) + dt.timedelta(days=step if value else 0))
            return
        super().keyPressEvent(event)


class MoneyField(QLineEdit):
    """An amount in đồng, shown as 1.500.000 once typed; dots, commas, spaces and ₫ are ignored."""

    def __init__(self, value: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("0")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.set_amount(value)
        self.editingFinished.connect(self._tidy)

    def set_amount(self, value: int | None) -> None:
        self.setText(format_integer(value) if value is not None else "")

    def amount(self) -> int | None:
        """The amount, None when empty; ValueError when it is not a number."""
        text = self.text().strip().lower()
        for noise in ("vnđ", "vnd", "₫", "đồng", "đ", ".", ",", " ", "\u00a0"):
            text = text.replace(noise, "")
        if not text:
            return None
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(self.text())
        return int(text)

    def _tidy(self) -> None:
        try:
            value = self.amount()
        except ValueError:
            return
        if value is not None:
            self.setText(format_integer(value))


def count_box(maximum: int, tooltip: str) -> QSpinBox:
    """A whole-number box where 0 shows as '—' and means 'not given'."""
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setSpecialValueText("—")
    box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    box.setToolTip(tooltip)
    return box


def fit_popup(combo: QComboBox, min_chars: int = 18) -> None:
    """Keep a combo with long entries narrow while its drop-down shows them in full."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 40)


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def two_column_grid() -> tuple[QGridLayout, Callable[..., None]]:
    """A form of two columns of caption and field; `row(r, column, caption, widget, span=1)`
    puts a field with its caption (its buddy, for the Alt key) in place."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(10)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)

    def row(r: int, col: int, label: str, widget: QWidget, span: int = 1) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        grid.addWidget(caption, r, col * 2)
        grid.addWidget(widget, r, col * 2 + 1, 1, span)

    return grid, row


class FormDialog(GuardedDialog):
    """A dialog with one error line: a ValidationError is shown there and its field gets focus.

    Closing it with typed entries unsaved asks first (GuardedDialog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("error")
        self.error_label.hide()

    def show_field_error(self, message: str, field: str | None) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.make_room()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def handle_error(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.show_field_error(error.message, error.field)
        else:
            show_error(self, error)

    def save_and_close(self, save: Callable[[], object]) -> None:
        """Save the form and close; or say on the form why not (a ValidationError with its field
        focused, another known error in a message box, a bug logged and shown plainly) and stay
        open. `save` returns False when the user stopped it at a question; its service calls go
        through `on_worker`, and a second Enter while they wait saves nothing more."""
        self.save_once(lambda: self._save_and_close(save))

    def _save_and_close(self, save: Callable[[], object]) -> None:
        self.clear_error()
        try:
            if save() is False:
                return
        except UserError as error:
            self.handle_error(error)
            return
        except Exception as error:  # a bug: logged, shown without a traceback
            show_error(self, error)
            return
        super(FormDialog, self).accept()

    def save_buttons(self, text: str) -> tuple[QDialogButtonBox, QPushButton]:
        """Save (renamed to `text`) and Cancel: Enter or Ctrl+S saves, Esc closes unsaved."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        button = save_button(buttons, text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.accept)
        return buttons, button

    def read_date(self, field: str) -> dt.date | None:
        widget = self.fields[field]
        assert isinstance(widget, DateField)
        try:
            return widget.date()
        except DateError as error:
            raise ValidationError(error.message, field) from None


def save_button(buttons: QDialogButtonBox, text: str) -> QPushButton:
    """Rename OK to say what it does; Ctrl+S saves as well as Enter."""
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    button.setText(text)
    button.setToolTip(with_shortcut(text, "Ctrl+S"))
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Cancel"))
    cancel.setToolTip(with_shortcut(_("Close without saving"), "Esc"))
    return button


def _fill(combo: QComboBox, choices: list[ListChoice]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for choice in choices:
        combo.addItem(choice.label, choice.value)
    combo.blockSignals(False)


class ActivityDialog(FormDialog):
    """New class or talk (activity_id None), or edit one; `saved` holds the result after Save."""

    def __init__(self, db: Database, activity_id: str | None = None,
                 parent: QWidget | None = None, *, code: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.activity_id = activity_id
        self.saved: ActivitySummary | None = None
        self._topic_chosen = activity_id is not None
        self.setWindowTitle(_("Edit class or talk") if activity_id else _("New class or talk"))
        self.setMinimumWidth(820)
        # The pick-lists are read on the database worker; the dialog waits for them, so it opens filled.
        loaded, lists = load_on_worker(self, lambda: _pick_lists(db), title=self.windowTitle(), what="pick lists")
        kinds, groups, partners, villages = lists if loaded and lists is not None else ([], [], [], [])

        self.name = QLineEdit()
        self.name.setMaxLength(300)
        self.name.setPlaceholderText(_("For example: Literacy class, Nà Hạ village"))
        self.kind = QComboBox()
        _fill(self.kind, kinds)  # the office's newest list once it sent one
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(status_label(status), status)
        self.topic_group = QComboBox()
        _fill(self.topic_group, groups)
        select_data(self.topic_group, "other")
        fit_popup(self.topic_group)
        self.partner = QComboBox()
        self.partner.setEditable(True)
        self.partner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.partner.addItem("")
        for choice in partners:  # national bodies, then the centre's own
            self.partner.addItem(choice.label)
        self.partner.lineEdit().setPlaceholderText(_("Choose or type a body"))
        fit_popup(self.partner)
        self.teacher = QLineEdit()
        self.teacher.setMaxLength(200)
        self.village = VillageCombo(villages)
        self.venue = QLineEdit()
        self.venue.setMaxLength(200)
        self.venue.setPlaceholderText(_("For example: village cultural house"))
        self.start_date = DateField()
        self.end_date = DateField()
        self.planned_sessions = count_box(9999, _("Leave at — if not planned"))
        self.planned_periods = count_box(99999, _("Leave at — if not planned"))
        self.funding_source = QComboBox()
        self.funding_source.addItem("—", "")
        for source in FUNDING_SOURCES:
            self.funding_source.addItem(pick(source.name_vi, source.name_en), source.key)
        self.funding_amount = MoneyField()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        self.fields = {
            "name": self.name, "kind": self.kind, "status": self.status,
            "topic_group": self.topic_group, "partner": self.partner, "teacher": self.teacher,
            "village_id": self.village, "venue": self.venue, "start_date": self.start_date,
            "end_date": self.end_date, "planned_sessions": self.planned_sessions,
            "planned_periods": self.planned_periods, "funding_source": self.funding_source,
            "funding_amount": self.funding_amount, "notes": self.notes,
        }

        grid, row = two_column_grid()
        grid.setColumnMinimumWidth(2, 150)

        self.code_label = QLabel()
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row(0, 0, _("Name *"), self.name, 3)
        row(1, 0, _("Kind"), self.kind)
        row(1, 1, _("Status"), self.status)
        row(2, 0, _("Topic group"), self.topic_group)
        row(2, 1, _("Partner body"), self.partner)
        row(3, 0, _("Teacher or speaker"), self.teacher)
        row(3, 1, _("Village"), self.village)
        row(4, 0, _("Venue"), self.venue, 3)
        row(5, 0, _("Start date"), self.start_date)
        row(5, 1, _("End date"), self.end_date)
        row(6, 0, _("Planned sessions"), self.planned_sessions)
        row(6, 1, _("Planned periods"), self.planned_periods)
        row(7, 0, _("Funding source"), self.funding_source)
        amount_box = QHBoxLayout()
        amount_box.setContentsMargins(0, 0, 0, 0)
        amount_box.addWidget(self.funding_amount, 1)
        amount_box.addWidget(QLabel("₫"))
        amount_caption = QLabel(_("Amount"))
        amount_caption.setBuddy(self.funding_amount)
        grid.addWidget(amount_caption, 7, 2)
        grid.addLayout(amount_box, 7, 3)
        row(8, 0, _("Notes"), self.notes, 3)

        buttons = self.save_buttons(_("Save"))[0]

        layout = QVBoxLayout(self)
        layout.addWidget(self.code_label)
        layout.addLayout(grid)
        hint = QLabel(_("Fields marked * are required. Enter saves, Esc closes without saving."))
        hint.setObjectName("legend")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.topic_group.activated.connect(self._topic_touched)
        self.code_label.setText(_("Code: {code}").format(code=code))
        self.code_label.setVisible(bool(code))
        if activity_id:
            self._load(activity_id)
        else:
            self.start_date.set_date(dt.date.today())
            self._kind_changed()
        self.name.setFocus()

    def _load(self, activity_id: str) -> None:
        db = self.db
        data, kinds, groups = self.on_worker(lambda: _activity_with_its_choices(db, activity_id))
        self.name.setText(data.name)
        if self.kind.findData(data.kind) < 0:  # a value the office's list no longer has: kept, not lost
            _fill(self.kind, kinds)
        if self.topic_group.findData(data.topic_group) < 0:
            _fill(self.topic_group, groups)
        select_data(self.kind, data.kind)
        select_data(self.status, data.status)
        select_data(self.topic_group, data.topic_group)
        self.partner.setCurrentText(self._partner_label(data.partner))
        self.teacher.setText(data.teacher)
        self.village.set_village_id(data.village_id)
        self.venue.setText(data.venue)
        self.start_date.set_date(data.start_date)
        self.end_date.set_date(data.end_date)
        self.planned_sessions.setValue(data.planned_sessions or 0)
        self.planned_periods.setValue(data.planned_periods or 0)
        select_data(self.funding_source, data.funding_source)
        self.funding_amount.set_amount(data.funding_amount)
        self.notes.setPlainText(data.notes)

    @staticmethod
    def _partner_label(stored: str) -> str:
        """Partner bodies are stored under their Vietnamese name and shown in the interface language."""
        for body in PARTNER_BODIES:
            if stored == body.name_vi:
                return pick(body.name_vi, body.name_en)
        return stored

    @staticmethod
    def _partner_value(shown: str) -> str:
        text = shown.strip()
        for body in PARTNER_BODIES:
            if text in (body.name_vi, body.name_en, pick(body.name_vi, body.name_en)):
                return body.name_vi
        return text

    def _topic_touched(self) -> None:
        self._topic_chosen = True

    def _kind_changed(self) -> None:
        topic = _TOPIC_FOR_KIND.get(self.kind.currentData())
        if topic and not self._topic_chosen:
            select_data(self.topic_group, topic)

    def collect(self) -> ActivityInput:
        """The form's values; ValidationError for what cannot even be read."""
        try:
            amount = self.funding_amount.amount()
        except ValueError:
            raise ValidationError(_("Write the amount in đồng, for example 1.500.000."),
                                  "funding_amount") from None
        return ActivityInput(
            name=self.name.text(), kind=self.kind.currentData(),
            topic_group=self.topic_group.currentData(),
            partner=self._partner_value(self.partner.currentText()), venue=self.venue.text(),
            village_id=self.village.village_id(), teacher=self.teacher.text(),
            start_date=self.read_date("start_date"), end_date=self.read_date("end_date"),
            planned_sessions=self.planned_sessions.value() or None,
            planned_periods=self.planned_periods.value() or None,
            funding_source=self.funding_source.currentData() or "", funding_amount=amount,
            status=self.status.currentData(), notes=self.notes.toPlainText())

    def accept(self) -> None:
        self.save_and_close(self._save)

    def _save(self) -> None:
        data, db, activity_id = self.collect(), self.db, self.activity_id
        if activity_id:
            self.saved = self.on_worker(lambda: update_activity(db, activity_id, data))
        else:
            self.saved = self.on_worker(lambda: create_activity(db, data))


def _pick_lists(db: Database) -> tuple[list[ListChoice], list[ListChoice], list[PartnerChoice], list[VillageInfo]]:
    """The dialog's pick-lists, read on the database worker."""
    return activity_kind_choices(db), topic_group_choices(db), partner_choices(db), list_villages(db)


def _activity_with_its_choices(db: Database, activity_id: str) -> tuple[ActivityInput, list[ListChoice],
                                                                        list[ListChoice]]:
    """The activity, and the kind and topic lists that keep its values even if the office's lists
    no longer have them (read on the database worker)."""
    data = get_activity(db, activity_id)
    return (data, activity_kind_choices(db, keep=data.kind), topic_group_choices(db, keep=data.topic_group))
