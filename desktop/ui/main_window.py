"""The main window: a left-hand navigation and one screen at a time."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop.formatting import format_datetime
from desktop.i18n import _
from desktop.services.centre import get_centre
from desktop.services.data_file import newest_backup_time
from desktop.store.database import Database
from desktop.ui.after_paint import call_after_paint
from desktop.ui.database_call import load_on_worker
from desktop.ui.screens.base import Screen

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QShowEvent


PREFERRED_SIZE = QSize(1366, 768)
MINIMUM_SIZE = QSize(1000, 640)
# The title bar and borders that Windows adds around the window's inside (about 31 px of title
# and 8 px of border at 100%); QScreen's available area already leaves out the taskbar.
FRAME_ALLOWANCE = QSize(16, 40)
log = logging.getLogger(__name__)
FIRST_SCREEN_FALLBACK_MS = 100
WARM_UP_DELAY_MS = 1500  # after the overview has shown its figures
WARM_UP_STEP_MS = 200


class Navigator:
    """What screens may ask of the window (instead of reaching a global window object)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def show_attendance(self, activity_id: str, year: int, month: int) -> None:
        screen = self._window.show_screen("attendance")
        screen.open_grid(activity_id, year, month)  # type: ignore[attr-defined]

    def show_activity(self, activity_id: str) -> None:
        screen = self._window.show_screen("activities")
        screen.select_activity(activity_id)  # type: ignore[attr-defined]

    def show_books(self, tab: str) -> object:
        screen = self._window.show_screen("books")
        if tab not in screen.keys:  # type: ignore[attr-defined]
            return screen
        return screen.show_tab(tab)  # type: ignore[attr-defined]

    def shortcut_for(self, key: str) -> str:
        """The keys that open a screen: "Ctrl+6"."""
        return f"Ctrl+{self._window.keys.index(key) + 1}"

    def show_sync(self) -> object:
        return self._window.show_screen("sync")

    def show(self, key: str) -> object:
        """Any screen by its key ("learners", "settings", …)."""
        return self._window.show_screen(key)

    def show_message(self, text: str) -> None:
        """A short confirmation in the status bar (no box to close)."""
        self._window.statusBar().showMessage(text, 10000)

    def language_changed(self) -> None:
        QTimer.singleShot(0, self._window.rebuild)

    def data_restored(self) -> None:
        """A backup replaced the data: every screen is made again, Settings → Backups shown."""
        def rebuild() -> None:
            self._window.rebuild()
            screen = self._window.show_screen("settings")
            getattr(screen, "show_backups_tab", lambda: None)()

        QTimer.singleShot(0, rebuild)

    def status_changed(self) -> None:
        """The centre's details or its backups changed: the title and status bar follow."""
        self._window.update_status()


def initial_geometry(available: QRect, frame: QSize = FRAME_ALLOWANCE) -> QRect | None:
    """The window's inside on first opening, centred in the screen's free area (without the
    taskbar); None when the preferred size with its title bar would not fit: open maximised."""
    if (PREFERRED_SIZE.width() + frame.width() > available.width()
            or PREFERRED_SIZE.height() + frame.height() > available.height()):
        return None
    rect = QRect(QPoint(0, 0), PREFERRED_SIZE)
    rect.moveCenter(available.center())
    return rect


def minimum_size(available: QRect, frame: QSize = FRAME_ALLOWANCE) -> QSize:
    """Never larger than the free area: at 125% a 1366×768 laptop has 1093×583 points free."""
    return MINIMUM_SIZE.boundedTo(available.size() - frame)


NAVIGATION_MOST = 300  # pixels: a quarter of the smallest window (1093 points free at 125%)


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.navigator = Navigator(self)
        self._opening = False
        self.screens: dict[str, Screen] = {}
        self.place_on_screen()
        self._nav = QListWidget()
        self._nav.setObjectName("navigation")
        self._nav.setFixedWidth(230)
        self._nav.setSpacing(2)
        self._stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._nav)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self._status_database = QLabel()
        self._status_backup = QLabel()
        self._status_sync = QLabel()
        self._status_sync.setObjectName("syncStatus")
        self._status_sync.setVisible(False)  # until the window has painted: see _show_sync_status
        self._sync_status_shown = False
        self.statusBar().addWidget(self._status_database, 1)
        self.statusBar().addPermanentWidget(self._status_sync)
        self.statusBar().addPermanentWidget(self._status_backup)
        self.about_button = QPushButton()  # the version, the data folder, the licences
        self.about_button.setObjectName("aboutButton")
        self.about_button.setFlat(True)
        self.about_button.clicked.connect(self.show_about)
        self.statusBar().addPermanentWidget(self.about_button)
        self._nav.currentRowChanged.connect(self._nav_changed)
        self._shortcut_actions: list[QAction] = []
        self.rebuild()

    def place_on_screen(self) -> None:
        """Fit the screen's free area: the status bar must never sit under the taskbar."""
        available = self.screen().availableGeometry()
        self.setMinimumSize(minimum_size(available))
        geometry = initial_geometry(available)
        if geometry is None:
            self.resize(available.size() - FRAME_ALLOWANCE)  # the size it returns to from maximised
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.setGeometry(geometry)

    @staticmethod
    def _screen_entries() -> list[tuple[str, str, str]]:
        """(key, module, class) of each screen; modules are imported when first shown."""
        return [("dashboard", "desktop.ui.screens.dashboard", "DashboardScreen"),
                ("learners", "desktop.ui.screens.learners", "LearnersScreen"),
                ("activities", "desktop.ui.screens.activities", "ActivitiesScreen"),
                ("attendance", "desktop.ui.screens.attendance", "AttendanceScreen"),
                ("books", "desktop.ui.books.screen", "BooksScreen"),
                ("reports", "desktop.ui.screens.reports", "ReportsScreen"),
                ("sync", "desktop.ui.sync.send_screen", "SendScreen"),
                ("society", "desktop.ui.society.screen", "SocietyScreen"),
                ("settings", "desktop.ui.screens.settings", "SettingsScreen")]

    @staticmethod
    def nav_titles() -> dict[str, str]:
        return {"dashboard": _("Overview"), "learners": _("Learners"),
                "activities": _("Classes & talks"), "attendance": _("Attendance"),
                "books": _("Book cabinet"), "reports": _("Reports"), "sync": _("Send / receive data"),
                "society": _("Learning society"),
                "settings": _("Settings")}

    def rebuild(self) -> None:
        """Build (or, after a language switch, rebuild) the navigation; all work is already saved.

        Screens are made when first shown, so start-up pays only for the first one.
        """
        current = self._nav.currentRow()
        self._nav.blockSignals(True)
        self._nav.clear()
        while self._stack.count():
            widget = self._stack.widget(0)
            self._stack.removeWidget(widget)
            widget.deleteLater()
        self.screens.clear()
        self._entries = {key: (module, name) for key, module, name in self._screen_entries()}
        self.keys = list(self._entries)
        self.about_button.setText(_("About"))
        self.about_button.setToolTip(_("About CLC Ledger: version, data folder, licences (F1)"))
        titles = self.nav_titles()
        for key in self.keys:
            item = QListWidgetItem(titles[key])
            item.setSizeHint(QSize(200, 40))
            self._nav.addItem(item)
        self._fit_navigation(titles.values())
        self._nav.setCurrentRow(max(current, 0))
        self._nav.blockSignals(False)
        if self.isVisible():
            self._nav_changed(self._nav.currentRow())
            self._add_shortcuts()
        # else: the first screen and the shortcuts come just after the window first paints:
        # Qt makes its key enumerations (tens of ms) at the first shortcut
        self.update_status()

    def _fit_navigation(self, titles) -> None:  # type: ignore[no-untyped-def]
        """Wide enough for the longest entry in this language (230 px fits Vietnamese), never
        more than a quarter of the window's least width."""
        self._nav.ensurePolished()
        metrics = self._nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(title) for title in titles), default=0)
        self._nav.setFixedWidth(min(max(230, widest + 40), NAVIGATION_MOST))

    def _add_shortcuts(self) -> None:
        """Ctrl+1, Ctrl+2 … move between the screens; each entry's tooltip names its key."""
        from PySide6.QtGui import QAction, QKeySequence  # after the first paint, see rebuild

        self.about_button.setShortcut(QKeySequence(Qt.Key.Key_F1))
        for row in range(self._nav.count()):
            shortcut = QKeySequence(f"Ctrl+{row + 1}")
            item = self._nav.item(row)
            item.setToolTip(f"{item.text()} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
            if len(self._shortcut_actions) <= row:
                action = QAction(self)
                action.setShortcut(shortcut)
                action.triggered.connect(lambda _checked=False, index=row: self._nav.setCurrentRow(index))
                self.addAction(action)
                self._shortcut_actions.append(action)

    def _screen(self, key: str) -> Screen:
        screen = self.screens.get(key)
        if screen is None:
            module, name = self._entries[key]
            screen_class = getattr(importlib.import_module(module), name)
            screen = screen_class(self.db, navigator=self.navigator)
            self.screens[key] = screen
            self._stack.addWidget(screen)
        return screen

    def show_screen(self, key: str) -> Screen:
        row = self.keys.index(key)
        if self._nav.currentRow() != row:
            self._nav.setCurrentRow(row)  # shows it through _nav_changed
        elif self.screens.get(key) is None or self._stack.currentWidget() is not self.screens[key]:
            self._nav_changed(row)  # the first screen, before the window has shown
        return self._screen(key)

    def current_screen(self) -> Screen:
        return self._stack.currentWidget()  # type: ignore[return-value]

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        screen = self._screen(self.keys[row])
        self._stack.setCurrentWidget(screen)
        screen.bring_up_to_date()
        screen.focus_start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The window paints at once; its first screen (its queries, its modules) follows."""
        super().showEvent(event)
        if self._stack.count() == 0 or not self._shortcut_actions:
            # (a timer set here would fire before the first paint)
            self._opening = False
            call_after_paint(self, self._open_first_screen, FIRST_SCREEN_FALLBACK_MS)

    def _open_first_screen(self) -> None:
        """After the first paint, in short steps with the event loop free between them (a key
        or a click is never kept waiting for all of them): the shortcuts, the first screen's
        modules, its widgets, then its figures."""
        if self._opening:
            return
        self._opening = True
        steps: list[Callable[[], object]] = []
        if not self._shortcut_actions:
            steps.append(self._add_shortcuts)
        if self._stack.count() == 0:
            key = self.keys[self._nav.currentRow()]
            steps += [lambda: importlib.import_module(self._entries[key][0]),
                      lambda: self._place_first_screen(key),
                      lambda: self._fill_first_screen(key)]
        steps.append(self._show_sync_status)
        self._run_steps(steps)

    def _run_steps(self, steps: list[Callable[[], object]]) -> None:
        if steps:
            steps[0]()
            QTimer.singleShot(0, self, lambda: self._run_steps(steps[1:]))  # dropped if closed

    def _is_chosen(self, key: str) -> bool:
        return self.keys[self._nav.currentRow()] == key

    def _place_first_screen(self, key: str) -> None:
        if self._is_chosen(key) and self._stack.count() == 0:  # (the user may have moved on)
            self._stack.setCurrentWidget(self._screen(key))

    def _fill_first_screen(self, key: str) -> None:
        screen = self.screens.get(key)
        if screen is not None and self._is_chosen(key) and self._stack.currentWidget() is screen:
            screen.bring_up_to_date()
            screen.focus_start()
        QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        """Make the other screens ahead, then load their records, one step at a time while the
        user reads the overview, so that a first visit is as quick as any later one."""
        if not self.isVisible():
            return
        for key in self.keys:
            screen = self.screens.get(key)
            if screen is None:
                self._screen(key)
            elif not screen.has_loaded():
                screen.bring_up_to_date()
            else:
                continue
            QTimer.singleShot(WARM_UP_STEP_MS, self._warm_up)
            return

    def show_about(self) -> None:
        from desktop.ui.about_dialog import AboutDialog

        AboutDialog(self.db.path, self).exec()

    def update_status(self) -> None:
        db = self.db
        loaded, centre = load_on_worker(self, lambda: get_centre(db), what="centre")
        title = _("CLC Ledger")
        if loaded:
            self.setWindowTitle(f"{centre.name} — {title}" if centre else title)
        self._status_database.setText(_("Database: {path}").format(path=self.db.path))
        backup_time = newest_backup_time(self.db.path)
        self._status_backup.setText(
            _("Last backup: {time}").format(time=format_datetime(backup_time)) if backup_time
            else _("No backup yet"))
        if self._sync_status_shown:
            self._show_sync_status()

    def _show_sync_status(self) -> None:
        """Whether the office has acknowledged the last package. Read off the GUI thread once
        the window has painted: it maps the sync tables, which the first paint need not wait for."""
        if not self.isVisible():  # closed before its turn came
            return
        from desktop.ui.tasks import BackgroundTask

        def work(_progress: object) -> str:
            from desktop.ui.sync.status_text import sync_status_text

            return sync_status_text(db)

        def show(text: object) -> None:
            self._status_sync.setText(str(text))
            self._status_sync.setVisible(bool(text))

        db = self.db
        self._sync_status_shown = True
        self._sync_status_task = BackgroundTask(self, _("Office"), work, on_success=show, show_dialog=False).start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Every change is saved as it is made; closing backs up whatever changed since the
        newest backup (as Settings say)."""
        from desktop.services.backups import changed_since_last_backup
        from desktop.ui.backup_actions import back_up_before_closing

        if changed_since_last_backup(self.db.path):
            back_up_before_closing(self, self.db)  # a failure is shown; the window still closes
        event.accept()
