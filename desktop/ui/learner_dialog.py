"""Adding or editing one learner: a keyboard-first form (Tab moves, Enter saves, Esc cancels).

Validation belongs to the learner service; the form shows its message beside the field it
names and puts the cursor there. A probable duplicate asks "Save anyway" or "Go back".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import DateError, parse_date
from desktop.i18n import _, pick
from desktop.reference.activities import LEARNER_STATUSES
from desktop.reference.ethnic_groups import ETHNIC_GROUPS, find_ethnic_group, fold_key
from desktop.services.centre import list_villages
from desktop.services.learners import (
    LearnerInput,
    LearnerSummary,
    ProbableDuplicate,
    create_learner,
    get_learner,
    learner_warnings,
    update_learner,
)
from desktop.services.reference_lists import LocalEthnicName, local_ethnic_names
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker
from desktop.ui.form_guard import GuardedDialog
from desktop.ui.messages import show_error
from desktop.ui.pick_lists import SearchableCombo, VillageCombo, gender_combo

ERROR_STYLE = "color: #b00020;"


class EthnicGroupCombo(SearchableCombo):
    """The 54 groups and foreigner; the centre's own names for a group find it too."""

    def __init__(self, parent: QWidget | None = None, *,
                 local_names: Sequence[LocalEthnicName] = ()) -> None:
        own: dict[str, list[str]] = {}
        for entry in local_names:
            own.setdefault(entry.group_key, []).append(entry.name)
        super().__init__([(pick(group.name_vi, group.name_en), group.key,
                           (group.name_vi, group.name_en, *group.other_names, *own.get(group.key, ())))
                          for group in ETHNIC_GROUPS], parent)
        self._local = {fold_key(entry.name): entry.group_key for entry in local_names}

    def _resolve(self, text: str) -> str | None:
        group = find_ethnic_group(text, local_names=self._local)
        return group.key if group else None


def ethnic_group_combo(local_names: list[LocalEthnicName]) -> EthnicGroupCombo:
    """The ethnic group field of a form: the national list, found also by the centre's own names."""
    return EthnicGroupCombo(local_names=local_names)


class PersonFields:
    """The fields a learner's and a reader's form share, made alike: full name, gender, year of
    birth, village, ethnic group and phone."""

    def __init__(self, db: Database, *, default_village_id: str | None,
                 ethnic_group_key: str | None, owner: QWidget | None = None) -> None:
        # The two lists are read on the database worker; the form waits for them, so it opens filled.
        loaded, lists = load_on_worker(owner if owner is not None else QWidget(),
                                       lambda: (local_ethnic_names(db), list_villages(db)), what="person lists")
        local_names, villages = lists if loaded and lists is not None else ([], [])
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        self.full_name.setPlaceholderText(_("e.g. Nguyễn Thị Hoa"))
        self.gender = gender_combo()
        self.birth_year = QLineEdit()
        self.birth_year.setPlaceholderText(_("yyyy"))
        self.birth_year.setMaxLength(4)
        self.ethnic_group = ethnic_group_combo(local_names)  # the centre's local names work here too
        self.ethnic_group.set_key(ethnic_group_key)
        self.village = VillageCombo(villages)
        self.village.set_village_id(default_village_id)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)

    def show_person(self, data: Any) -> None:
        """Fill the shared fields from a learner's or reader's record (the year of birth is the
        form's own: a learner may have a whole date)."""
        self.full_name.setText(data.full_name)
        self.gender.setCurrentIndex(max(self.gender.findData(data.gender), 0))
        self.ethnic_group.set_key(data.ethnic_group_key)
        self.village.set_village_id(data.village_id)
        self.phone.setText(data.phone)

    def typed_birth_year(self) -> int | None:
        """The year of birth typed (None when blank); ValidationError unless it is 4 digits."""
        year_text = self.birth_year.text().strip()
        if not year_text:
            return None
        if not (year_text.isdigit() and len(year_text) == 4):
            raise ValidationError(_("Write the year of birth with 4 digits, for example 1985."), "birth_year")
        return int(year_text)

    def chosen_ethnic_group(self) -> str | None:
        """The ethnic group's key (None when blank); ValidationError for a name not in the list."""
        ethnic_key = self.ethnic_group.key()
        if ethnic_key is None and self.ethnic_group.currentText().strip():
            raise ValidationError(_("Choose an ethnic group from the list."), "ethnic_group_key")
        return ethnic_key


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through the widgets in this order."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def save_anyway_though_registered(parent: QWidget, message: str, who: str) -> bool:
    """Warn that a person is probably registered already (as `who`); True to save anyway.
    Going back is the default, for Enter and for Esc."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Probably already registered"), message,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(_("Already registered: {who}.").format(who=who))
    save_anyway = box.addButton(_("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
    go_back = box.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go_back)
    box.setEscapeButton(go_back)
    box.exec()
    return box.clickedButton() is save_anyway


class LearnerDialog(GuardedDialog):
    """Add a learner (learner_id None) or edit one; `saved` holds the result once accepted."""

    def __init__(self, db: Database, learner_id: str | None = None, parent: QWidget | None = None,
                 *, default_village_id: str | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.learner_id = learner_id
        self.today = today
        self.saved: LearnerSummary | None = None
        self.setWindowTitle(_("Edit learner") if learner_id else _("Add a learner"))
        self.setMinimumWidth(860)

        self.person = person = PersonFields(db, default_village_id=default_village_id,
                                            ethnic_group_key="kinh", owner=self)
        self.full_name, self.gender, self.birth_year = person.full_name, person.gender, person.birth_year
        self.ethnic_group, self.village, self.phone = person.ethnic_group, person.village, person.phone
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(_("dd/mm/yyyy"))
        self.birth_date.setMaxLength(10)
        self.birth_year.setToolTip(_("When only the year of birth is known"))
        self.birth_date.textChanged.connect(self._birth_date_changed)
        self.citizen_id = QLineEdit()
        self.citizen_id.setMaxLength(20)
        self.citizen_id.setPlaceholderText(_("12 digits (optional)"))
        self.occupation = QLineEdit()
        self.schooling = QLineEdit()
        self.schooling.setPlaceholderText(_("e.g. 9/12"))
        self.religion = QLineEdit()
        self.literacy_status = QComboBox()
        self.literacy_status.addItem(_("— not in a literacy class —"), "")
        for status in LEARNER_STATUSES:
            self.literacy_status.addItem(pick(status.name_vi, status.name_en), status.key)
        self.disability = QCheckBox(_("Has a disability"))
        self.poor_household = QCheckBox(_("Poor household"))
        self.rural_worker = QCheckBox(_("Rural worker"))
        self.notes = QLineEdit()

        # Field name (as ValidationError.field says it) → the widget and its error label.
        self._errors: dict[str, QLabel] = {}
        self._focus_for = {
            "full_name": self.full_name, "gender": self.gender, "birth_date": self.birth_date,
            "birth_year": self.birth_year, "ethnic_group_key": self.ethnic_group,
            "village_id": self.village,
        }

        birth = QWidget()
        birth_layout = QHBoxLayout(birth)
        birth_layout.setContentsMargins(0, 0, 0, 0)
        birth_layout.addWidget(self.birth_date, 3)
        birth_layout.addWidget(QLabel(_("or year")))
        birth_layout.addWidget(self.birth_year, 2)
        flags = QWidget()
        flags_layout = QVBoxLayout(flags)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.disability, self.poor_household, self.rural_worker):
            flags_layout.addWidget(box)
        left = [
            ("full_name", _("Full name *"), self.full_name),
            ("gender", _("Gender"), self.gender),
            ("birth_date", _("Birth date"), birth),
            ("ethnic_group_key", _("Ethnic group"), self.ethnic_group),
            ("village_id", _("Village *") if self.village.count() else _("Village"), self.village),
            ("phone", _("Phone"), self.phone),
            ("citizen_id", _("Citizen ID"), self.citizen_id),
        ]
        right = [
            ("occupation", _("Occupation"), self.occupation),
            ("schooling", _("Schooling"), self.schooling),
            ("religion", _("Religion"), self.religion),
            ("literacy_status", _("Literacy status"), self.literacy_status),
            ("", "", flags),
        ]
        columns = QHBoxLayout()
        columns.setSpacing(24)
        for fields in (left, right):
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(6)
            for name, label_text, widget in fields:
                # Each field carries its own error line, shown only when the service refuses it.
                cell = QWidget()
                cell_layout = QVBoxLayout(cell)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.setSpacing(2)
                cell_layout.addWidget(widget)
                if name:
                    error = QLabel()
                    error.setStyleSheet(ERROR_STYLE)
                    error.setWordWrap(True)
                    error.setObjectName(f"error_{name}")
                    error.hide()
                    self._errors[name] = error
                    cell_layout.addWidget(error)
                label = QLabel(label_text)
                if label_text:
                    label.setBuddy(self.birth_date if widget is birth else widget)
                form.addRow(label, cell)
            columns.addLayout(form, 1)
        notes_form = QFormLayout()
        notes_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        notes_form.addRow(_("Notes"), self.notes)

        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save (Enter)"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel(_("* required. Tab moves to the next field, Enter saves, Esc cancels."))
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(notes_form)
        layout.addWidget(self.general_error)
        layout.addWidget(hint)
        layout.addWidget(buttons)

        order: list[QWidget] = [self.full_name, self.gender, self.birth_date, self.birth_year,
                                self.ethnic_group, self.village, self.phone, self.citizen_id,
                                self.occupation, self.schooling, self.religion, self.literacy_status,
                                self.disability, self.poor_household, self.rural_worker, self.notes,
                                self.save_button, self.cancel_button]
        set_tab_order(order)

        if learner_id is not None:
            self._load(learner_id)
        self.full_name.setFocus()

    # -- loading and reading the form ----------------------------------------------------------
    def _load(self, learner_id: str) -> None:
        db = self.db
        data = self.on_worker(lambda: get_learner(db, learner_id))
        self.person.show_person(data)
        if data.birth_date:
            self.birth_date.setText(data.birth_date.strftime("%d/%m/%Y"))
        elif data.birth_year:
            self.birth_year.setText(str(data.birth_year))
        self.citizen_id.setText(data.citizen_id)
        self.occupation.setText(data.occupation)
        self.schooling.setText(data.schooling)
        self.religion.setText(data.religion)
        self.literacy_status.setCurrentIndex(max(self.literacy_status.findData(data.literacy_status), 0))
        self.disability.setChecked(data.disability)
        self.poor_household.setChecked(data.poor_household)
        self.rural_worker.setChecked(data.rural_worker)
        self.notes.setText(data.notes)

    def _birth_date_changed(self, text: str) -> None:
        # A full date carries its year; the year box shows it and is not typed into.
        try:
            date = parse_date(text)
        except ValueError:
            date = None
        if date is not None:
            self.birth_year.setText(str(date.year))
        elif self.birth_year.isReadOnly():
            self.birth_year.clear()
        self.birth_year.setReadOnly(date is not None)

    def form_input(self) -> LearnerInput:
        """What the form holds, as the service takes it; raises ValidationError for bad typing."""
        try:
            birth_date = parse_date(self.birth_date.text())
        except DateError as error:
            raise ValidationError(error.message, "birth_date") from None
        birth_year = self.person.typed_birth_year() if birth_date is None else None
        ethnic_key = self.person.chosen_ethnic_group()
        village_id = self.village.village_id()
        return LearnerInput(
            full_name=self.full_name.text(), gender=self.gender.currentData(),
            birth_date=birth_date, birth_year=birth_year, ethnic_group_key=ethnic_key,
            village_id=village_id, phone=self.phone.text(), citizen_id=self.citizen_id.text(),
            occupation=self.occupation.text(), schooling=self.schooling.text(),
            religion=self.religion.text(), literacy_status=self.literacy_status.currentData() or "",
            disability=self.disability.isChecked(), poor_household=self.poor_household.isChecked(),
            rural_worker=self.rural_worker.isChecked(), notes=self.notes.text())

    # -- saving ---------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()
            label.clear()
        self.general_error.hide()

    def show_field_error(self, error: ValidationError) -> None:
        """The message beside its field, and the cursor in that field."""
        name = error.field or ""
        # A bad year typed alone belongs to the year box.
        if name == "birth_date" and not self.birth_date.text().strip() and self.birth_year.text().strip():
            name = "birth_year"
        label = self._errors.get("birth_date" if name == "birth_year" else name)
        if label is None:
            self.general_error.setText(error.message)
            self.general_error.show()
            self.make_room()
            return
        label.setText(error.message)
        label.show()
        self.make_room()
        widget = self._focus_for.get(name)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def save(self) -> None:
        """Save on the database worker; a second Enter while it waits saves nothing more."""
        self.save_once(self._save)

    def _save(self) -> None:
        self.clear_errors()
        try:
            data = self.form_input()
            if not self.confirm_warnings(data):
                return
            self.saved = self._write(data, confirm_duplicate=False)
        except ProbableDuplicate as duplicate:
            if not self.ask_duplicate(duplicate):
                self.full_name.setFocus()
                return
            try:
                self.saved = self._write(data, confirm_duplicate=True)
            except ValidationError as error:
                self.show_field_error(error)
                return
            except UserError as error:
                show_error(self, error)
                return
        except ValidationError as error:
            self.show_field_error(error)
            return
        except UserError as error:
            show_error(self, error)
            return
        self.accept()

    def _write(self, data: LearnerInput, *, confirm_duplicate: bool) -> LearnerSummary:
        db, learner_id, today = self.db, self.learner_id, self.today
        if learner_id is None:
            return self.on_worker(lambda: create_learner(
                db, data, confirm_duplicate=confirm_duplicate, today=today))
        return self.on_worker(lambda: update_learner(
            db, learner_id, data, confirm_duplicate=confirm_duplicate, today=today))

    def confirm_warnings(self, data: LearnerInput) -> bool:
        """Ask before saving what is allowed but unusual (a learner under 15); True to save."""
        db, learner_id, today = self.db, self.learner_id, self.today
        warnings = self.on_worker(lambda: learner_warnings(db, data, learner_id=learner_id,
                                                           today=today))
        if not warnings:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, _("Check before saving"), "\n".join(warnings),
                          QMessageBox.StandardButton.NoButton, self)
        save_anyway = box.addButton(_("Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        go_back = box.addButton(_("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go_back)
        box.setEscapeButton(go_back)
        box.exec()
        if box.clickedButton() is save_anyway:
            return True
        (self.birth_date if self.birth_date.text().strip() else self.birth_year).setFocus()
        return False

    def ask_duplicate(self, duplicate: ProbableDuplicate) -> bool:
        """Warn with the existing learner's name, year and village; True to save anyway."""
        return save_anyway_though_registered(self, duplicate.message, duplicate.existing.label())
