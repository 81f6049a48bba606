"""Alembic, configured in code: no alembic.ini to ship; migrations run at start-up after a backup."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop.errors import DatabaseProblem
from desktop.i18n import _
from desktop.progress import Progress

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, *, path: Path | None, backup_folder: Path | None,
                    progress: Progress | None = None) -> None:
    """Bring the schema to head; back the file up first when there is something to migrate.

    A database written by a newer version of the app is refused, never touched. The whole upgrade
    is one transaction (a power cut leaves the file as it was), with foreign keys off while
    tables are rebuilt and every reference checked before the commit.
    """
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseProblem(
            _("This database was made by a newer version of CLC Ledger (schema {revision}). "
              "Install the newer version to open it.").format(revision=current))
    if path is not None and current is not None and backup_folder is not None:
        from desktop.store.backup import make_backup

        make_backup(engine, backup_folder, reason=f"before-migration-{head}")
    config = alembic_config()
    config.attributes["progress"] = progress
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction does it take
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"migration to {head} left a broken reference: {tuple(broken)}")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")
        if config.attributes.get("vacuum"):
            driver.execute("VACUUM")  # give the rebuilt tables' old pages back
    log.info("database migrated from %s to %s", current, head)
