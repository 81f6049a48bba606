"""Protected copies of the backups on a USB stick or in another folder, and their restore.

When a folder is set, every backup made on this PC is also written there, sealed with the
passphrase (desktop/store/sealed_backup.py), as long as the folder is there (a stick that is not
plugged in is skipped; the overview reminds the user once the last copy is a month old). The
passphrase itself is never kept: only the key scrypt derived from it, with its salt, in the local
settings, which never travel to the office.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import UserError, ValidationError, os_error_reason
from desktop.i18n import _
from desktop.progress import Progress
from desktop.services.centre import get_settings, set_setting
from desktop.store.backup import BackupFile, describe, keep_by_age
from desktop.store.database import Database
from desktop.store.paths import backup_folder_for
from desktop.store.sealed_backup import (
    SUFFIX,
    SealingKey,
    SealProblem,
    derive_key,
    is_sealed,
    seal,
    unseal,
)

FOLDER_KEY, SEALING_KEY, LAST_COPY_KEY = "backup_copy_folder", "backup_copy_key", "backup_copy_last"
REMINDER_DAYS = 31  # "older than a month"
MIN_PASSPHRASE = 8
PARTIAL = ".partial"

__all__ = ["SUFFIX", "is_sealed"]  # the window and the CLI ask through this module


class CopyFailed(UserError):
    """The local backup was made, but its protected copy could not be written."""


class CopyRefused(UserError):
    """A protected copy that cannot be opened: wrong passphrase, damaged, or not one of ours.
    `reason` is the sealed_backup reason (wrong-passphrase, damaged, not-sealed, newer-format)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class CopySettings:
    folder: Path | None  # None: no copies are made
    last_copy: dt.date | None

    def reminder_due(self, today: dt.date) -> bool:
        """A month after the last copy (or at once, if none was ever made)."""
        if self.folder is None:
            return False
        return self.last_copy is None or (today - self.last_copy).days >= REMINDER_DAYS

    def days_since_copy(self, today: dt.date) -> int | None:
        return None if self.last_copy is None else (today - self.last_copy).days


def copy_settings(db: Database) -> CopySettings:
    values = get_settings(db, [FOLDER_KEY, LAST_COPY_KEY])
    folder = Path(values[FOLDER_KEY]) if values.get(FOLDER_KEY) else None
    last = None
    with contextlib.suppress(KeyError, ValueError):
        last = dt.date.fromisoformat(values[LAST_COPY_KEY])
    return CopySettings(folder, last)


def set_copy_folder(db: Database, folder: Path, passphrase: str, repeated: str) -> None:
    """Copies go to `folder` from now on, sealed with `passphrase`."""
    if not str(folder).strip():
        raise ValidationError(_("Choose the USB stick or folder for the protected copies."), "folder")
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(_("The passphrase needs at least {count} characters.").format(
            count=MIN_PASSPHRASE), "passphrase")
    if passphrase != repeated:
        raise ValidationError(_("The two passphrases are not the same. Type it again."), "repeated")
    sealing = derive_key(passphrase)
    set_setting(db, SEALING_KEY, json.dumps({"salt": sealing.salt.hex(), "key": sealing.key.hex(),
                                             "log2_n": sealing.log2_n, "r": sealing.r, "p": sealing.p}))
    set_setting(db, FOLDER_KEY, str(folder))


def stop_copies(db: Database) -> None:
    set_setting(db, FOLDER_KEY, "")
    set_setting(db, SEALING_KEY, "")


def _sealing_key(db: Database) -> SealingKey | None:
    stored = get_settings(db, [SEALING_KEY]).get(SEALING_KEY)
    if not stored:
        return None
    value = json.loads(stored)
    return SealingKey(bytes.fromhex(value["salt"]), bytes.fromhex(value["key"]),
                      value["log2_n"], value["r"], value["p"])


def copy_name(backup: Path) -> str:
    return backup.name + SUFFIX


def write_copy(db: Database, backup: Path, progress: Progress | None = None,
               today: dt.date | None = None) -> Path | None:
    """The protected copy of `backup` in the chosen folder; None if no folder is set or it is
    not there now (a stick not plugged in). Nothing half-written is ever left under the real
    name; CopyFailed says why a copy could not be written."""
    settings = copy_settings(db)
    sealing = _sealing_key(db)
    if settings.folder is None or sealing is None or not settings.folder.is_dir():
        return None
    target = settings.folder / copy_name(backup)
    partial = target.with_name(target.name + PARTIAL)
    try:
        with open(partial, "wb") as handle:
            seal(backup, handle, sealing, progress)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):  # the stick itself may be gone
            partial.unlink(missing_ok=True)
        reason = (os_error_reason(error) if settings.folder.is_dir()
                  else _("the USB stick was removed before the copy was complete"))
        raise CopyFailed(_("The backup was made on this computer, but its protected copy could not be "
                           "written to {folder}: {reason}. Check the USB stick and back up again.").format(
                               folder=settings.folder, reason=reason)) from error
    set_setting(db, LAST_COPY_KEY, (today or dt.date.today()).isoformat())
    _rotate_copies(settings.folder)
    return target


def _rotate_copies(folder: Path) -> None:
    """The stick keeps copies by the same ages as the backup folder, so it never fills up."""
    copies: list[BackupFile] = []
    for path in folder.glob(f"*.sqlite{SUFFIX}"):
        described = describe(path.with_name(path.name[:-len(SUFFIX)]))
        if described is not None:
            copies.append(BackupFile(path, described.made_at, described.revision, described.kind))
    kept = keep_by_age(copies)
    for copy in copies:
        if copy.path not in kept:
            with contextlib.suppress(OSError):
                copy.path.unlink()


def _refusal(path: Path, problem: SealProblem) -> CopyRefused:
    messages = {
        "wrong-passphrase": _("The passphrase is not the one “{name}” was protected with. Type it again "
                              "(capital letters and tone marks count)."),
        "not-sealed": _("“{name}” is not a protected backup copy made by CLC Ledger."),
        "newer-format": _("“{name}” was made by a newer version of CLC Ledger. Update CLC Ledger, then "
                          "restore it."),
        "damaged": _("“{name}” is damaged or was not copied completely, so it cannot be restored. Use "
                     "another copy."),
    }
    return CopyRefused(messages.get(problem.reason, messages["damaged"]).format(name=path.name),
                       problem.reason)


def open_copy(copy: Path, passphrase: str, database: Path, progress: Progress | None = None) -> Path:
    """The backup inside a protected copy, written into the database's backup folder, where the
    restore takes it from; CopyRefused for a wrong passphrase or a damaged copy."""
    folder = backup_folder_for(database)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        size = copy.stat().st_size
        with open(copy, "rb") as source:
            partial = folder / f"{copy.name}{PARTIAL}"
            try:
                with open(partial, "wb") as target:
                    name = unseal(source, target, passphrase, progress, size)
                if describe(Path(name)) is None:
                    raise SealProblem("damaged", "not a backup name")
                restored = folder / name
                partial.replace(restored)
            finally:
                with contextlib.suppress(OSError):
                    partial.unlink(missing_ok=True)
    except SealProblem as problem:
        raise _refusal(copy, problem) from problem
    except OSError as error:
        raise CopyRefused(_("“{name}” cannot be read: {reason}.").format(
            name=copy.name, reason=os_error_reason(error)), "unreadable") from error
    return restored
