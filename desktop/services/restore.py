"""Restoring a backup: what each backup holds, a preview against the current file, then the swap.

The order makes every step safe to interrupt: the backup is checked and copied beside the
database under a temporary name (migrated there if it is older), the current state is backed up
(or, if it is too damaged for that, its raw files are kept), and only then does one rename put
the copy in place. A restored file takes a new installation identity for sync, as any copy does:
the office must never see one change number twice under one identity.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import DatabaseProblem, UserError
from desktop.i18n import _
from desktop.progress import Progress
from desktop.store.backup import (
    BEFORE_RESTORE,
    UNREADABLE,
    backup_files,
    describe,
    integrity_problems,
    make_backup,
)
from desktop.store.database import Database, make_engine
from desktop.store.paths import backup_folder_for
from desktop.store.restore_files import (
    COUNTED,
    checkpoint,
    connect_read_only,
    current_counts,
    mark_restored,
    quick_problems,
    read_counts,
    read_revision,
    single_file,
    stage_copy,
    swap,
)
from desktop.store.schema_version import HEAD_REVISION

log = logging.getLogger(__name__)

RESTORED_FILE = "restored"  # never a device:inode, so the next package takes a new identity
STAGING_SUFFIX = ".restoring"
DAMAGED_FOLDER = "damaged"


def count_label(key: str) -> str:
    return {"learners": _("Learners"), "classes": _("Classes and talks"), "sessions": _("Sessions"),
            "marks": _("Attendance marks"), "books": _("Book copies"), "loans": _("Loans")}[key]


def kind_label(kind: str) -> str:
    """Why a backup was made, as the list says it."""
    if kind.startswith("before-migration"):
        return _("before an upgrade")
    return {"daily": _("daily"), "on-close": _("on closing"), "manual": _("on demand"),
            "before-import": _("before an import"), "before-restore": _("before a restore")}.get(kind, kind)


@dataclass(frozen=True)
class BackupSummary:
    """One backup as the list shows it. `problem` says why it cannot be restored (damaged, or
    made by a newer version); a backup with a problem is never offered as good."""

    path: Path
    made_at: dt.datetime
    kind: str
    revision: str | None
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None

    @property
    def restorable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class RestorePreview:
    backup: BackupSummary
    current: dict[str, int] | None  # None: the current file cannot be read (damaged, missing)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupSummary
    safety_copy: Path | None  # the state before the restore, as a backup (or raw, if damaged)
    migrated_from: str | None


def known_revisions() -> set[str]:
    from desktop.store.migrate import alembic_config  # late: Alembic is not needed at start-up
    from alembic.script import ScriptDirectory

    return {revision.revision for revision in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def summarise(path: Path, *, full_check: bool = False, known: set[str] | None = None) -> BackupSummary:
    """What a backup holds and whether it can be restored. The list uses SQLite's quick_check;
    the restore itself runs the full integrity_check first."""
    described = describe(path)
    made_at = described.made_at if described else dt.datetime.fromtimestamp(path.stat().st_mtime)
    kind = described.kind if described else "manual"
    size = path.stat().st_size
    known = known if known is not None else known_revisions()

    def unusable(problem: str, revision: str | None = None) -> BackupSummary:
        named = described.revision if described else None
        return BackupSummary(path, made_at, kind, revision or named, size, problem=problem)

    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return unusable(_("not a CLC Ledger backup"))
    except OSError as error:
        return unusable(_("cannot be read ({error})").format(error=error.strerror or error))
    problems = integrity_problems(path) if full_check else quick_problems(path)
    if problems:
        return unusable(_("damaged ({problem})").format(problem=problems[0]))
    try:
        with contextlib.closing(connect_read_only(path)) as connection:
            revision = read_revision(connection)
            if revision is None:
                return unusable(_("not a CLC Ledger backup"))
            if revision not in known:
                return unusable(_("made by a newer version of CLC Ledger (schema {revision})").format(
                    revision=revision), revision)
            counts = read_counts(connection)
    except UNREADABLE as error:
        return unusable(_("damaged ({problem})").format(problem=error))
    return BackupSummary(path, made_at, kind, revision, size, counts)


def list_restorable(database: Path, progress: Progress | None = None) -> list[BackupSummary]:
    """Every backup beside the database, newest first, each checked and counted."""
    files = backup_files(backup_folder_for(database))
    known = known_revisions()
    summaries = []
    for done, backup in enumerate(files):
        if progress is not None:
            progress.check()
            progress.report(done, len(files), _("Checking the backups…"))
        summaries.append(summarise(backup.path, known=known))
    return summaries


def preview_restore(database: Path, backup: Path) -> RestorePreview:
    return RestorePreview(summarise(backup), current_counts(database))


def _refuse(summary: BackupSummary) -> None:
    if summary.problem is not None:
        raise DatabaseProblem(_("The backup {name} cannot be restored: {problem}. Choose another "
                                "backup.").format(name=summary.path.name, problem=summary.problem),
                              "damaged")


def _open_elsewhere(database: Path) -> bool:
    """Whether a window (another process) holds this file's lock; Qt's lock file starts with its
    process id. Only told on POSIX; on Windows the rename itself fails while the file is open."""
    lock = Path(f"{database}.lock")
    try:
        pid = int(lock.read_text(encoding="utf-8", errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        return False
    if os.name != "posix" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stage(backup: BackupSummary, staging: Path, progress: Progress | None) -> str | None:
    """The backup copied beside the database, migrated to this version, marked as restored.
    The schema revision it was migrated from, or None."""
    stage_copy(backup.path, staging, progress)
    migrated_from = None
    engine = make_engine(staging)
    try:
        if backup.revision != HEAD_REVISION:
            from desktop.store import migrate

            migrate.upgrade_to_head(engine, path=None, backup_folder=None)
            migrated_from = backup.revision
        mark_restored(engine, RESTORED_FILE)
    finally:
        engine.dispose()
    single_file(staging)
    problems = integrity_problems(staging)
    if problems:
        raise DatabaseProblem(_("The backup {name} could not be prepared for restoring ({problem}); the "
                                "database was not changed.").format(name=backup.path.name,
                                                                    problem=problems[0]), "damaged")
    return migrated_from


def _keep_current(database: Path, db: Database | None) -> Path | None:
    """The state before the restore: a verified backup, or, when the file is too damaged for
    one, its raw files in backups/damaged/ (support may still get something out of them)."""
    if not database.exists():
        return None
    folder = backup_folder_for(database)
    try:
        if db is not None:
            return make_backup(db.engine, folder, reason=BEFORE_RESTORE)
        engine = make_engine(database)
        try:
            return make_backup(engine, folder, reason=BEFORE_RESTORE)
        finally:
            engine.dispose()
    except DatabaseProblem as problem:
        if problem.kind not in ("damaged", "other"):
            raise  # a full or read-only disk: nothing is replaced without a copy of what was there
        log.info("current file too damaged to back up (%s): keeping its raw files", problem.message)
    except Exception as error:  # SQLite refusing the damaged file before the backup even starts
        log.info("current file could not be opened for a backup (%s): keeping its raw files", error)
    kept = folder / DAMAGED_FOLDER / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept.mkdir(parents=True, exist_ok=True)
    for part in (database, Path(f"{database}-wal")):
        if part.exists():
            shutil.copy2(part, kept / part.name)
    return kept


def restore_backup(database: Path, backup: Path, *, db: Database | None = None,
                   progress: Progress | None = None) -> RestoreResult:
    """Replace the database with a backup. `db` is the window's own open database, if any: it is
    backed up through, then pointed at the restored file. Nothing is replaced unless the backup
    passed its full check and the current state was kept first."""
    database = Path(database)
    if db is None and _open_elsewhere(database):
        raise UserError(_("CLC Ledger is open on this data file. Close its window first, or restore "
                          "from the window (Settings → Backups)."))
    if progress is not None:
        progress.report(0, 4, _("Checking the backup…"))
    summary = summarise(Path(backup), full_check=True)
    _refuse(summary)
    staging = database.with_name(database.name + STAGING_SUFFIX)
    try:
        if progress is not None:
            progress.report(1, 4, _("Preparing the backup…"))
            progress.check()
        migrated_from = _stage(summary, staging, None)
        if progress is not None:
            progress.report(2, 4, _("Backing up the current data…"))
            progress.check()
        safety_copy = _keep_current(database, db)
    except BaseException as error:
        staging.unlink(missing_ok=True)
        if isinstance(error, (OSError, sqlite3.Error)):
            raise DatabaseProblem(_("The backup could not be restored: {reason}. The database was not "
                                    "changed.").format(reason=getattr(error, "strerror", None) or error),
                                  "disk") from error
        raise
    if progress is not None:
        progress.report(3, 4, _("Restoring…"))
    if db is not None:
        db.engine.dispose()  # every connection to the old file is closed before the swap
    try:
        checkpoint(database)
        swap(staging, database)
    except OSError as error:
        staging.unlink(missing_ok=True)
        raise DatabaseProblem(_("The backup could not be put in place: {reason}. The database was not "
                                "changed; close any other program using it and try again.").format(
                                    reason=error.strerror or error), "disk") from error
    finally:
        if db is not None:
            db.reconnect()
    if progress is not None:
        progress.report(4, 4, "")
    log.info("restored %s (schema %s) over %s", summary.path.name, summary.revision, database)
    return RestoreResult(summary, safety_copy, migrated_from)
