"""Words and colours every book tab shows: where a copy is, audiences, languages, money, feedback."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from desktop.formatting import format_money
from desktop.i18n import _, pick
from desktop.services.books.catalogue import CopyInfo, language_by_key


OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020;"
OVERDUE_COLOUR = QColor("#fbe3e4")
SOON_COLOUR = QColor("#fff3c4")
MUTED_COLOUR = QColor("#6b6b6b")


def copy_status_label(copy: CopyInfo) -> str:
    """Where a copy is, in words: on the shelf, on loan, lost, weeded, expected, sent back."""
    if copy.status == "active":
        text = _("On loan") if copy.on_loan else _("On the shelf")
    else:
        text = {"lost": _("Lost"), "weeded": _("Weeded"), "expected": _("Not yet received"),
                "sent_back": _("Returned to the lender")}.get(copy.status, copy.status)
    return _("{status}, damaged").format(status=text) if copy.damaged else text


def audience_label(audience: str) -> str:
    return {"adult": _("Adults"), "children": _("Children")}.get(audience, audience)


def language_label(key: str) -> str:
    language = language_by_key(key)
    return pick(language.name_vi, language.name_en) if language else key


def money_text(amount: int | None) -> str:
    return format_money(amount) if amount is not None else ""


def feedback(label: QLabel, text: str, ok: bool = True) -> None:
    """Show the result of the last scan or action on a line under the tools."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)
