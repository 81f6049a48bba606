"""A guard against a PySide 6.12 fault on Python 3.11: every Qt call that answers None (a table's
empty cell, no focused widget, no active window) takes one reference from None and never gives
it back. None starts with a few thousand, so a working day of such calls would end the process
with "deallocating None". From Python 3.12 None is immortal and nothing needs doing; before, the
window holds a million references of its own (8 MB), far more than any session can lose."""

from __future__ import annotations

import ctypes
import sys

_HELD: list[None] = []


def guard_none() -> None:
    """Hold the references once per process (a second call does nothing)."""
    if sys.version_info < (3, 12) and not _HELD:
        _HELD.extend([None] * 1_000_000)
        # Never freed, not even when the interpreter shuts down: giving the references back then
        # would take None below zero, the very crash this prevents.
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(_HELD))
