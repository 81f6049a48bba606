"""The report part of the stocktaking tab: a count's findings (read off the window's thread),
past counts, and a shelf's list to count by hand."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QTreeWidgetItem

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.common import CopyInfo
from desktop.services.books.shelves import shelf_list
from desktop.services.books.stocktaking import (
    StocktakeReport,
    list_stocktakes,
    stocktake_report,
)
from desktop.ui.books.shelf_list_dialog import ShelfListDialog
from desktop.ui.database_call import call_on_worker, load_on_worker
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask


class StocktakeReportPart:
    """The report pages of StocktakingTab (its db, widgets and state are the tab's)."""

    def _fill_past(self) -> None:
        db = self.db
        loaded, counts = load_on_worker(self, lambda: list_stocktakes(db), what="stocktakes")
        if not loaded or counts is None:
            return
        self.past_list.clear()
        for count in counts:
            if count.is_open:
                text = ngettext("Started {date}, still open: {count} code scanned",
                                "Started {date}, still open: {count} codes scanned",
                                count.scanned).format(date=format_date(count.started_on),
                                                      count=format_integer(count.scanned))
            else:
                text = _("{first} – {last}: {found} of {expected} found, {missing} missing, "
                         "{misplaced} misplaced, {unknown} unknown codes").format(
                    first=format_date(count.started_on), last=format_date(count.closed_on),
                    found=format_integer(count.found), expected=format_integer(count.expected),
                    missing=format_integer(count.missing),
                    misplaced=format_integer(count.misplaced),
                    unknown=format_integer(count.unknown))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, count.id)
            self.past_list.addItem(item)
        if not counts:
            item = QListWidgetItem(_("No stocktaking has been made yet."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.past_list.addItem(item)

    # -- the report --------------------------------------------------------------------------------
    def _page_changed(self, index: int) -> None:
        if index == 1 and self.report is None:
            self.show_report()

    def _load_report(self, stocktake_id: str, then: Callable[[StocktakeReport], None]) -> None:
        """The report over the whole stock takes a few hundred milliseconds on years of data:
        it is built off the GUI thread, and `then` shows it."""
        if self.report_task is not None:
            return
        self.report_summary.setText(_("Counting the copies…"))
        task = BackgroundTask(self, _("Stocktaking report"),
                              lambda _progress: stocktake_report(self.db, stocktake_id),
                              on_success=then, on_error=lambda error: show_error(self, error),
                              show_dialog=False)
        task.finished.connect(self._report_done)
        self.report_task = task.start()

    def _report_done(self) -> None:
        self.report_task = None

    def show_report(self) -> None:
        """Build the report of the open count, or of the newest closed one."""
        target = self.stocktake
        if target is None:
            db = self.db
            _loaded, counts = load_on_worker(self, lambda: list_stocktakes(db), what="stocktakes")
            target = counts[0] if counts else None
        if target is None:
            self.report = None
            self.report_tree.clear()
            self.report_summary.setText(_("No stocktaking yet: the report appears here."))
            return
        self._load_report(target.id, self._show_report)

    def _past_activated(self, item: QListWidgetItem) -> None:
        stocktake_id = item.data(Qt.ItemDataRole.UserRole)
        if not stocktake_id:
            return
        db = self.db  # a closed count reads its kept result: quick, so waited for here
        loaded, report = load_on_worker(self, lambda: stocktake_report(db, str(stocktake_id)),
                                        what="report")
        if not loaded or report is None:
            return
        self._show_report(report)
        self.pages.setCurrentIndex(1)
        self.report_tree.setFocus()

    def _show_report(self, report: StocktakeReport) -> None:
        self.report = report
        info = report.stocktake
        when = (_("Stocktaking of {first} – {last} (closed)").format(
            first=format_date(info.started_on), last=format_date(info.closed_on))
            if info.closed_on else _("Stocktaking started on {date} (open; figures so far)").format(
            date=format_date(info.started_on)))
        self.report_summary.setText(_("{when}: {found} of {expected} copies found.").format(
            when=when, found=format_integer(report.found), expected=format_integer(report.expected)))
        tree = self.report_tree
        tree.clear()
        groups: list[tuple[str, str, list[tuple[str, str, str]]]] = [
            ("missing", _("Missing") if info.closed_on else _("Not scanned yet"),
             [(c.code, c.title, c.shelf) for c in report.missing]),
            ("proposed_lost", _("Missing in this count and the previous one: proposed as lost"),
             [(c.code, c.title, c.shelf) for c in report.proposed_lost]),
            ("on_loan", _("On loan"), [(c.code, c.title, c.shelf) for c in report.on_loan]),
            ("misplaced", _("Misplaced"),
             [(m.copy.code, m.copy.title,
               _("on {found}, belongs on {recorded}").format(found=m.found_shelf,
                                                               recorded=m.recorded_shelf))
              for m in report.misplaced]),
            ("unknown", _("Unknown codes"), [(code, _("no copy in the registers has this code"), "")
                                             for code in report.unknown_codes]),
            ("found_lost", _("Found, but the register says lost"),
             [(c.code, c.title, c.shelf) for c in report.found_lost]),
            ("found_on_loan", _("Found, but the register says on loan"),
             [(c.code, c.title, c.shelf) for c in report.found_on_loan]),
            ("withdrawn", _("Found, but weeded or sent back"),
             [(c.code, c.title, c.shelf) for c in report.withdrawn_found]),
        ]
        for key, label, lines in groups:
            if not lines and key not in ("missing", "misplaced", "unknown"):
                continue
            group = QTreeWidgetItem([f"{label} ({format_integer(len(lines))})"])
            group.setData(0, Qt.ItemDataRole.UserRole, key)
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for code, title, shelf in lines:
                group.addChild(QTreeWidgetItem([code, title, shelf]))
            group.setExpanded(len(lines) <= 50)
        tree.resizeColumnToContents(0)
        tree.resizeColumnToContents(2)

    def report_codes(self, key: str) -> list[str]:
        """The codes listed under one group of the report shown ("missing", "misplaced", …)."""
        for index in range(self.report_tree.topLevelItemCount()):
            group = self.report_tree.topLevelItem(index)
            if group.data(0, Qt.ItemDataRole.UserRole) == key:
                return [group.child(row).text(0) for row in range(group.childCount())]
        return []

    # -- counting by hand ------------------------------------------------------------------------
    def shelf_copies(self, shelf: str | None = None) -> list[CopyInfo]:
        """The copies in stock on the shelf (the current one by default; all if none), in the
        order they stand: what the printed shelf list shows."""
        chosen, db = self.current_shelf() if shelf is None else shelf, self.db
        return call_on_worker(self, lambda: shelf_list(db, chosen or None))

    def open_shelf_list(self) -> None:
        """Hook for the printed shelf list; until the print module connects, shows it on screen."""
        shelf, db = self.current_shelf(), self.db
        loaded, copies = load_on_worker(self, lambda: shelf_list(db, shelf or None), what="shelf list")
        if not loaded or copies is None:
            return
        if self.print_shelf_list is not None:
            self.print_shelf_list(shelf, copies)
            return
        ShelfListDialog(shelf, copies, self).exec()
