"""The database for a scanning desk (loan desk, stocktaking): each scan on the one worker, in turn.

A USB scanner types a code and Enter, and the next code may follow before the first is saved.
The window keeps painting while a call waits (call_on_worker), so that next Enter arrives
meanwhile: it waits here and is done after the one under way, in the order it came, never
dropped and never before the earlier scan's result is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from desktop.errors import UserError
from desktop.i18n import _
from desktop.ui.database_call import call_on_worker

log = logging.getLogger(__name__)

T = TypeVar("T")


class DeskTurns:
    """One desk's database calls and the keys pressed while one of them waits."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.busy = False
        self._waiting: list[Callable[[], None]] = []

    def on_worker(self, call: Callable[[], T]) -> T:
        """`call` run on the database worker. A refusal (UserError) is raised for the desk to show
        in its panel; anything unexpected is logged and raised as a refusal that says so."""
        try:
            return call_on_worker(self.owner, call)
        except UserError:
            raise
        except Exception as error:  # noqa: BLE001 - reaches the user, translated
            log.error("desk: unexpected database error", exc_info=error)
            raise UserError(_("Something went wrong that CLC Ledger did not expect. Your saved "
                              "work is safe. The details were written to the log file.")) from None

    def in_turn(self, action: Callable[[], None]) -> None:
        """Run `action` now, or after the action that waits for the database (queued, in order)."""
        self._waiting.append(action)
        if self.busy:
            return
        self.busy = True
        try:
            while self._waiting:
                self._waiting.pop(0)()
        finally:
            self.busy = False
            self._waiting.clear()
