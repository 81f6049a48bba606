"""The integrity and schema report behind `clc check` (support's first question).

The check never fails with a traceback: a damaged file, a file in a read-only folder or a locked
one is what it is there to report. Whatever SQLite refuses becomes a line in `problems`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from desktop.errors import DatabaseProblem
from desktop.i18n import _
from desktop.store.database import check_sqlite_header, make_engine, quick_check, sqlite_problem

T = TypeVar("T")


def _read_only_engine(path: Path) -> Engine:
    """A connection that writes nothing, not even WAL's shared-memory file: a folder that cannot
    be written can still be checked. `immutable` tells SQLite no one else writes meanwhile,
    which a read-only folder guarantees for this computer."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


def _problem(error: Exception, path: Path) -> str:
    if isinstance(error, DatabaseProblem):
        return error.message
    problem = sqlite_problem(error, path)
    return problem.message if problem is not None else str(error)


def _attempt(step: Callable[[], T], path: Path, problems: list[str]) -> T | None:
    try:
        return step()
    except (DBAPIError, sqlite3.Error, DatabaseProblem) as error:
        message = _problem(error, path)
        if message not in problems:
            problems.append(message)
        return None


def check_report(path: Path) -> dict[str, object]:
    """Integrity, foreign keys, pragmas and schema revision of a database file.

    Raises DatabaseProblem only when there is nothing to check (no file, not SQLite)."""
    from desktop.store.migrate import current_revision, head_revision

    if path.is_dir():
        raise DatabaseProblem(_("{path} is a folder, not a database file.").format(path=path))
    if not path.exists():
        raise DatabaseProblem(_("There is no database at {path}.").format(path=path))
    check_sqlite_header(path)
    problems: list[str] = []
    engine = make_engine(path)
    try:
        with engine.connect():
            pass
    except DBAPIError as error:  # a read-only folder: the app cannot work here, but can look
        engine.dispose()
        problems.append(_problem(error, path))
        engine = _read_only_engine(path)
    try:
        integrity = _attempt(lambda: quick_check(engine), path, problems)
        current = _attempt(lambda: current_revision(engine), path, problems)

        def pragmas() -> dict[str, object]:
            with engine.connect() as connection:
                return {name: connection.execute(text(f"PRAGMA {name}")).scalar()
                        for name in ("journal_mode", "foreign_keys", "synchronous")}

        def foreign_key_problems() -> int:
            with engine.connect() as connection:
                return len(connection.execute(text("PRAGMA foreign_key_check")).all())

        settings = _attempt(pragmas, path, problems) or {}
        broken_links = _attempt(foreign_key_problems, path, problems)
    finally:
        engine.dispose()
    head = head_revision()
    return {"database": str(path),
            "integrity": "ok" if integrity == [] else (integrity or _("not checked")),
            "foreign_keys_check": "ok" if broken_links == 0 else (broken_links or _("not checked")),
            "schema": current, "app_schema": head, "up_to_date": current == head, **settings,
            "problems": problems}


def is_healthy(report: dict[str, object]) -> bool:
    return (report["integrity"] == "ok" and report["foreign_keys_check"] == "ok"
            and not report["problems"])


def file_facts(path: Path) -> tuple[str | None, str | None]:
    """The schema revision and journal mode of a database file, read-only with the bare driver
    (for the diagnostic block); SQLite's error when it cannot be read."""
    import contextlib

    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        mode = connection.execute("PRAGMA journal_mode").fetchone()
    return (revision[0] if revision else None), (mode[0] if mode else None)
