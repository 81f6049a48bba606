"""The former centre's database file, opened read-only.

The file is never written (see store.readonly); a file of an older schema is read through an
upgraded temporary copy. A sync package cannot be merged: its rows are encrypted to the office's key,
which a centre's PC does not hold (and must not: it would read every centre's packages).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from desktop.errors import UserError
from desktop.i18n import _
from desktop.store.readonly import readonly_engine, stored_revision, upgraded_copy
from desktop.store.schema_version import HEAD_REVISION

SQLITE_HEADER = b"SQLite format 3\x00"
ZIP_HEADER = b"PK\x03\x04"


@dataclass
class FormerFile:
    """An open, read-only former database and its own centre's id."""

    path: Path
    engine: Engine
    centre_id: str


def _check_file(path: Path, into: Path) -> None:
    if not path.exists():
        raise UserError(_("There is no file {path}.").format(path=path))
    if path.is_dir():
        raise UserError(_("{path} is a folder; choose the former centre's database file.").format(path=path))
    if path.resolve() == into.resolve():
        raise UserError(_("That is this centre's own database: choose the former centre's file."))
    with path.open("rb") as handle:
        header = handle.read(16)
    if header.startswith(ZIP_HEADER) or path.suffix.lower() == ".clcsync":
        raise UserError(_(
            "{name} is a sync package. A package is locked with the office's key, so a centre cannot "
            "open it: merge the former centre's database file instead (clc-ledger.sqlite from its PC, "
            "or a backup of it).").format(name=path.name))
    if header != SQLITE_HEADER:
        raise UserError(_("{name} is not a CLC Ledger database (it is not an SQLite file).").format(name=path.name))


@contextlib.contextmanager
def open_former(path: Path, into: Path) -> Iterator[FormerFile]:
    """The former database, read-only (an older schema through an upgraded temporary copy)."""
    path = Path(path)
    _check_file(path, into)
    revision = stored_revision(path)
    if revision is None:
        raise UserError(_("{name} is the database of another program, not of CLC Ledger.").format(name=path.name))
    scratch: Path | None = None
    try:
        source = path
        if revision != HEAD_REVISION:
            scratch = Path(tempfile.mkdtemp(prefix="clc-merge-"))
            source = upgraded_copy(path, scratch / "former.sqlite")
        engine = readonly_engine(source)
        try:
            yield _describe(path, engine)
        finally:
            engine.dispose()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _describe(path: Path, engine: Engine) -> FormerFile:
    from desktop.services.sync.mode import MODE_KEY, MODE_OFFICE
    from desktop.store.models import Installation, Setting

    with engine.connect() as connection:
        centre_id = connection.execute(select(Installation.__table__.c.centre_id)).scalar()
        mode = connection.execute(select(Setting.__table__.c.value).where(Setting.__table__.c.key == MODE_KEY)
                                  ).scalar()
    if mode == MODE_OFFICE:
        raise UserError(_("{name} is an office's database: only a centre's database can be merged.").format(
            name=path.name))
    if centre_id is None:
        raise UserError(_("{name} has no centre set up: there is nothing to merge.").format(name=path.name))
    return FormerFile(path, engine, centre_id)
