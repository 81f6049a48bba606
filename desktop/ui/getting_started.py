"""The overview's "getting started" list for a new centre: each first step one click from its
screen, ticked when done; the list goes once every step is done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.getting_started import STEPS, FirstSteps

DONE_MARK, TODO_MARK = "✔", "○"
PANEL_STYLE = ("QGroupBox#gettingStarted { background: #eef5ff; border: 1px solid #9fbfe6; "
               "border-radius: 3px; margin-top: 1.2em; padding: 6px; }")


def step_texts() -> dict[str, tuple[str, str]]:
    """Step → (what to do, the button that opens its screen)."""
    return {
        "villages": (_("Enter the commune's villages (or let the learner list add them)"),
                     _("Villages…")),
        "learners": (_("Bring in the learners: import the population list from Excel"),
                     _("Learners…")),
        "books": (_("Bring in the book register: import the accession register from Excel"),
                  _("Book cabinet…")),
        "office_key": (_("Register the office's key, to send the data on a USB stick"),
                       _("Send / receive…")),
        "first_class": (_("Open the first class or talk, or import the ones held before"),
                        _("Classes & talks…")),
    }


class GettingStartedPanel(QGroupBox):
    """`open_step(step)` is called with the step's key when its button is pressed."""

    def __init__(self, open_step: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(_("Getting started"), parent)
        self.setObjectName("gettingStarted")
        self.setStyleSheet(PANEL_STYLE)
        self.marks: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.rows: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(_("A new centre starts from the lists it already keeps. Each step is "
                         "ticked off once it is done."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for step, (text, button_text) in step_texts().items():
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            mark = QLabel(TODO_MARK)
            mark.setFixedWidth(mark.fontMetrics().horizontalAdvance(DONE_MARK) + 8)
            label = QLabel(text)
            label.setWordWrap(True)
            button = QPushButton(button_text.replace("&", "&&"))  # "&" is not a mnemonic here
            button.setObjectName(f"start_{step}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, key=step: open_step(key))
            line.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(label, 1)
            line.addWidget(button)
            layout.addWidget(row)
            self.marks[step], self.labels[step] = mark, label
            self.buttons[step], self.rows[step] = button, row
        self.hide()

    def show_steps(self, steps: FirstSteps) -> None:
        """Tick what is done; hide the list when everything is (or this is an office)."""
        if steps.all_done:
            self.hide()
            return
        for step in STEPS:
            applicable = getattr(steps, step) is not None
            self.rows[step].setVisible(applicable)
            done = steps.done(step)
            self.marks[step].setText(DONE_MARK if done else TODO_MARK)
            self.marks[step].setStyleSheet("color: #2e7d32; font-weight: bold;" if done else "")
            font = self.labels[step].font()
            font.setStrikeOut(done)
            self.labels[step].setFont(font)
            self.labels[step].setEnabled(not done)
        self.show()
