"""Printed documents (PDF with reportlab) from plain data: no Qt, no database.

Importing this package is cheap; reportlab loads when a renderer is first used:
``from desktop.printing import render_attendance_sheet`` or import the module directly.
"""

from __future__ import annotations

import importlib
from typing import Any

from desktop.printing.codes import DocumentCode, make_sheet_code, parse_sheet_code
from desktop.printing.model import (
    AttendanceSheetData,
    ClassListData,
    DocumentHeader,
    LearnerRow,
    PrintCancelled,
    RegisterData,
    RegisterRow,
    SessionColumn,
    SigninSheetData,
)

_RENDERERS = {
    "render_attendance_sheet": "desktop.printing.attendance",
    "render_signin_sheet": "desktop.printing.signin",
    "render_class_list": "desktop.printing.class_list",
    "render_register": "desktop.printing.register",
}

__all__ = [
    "AttendanceSheetData",
    "ClassListData",
    "DocumentCode",
    "DocumentHeader",
    "LearnerRow",
    "PrintCancelled",
    "RegisterData",
    "RegisterRow",
    "SessionColumn",
    "SigninSheetData",
    "make_sheet_code",
    "parse_sheet_code",
    *_RENDERERS,
]


def __getattr__(name: str) -> Any:
    if name in _RENDERERS:
        return getattr(importlib.import_module(_RENDERERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
