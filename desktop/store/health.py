"""The integrity and schema report behind `clc check` (support's first question)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from desktop.store.database import _check_sqlite_header, make_engine, quick_check


def check_report(path: Path) -> dict[str, object]:
    """Integrity, foreign keys, pragmas and schema revision of a database file, read-only."""
    from desktop.store.migrate import current_revision, head_revision

    if not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    _check_sqlite_header(path)
    engine = make_engine(path)
    try:
        problems = quick_check(engine)
        current, head = current_revision(engine), head_revision()
        with engine.connect() as connection:
            pragmas = {name: connection.execute(text(f"PRAGMA {name}")).scalar()
                       for name in ("journal_mode", "foreign_keys", "synchronous")}
            fk_problems = connection.execute(text("PRAGMA foreign_key_check")).all()
    finally:
        engine.dispose()
    return {"database": str(path), "integrity": "ok" if not problems else problems,
            "foreign_keys_check": "ok" if not fk_problems else len(fk_problems),
            "schema": current, "app_schema": head, "up_to_date": current == head, **pragmas}
