"""Học viên có thể trùng: learners of two centres with the same name and birth year, perhaps one
person enrolled in two communes. Listed for an officer to review with the centres; never merged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.services.sync.duplicates import PossibleDuplicate, possible_duplicates
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action


class DuplicatesScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        title = QLabel(_("Possible duplicate learners"))
        title.setObjectName("screenTitle")
        intro = QLabel(_("Learners of two centres with the same name and birth year: perhaps one person enrolled in "
                         "two communes. Check with both centres; nothing is merged here. The same village name is "
                         "listed first."))
        intro.setWordWrap(True)
        self.summary = QLabel()
        headers = (_("Full name"), _("Birth year"), _("Centre"), _("Village"), _("Name there"), _("Other centre"),
                   _("Village"), _("Village name"))
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.reload_action = shortcut_action(self, _("Reload"), QKeySequence.StandardKey.Refresh, self.refresh)
        reload_button = QPushButton(_("Reload"))
        reload_button.setToolTip(self.reload_action.toolTip())
        reload_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(reload_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @staticmethod
    def nav_title() -> str:
        return _("Possible duplicates")

    def refresh(self) -> None:
        """Read off the GUI thread: a province holds every learner of its centres."""
        if self.task is not None:
            return
        db = self.db
        self.task = BackgroundTask(self, _("Possible duplicates"), lambda _progress: possible_duplicates(db),
                                   on_success=self._loaded, on_error=self._failed, show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None

    def _failed(self, error: Exception) -> None:
        show_error(self, error, _("The list could not be loaded"))

    def _loaded(self, result: object) -> None:
        assert isinstance(result, list)
        self.show_pairs(result)

    def show_pairs(self, pairs: list[PossibleDuplicate]) -> None:
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            first, second = pair.first, pair.second
            cells = (first.full_name, str(first.birth_year or ""), f"{first.centre} ({first.commune_code})",
                     first.village, second.full_name, f"{second.centre} ({second.commune_code})", second.village,
                     _("same village name") if pair.same_village else _("different village names"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        same = sum(1 for pair in pairs if pair.same_village)
        self.summary.setText(ngettext("{count} possible duplicate", "{count} possible duplicates", len(pairs)).format(
            count=format_integer(len(pairs))) + "; " + ngettext(
            "{count} with the same village name.", "{count} with the same village name.", same).format(
            count=format_integer(same)) if pairs else _("No learner of one centre has the same name and birth year "
                                                         "as a learner of another."))

    def focus_start(self) -> None:
        self.table.setFocus()
