"""Closing a stocktaking: the copies not found, and what becomes of them."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.stocktaking import StocktakeReport, scans


class CloseStocktakeDialog(QDialog):
    """Asks before closing a count, says what the result is, and offers the follow-ups."""

    def __init__(self, report: StocktakeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the stocktaking"))
        info = report.stocktake
        text = QLabel(_(
            "Close the stocktaking started on {date}? Of {expected} copies expected, {found} were "
            "found and {missing} are missing; {on_loan} are on loan. The result is kept and can be "
            "viewed under “Past counts”; no more scans can be added to this count.").format(
            date=format_date(info.started_on), expected=format_integer(report.expected),
            found=format_integer(report.found), missing=format_integer(len(report.missing)),
            on_loan=format_integer(len(report.on_loan))))
        text.setWordWrap(True)
        self.mark_lost = QCheckBox(ngettext(
            "Record the {count} copy missing in this count and the previous one as lost",
            "Record the {count} copies missing in this count and the previous one as lost",
            len(report.proposed_lost)).format(count=format_integer(len(report.proposed_lost))))
        self.mark_lost.setVisible(bool(report.proposed_lost))
        self.restore_found = QCheckBox(ngettext(
            "Put the {count} copy recorded as lost but found back in stock",
            "Put the {count} copies recorded as lost but found back in stock",
            len(report.found_lost)).format(count=format_integer(len(report.found_lost))))
        self.restore_found.setVisible(bool(report.found_lost))
        self.restore_found.setChecked(True)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(_("Close the count"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Keep counting"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.mark_lost)
        layout.addWidget(self.restore_found)
        layout.addWidget(buttons)
        self.close_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # Enter does not close a count by accident
        self.setMinimumWidth(520)

    @staticmethod
    def wants(option: QCheckBox) -> bool:
        """True if the option was offered (shown) and ticked."""
        return not option.isHidden() and option.isChecked()
