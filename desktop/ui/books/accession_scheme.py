"""The cabinet settings' box for how new copies are numbered: plain numbers, or a prefix with a
padded number ("TS-0013"), with the next number shown as it would be written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop.i18n import _
from desktop.services.books.accession import NumberingScheme, scheme_problem
from desktop.services.books.intake import next_accession
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker


class AccessionSchemeBox(QGroupBox):
    """Prefix and padding of new accession numbers; `changed` is called on every edit."""

    def __init__(self, db: Database, changed: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Accession numbers of new copies"), parent)
        self.db = db
        self._changed = changed
        self.prefix = QLineEdit()
        self.prefix.setObjectName("accessionPrefix")
        self.prefix.setMaxLength(14)
        self.prefix.setPlaceholderText(_("none: plain numbers"))
        self.prefix.setToolTip(_("Letters written before the number, with their separator: "
                                 "TS-, VV., GK. Leave empty for plain numbers."))
        self.digits = QSpinBox()
        self.digits.setObjectName("accessionWidth")
        self.digits.setRange(0, 9)
        self.digits.setSpecialValueText(_("no padding"))
        self.digits.setSuffix(_(" digits"))
        self.next_number = QLabel()
        self.next_number.setObjectName("nextAccession")
        form = QFormLayout(self)
        form.addRow(_("&Prefix"), self.prefix)
        form.addRow(_("Pad the number to"), self.digits)
        form.addRow(_("Next new copy"), self.next_number)
        hint = QLabel(_("Copies already registered keep their numbers as written."))
        hint.setObjectName("legend")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.prefix.textEdited.connect(self._edited)
        self.digits.valueChanged.connect(self._edited)

    def scheme(self) -> NumberingScheme:
        return NumberingScheme(self.prefix.text().lstrip(), self.digits.value())

    def fill(self, scheme: NumberingScheme) -> None:
        self.prefix.setText(scheme.prefix)
        self.digits.setValue(scheme.width)
        self._show_next()

    def _edited(self, *_args: object) -> None:
        self._show_next()
        self._changed()

    def _show_next(self) -> None:
        scheme = self.scheme()
        problem = scheme_problem(scheme)
        if problem:
            self.next_number.setText(problem)
            return
        db = self.db
        # one read per key typed: only the newest scheme's number is shown
        loaded, number = load_on_worker(self, lambda: next_accession(db, scheme), what="next number")
        if loaded and number is not None:
            self.next_number.setText(number)

