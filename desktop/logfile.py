"""The log file in the data folder, shared by the window and the `clc` command."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "clc-ledger.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def file_handler(*, delay: bool = False) -> tuple[logging.Handler, Path]:
    """A handler writing to the data folder's rotating log, and the file's path; OSError when
    the folder cannot be written. With `delay`, the file is opened by the first record only."""
    from desktop.store.paths import log_folder

    path = log_folder() / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=delay)
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler, path
