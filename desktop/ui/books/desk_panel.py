"""The loan desk's scan box and the panel above the loans that says who stands at the desk."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.books.common import ReaderInfo
from desktop.services.books.loans import ScanAction, ScanPlan, undo
from desktop.ui.messages import confirm


# The panel's look in each state: what the volunteer must notice before pressing Enter.
PANEL_STYLES = {
    "idle": "QFrame#deskPanel { background: palette(base); border: 1px solid palette(mid); "
            "border-radius: 4px; }",
    "info": "QFrame#deskPanel { background: #eef4fb; border: 1px solid #8fb3de; "
            "border-radius: 4px; }",
    "pick": "QFrame#deskPanel { background: #eef4fb; border: 1px solid #8fb3de; "
            "border-radius: 4px; }",
    "confirm": "QFrame#deskPanel { background: #fff8e1; border: 2px solid #e0a800; "
               "border-radius: 4px; }",
    "refused": "QFrame#deskPanel { background: #fdecea; border: 2px solid #b00020; "
               "border-radius: 4px; }",
    "done": "QFrame#deskPanel { background: #e8f5e9; border: 1px solid #5a9e5f; "
            "border-radius: 4px; }",
}


def reader_details(reader: ReaderInfo) -> str:
    """Birth year, village and card, to tell two people with one name apart."""
    parts = [_("born {year}").format(year=reader.birth_year) if reader.birth_year else
             _("birth year not known")]
    if reader.village:
        parts.append(reader.village)
    parts.append(_("card {card}").format(card=reader.card_code))
    return " · ".join(parts)


class ScanBox(QLineEdit):
    """The one input of the desk. Arrow keys move through the list below it and Ctrl+Z reaches
    the desk's undo (not the line edit's), so the cursor never has to leave the box."""

    step = Signal(int)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and (event.matches(QKeySequence.StandardKey.Undo)
                     or event.matches(QKeySequence.StandardKey.Redo))):
            event.ignore()  # let the desk's action have it
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10,
                 Qt.Key.Key_PageDown: 10}
        key = Qt.Key(event.key())
        if key in steps and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.step.emit(steps[key])
            return
        super().keyPressEvent(event)


class DeskPanel(QFrame):
    """What the last scan means: a question to confirm, a refusal, a choice of readers, or news."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskPanel")
        self.state = "idle"
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.who = QLabel()
        self.who.setObjectName("panelWho")
        who_font = self.who.font()
        who_font.setPointSizeF(who_font.pointSizeF() * 1.45)
        who_font.setBold(True)
        self.who.setFont(who_font)
        self.who.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("panelDetails")
        details_font = self.details.font()
        details_font.setPointSizeF(details_font.pointSizeF() * 1.15)
        self.details.setFont(details_font)
        self.details.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("panelText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings = QLabel()
        self.warnings.setObjectName("panelWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.keys = QLabel()
        self.keys.setObjectName("panelKeys")
        self.keys.setStyleSheet("color: palette(dark);")
        self.choices = QListWidget()
        self.choices.setObjectName("readerChoices")
        self.choices.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # driven from the scan box
        self.choices.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        for widget in (self.heading, self.who, self.details, self.text, self.warnings,
                       self.choices, self.keys):
            layout.addWidget(widget)
        self.show_idle(_("Scan a reader's card to start lending, or scan a book that comes back."))

    def _show(self, state: str, *, heading: str = "", who: str = "", details: str = "",
              text: str = "", warnings: Sequence[str] = (), keys: str = "") -> None:
        self.state = state
        self.setStyleSheet(PANEL_STYLES[state])
        for label, value in ((self.heading, heading), (self.who, who), (self.details, details),
                             (self.text, text), (self.keys, keys)):
            label.setText(value)
            label.setVisible(bool(value))
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in warnings))
        self.warnings.setVisible(bool(warnings))
        self.heading.setStyleSheet("color: #b00020;" if state == "refused" else "")
        # The keys to press matter most when a question waits for Enter.
        self.keys.setStyleSheet("font-weight: bold;" if state in ("confirm", "pick")
                                else "color: palette(dark);")
        self.choices.setVisible(state == "pick")

    def show_idle(self, text: str) -> None:
        self._show("idle", text=text)

    def show_info(self, heading: str, text: str, warnings: Sequence[str] = (),
                  reader: ReaderInfo | None = None) -> None:
        self._show("info", heading=heading, who=reader.full_name if reader else "",
                   details=reader_details(reader) if reader else "", text=text, warnings=warnings,
                   keys=_("Now scan the books to lend. Esc ends this reader's session."))

    def show_done(self, text: str) -> None:
        self._show("done", heading=_("Saved"), text=text)

    def show_refusal(self, text: str, heading: str | None = None) -> None:
        self._show("refused", heading=heading or _("Not done"), text=text,
                   keys=_("Nothing was changed. Scan again or press Esc."))

    def show_confirm(self, plan: ScanPlan) -> None:
        assert plan.reader is not None and plan.copy is not None
        if plan.action == ScanAction.LEND:
            heading = _("Lend this book to:")
            text = _("{copy}\nDue back {date}.").format(copy=plan.copy.label(),
                                                        date=format_date(plan.due_on))
            keys = _("Enter: lend · Esc: cancel")
        else:
            heading = _("Take this book back from:")
            text = plan.message
            keys = _("Enter: take back · Esc: cancel")
        self._show("confirm", heading=heading, who=plan.reader.full_name,
                   details=reader_details(plan.reader), text=text, warnings=plan.warnings, keys=keys)

    def show_pick(self, plan: ScanPlan) -> None:
        self.choices.clear()
        for reader in plan.candidates:
            item = QListWidgetItem(f"{reader.full_name} — {reader_details(reader)}")
            item.setData(Qt.ItemDataRole.UserRole, reader.card_code)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self._show("pick", heading=plan.message,
                   keys=_("↑ ↓ choose · Enter: start lending to this reader · Esc: cancel"))

    def move_choice(self, step: int) -> None:
        count = self.choices.count()
        if count:
            self.choices.setCurrentRow(min(max(self.choices.currentRow() + step, 0), count - 1))

    def chosen_card(self) -> str | None:
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
