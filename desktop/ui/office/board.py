"""Các trung tâm: the completeness board. Every registered centre, how far its data runs, its
last package, what it is waiting for, and who has been silent too long."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.sync.office import CentreStatus, completeness_board
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.tasks import BackgroundTask

CODE, NAME, RUNS_TO, LAST_PACKAGE, PACKAGES, WAITING, STATE, OFFICE = range(8)
COLUMN_COUNT = 8
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SILENT_COLOUR, PROBLEM_COLOUR = "#fff1c7", "#f8d7d7"

_Index = QModelIndex | QPersistentModelIndex


def waiting_text(status: CentreStatus) -> str:
    """'waiting for changes 101–200' for each gap the office holds packages behind."""
    if not status.held_gaps:
        return ""
    return _("waiting for changes {ranges}").format(
        ranges=", ".join(f"{first}–{last}" for first, last in status.held_gaps))


def state_text(status: CentreStatus) -> str:
    parts = []
    if status.revoked:
        parts.append(_("key revoked"))
    if status.cloned:
        parts.append(_("two databases claim one installation"))
    if status.merged_into:
        parts.append(_("merged into {centre} on {date}").format(
            centre=status.merged_into, date=format_date(status.merged_on) if status.merged_on else "—"))
    elif status.silent_days is None:
        parts.append(_("no package yet"))
    elif status.silent:
        parts.append(ngettext("silent for {count} day", "silent for {count} days", status.silent_days).format(
            count=format_integer(status.silent_days)))
    return "; ".join(parts) or _("up to date")


class BoardModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[CentreStatus] = []

    def set_rows(self, rows: list[CentreStatus]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Commune code"), _("Centre"), _("Data runs to"), _("Last package"), _("Packages"),
                    _("Held packages"), _("State"), _("Through office"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        status, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(status, column)
        if role == SORT_ROLE:
            return self._sort_value(status, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if status.revoked or status.cloned:
                return QBrush(QColor(PROBLEM_COLOUR))
            if status.silent or status.held_gaps:
                return QBrush(QColor(SILENT_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return _("Fingerprint of its key: {fingerprint}").format(fingerprint=status.fingerprint)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PACKAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(status: CentreStatus, column: int) -> str:
        if column == CODE:
            return status.commune_code
        if column == NAME:
            return status.name
        if column == RUNS_TO:
            return format_date(status.data_runs_to) if status.data_runs_to else "—"
        if column == LAST_PACKAGE:
            return format_date(status.last_package_at.date()) if status.last_package_at else _("never")
        if column == PACKAGES:
            return format_integer(status.packages)
        if column == WAITING:
            return waiting_text(status)
        if column == OFFICE:  # the office below whose consolidated package brought it
            return status.office or _("directly")
        return state_text(status)

    @staticmethod
    def _sort_value(status: CentreStatus, column: int) -> Any:
        if column == RUNS_TO:
            return (status.data_runs_to or dt.date.min).toordinal()
        if column == LAST_PACKAGE:
            return status.last_package_at.timestamp() if status.last_package_at else 0.0
        if column == PACKAGES:
            return status.packages
        if column == OFFICE:  # centres under each office together, this office's own first
            return f"{status.office}\x00{status.commune_code}\x00{status.name}"
        if column == STATE:  # the ones to chase first
            return (int(status.revoked or status.cloned) * 100000 + int(status.silent) * 50000
                    + (status.silent_days if status.silent_days is not None else 40000))
        return BoardModel._display(status, column)

    def status_at(self, row: int) -> CentreStatus:
        return self.rows[row]


class CentresScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        title = QLabel(_("Centres"))
        title.setObjectName("screenTitle")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = BoardModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(OFFICE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self._browse())
        self.empty = QLabel(_("No centre is registered yet. Register a centre's key under “Settings”, or "
                              "import its first package under “Receive data” and tick “register unknown "
                              "centres' keys”."))
        self.empty.setWordWrap(True)
        self.empty.hide()  # until the board has loaded
        legend = QLabel(_("Yellow: silent too long or waiting for missing changes. Red: a revoked key or "
                          "a copied database. Click a column's title to sort."))
        legend.setObjectName("legend")
        legend.setWordWrap(True)

        self.browse_action = shortcut_action(self, _("Browse this centre's records"), "Return", self._browse)
        self.refresh_action = shortcut_action(self, _("Reload"), QKeySequence.StandardKey.Refresh,
                                              self._reload)
        self.browse_button = QPushButton(_("Browse records…"))
        self.browse_button.setToolTip(self.browse_action.toolTip())
        self.browse_button.clicked.connect(self._browse)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.setToolTip(self.refresh_action.toolTip())
        self.reload_button.clicked.connect(self._reload)
        self.send_back_action = shortcut_action(self, _("Send back to centres…"), "Ctrl+Shift+R", self.send_back)
        self.send_back_button = QPushButton(_("Send back to centres…"))
        self.send_back_button.setObjectName("sendBackButton")
        self.send_back_button.setToolTip(self.send_back_action.toolTip())
        self.send_back_button.clicked.connect(self.send_back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.browse_button)
        buttons.addWidget(self.send_back_button)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addLayout(buttons)

    @staticmethod
    def nav_title() -> str:
        return _("Centres")

    def refresh(self) -> None:
        """The board's queries run off the GUI thread (two per centre, for 200 centres)."""
        if self.task is not None:
            return
        db = self.db
        self.task = BackgroundTask(self, _("Centres"), lambda _progress: completeness_board(db),
                                   on_success=self._loaded, on_error=self._failed, show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None

    def _reload(self) -> None:
        self.refresh()

    def _failed(self, error: Exception) -> None:
        show_error(self, error, _("The board could not be loaded"))

    def _loaded(self, result: object) -> None:
        assert isinstance(result, list)
        self.model.set_rows(result)
        self.proxy.sort(self.table.horizontalHeader().sortIndicatorSection(),
                        self.table.horizontalHeader().sortIndicatorOrder())
        self.table.resizeRowsToContents()
        silent = sum(1 for status in result if status.silent)
        waiting = sum(1 for status in result if status.held_gaps)
        self.summary.setText(_("{centres}; {silent} silent too long; {waiting} waiting for missing changes.").format(
            centres=ngettext("{count} registered centre", "{count} registered centres", len(result)).format(
                count=format_integer(len(result))),
            silent=format_integer(silent), waiting=format_integer(waiting)))
        self.empty.setVisible(not result)  # the empty table stays below it, holding the room
        self.summary.setVisible(bool(result))
        if result and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected_status(self) -> CentreStatus | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.status_at(self.proxy.mapToSource(rows[0]).row())

    def _browse(self) -> None:
        status = self.selected_status()
        if status is None or status.centre_id is None or self.navigator is None:
            return
        self.navigator.show_centre(status.centre_id)  # type: ignore[attr-defined]

    def send_back(self) -> None:
        """Return packages for the selected centre (or all) onto a USB stick or a folder."""
        from desktop.ui.office.send_back import send_back

        status = self.selected_status()
        self.send_back_dialog = send_back(self, self.db, status.centre_id if status is not None else None)

    def focus_start(self) -> None:
        self.table.setFocus()
