"""The centre's details form, used by the first-start setup and by Settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.i18n import LANGUAGES, _, current_language, set_language
from desktop.reference.provinces import PROVINCES
from desktop.services.centre import CentreInfo, CentreSetup, UnlistedCommuneCode, setup_centre
from desktop.store.database import Database
from desktop.ui.form_guard import GuardedDialog
from desktop.ui.messages import show_error

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class CentreForm(QWidget):
    def __init__(self, with_villages: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Community Learning Centre of Tân Lập commune"))
        self.commune_name = QLineEdit()
        self.commune_code = QLineEdit()
        self.commune_code.setInputMask("99999;_")
        self.commune_code.setMaximumWidth(120)
        self.pick_commune = QPushButton(_("Choose from the 2025 list…"))
        self.pick_commune.setToolTip(_("The communes and wards from 1 July 2025 with their official codes"))
        self.pick_commune.setAutoDefault(False)
        self.pick_commune.clicked.connect(self.choose_commune)
        # shown only when a typed code is not on the 2025 list: the user says it is right
        self.unlisted_code = QCheckBox(_("The code is right, though it is not on the 2025 list"))
        self.unlisted_code.setVisible(False)
        self.commune_code.textEdited.connect(lambda _text: self._hide_unlisted())
        self.province = QComboBox()
        for province in PROVINCES:
            self.province.addItem(f"{province.code} — {province.name_vi}", province.code)
        self.director = QLineEdit()
        self.villages: QPlainTextEdit | None = None
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.addRow(_("Centre name"), self.name)
        self.form.addRow(_("Commune"), self.commune_name)
        code_row = QHBoxLayout()
        code_row.addWidget(self.commune_code)
        code_row.addWidget(self.pick_commune)
        code_row.addStretch(1)
        self.form.addRow(_("Commune code"), code_row)
        self.form.addRow("", self.unlisted_code)
        self.form.addRow(_("Province"), self.province)
        self.form.addRow(_("Director"), self.director)
        if with_villages:
            self.villages = QPlainTextEdit()
            self.villages.setPlaceholderText(_("One village per line, e.g.\nThôn Đông\nBản Nà Hạ"))
            self.villages.setTabChangesFocus(True)
            self.form.addRow(_("Villages"), self.villages)
        self.form.addRow(self.error)
        self.fields = {"name": self.name, "commune_code": self.commune_code, "province_code": self.province}

    def choose_commune(self) -> None:
        from desktop.ui.commune_picker import CommunePickerDialog

        code = self.commune_code.text().strip()
        # a centre's province narrows the list; at the first start (no code yet) every province shows
        province = str(self.province.currentData() or "") if code else ""
        dialog = CommunePickerDialog(province, code, self)
        if dialog.exec() and dialog.chosen is not None:
            self.use_commune(dialog.chosen)

    def use_commune(self, commune) -> None:  # type: ignore[no-untyped-def]
        """The official code, name and province of the commune picked from the 2025 list."""
        self._hide_unlisted()
        self.commune_code.setText(commune.code)
        self.commune_name.setText(commune.name)
        self.province.setCurrentIndex(max(self.province.findData(commune.province_code), 0))

    def _hide_unlisted(self) -> None:
        self.unlisted_code.setChecked(False)
        self.unlisted_code.setVisible(False)

    @property
    def listed_code(self) -> bool:
        """Whether the commune code must be on the 2025 list (unless the user said it is right)."""
        return not self.unlisted_code.isChecked()

    def setup(self) -> CentreSetup:
        villages = tuple(line for line in (self.villages.toPlainText().splitlines() if self.villages else [])
                         if line.strip())
        return CentreSetup(name=self.name.text(), commune_name=self.commune_name.text(),
                           commune_code=self.commune_code.text().strip(),
                           province_code=str(self.province.currentData() or ""),
                           director=self.director.text(), villages=villages)

    def fill(self, info: CentreInfo) -> None:
        self.name.setText(info.name)
        self.commune_name.setText(info.commune_name)
        self.commune_code.setText(info.commune_code)
        self.province.setCurrentIndex(max(self.province.findData(info.province_code), 0))
        self.director.setText(info.director)

    def fill_setup(self, setup: CentreSetup) -> None:
        self.name.setText(setup.name)
        self.commune_name.setText(setup.commune_name)
        self.commune_code.setText(setup.commune_code)
        self.province.setCurrentIndex(max(self.province.findData(setup.province_code), 0))
        self.director.setText(setup.director)
        if self.villages is not None:
            self.villages.setPlainText("\n".join(setup.villages))

    def show_validation(self, error: ValidationError) -> None:
        self.error.setText(error.message)
        if isinstance(error, UnlistedCommuneCode):
            self.unlisted_code.setVisible(True)
        widget = self.fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()


class SetupDialog(GuardedDialog):
    """First start: name the centre, its commune and province, and its villages."""

    def __init__(self, db: Database, initial: CentreSetup | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.centre: CentreInfo | None = None
        self.setWindowTitle(_("Set up your centre"))
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        intro = QLabel(_("Welcome to CLC Ledger. Enter your centre's details once; you can change "
                         "them later in Settings."))
        intro.setWordWrap(True)
        self.form = CentreForm(with_villages=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(_("Language"), self.language)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(640, 560)
        if initial is not None:  # reopened after a language switch: keep what was typed
            # ... and still ask before Esc throws it away: what counts as unchanged is the blank
            # form (in the new language), not the entries carried over.
            self._opened_with = self.form_state()
            self.form.fill_setup(initial)
        self.form.name.setFocus()

    def _language_changed(self) -> None:
        set_language(str(self.language.currentData()))
        self.done(2)  # the caller reopens the dialog in the new language

    def _save(self) -> None:
        self.save_once(self._set_up)

    def _set_up(self) -> None:
        db = self.db
        try:
            setup = self.form.setup()
            listed = self.form.listed_code
            self.centre = self.on_worker(lambda: setup_centre(db, setup, listed_code=listed))
        except ValidationError as error:
            self.form.show_validation(error)
            return
        except UserError as error:
            show_error(self, error)
            return
        self.accept()
