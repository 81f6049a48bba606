"""Verified, rotating backups with SQLite's online backup API (never a file copy of a live WAL db).

Every backup (daily, on close, before a migration, an import or a restore, on demand) is written
under a temporary name, checked with `integrity_check`, and only then renamed to its real name:
`clc-backup-<date>-<time>-r<schema revision>-<kind>.sqlite`. A backup is a single self-contained
file (rollback journal, not WAL), so it can be carried on a USB stick as it is.

Which backups are kept is decided by age (`keep_by_age`), so a slow corruption noticed weeks
late still has a good copy: the newest of each of the last 7 days, 4 weeks and 12 months.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desktop.errors import DatabaseProblem, os_error_reason
from desktop.i18n import _
from desktop.progress import Progress

log = logging.getLogger(__name__)

PREFIX = "clc-backup-"
PARTIAL_SUFFIX = ".partial"

# The one place that decides backup ages (the window, Settings and the CLI read these).
DAILY_BACKUP_AGE = dt.timedelta(hours=24)
KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_MONTHS = 12
KEEP_NEWEST = 3  # whatever their age: a restore's own backup and the ones just before it

DAILY, ON_CLOSE, MANUAL = "daily", "on-close", "manual"
BEFORE_MIGRATION, BEFORE_IMPORT, BEFORE_RESTORE = "before-migration", "before-import", "before-restore"

_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^clc-backup-(\d{8}-\d{6}-\d{6})-(?:r(\w+)-)?(.+)\.sqlite$")
_PAGES_PER_STEP = 2048


@dataclass(frozen=True)
class BackupFile:
    """What a backup's name says: when, from which schema revision, and why it was made."""

    path: Path
    made_at: dt.datetime
    revision: str | None  # None for backups named before revisions were in the name
    kind: str


def describe(path: Path) -> BackupFile | None:
    """The backup a file name stands for, or None for a file that is not one of ours."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    stamp, revision, kind = match.groups()
    try:
        made_at = dt.datetime.strptime(stamp, _STAMP)
    except ValueError:
        return None
    return BackupFile(path, made_at, revision, kind)


def backup_files(folder: Path) -> list[BackupFile]:
    """The backups in a folder, newest first (half-written ones never count)."""
    if not folder.is_dir():
        return []
    found = [describe(path) for path in folder.glob(f"{PREFIX}*.sqlite")]
    return sorted((backup for backup in found if backup is not None),
                  key=lambda backup: backup.made_at, reverse=True)


def list_backups(folder: Path) -> list[Path]:
    """Backups in the folder, newest first."""
    return [backup.path for backup in backup_files(folder)]


def last_backup_time(folder: Path) -> dt.datetime | None:
    backups = backup_files(folder)
    return backups[0].made_at if backups else None


def backup_due(folder: Path, now: dt.datetime | None = None) -> bool:
    """Whether the daily backup is due: none yet, or the newest older than a day."""
    last = last_backup_time(folder)
    return last is None or (now or dt.datetime.now()) - last >= DAILY_BACKUP_AGE


def keep_by_age(backups: Iterable[BackupFile]) -> set[Path]:
    """The backups rotation keeps: the newest few, then the newest of each of the last
    KEEP_DAYS days, KEEP_WEEKS weeks and KEEP_MONTHS months that have a backup."""
    newest_first = sorted(backups, key=lambda backup: backup.made_at, reverse=True)
    kept = {backup.path for backup in newest_first[:KEEP_NEWEST]}
    buckets = (
        (KEEP_DAYS, lambda moment: moment.date()),
        (KEEP_WEEKS, lambda moment: moment.isocalendar()[:2]),
        (KEEP_MONTHS, lambda moment: (moment.year, moment.month)),
    )
    for count, bucket_of in buckets:
        seen: set[object] = set()
        for backup in newest_first:
            bucket = bucket_of(backup.made_at)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.add(bucket)
            kept.add(backup.path)
    return kept


STALE_PARTIAL_AGE = dt.timedelta(hours=1)


def rotate(folder: Path) -> list[Path]:
    """Remove the backups `keep_by_age` does not keep, and half-written ones a power cut or a
    killed program left behind long ago; the removed backups."""
    cutoff = (dt.datetime.now() - STALE_PARTIAL_AGE).timestamp()
    for partial in folder.glob(f"{PREFIX}*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
    backups = backup_files(folder)
    kept = keep_by_age(backups)
    removed = [backup.path for backup in backups if backup.path not in kept]
    for path in removed:
        with contextlib.suppress(OSError):  # one that cannot go now goes next time
            path.unlink()
    return removed


def _not_written(folder: Path, error: Exception) -> DatabaseProblem:
    detail = str(error).lower()
    if isinstance(error, sqlite3.DatabaseError) and ("malformed" in detail or "not a database" in detail):
        return DatabaseProblem(_("No backup was made: the database itself is damaged ({problem}), so "
                                 "a copy of it would not pass its check. Restore the last good "
                                 "backup (Settings → Backups).").format(problem=error), "damaged")
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


# What reading a damaged file can raise: SQLite's errors, and its messages quoting damaged bytes.
UNREADABLE = (sqlite3.Error, UnicodeDecodeError)


def read_only(path: Path) -> sqlite3.Connection:
    """A connection to a file nobody writes (a backup). Damaged text comes back with
    replacement characters instead of failing to decode."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    connection.text_factory = lambda data: data.decode("utf-8", "replace")
    return connection


def integrity_problems(path: Path) -> list[str]:
    """SQLite's full integrity_check of a file nobody writes (a backup); [] when sound."""
    try:
        with contextlib.closing(read_only(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except UNREADABLE as error:
        return [str(error)]
    return [] if rows == ["ok"] else [str(row) for row in rows]


def revision_of(path: Path) -> str | None:
    """The schema revision written in a database file nobody writes, or None."""
    try:
        with contextlib.closing(read_only(path)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except UNREADABLE:
        return None
    return row[0] if row else None


def _sync_to_disk(path: Path) -> None:
    """The renamed backup must survive a power cut: the file's data, then the folder's entry."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows has no directory handles to flush; NTFS logs renames
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def copy_database(source: sqlite3.Connection, target: Path, progress: Progress | None = None) -> None:
    """A consistent copy of an open database into `target` (a new file), as a self-contained
    file with a rollback journal."""
    destination = sqlite3.connect(target)
    try:
        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress.report(total - remaining, total)

        source.backup(destination, pages=_PAGES_PER_STEP, progress=step)
        destination.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
    finally:
        destination.close()


def make_backup(engine: Engine, folder: Path, *, reason: str = MANUAL,
                progress: Progress | None = None) -> Path:
    """Write a verified copy of the open database into `folder`, then rotate the folder.

    `reason` is the kind (DAILY, ON_CLOSE, …; a migration adds the revision it goes to). A
    backup that cannot be written or fails its check leaves nothing behind and raises
    DatabaseProblem; the database itself is never touched."""
    moment = dt.datetime.now()
    partial = folder / f"{PREFIX}{moment.strftime(_STAMP)}-{reason}{PARTIAL_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            copy_database(source, partial, progress)
        finally:
            raw.close()
        problems = integrity_problems(partial)
        if problems:
            raise DatabaseProblem(_(
                "The backup written to {folder} failed its check ({problem}) and was removed. The "
                "disk may be failing, or the database itself may be damaged; the database was not "
                "changed.").format(folder=folder, problem=problems[0]),
                "damaged")
        revision = revision_of(partial) or "none"
        target = folder / f"{PREFIX}{moment.strftime(_STAMP)}-r{revision}-{reason}.sqlite"
        _sync_to_disk(partial)
        partial.replace(target)  # a half-written or unchecked backup never looks like a real one
        _sync_folder(folder)
    except (OSError, sqlite3.Error, DatabaseProblem) as error:
        with contextlib.suppress(OSError):  # the folder itself may be what failed
            partial.unlink(missing_ok=True)
        if isinstance(error, DatabaseProblem):
            raise
        raise _not_written(folder, error) from error
    rotate(folder)
    log.info("backup written: %s", target.name)
    return target
