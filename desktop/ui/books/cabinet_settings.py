"""Cài đặt tủ sách: loan periods, the copies limit, opening days, holidays and closures such as Tết.

One Save (Ctrl+S) writes everything after the service's checks; a refused value is named in the
message and gets the focus. Until saved, a notice says there are unsaved changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import DateError, format_date
from desktop.i18n import _
from desktop.services.books.settings import (
    CabinetSettings,
    Closure,
    load_cabinet_settings,
    save_cabinet_settings,
)
from desktop.ui.activity_dialog import DateField
from desktop.ui.books.accession_scheme import AccessionSchemeBox
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action

ERROR_STYLE = "color: #b00020;"
NOTICE_STYLE = "background: #fff3c4; padding: 4px; border: 1px solid #e0c36a;"


def weekday_names() -> list[str]:
    """Monday first, as CabinetSettings numbers them (0 = Monday)."""
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday")]


def format_holidays(holidays: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(f"{day:02d}/{month:02d}" for month, day in holidays)


def parse_holidays(text: str) -> tuple[tuple[int, int], ...]:
    """"01/01, 30/04" → ((1, 1), (4, 30)); ValidationError naming the part it cannot read."""
    out = []
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})", part)
        if match is None:
            raise ValidationError(_("“{text}” is not a day and month such as 30/04.").format(
                text=part), "annual_holidays")
        out.append((int(match.group(2)), int(match.group(1))))
    return tuple(out)


class CabinetSettingsTab(Screen):
    """The cabinet settings tab of the book cabinet."""

    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self._filling = False
        self.settings = CabinetSettings()
        self.closures: list[Closure] = []

        title = QLabel(_("Cabinet settings"))
        title.setObjectName("screenTitle")

        # -- lending -------------------------------------------------------------------------------
        self.loan_days_adult = self._spin(0, 999, _(" days"))
        self.loan_days_children = self._spin(0, 999, _(" days"))
        self.max_copies = self._spin(0, 999, "")
        self.max_renewals = self._spin(0, 999, "")
        self.weeding_percent = self._spin(0, 999, " %")
        lending = QGroupBox(_("Lending"))
        form = QFormLayout(lending)
        form.addRow(_("Loan period, &adult books"), self.loan_days_adult)
        form.addRow(_("Loan period, &children's books"), self.loan_days_children)
        form.addRow(_("Copies a reader may &hold"), self.max_copies)
        form.addRow(_("&Renewals allowed"), self.max_renewals)
        form.addRow(_("&Weeding warning past"), self.weeding_percent)

        # -- numbering of new copies ----------------------------------------------------------------
        self.numbering = AccessionSchemeBox(db, self._changed)

        # -- opening days --------------------------------------------------------------------------
        self.weekdays: list[QCheckBox] = []
        days_box = QGroupBox(_("Opening days"))
        days_layout = QHBoxLayout(days_box)
        for name in weekday_names():
            box = QCheckBox(name)
            box.toggled.connect(self._changed)
            self.weekdays.append(box)
            days_layout.addWidget(box)
        days_layout.addStretch(1)

        self.holidays = QLineEdit()
        self.holidays.setObjectName("annualHolidays")
        self.holidays.setPlaceholderText("01/01, 30/04, 01/05, 02/09")
        self.holidays.setToolTip(_("Days closed every year, as day/month separated by commas."))
        self.holidays.textEdited.connect(self._changed)
        holidays_box = QGroupBox(_("Public holidays every year"))
        holidays_layout = QVBoxLayout(holidays_box)
        holidays_layout.addWidget(self.holidays)
        hint = QLabel(_("Tết moves every year: add it to the closures."))
        hint.setObjectName("legend")
        hint.setWordWrap(True)
        holidays_layout.addWidget(hint)

        # -- closures ------------------------------------------------------------------------------
        self.closure_table = QTableWidget(0, 3)
        self.closure_table.setObjectName("closures")
        self.closure_table.setHorizontalHeaderLabels([_("From"), _("To"), _("Reason")])
        self.closure_table.verticalHeader().setVisible(False)
        self.closure_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.closure_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.closure_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.closure_first = DateField()
        self.closure_first.setObjectName("closureFirst")
        self.closure_last = DateField()
        self.closure_last.setObjectName("closureLast")
        self.closure_label = QLineEdit()
        self.closure_label.setObjectName("closureLabel")
        self.closure_label.setPlaceholderText(_("e.g. Tết Nguyên đán"))
        self.add_closure_button = QPushButton(_("Add"))
        self.remove_closure_button = QPushButton(_("Remove"))
        for field in (self.closure_first, self.closure_last, self.closure_label):
            field.returnPressed.connect(self.add_closure)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(_("From")))
        add_row.addWidget(self.closure_first)
        add_row.addWidget(QLabel(_("to")))
        add_row.addWidget(self.closure_last)
        add_row.addWidget(self.closure_label, 1)
        add_row.addWidget(self.add_closure_button)
        self.closure_error = QLabel()
        self.closure_error.setStyleSheet(ERROR_STYLE)
        self.closure_error.setWordWrap(True)
        closures_box = QGroupBox(_("Closures (Tết, floods, repairs)"))
        closures_layout = QVBoxLayout(closures_box)
        closures_layout.addWidget(self.closure_table, 1)
        closures_layout.addLayout(add_row)
        closures_layout.addWidget(self.closure_error)
        closures_layout.addWidget(self.remove_closure_button, 0, Qt.AlignmentFlag.AlignRight)

        # -- saving --------------------------------------------------------------------------------
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("saveCabinetSettings")
        self.revert_button = QPushButton(_("Undo changes"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)

        left = QVBoxLayout()
        left.addWidget(lending)
        left.addWidget(holidays_box)
        left.addWidget(self.numbering)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(closures_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(days_box)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

        self.save_action = shortcut_action(self, _("Save the cabinet settings"), "Ctrl+S", self.save,
                                           button=self.save_button)
        self.revert_action = shortcut_action(self, _("Undo the changes not yet saved"), "Ctrl+R",
                                             self.refresh, button=self.revert_button)
        self.add_action = shortcut_action(self, _("Add the closure"), "Ctrl+Shift+N", self.add_closure,
                                          button=self.add_closure_button)
        self.remove_action = shortcut_action(self, _("Remove the highlighted closure"), "Ctrl+Delete",
                                             self.remove_closure, button=self.remove_closure_button)
        self.field_of = {
            "loan_days_adult": self.loan_days_adult, "loan_days_children": self.loan_days_children,
            "max_copies_per_reader": self.max_copies, "max_renewals": self.max_renewals,
            "weeding_warning_percent": self.weeding_percent, "opening_weekdays": self.weekdays[0],
            "annual_holidays": self.holidays, "closures": self.closure_table,
            "accession_prefix": self.numbering.prefix,
        }

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)  # out-of-range values get the service's message, not a clamp
        spin.setSuffix(suffix)
        spin.setMinimumWidth(110)
        spin.valueChanged.connect(self._changed)
        return spin


    @staticmethod
    def nav_title() -> str:
        return _("Cabinet settings")

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        db = self.db
        loaded, settings = load_on_worker(self, lambda: load_cabinet_settings(db), title=_("Cabinet settings"))
        if not loaded or settings is None:
            return
        self.settings = settings
        self._fill(self.settings)
        self._set_message("", dirty=False)

    def focus_start(self) -> None:
        self.loan_days_adult.setFocus()
        self.loan_days_adult.selectAll()

    def _fill(self, settings: CabinetSettings) -> None:
        self._filling = True
        self.loan_days_adult.setValue(settings.loan_days_adult)
        self.loan_days_children.setValue(settings.loan_days_children)
        self.max_copies.setValue(settings.max_copies_per_reader)
        self.max_renewals.setValue(settings.max_renewals)
        self.weeding_percent.setValue(settings.weeding_warning_percent)
        for day, box in enumerate(self.weekdays):
            box.setChecked(day in settings.opening_weekdays)
        self.holidays.setText(format_holidays(settings.annual_holidays))
        self.closures = list(settings.closures)
        self._fill_closures()
        self.numbering.fill(settings.numbering)
        self._filling = False

    def _fill_closures(self) -> None:
        self.closure_table.setRowCount(len(self.closures))
        for row, closure in enumerate(self.closures):
            for column, text in enumerate((format_date(closure.first), format_date(closure.last),
                                           closure.label)):
                self.closure_table.setItem(row, column, QTableWidgetItem(text))
        if not self.closures:
            self.closure_table.setRowCount(0)

    def _changed(self, *_args: object) -> None:
        if not self._filling:
            self._set_message(_("Changes not saved yet: press Save (Ctrl+S)."), dirty=True)

    def has_unsaved_changes(self) -> bool:
        return bool(self.message.property("dirty"))

    def _set_message(self, text: str, *, dirty: bool = False, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("dirty", dirty)
        self.message.setStyleSheet(ERROR_STYLE if error else NOTICE_STYLE if dirty else "")

    # -- closures ------------------------------------------------------------------------------
    def add_closure(self) -> None:
        self.closure_error.clear()
        try:
            first = self.closure_first.date()
            last = self.closure_last.date() or first
        except DateError as error:
            self._closure_refused(error.message, self.closure_first)
            return
        if first is None or last is None:
            self._closure_refused(_("Enter the first day of the closure."), self.closure_first)
            return
        if last < first:
            self._closure_refused(_("A closure ends before it begins."), self.closure_last)
            return
        self.closures.append(Closure(first, last, " ".join(self.closure_label.text().split())))
        self.closures.sort(key=lambda closure: closure.first)
        self._fill_closures()
        for field in (self.closure_first, self.closure_last, self.closure_label):
            field.clear()
        self.closure_first.setFocus()
        self._changed()

    def _closure_refused(self, text: str, field: QWidget) -> None:
        self.closure_error.setText(text)
        field.setFocus()

    def remove_closure(self) -> None:
        row = self.closure_table.currentRow()
        if not 0 <= row < len(self.closures):
            return
        del self.closures[row]
        self._fill_closures()
        self.closure_table.setCurrentCell(min(row, len(self.closures) - 1), 0)
        self.closure_table.setFocus()
        self._changed()

    # -- saving --------------------------------------------------------------------------------
    def edited_settings(self) -> CabinetSettings:
        """The settings as the fields show them (not yet checked)."""
        return replace(
            self.settings,
            loan_days_adult=self.loan_days_adult.value(),
            loan_days_children=self.loan_days_children.value(),
            max_copies_per_reader=self.max_copies.value(),
            max_renewals=self.max_renewals.value(),
            weeding_warning_percent=self.weeding_percent.value(),
            opening_weekdays=frozenset(day for day, box in enumerate(self.weekdays)
                                       if box.isChecked()),
            annual_holidays=parse_holidays(self.holidays.text()),
            closures=tuple(self.closures),
            accession_prefix=self.numbering.prefix.text(),
            accession_width=self.numbering.digits.value())

    def _refused(self, error: Exception) -> bool:
        """A setting the service refused: said under the fields, with the cursor on it."""
        if not isinstance(error, ValidationError):
            return False
        self._set_message(error.message, dirty=True, error=True)
        field = self.field_of.get(error.field or "")
        if field is not None:
            field.setFocus()
            if isinstance(field, QSpinBox):
                field.selectAll()
        return True

    def save(self) -> bool:
        for spin in (self.loan_days_adult, self.loan_days_children, self.max_copies,
                     self.max_renewals, self.weeding_percent):
            spin.interpretText()
        try:
            edited = self.edited_settings()
        except ValidationError as error:  # a holiday that is no day and month
            return not self._refused(error)
        db = self.db
        saved, settings = save_on_worker(self, lambda: save_cabinet_settings(db, edited),
                                         title=_("Cabinet settings"), shown_inline=self._refused)
        if not saved or settings is None:
            return False
        self.settings = settings
        self._fill(self.settings)
        self._set_message(_("Saved. New loans use these settings."), dirty=False)
        return True
