"""The list of a shelf's copies, printed to count by hand."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.common import CopyInfo
from desktop.services.books.shelves import shelves


class ShelfListDialog(QDialog):
    """The copies a shelf should hold, to count by hand; printing it is added by the print module."""

    def __init__(self, shelf: str, copies: list[CopyInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Shelf list: {shelf}").format(shelf=shelf or _("all shelves")))
        self.table = QTableWidget(len(copies), 4)
        self.table.setHorizontalHeaderLabels([_("Acc. no."), _("Title"), _("Call number"),
                                              _("On loan")])
        for row, copy in enumerate(copies):
            for column, value in enumerate((copy.code, copy.title, copy.call_number,
                                            _("yes") if copy.on_loan else "")):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ngettext("{count} copy", "{count} copies", len(copies)).format(
            count=format_integer(len(copies)))))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 520)
