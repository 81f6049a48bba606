"""Automatic rotating backups with SQLite's online backup API (never a file copy of a live WAL db)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import DatabaseProblem, os_error_reason
from desktop.i18n import _

log = logging.getLogger(__name__)

KEEP_BACKUPS = 10
PREFIX = "clc-backup-"


def _not_written(folder: Path, error: Exception) -> DatabaseProblem:
    full = (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            or "full" in str(error).lower())
    if full:
        reason = _("the disk is full")
    elif isinstance(error, OSError):
        reason = os_error_reason(error)
    else:  # SQLite's "disk I/O error": a write refused (a size limit, a removed stick)
        log.info("backup into %s failed: %s", folder, error)
        reason = _("the disk could not be written (it may be full, removed or failing)")
    return DatabaseProblem(_("No backup was made in {folder}: {reason}. The database itself is "
                             "unchanged; free some space or back up to another disk.").format(
                                 folder=folder, reason=reason), "full" if full else "disk")


def make_backup(engine: Engine, folder: Path, *, reason: str = "auto", keep: int = KEEP_BACKUPS) -> Path:
    """Write a consistent copy of the open database into `folder`, then keep the newest `keep`.

    A backup that fails (a full disk) leaves nothing behind and raises DatabaseProblem."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{PREFIX}{stamp}-{reason}.sqlite"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            raw.close()
        partial.replace(target)  # a half-written backup never looks like a real one
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):  # the folder itself may be what failed
            partial.unlink(missing_ok=True)
        raise _not_written(folder, error) from error
    rotate(folder, keep)
    return target


def list_backups(folder: Path) -> list[Path]:
    """Backups in the folder, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*.sqlite"), reverse=True)


def rotate(folder: Path, keep: int) -> None:
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)


def last_backup_time(folder: Path) -> dt.datetime | None:
    backups = list_backups(folder)
    if not backups:
        return None
    return dt.datetime.fromtimestamp(backups[0].stat().st_mtime)
