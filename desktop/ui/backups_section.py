"""Settings → Backups: the list of backups (each checked and counted), a preview against the
current data, Back up now, and Restore. Also the whole of the restore window the start opens
when the database file is damaged (then there is no open database, only its path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_datetime, format_integer
from desktop.i18n import _
from desktop.services.restore import (
    COUNTED,
    BackupSummary,
    RestoreResult,
    count_label,
    current_counts,
    kind_label,
    list_restorable,
    restore_backup,
)
from desktop.services.data_file import backup_folder, newest_backup_time
from desktop.store.database import Database
from desktop.services.backup_copies import open_copy
from desktop.ui.backup_actions import backup_policy_text, start_backup
from desktop.ui.backup_copy_panel import CopyPanel, ask_for_copy, show_copy_error
from desktop.ui.messages import confirm, inform, show_error
from desktop.ui.tasks import BackgroundTask

_Index = QModelIndex | QPersistentModelIndex


class BackupTableModel(QAbstractTableModel):
    """One row per backup, newest first; a damaged one says so in its last column."""

    WHEN, KIND, SCHEMA, LEARNERS, MARKS, LOANS, STATE = range(7)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BackupSummary] = []

    def set_rows(self, rows: list[BackupSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [_("Made on"), _("Why"), _("Schema rev."), _("Learners"), _("Attendance marks"), _("Loans"),
                _("State")][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        backup = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            counts = {self.LEARNERS: "learners", self.MARKS: "marks", self.LOANS: "loans"}
            if column == self.WHEN:
                return format_datetime(backup.made_at)
            if column == self.KIND:
                return kind_label(backup.kind)
            if column == self.SCHEMA:
                return backup.revision or "?"
            if column in counts:
                return format_integer(backup.counts[counts[column]]) if backup.restorable else "—"
            return _("good") if backup.restorable else _("cannot be restored")
        if role == Qt.ItemDataRole.ForegroundRole and not backup.restorable:
            from PySide6.QtGui import QColor

            return QColor("#a00000")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path) if backup.restorable else f"{backup.problem}\n{backup.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.LEARNERS, self.MARKS, self.LOANS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _counts_sentence(counts: dict[str, int] | None) -> str:
    if counts is None:
        return _("a file that cannot be read")
    return ", ".join(f"{format_integer(counts[key])} {count_label(key).lower()}" for key, _table in COUNTED)


class BackupsSection(QWidget):
    """The backups of one database file; `db` is None when the window could not open it."""

    def __init__(self, path: Path, db: Database | None = None,
                 on_restored: Callable[[RestoreResult], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.db, self.on_restored = path, db, on_restored
        self._task: BackgroundTask | None = None
        self._current: dict[str, int] | None = None
        self.policy = QLabel()
        self.policy.setWordWrap(True)
        self.backup_now = QPushButton(_("Back up now"))
        self.backup_now.clicked.connect(self._back_up)
        self.backup_now.setVisible(db is not None)  # a damaged file cannot be backed up
        self.copy_diagnostics = QPushButton(_("Copy diagnostic information"))
        self.copy_diagnostics.setToolTip(_("Versions, file paths, schema, backups and the last errors, "
                                           "to paste into a message for support. No personal data."))
        self.copy_diagnostics.clicked.connect(self._copy_diagnostics)
        self.copied = QLabel()
        self.from_copy = QPushButton(_("Restore a protected copy…"))
        self.from_copy.setToolTip(_("A backup copy locked with a passphrase, from a USB stick"))
        self.from_copy.clicked.connect(self._choose_copy)
        self._select_after: Path | None = None
        buttons = QVBoxLayout()
        buttons.addWidget(self.backup_now)
        buttons.addWidget(self.from_copy)
        buttons.addWidget(self.copy_diagnostics)
        buttons.addWidget(self.copied)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.policy, 1)
        top.addLayout(buttons)

        self.model = BackupTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self._restore())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("backupsStatus")

        self.preview = QTableWidget(len(COUNTED), 2)
        self.preview.setHorizontalHeaderLabels([_("In the backup"), _("Now")])
        self.preview.setVerticalHeaderLabels([count_label(key) for key, _table in COUNTED])
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview_note = QLabel(_("Choose a backup to see what it holds."))
        self.preview_note.setWordWrap(True)
        self.restore_button = QPushButton(_("Restore this backup…"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        preview_box = QGroupBox(_("What the backup holds"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.restore_button)

        list_box = QGroupBox(_("Backups"))
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.status)
        middle = QHBoxLayout()
        middle.addWidget(list_box, 2)
        middle.addWidget(preview_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.copy_panel = CopyPanel(db) if db is not None else None
        if self.copy_panel is not None:
            layout.addWidget(self.copy_panel)
        layout.addLayout(middle, 1)

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Check and count every backup, off the GUI thread (on years of records, a while)."""
        folder = backup_folder(self.path)
        newest = newest_backup_time(self.path)
        self.policy.setText(backup_policy_text(folder) + " " + _("Newest: {newest}.").format(
            newest=format_datetime(newest) if newest else _("none yet")))
        self.status.setText(_("Checking the backups…"))
        path = self.path

        def work(progress):  # type: ignore[no-untyped-def]
            return list_restorable(path, progress), current_counts(path)

        self._task = BackgroundTask(self, _("Checking the backups…"), work, on_success=self._loaded,
                                    on_error=lambda error: show_error(self, error), show_dialog=False).start()

    def _loaded(self, result: tuple[list[BackupSummary], dict[str, int] | None]) -> None:
        backups, self._current = result
        self.model.set_rows(backups)
        damaged = sum(1 for backup in backups if not backup.restorable)
        if not backups:
            self.status.setText(_("There are no backups yet."))
        elif damaged:
            self.status.setText(_("{count} of the backups cannot be restored (shown in red); they are "
                                  "never offered.").format(count=damaged))
        else:
            self.status.setText(_("Every backup passed its check."))
        good = [row for row, backup in enumerate(backups) if backup.restorable]
        opened = [row for row in good if backups[row].path == self._select_after]
        self._select_after = None
        if opened:
            self.table.selectRow(opened[0])
        elif good:
            self.table.selectRow(good[0])
        else:
            self._show_preview(None)

    # --- preview and restore ------------------------------------------------------------------
    def selected(self) -> BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selected(self) -> None:
        self._show_preview(self.selected())

    def _show_preview(self, backup: BackupSummary | None) -> None:
        self.restore_button.setEnabled(backup is not None and backup.restorable)
        for row, (key, _table) in enumerate(COUNTED):
            then = format_integer(backup.counts[key]) if backup is not None and backup.restorable else "—"
            now = format_integer(self._current[key]) if self._current is not None else "—"
            for column, text in enumerate((then, now)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(row, column, item)
        if backup is None:
            self.preview_note.setText(_("Choose a backup to see what it holds."))
        elif not backup.restorable:
            self.preview_note.setText(_("This backup cannot be restored: {problem}.").format(problem=backup.problem))
        else:
            self.preview_note.setText(_("Backup of {time} ({kind}), against the data now in use.").format(
                time=format_datetime(backup.made_at), kind=kind_label(backup.kind)))

    def _restore(self) -> None:
        backup = self.selected()
        if backup is None or not backup.restorable:
            return
        when = format_datetime(backup.made_at)
        text = _("Restore the backup of {time}?\n\nThe data now in use ({current}) will be replaced by the "
                 "backup's ({backup}): whatever was entered after {time} will no longer be in the "
                 "register. The data now in use is backed up first, so this can be undone.").format(
            time=when, current=_counts_sentence(self._current), backup=_counts_sentence(backup.counts))
        if not confirm(self, _("Restore a backup"), text, _("Restore the backup of {time}").format(time=when),
                       _("Don't restore")):
            return
        self.restore_button.setEnabled(False)
        path, db = self.path, self.db
        self._task = BackgroundTask(self, _("Restoring…"),
                                    lambda progress: restore_backup(path, backup.path, db=db, progress=progress),
                                    on_success=self._restored, on_error=self._failed).start()

    def _restored(self, result: RestoreResult) -> None:
        lines = [_("The backup of {time} was restored.").format(time=format_datetime(result.restored.made_at))]
        if result.safety_copy is not None:
            lines.append(_("The data as it was before is kept in {path}.").format(path=result.safety_copy))
        inform(self, _("Restore a backup"), "\n\n".join(lines))
        if self.on_restored is not None:
            self.on_restored(result)
        else:
            self.refresh()

    def _failed(self, error: Exception) -> None:
        show_error(self, error, _("The backup was not restored"))
        self._selected()

    def _choose_copy(self) -> None:
        chosen = ask_for_copy(self)
        if chosen is not None:
            self.restore_copy(*chosen)

    def restore_copy(self, copy: Path, passphrase: str) -> None:
        """Unlock a protected copy into the backups folder, then show it selected in the list,
        with its preview, for the usual Restore."""
        path = self.path

        def opened(backup: Path) -> None:
            self._select_after = backup
            self.refresh()

        self._task = BackgroundTask(self, _("Opening the protected copy…"),
                                    lambda progress: open_copy(copy, passphrase, path, progress),
                                    on_success=opened, on_error=lambda error: show_copy_error(self, error)).start()

    def _copy_diagnostics(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QApplication

        from desktop.services.diagnostics import diagnostic_text

        text = diagnostic_text(self.path, {"Qt": f"{qVersion()} (PySide6 {pyside_version})"})
        QApplication.clipboard().setText(text)
        self.copied.setText(_("Copied: paste it into your message."))

    def _back_up(self) -> None:
        if self.db is not None:
            self._task = start_backup(self, self.db, lambda _path: self._backed_up())

    def _backed_up(self) -> None:
        if self.copy_panel is not None:
            self.copy_panel.show_state()
        self.refresh()


class RestoreDialog(QDialog):
    """The restore window the start opens on a damaged file, instead of the file itself."""

    def __init__(self, path: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore a backup — CLC Ledger"))
        self.result_of_restore: RestoreResult | None = None
        explanation = QLabel(_("{problem}\n\nChoose the newest backup that passed its check, then press "
                               "Restore this backup. The damaged file is kept in the backups folder.").format(problem=problem))
        explanation.setWordWrap(True)
        self.section = BackupsSection(path, None, on_restored=self._restored)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.section, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(1100, 620)
        self.section.refresh()

    def _restored(self, result: RestoreResult) -> None:
        self.result_of_restore = result
        self.accept()
