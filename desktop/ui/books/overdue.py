"""Sách quá hạn: overdue books by village (for the village head or the loudspeaker), with a
ready-to-copy reminder for each reader (SMS or Zalo)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.books.loan_lists import (
    OverdueReader,
    VillageOverdue,
    overdue_by_village,
    reminder_text,
)
from desktop.services.centre import get_centre
from desktop.store.database import Database
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.books.loan_table import OVERDUE_TEXT
from desktop.ui.database_call import load_on_worker
from desktop.ui.screens.base import Screen

READER_ROLE = Qt.ItemDataRole.UserRole + 1


class OverdueTab(Screen):
    """The overdue list; `overdue_data()` is what is shown (for the printed slips)."""

    print_requested = Signal()  # wired by the window to print the slips of `overdue_data()`

    READER, CARD, CODE, TITLE, DUE, DAYS = range(6)

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self._groups: list[VillageOverdue] = []
        self._centre_name = ""

        self.count_label = QLabel()
        self.count_label.setObjectName("overdueCount")
        count_font = self.count_label.font()
        count_font.setBold(True)
        self.count_label.setFont(count_font)

        self.tree = QTreeWidget()
        self.tree.setObjectName("overdueTree")
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels([_("Reader"), _("Card"), _("Accession no."), _("Title"),
                                   _("Due"), _("Overdue (days)")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { min-height: %dpx; }" % (self.fontMetrics().height() + 8))
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(False)
        metrics = self.tree.fontMetrics()
        for column, sample in ((self.READER, "Nguyễn Thị Thanh Hà"), (self.CARD, "BD00000"),
                               (self.CODE, "VV.000000"), (self.DUE, "00/00/0000"),
                               (self.DAYS, "000")):
            title = self.tree.headerItem().text(column)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 28,
                                             header.fontMetrics().horizontalAdvance(title) + 24))
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda *_args: self._show_reminder())

        self.empty = QLabel(_("No book is overdue. Well done!"))
        self.empty.setObjectName("overdueEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        # -- the reminder -------------------------------------------------------------------------
        self.reminder_caption = QLabel(_("Reminder to send (SMS or Zalo)"))
        self.reminder_caption.setFont(count_font)
        self.reminder_caption.setWordWrap(True)
        self.reminder = QPlainTextEdit()
        self.reminder.setObjectName("reminderText")
        self.reminder.setToolTip(_("You may change the text before copying it."))
        self.copy_action = QAction(_("Copy"), self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(lambda _checked=False: self.copy_reminder())
        self.addAction(self.copy_action)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName("copyReminder")
        self.copy_button.setToolTip(with_shortcut(_("Copy the reminder, to paste into a message"),
                                                  "Ctrl+Shift+C"))
        self.copy_button.clicked.connect(self.copy_reminder)
        self.copied_label = QLabel()
        self.copied_label.setStyleSheet("color: #2e7d32;")
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copied_label, 1)
        copy_row.addWidget(self.copy_button)
        reminder_box = QWidget()
        reminder_layout = QVBoxLayout(reminder_box)
        reminder_layout.setContentsMargins(0, 0, 0, 0)
        reminder_layout.addWidget(self.reminder_caption)
        reminder_layout.addWidget(self.reminder, 1)
        reminder_layout.addLayout(copy_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(reminder_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 330])

        hint = QLabel(_("↑ ↓ choose a reader; their reminder appears on the right."))
        hint.setStyleSheet("color: palette(dark);")
        hint.setWordWrap(True)
        self.print_button = QPushButton(_("Print slips…"))
        self.print_button.setObjectName("printSlips")
        self.print_button.setToolTip(with_shortcut(
            _("Print a reminder slip for each reader, grouped by village"), "Ctrl+P"))
        self.print_button.clicked.connect(self.print_requested.emit)
        print_action = QAction(self)
        print_action.setShortcut(QKeySequence("Ctrl+P"))
        print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_action.triggered.connect(lambda _checked=False: self.print_requested.emit())
        self.addAction(print_action)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(hint, 1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Overdue")

    # -- loading ------------------------------------------------------------------------------
    def overdue_data(self) -> list[VillageOverdue]:
        """The overdue list as shown: villages, their readers and copies (plain data)."""
        return list(self._groups)

    def refresh(self) -> None:
        db, today = self.db, self.today()
        loaded, found = load_on_worker(self, lambda: (overdue_by_village(db, today), get_centre(db)))
        if not loaded or found is None:
            return
        self._groups, centre = found
        self._centre_name = centre.name if centre else ""
        current = self.current_reader()
        self._fill(current.reader.id if current else None)

    def _fill(self, keep_reader_id: str | None) -> None:
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        red = QBrush(OVERDUE_TEXT)
        first_reader: QTreeWidgetItem | None = None
        keep: QTreeWidgetItem | None = None
        readers = 0
        for group_number, group in enumerate(self._groups):
            village = QTreeWidgetItem([ngettext("{village}: {count} book", "{village}: {count} books",
                                                group.loans).format(village=group.village,
                                                                    count=group.loans)])
            village.setFirstColumnSpanned(True)
            village.setFont(0, bold)
            village.setFlags(Qt.ItemFlag.ItemIsEnabled)
            village.setData(0, READER_ROLE, (group_number, 0))  # its first reader's reminder
            self.tree.addTopLevelItem(village)
            village.setFirstColumnSpanned(True)
            for index, overdue in enumerate(group.readers):
                readers += 1
                for number, loan in enumerate(overdue.loans):
                    item = QTreeWidgetItem([
                        overdue.reader.full_name if number == 0 else "",
                        overdue.reader.card_code if number == 0 else "",
                        loan.copy_code, loan.title, format_date(loan.due_on),
                        str(loan.days_overdue)])
                    item.setData(0, READER_ROLE, (group_number, index))
                    item.setToolTip(0, overdue.reader.label())
                    item.setToolTip(self.TITLE, loan.title)
                    for column in (self.CODE, self.DUE, self.DAYS):
                        item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    item.setForeground(self.DAYS, red)
                    item.setFont(self.DAYS, bold)
                    village.addChild(item)
                    if first_reader is None:
                        first_reader = item
                    if keep is None and overdue.reader.id == keep_reader_id:
                        keep = item
        self.tree.expandAll()
        books = sum(group.loans for group in self._groups)
        if books:
            self.count_label.setText(
                ngettext("{count} book overdue", "{count} books overdue", books).format(count=books)
                + " · " + ngettext("{count} reader", "{count} readers", readers).format(count=readers)
                + " · " + ngettext("{count} village", "{count} villages",
                                   len(self._groups)).format(count=len(self._groups)))
            self.stack.setCurrentWidget(self.tree)
        else:
            self.count_label.setText(_("No book overdue"))
            self.stack.setCurrentWidget(self.empty)
        target = keep or first_reader
        if target is not None:
            self.tree.setCurrentItem(target)
        self._show_reminder()

    def focus_start(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the reminder -------------------------------------------------------------------------
    def current_reader(self) -> OverdueReader | None:
        item = self.tree.currentItem()
        position = item.data(0, READER_ROLE) if item is not None else None
        if not position:
            return None
        group, index = position
        if group >= len(self._groups) or index >= len(self._groups[group].readers):
            return None
        return self._groups[group].readers[index]

    def _show_reminder(self) -> None:
        overdue = self.current_reader()
        self.copied_label.clear()
        if overdue is None:
            self.reminder_caption.setText(_("Reminder to send (SMS or Zalo)"))
            self.reminder.setPlainText("")
            self.copy_button.setEnabled(False)
            self.copy_action.setEnabled(False)
            return
        self.reminder_caption.setText(_("Reminder for {name}").format(name=overdue.reader.full_name))
        self.reminder.setPlainText(reminder_text(overdue, centre_name=self._centre_name,
                                                 today=self.today()))
        self.copy_button.setEnabled(True)
        self.copy_action.setEnabled(True)

    def copy_reminder(self) -> None:
        text = self.reminder.toPlainText()
        if not text:
            return
        QApplication.clipboard().setText(text)
        self.copied_label.setText(_("Copied. Paste it into an SMS or a Zalo message."))
