"""Thống kê tủ sách: the cabinet's figures for a month, a year or any dates, as reports ask for them.

Counting ten years of loans takes about a quarter of a second, so the figures are computed off the
GUI thread (BackgroundTask, no dialog: it is short) and the period picker stays responsive; a
result that arrives for a period no longer chosen is dropped.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import DateError, format_date, format_integer, format_money
from desktop.i18n import _, ngettext
from desktop.services.books.statistics import CabinetStatistics, cabinet_statistics
from desktop.ui.activity_dialog import DateField
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.tasks import BackgroundTask

ERROR_STYLE = "color: #b00020;"
PERIODS = ("this_month", "last_month", "this_year", "last_year", "custom")


def period_dates(key: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """First and last day of a named period; None for custom dates."""
    if key == "this_month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if key == "this_year":
        return dt.date(today.year, 1, 1), today
    if key == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return None


def _figures() -> list[tuple[str, list[tuple[str, str]]]]:
    """The boxes of figures: (box title, [(CabinetStatistics field, caption)])."""
    return [
        (_("Stock"), [
            ("titles_total", _("Titles in stock")),
            ("copies_total", _("Copies in stock")),
            ("titles_new", _("New titles")),
            ("copies_new", _("New copies")),
            ("children_copies", _("Children's copies")),
            ("minority_language_copies", _("Copies in minority languages")),
            ("law_copies", _("Law books (copies)")),
            ("rotated_copies_held", _("Rotated copies held")),
        ]),
        (_("Loans"), [
            ("loans", _("Loans")),
            ("loans_children", _("of children's books")),
            ("loans_rotated", _("of rotated copies")),
            ("reader_visits", _("Reader visits")),
            ("overdue_at_end", _("Overdue at the end")),
        ]),
        (_("Readers"), [
            ("readers_total", _("Registered readers")),
            ("readers_new", _("New readers")),
            ("active_readers", _("Readers who borrowed")),
        ]),
        (_("Losses and weeding"), [
            ("lost_copies", _("Lost copies")),
            ("damaged_copies", _("Damaged copies")),
            ("compensation", _("Compensation")),
            ("weeded_copies", _("Weeded copies")),
        ]),
    ]


class BarDelegate(QStyledItemDelegate):
    """Draws the loans of a subject as a bar behind the number: the shares read at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(value, int) and value > 0 and self.maximum > 0:
            rect = option.rect.adjusted(2, 4, -2, -4)  # type: ignore[attr-defined]
            rect.setWidth(max(2, int(rect.width() * value / self.maximum)))
            painter.fillRect(rect, QColor("#cfe3f5"))
        super().paint(painter, option, index)


class StatisticsTab(Screen):
    """The statistics tab of the book cabinet."""

    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self.statistics: CabinetStatistics | None = None
        self.task: BackgroundTask | None = None
        self._asked: tuple[dt.date, dt.date] | None = None  # the period whose figures are wanted

        title = QLabel(_("Statistics"))
        title.setObjectName("screenTitle")
        self.period = QComboBox()
        self.period.setObjectName("statisticsPeriod")
        for key, label in zip(PERIODS, (_("This month"), _("Last month"), _("This year"),
                                        _("Last year"), _("Other dates")), strict=True):
            self.period.addItem(label, key)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.first = DateField()
        self.first.setObjectName("statisticsFirst")
        self.last = DateField()
        self.last.setObjectName("statisticsLast")
        self.first.returnPressed.connect(self.compute)
        self.last.returnPressed.connect(self.compute)
        self.show_button = QPushButton(_("Show"))
        self.status_label = QLabel()
        self.status_label.setObjectName("statisticsStatus")
        self.status_label.setWordWrap(True)
        period_label = QLabel(_("&Period"))
        period_label.setBuddy(self.period)
        from_label = QLabel(_("&From"))
        from_label.setBuddy(self.first)
        to_label = QLabel(_("&To"))
        to_label.setBuddy(self.last)
        picker = QHBoxLayout()
        picker.addWidget(title)
        picker.addSpacing(16)
        picker.addWidget(period_label)
        picker.addWidget(self.period)
        picker.addWidget(from_label)
        picker.addWidget(self.first)
        picker.addWidget(to_label)
        picker.addWidget(self.last)
        picker.addWidget(self.show_button)
        picker.addStretch(1)

        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        for index, (box_title, rows) in enumerate(_figures()):
            box = QGroupBox(box_title)
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            for field, caption in rows:
                value = QLabel("—")
                value.setObjectName(f"value_{field}")
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                font = value.font()
                font.setBold(True)
                value.setFont(font)
                form.addRow(caption, value)
                self.values[field] = value
            grid.addWidget(box, index // 2, index % 2)

        self.rotations = QListWidget()
        self.rotations.setObjectName("rotationsDue")
        self.rotations.setWordWrap(True)
        rotations_box = QGroupBox(_("Rotated batches due back within 30 days of the period's end"))
        QVBoxLayout(rotations_box).addWidget(self.rotations)

        self.by_class = QTableWidget(0, 3)
        self.by_class.setObjectName("loansByClass")
        self.by_class.setHorizontalHeaderLabels([_("Subject (DDC class)"), _("Loans"), ""])
        self.bars = BarDelegate(self.by_class)
        self.by_class.setItemDelegateForColumn(2, self.bars)
        self.by_class.verticalHeader().setVisible(False)
        self.by_class.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.by_class.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.by_class.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.by_class.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.by_class.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.by_class.horizontalHeader().resizeSection(2, 90)
        class_box = QGroupBox(_("Loans by subject"))
        QVBoxLayout(class_box).addWidget(self.by_class)

        left = QVBoxLayout()
        left.addLayout(grid)
        left.addWidget(rotations_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(class_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.status_label)
        layout.addLayout(columns, 1)

        self.show_action = shortcut_action(self, _("Show the figures for these dates"), "F5", self.compute,
                                           button=self.show_button)
        self.period.setToolTip(_("Choose the period; the figures follow at once."))
        self._period_changed()

    @staticmethod
    def nav_title() -> str:
        return _("Statistics")

    def refresh(self) -> None:
        self.compute()

    def focus_start(self) -> None:
        self.period.setFocus()

    # -- the period ------------------------------------------------------------------------------
    def _period_changed(self) -> None:
        dates = period_dates(str(self.period.currentData()), self.today())
        custom = dates is None
        for field in (self.first, self.last):
            field.setEnabled(custom)
        self.show_button.setEnabled(True)
        if dates is not None:
            self.first.set_date(dates[0])
            self.last.set_date(dates[1])
            if self.isVisible():
                self.compute()
        else:
            self.first.setFocus()
            self.first.selectAll()

    def chosen_period(self) -> tuple[dt.date, dt.date] | None:
        """The dates in the fields; None (and a message) when they cannot be read."""
        try:
            first, last = self.first.date(), self.last.date()
        except DateError as error:
            self._error(error.message)
            return None
        if first is None or last is None:
            self._error(_("Enter the first and the last day of the period."))
            return None
        if last < first:
            self._error(_("The end of the period is before its start."))
            return None
        return first, last

    def _error(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(ERROR_STYLE)

    # -- computing ---------------------------------------------------------------------------------
    def compute(self) -> None:
        period = self.chosen_period()
        if period is None:
            return
        self._asked = period
        if self.task is not None:  # the result of the running count will be dropped
            return
        self._start(period)

    def _start(self, period: tuple[dt.date, dt.date]) -> None:
        first, last = period
        self.status_label.setStyleSheet("")
        self.status_label.setText(_("Counting the figures from {first} to {last}…").format(
            first=format_date(first), last=format_date(last)))
        db = self.db
        self.task = BackgroundTask(self, _("Statistics"),
                                   lambda _progress: cabinet_statistics(db, first, last),
                                   on_success=self._computed, on_error=self._failed,
                                   show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None

    def _computed(self, result: object) -> None:
        assert isinstance(result, CabinetStatistics)
        if self._asked is not None and (result.first, result.last) != self._asked:
            self._start(self._asked)  # the period changed while counting: count again
            return
        self._show(result)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserError):
            self._error(error.message)
        else:
            self._error(_("The figures could not be counted."))
            show_error(self, error)

    def is_busy(self) -> bool:
        return self.task is not None

    def _show(self, stats: CabinetStatistics) -> None:
        self.statistics = stats
        self.status_label.setStyleSheet("")
        self.status_label.setText(_("Figures from {first} to {last}; stock as at {last}.").format(
            first=format_date(stats.first), last=format_date(stats.last)))
        for field, label in self.values.items():
            value = getattr(stats, field)
            label.setText(format_money(value) if field == "compensation" else format_integer(value))
        self.by_class.setRowCount(len(stats.loans_by_class))
        self.bars.maximum = max((item.loans for item in stats.loans_by_class), default=0)
        for row, item in enumerate(stats.loans_by_class):
            name = f"{item.code} {item.name}" if item.code else item.name
            self.by_class.setItem(row, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(format_integer(item.loans))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.by_class.setItem(row, 1, count)
            bar = QTableWidgetItem()
            bar.setData(Qt.ItemDataRole.UserRole, item.loans)
            self.by_class.setItem(row, 2, bar)
        self.rotations.clear()
        for due in stats.rotated_batches_due:
            when = (ngettext("{days} day left", "{days} days left", due.days_left).format(
                days=due.days_left) if due.days_left >= 0 else
                ngettext("{days} day late", "{days} days late", -due.days_left).format(
                    days=-due.days_left))
            text = ngettext(
                "Batch {entry} from {lender}: {count} copy, due back {date} ({when})",
                "Batch {entry} from {lender}: {count} copies, due back {date} ({when})",
                due.copies).format(entry=due.entry_label, lender=due.lender or "—",
                                   count=format_integer(due.copies),
                                   date=format_date(due.return_by), when=when)
            self.rotations.addItem(QListWidgetItem(text))
        if not stats.rotated_batches_due:
            empty = QListWidgetItem(_("No rotated batch is due back."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.rotations.addItem(empty)
