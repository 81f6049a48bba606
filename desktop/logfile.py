"""The log file in the data folder, shared by the window and the `clc` command.

It rotates (four files of at most 1 MB) and holds tracebacks of real bugs, never personal data:
SQL parameters are never put into errors (the engine hides them), and whatever still looks like a
citizen ID or a phone number (9 to 12 digits) is masked as the line is written.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "clc-ledger.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

_ID_NUMBERS = re.compile(r"(?<!\d)(?:\+?84|0)?\d{9,12}(?!\d)")
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)


def scrub(text: str) -> str:
    """A log line without the personal data it might carry."""
    text = _SQL_PARAMETERS.sub("[parameters hidden]", text)
    return _ID_NUMBERS.sub("[number]", text)


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual (traceback included), then masks personal data in the whole text."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def file_handler(*, delay: bool = False) -> tuple[logging.Handler, Path]:
    """A handler writing to the data folder's rotating log, and the file's path; OSError when
    the folder cannot be written. With `delay`, the file is opened by the first record only."""
    from desktop.store.paths import log_folder

    path = log_folder() / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8",
                                  delay=delay)
    handler.setFormatter(ScrubbingFormatter(FORMAT))
    return handler, path


def log_file() -> Path:
    from desktop.store.paths import log_folder

    return log_folder() / LOG_NAME


def last_errors(path: Path, count: int = 5) -> list[str]:
    """The first line of each of the last `count` errors in the log (support's first clue)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    return errors[-count:]
