"""The import preview's note on villages the centre does not know yet, with the choice to add
them with the import (ticked by default: a new centre's list names its villages)."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.importing.new_villages import NewVillage

BOX_STYLE = "#newVillages { background: #eef5ff; border: 1px solid #9fbfe6; }"


class NewVillagesBox(QFrame):
    """Lists the new villages (and the spelling kept for each); says whether they are added."""

    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newVillages")
        self.setStyleSheet(BOX_STYLE)
        self.text = QLabel()
        self.text.setObjectName("newVillagesText")
        self.text.setWordWrap(True)
        self.add = QCheckBox(_("Add these villages to the centre's list with the import"))
        self.add.setObjectName("addVillages")
        self.add.setChecked(True)
        self.add.setToolTip(_("Untick to refuse the rows of villages that are not in the list"))
        self.add.toggled.connect(self.toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text)
        layout.addWidget(self.add)
        self.hide()

    def show_villages(self, villages: list[NewVillage]) -> None:
        if not villages:
            self.hide()
            return
        names = ", ".join(html.escape(village.name) for village in villages)
        lines = [ngettext("<b>{count} village is not in the centre's list yet:</b> {names}.",
                          "<b>{count} villages are not in the centre's list yet:</b> {names}.",
                          len(villages)).format(count=format_integer(len(villages)), names=names)]
        for village in villages:
            if village.other_spellings:
                lines.append(_("“{name}” is kept; also written {others} in the list.").format(
                    name=html.escape(village.name),
                    others=", ".join(f"“{html.escape(s)}”" for s in village.other_spellings)))
        self.text.setText("<br>".join(lines))
        self.show()
