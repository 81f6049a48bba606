"""The office sets the year's learning-society targets (from Settings): per learning model, the
share to register and the share of those registered to be recognised. Published as the next
version of the "learning_targets" list, they reach the centres in the next return packages,
where they take the place of the commune's own.

Keyboard-first: type a percentage in a cell and Enter (moves down), Delete clears it, Page Up /
Page Down change the year, Ctrl+Enter publishes, Esc closes (asking first if something typed was
not published)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _
from desktop.reports.society import LEARNING_MODELS, model_label
from desktop.services.society import targets as target_service
from desktop.services.society.targets import RECOGNISED_MEASURE, REGISTERED_MEASURE
from desktop.store.database import Database
from desktop.ui.messages import confirm, show_error
from desktop.ui.society.grid_model import RIGHT, read_count
from desktop.ui.society.models_tab import TargetView
from desktop.ui.widgets.actions import action_button, shortcut_action

_AnyIndex = QModelIndex | QPersistentModelIndex
MEASURES = (REGISTERED_MEASURE, RECOGNISED_MEASURE)  # the two columns after the model's name


class OfficeTargetModel(QAbstractTableModel):
    """Models × (register target, recognition target), as typed (published on request)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.values: dict[tuple[str, str], int] = {}

    def set_values(self, values: dict[tuple[str, str], int]) -> None:
        self.beginResetModel()
        self.values = dict(values)
        self.endResetModel()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(LEARNING_MODELS)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 1 + len(MEASURES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Learning model"), _("Register target"), _("Recognition target"))[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section:
            return (_("The share of those who could register that are to register (families: of the households; "
                      "communities: of the villages)") if section == 1
                    else _("The share of those registered that are to be recognised"))
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else flags

    def _key(self, index: _AnyIndex) -> tuple[str, str]:
        return LEARNING_MODELS[index.row()], MEASURES[index.column() - 1]

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() == 0:
            return model_label(LEARNING_MODELS[index.row()]) if role == Qt.ItemDataRole.DisplayRole else None
        value = self.values.get(self._key(index))
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else f"{value} %"
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT)
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() == 0:
            return False
        text = str(value).replace("%", "").strip()
        if not text:
            self.values.pop(self._key(index), None)
        else:
            percent = read_count(text)
            if percent is None or percent > 100:
                return False
            self.values[self._key(index)] = percent
        self.dataChanged.emit(index, index)
        return True


class LearningTargetsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.published: dict[tuple[str, str], int] = {}
        self.setWindowTitle(_("Learning society targets"))
        self.year_box = QSpinBox()
        self.year_box.setRange(1990, 2100)
        self.year_box.setValue(year or dt.date.today().year)
        self.year_box.setToolTip(_("The year of the targets (Page Up / Page Down change it)"))
        self.model = OfficeTargetModel(self)
        self.table = TargetView()
        self.table.setObjectName("officeTargets")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.state = QLabel()
        self.state.setObjectName("legend")
        self.state.setWordWrap(True)
        explanation = QLabel(_("Type a percentage and Enter; Delete clears it. Published targets reach the centres in "
                               "the next return packages and take the place of the commune's own; where the office "
                               "sets none, the commune's own target counts."))
        explanation.setWordWrap(True)
        publish = shortcut_action(self, _("Publish to the centres"), "Ctrl+Return", self.publish,
                                  extra=("Ctrl+Enter",))
        self.publish_button = action_button(_("Publish to the centres"), publish, "publishTargets")
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        for button in (self.publish_button, close):  # Enter belongs to the table's cells
            button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year of the targets")))
        top.addWidget(self.year_box)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state, 1)
        bottom.addWidget(self.publish_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.year_box.valueChanged.connect(lambda _year: self.load())
        for key, step in ((QKeySequence.StandardKey.MoveToPreviousPage, -1),
                          (QKeySequence.StandardKey.MoveToNextPage, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda step=step: self._change_year(step))
        self.resize(640, 380)
        self.load()
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(0, 1))

    @property
    def year(self) -> int:
        return self.year_box.value()

    def unpublished(self) -> bool:
        return self.model.values != self.published

    def _change_year(self, step: int) -> None:
        if self.unpublished() and not confirm(
                self, _("Learning society targets"), _("The targets typed for {year} are not published. Leave "
                                                       "them?").format(year=self.year), _("Leave them"),
                _("Stay")):
            return
        self.year_box.setValue(self.year + step)

    def load(self) -> None:
        version, self.published = target_service.published_targets(self.db, self.year)
        self.model.set_values(self.published)
        self.state.setText(_("Version {version} of the targets is published.").format(version=version) if version
                           else _("No targets published yet."))

    def publish(self) -> None:
        try:
            version = target_service.publish_targets(self.db, self.year, self.model.values)
        except UserError as error:
            show_error(self, error)
            return
        self.load()
        self.state.setText(_("Published as version {version}: the next return packages carry it to the "
                             "centres.").format(version=version))

    def reject(self) -> None:
        if self.unpublished() and not confirm(
                self, _("Learning society targets"), _("The targets typed are not published. Close without "
                                                       "publishing?"), _("Close without publishing"), _("Stay")):
            return
        super().reject()
