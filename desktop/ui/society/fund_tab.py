"""The study-promotion fund tab: the year's ledger with its running balance, the year's figures,
new receipts and payments, corrections (kept with their history) and the printed statement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QVBoxLayout, QWidget

from desktop.formatting import format_date, format_datetime, format_money
from desktop.i18n import _
from desktop.services.society import fund as fund_service
from desktop.services.society.fund import BalanceWouldGoNegative, FundLine
from desktop.store.database import Database
from desktop.services.society.fund import PAYMENT, RECEIPT
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.messages import confirm, inform, show_error
from desktop.ui.print_preview import PrintJob, file_name, start_print
from desktop.ui.society.fund_dialog import FundEntryDialog
from desktop.ui.widgets.actions import action_button, shortcut_action
from desktop.ui.widgets.record_model import RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import ListView, fit_columns


def _content(line: FundLine) -> str:
    draft = line.draft
    if draft.kind == RECEIPT:
        text = draft.party
        if draft.in_kind:
            text += " — " + _("in kind: {goods}").format(goods=draft.in_kind)
    else:
        text = f"{fund_service.category_label(draft.category)}: {draft.party}"
        if line.advance:
            text += " (" + _("advance") + ")"
    return text + (f"; {draft.purpose}" if draft.purpose else "")


def ledger_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda line: format_date(line.draft.date), lambda line: (line.draft.date, line.id),
               width="00/00/0000"),
        Column(_("Content"), _content),
        Column(_("Decision"), lambda line: line.draft.decision_number, width="00/QĐ-HKH-2026"),
        Column(_("Receipt"), lambda line: format_money(line.draft.amount) if line.draft.kind == RECEIPT else "",
               lambda line: line.draft.amount if line.draft.kind == RECEIPT else 0, RIGHT, "00.000.000 ₫"),
        Column(_("Payment"), lambda line: format_money(line.draft.amount) if line.draft.kind == PAYMENT else "",
               lambda line: line.draft.amount if line.draft.kind == PAYMENT else 0, RIGHT, "00.000.000 ₫"),
        Column(_("Balance"), lambda line: format_money(line.balance_after), lambda line: line.balance_after, RIGHT,
               "000.000.000 ₫"),
        Column(_("Corrected"), lambda line: "✓" if line.corrected else "", width="Corrected"),
    ]


class FundTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.year = 0
        self._today = today
        self.print_job: PrintJob | None = None
        self.model = RecordModel(ledger_columns(), self)
        self.view = ListView()
        self.view.setObjectName("fundLedger")
        self.view.setModel(self.model)
        fit_columns(self.view, self.model)
        self.figures = QLabel()
        self.figures.setObjectName("fundFigures")
        self.figures.setWordWrap(True)
        receipt = shortcut_action(self, _("New receipt…"), "Ctrl+N", lambda: self.new_entry(RECEIPT))
        payment = shortcut_action(self, _("New payment…"), "Ctrl+Shift+N", lambda: self.new_entry(PAYMENT))
        correct = shortcut_action(self, _("Correct…"), "F2", self.correct_current,
                                  tip=_("Correct the chosen entry (Enter); the old one stays in its history"))
        cancel = shortcut_action(self, _("Cancel entry…"), "Ctrl+Delete", self.cancel_current,
                                 tip=_("Cancel an entry made by mistake (kept in its history)"))
        history = shortcut_action(self, _("History…"), "Ctrl+H", self.show_history,
                                  tip=_("What was changed in the chosen entry, and when"))
        statement = shortcut_action(self, _("Print statement…"), "Ctrl+P", self.print_statement,
                                    tip=_("The year's statement of the fund, to print or save as PDF"))
        self.view.open_requested.connect(self.correct_current)
        self.view.delete_requested.connect(self.cancel_current)
        buttons = QHBoxLayout()
        for text, action in ((_("New receipt…"), receipt), (_("New payment…"), payment), (_("Correct…"), correct),
                             (_("Cancel entry…"), cancel), (_("History…"), history),
                             (_("Print statement…"), statement)):
            buttons.addWidget(action_button(text, action))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.figures)
        layout.addWidget(self.view, 1)

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def show_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self, select: str | None = None) -> None:
        db, year = self.db, self.year
        loaded, found = load_on_worker(self, lambda: fund_service.fund_year(db, year),
                                       title=_("Study-promotion fund"))
        if not loaded or found is None:
            return
        self.model.set_rows(found.lines)
        figures = found.figures
        self.figures.setText(_(
            "Brought forward {opening} · receipts {receipts} (in kind {in_kind}) · payments {payments} "
            "· balance {balance}").format(
            opening=format_money(figures.opening), receipts=format_money(figures.receipts),
            in_kind=format_money(figures.receipts_in_kind), payments=format_money(figures.payments),
            balance=format_money(figures.balance)))
        row = self.model.row_of(select) if select else -1
        if row < 0 and self.model.rows:
            row = len(self.model.rows) - 1
        if row >= 0:
            self.view.selectRow(row)

    def focus_start(self) -> None:
        self.view.setFocus()

    def _default_day(self) -> dt.date:
        today = self.today()
        return today if today.year == self.year else dt.date(self.year, 12, 31)

    def new_entry(self, kind: str) -> FundEntryDialog:
        dialog = FundEntryDialog(self.db, kind, self._default_day(), self)
        dialog.accepted.connect(lambda: self.reload(dialog.saved_id))
        dialog.open()
        return dialog

    def current(self) -> FundLine | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def correct_current(self) -> FundEntryDialog | None:
        line = self.current()
        if line is None:
            return None
        dialog = FundEntryDialog(self.db, line.draft.kind, line.draft.date, self, correcting=line.id, draft=line.draft)
        dialog.accepted.connect(lambda: self.reload(dialog.saved_id))
        dialog.open()
        return dialog

    def cancel_current(self) -> None:
        line = self.current()
        if line is None:
            return
        reason, ok = QInputDialog.getText(self, _("Cancel entry"), _(
            "Why is this entry cancelled? It stays in the ledger's history."))
        if not ok:
            return
        db = self.db
        try:
            call_on_worker(self, lambda: fund_service.cancel_entry(db, line.id, reason))
        except BalanceWouldGoNegative as short:
            if confirm(self, _("The fund would be short"), short.message, _("Cancel it all the same"),
                       _("Keep the entry")):
                save_on_worker(self, lambda: fund_service.cancel_entry(db, line.id, reason, as_advance=True),
                               title=_("Cancel entry"))
        except Exception as error:  # noqa: BLE001 - refused, or the file could not take it: said
            show_error(self, error, _("Cancel entry"))
            return
        self.reload()

    def history_text(self, entry_id: str) -> str:
        lines: list[str] = []
        db = self.db
        loaded, history = load_on_worker(self, lambda: fund_service.entry_history(db, entry_id),
                                         title=_("History of the entry"), what="history")
        for number, revision in enumerate(history or [] if loaded else []):
            when = format_datetime(revision.recorded_at)
            if number == 0:
                lines.append(_("{when}: recorded, {amount} on {date}").format(
                    when=when, amount=format_money(revision.draft.amount), date=format_date(revision.draft.date)))
                continue
            what = _("cancelled") if revision.cancelled else "; ".join(
                f"{label}: {before} → {after}" for label, before, after in revision.changes)
            lines.append(_("{when}: {what} (why: {reason})").format(when=when, what=what, reason=revision.reason))
        return "\n".join(lines)

    def show_history(self) -> None:
        line = self.current()
        if line is not None:
            inform(self, _("History of the entry"), self.history_text(line.id))

    def print_statement(self) -> PrintJob | None:
        if self.print_job is not None:
            return None
        db, year = self.db, self.year
        title = _("Statement of the study-promotion fund")

        def render(out: Path, **options: object) -> int:
            return fund_service.print_fund_statement(db, year, out, **options)  # type: ignore[arg-type]

        self.print_job = start_print(self, title, render, suggested_name=file_name(title, year))
        self.print_job.finished.connect(self._print_finished)
        return self.print_job

    def _print_finished(self) -> None:
        self.print_job = None
