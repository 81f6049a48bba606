"""Pick a commune or ward of the 2025 list: its official code, name and province (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.reference.communes import Commune, commune_by_code, find_communes
from desktop.reference.provinces import PROVINCES

SHOWN = 300  # more than anyone scrolls through: type more of the name instead


class CommunePickerDialog(QDialog):
    """Type part of the name (accents not needed) or the code; Enter or a double click picks."""

    def __init__(self, province_code: str = "", current_code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Communes and wards from 1 July 2025"))
        self.resize(620, 520)
        self.chosen: Commune | None = None
        hint = QLabel(_("Type part of the name (accents not needed, e.g. nguyen) or the code. "
                        "The list is the statistics office's of 1 July 2025."))
        hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search: for example tan hop"))
        self.search.setClearButtonEnabled(True)
        self.province = QComboBox()
        self.province.addItem(_("All provinces"), "")
        for province in PROVINCES:
            self.province.addItem(f"{province.code} — {province.name_vi}", province.code)
        self.province.setCurrentIndex(max(self.province.findData(province_code), 0))
        self.results = QListWidget()
        self.results.itemDoubleClicked.connect(lambda _item: self.accept())
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Choose"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow(_("Find"), self.search)
        form.addRow(_("Province"), self.province)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.province.currentIndexChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.accept)
        self.search.installEventFilter(self)
        current = commune_by_code(current_code) if current_code else None
        if current is not None:
            self.search.setText(current.code)
        self.refresh()
        self.search.setFocus()

    def refresh(self) -> None:
        province = str(self.province.currentData() or "") or None
        found = find_communes(self.search.text(), province, limit=SHOWN + 1)
        self.results.clear()
        for commune in found[:SHOWN]:
            item = QListWidgetItem(commune.label)
            item.setData(Qt.ItemDataRole.UserRole, commune.code)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.count.setText(_("More than {count} found: type more of the name.").format(count=SHOWN)
                           if len(found) > SHOWN else _("{count} found").format(count=len(found)))
        self.ok_button.setEnabled(bool(found))

    def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
        """Up and Down in the search box move through the list."""
        from PySide6.QtCore import QEvent

        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen = commune_by_code(str(item.data(Qt.ItemDataRole.UserRole)))
        super().accept()
