"""Opening a centre's database safely: pragmas that really take, integrity check, migrations.

SQLite in WAL mode with synchronous=FULL and foreign keys on. The pragmas are set with the
DB-API connection in autocommit, because inside an implicit transaction SQLite silently
ignores `journal_mode` and `foreign_keys`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401 - loaded with the module, not by the first create_engine
from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from desktop.errors import DatabaseProblem, os_error_reason
from desktop.i18n import _
from desktop.progress import Progress
from desktop.store.identity import new_id, next_clock
from desktop.store.models import Installation, Syncable, SyncNode
from desktop.store.sync_nodes import INSTALLATION, node_number
from desktop.store.schema_version import HEAD_REVISION

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024  # at most this much memory per connection, taken only as pages are read
# for one big read (a province's year in the consolidated report): its marks, learners and book
# copies are read out of order, and with the usual cache most pages were read from the file
# several times (a third of the report's time at 150 centres)
LARGE_READ_CACHE_KIB = 256 * 1024


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # The driver stays in autocommit: SQLAlchemy's "begin" event below says BEGIN itself, so a
    # transaction covers DDL too (migrations) and a unit of work can take the write lock first.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # an office merges years of rows into big indexes
    cursor.close()


def _begin(connection: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for units of work: the write lock is taken before the first
    read, so two writers (the window and a `clc` command) never read the same change sequence."""
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


BEGIN_OPTION = "clc_sqlite_begin"


def make_engine(path: Path) -> Engine:
    """An engine on a SQLite file with the safety pragmas on every connection."""
    # hide_parameters: an error's text never carries the row it was saving (names, ID numbers)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                           hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


KEEP_SYNC_IDENTITY = "clc_keep_sync_identity"


def _stamp_sync_identity(session: OrmSession, _flush_context: object, _instances: object) -> None:
    """Give every new or changed syncable row its clock version and change sequence.

    Rows applied from a sync package keep the identity they arrived with (their id, origin,
    version and change data): the unit of work that applies them says so."""
    if session.info.get(KEEP_SYNC_IDENTITY):
        return
    new = list(session.new)  # each access builds a fresh set: take it once (bulk inserts)
    new_ids = {id(obj) for obj in new}
    changed = [obj for obj in new if isinstance(obj, Syncable)]
    changed += [obj for obj in session.dirty if isinstance(obj, Syncable) and session.is_modified(obj)]
    if not changed:
        return
    installation = session.execute(select(Installation)).scalar_one_or_none()
    if installation is None:
        raise RuntimeError("database has no installation row; run migrations first")
    if installation.node is None:
        installation.node = node_number(session, installation.id, INSTALLATION)
    node = installation.node
    origin = installation.centre_node or node
    last = installation.last_clock
    sequence = installation.last_change_seq
    for obj in changed:
        last = next_clock(last)
        sequence += 1
        obj.version = last
        obj.version_node = node
        obj.change_seq = sequence
        if id(obj) in new_ids:
            if obj.origin is None:
                obj.origin = origin
            if obj.deleted is None:
                obj.deleted = False
    installation.last_change_seq = sequence
    installation.last_clock = last


class Database:
    """An open centre database: the only way services reach SQLite."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}),
                                            expire_on_commit=False)
        event.listen(self._write_sessions, "before_flush", _stamp_sync_identity)
        event.listen(self._sessions, "before_flush", _stamp_sync_identity)
        self._commits = 0

    @contextlib.contextmanager
    def unit_of_work(self, *, keep_sync_identity: bool = False) -> Iterator[OrmSession]:
        """One transaction, holding the write lock from its start: committed if the block ends
        normally, rolled back otherwise. `keep_sync_identity` is for applying sync packages."""
        session = self._write_sessions()
        if keep_sync_identity:
            session.info[KEEP_SYNC_IDENTITY] = True
        try:
            yield session
            session.commit()
            self._commits += 1
        except Exception as error:
            session.rollback()
            problem = sqlite_problem(error)
            if problem is not None:
                raise problem from error
            raise
        finally:
            session.close()

    @contextlib.contextmanager
    def reading(self) -> Iterator[OrmSession]:
        """A short read-only session."""
        session = self._sessions()
        try:
            yield session
        except Exception as error:
            problem = sqlite_problem(error)
            if problem is not None:
                raise problem from error
            raise
        finally:
            session.rollback()
            session.close()

    def data_version(self) -> tuple[dt.date, int, int]:
        """Changes whenever what a screen shows may have: a new day, a transaction committed
        here, or the change sequence in the file moved (another program, such as `clc learners
        import`, wrote to it). Equal readings mean nothing changed in between."""
        table = Installation.__table__
        with self.engine.connect() as connection:
            sequence = connection.execute(select(table.c.last_change_seq).limit(1)).scalar()
        return dt.date.today(), self._commits, sequence or 0

    def reconnect(self) -> None:
        """After the file was replaced (a restore): every connection to the old one is closed,
        the next session opens the new one, and screens count it as a change."""
        self.engine.dispose()
        self._commits += 1

    def close(self) -> None:
        self.engine.dispose()


@contextlib.contextmanager
def large_read_cache(session: OrmSession) -> Iterator[None]:
    """A larger page cache on the session's connection for one big read, given back after it
    (SQLite frees the pages over the usual size at once)."""
    connection = session.connection()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{LARGE_READ_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")


ANALYSIS_LIMIT = 1000  # rows read per index: the statistics of a province's millions in a fraction of a second


def optimize(db: Database) -> None:
    """Refresh the statistics SQLite's query planner uses, after a big change (an office's
    import of packages: from nothing to a province's millions of rows). Bounded by
    `analysis_limit`, so it costs about as much at a province as at a commune.

    SQLite 3.46 and later keep them with `PRAGMA optimize` over every table; older versions'
    optimize only looks at tables this connection has queried, so there it is a bounded ANALYZE."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        if sqlite3.sqlite_version_info >= (3, 46, 0):
            connection.exec_driver_sql("PRAGMA optimize=0x10002")
        else:
            connection.exec_driver_sql("ANALYZE")
        connection.commit()


def sqlite_problem(error: BaseException, path: Path | None = None) -> DatabaseProblem | None:
    """SQLite's failures of the file itself (damaged, truncated, full disk, locked, read-only)
    as a message the user can act on; None for anything else (a broken constraint is a bug).
    With the file's `path`, a file that cannot be opened is told apart from a damaged one."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.IntegrityError):
        return translate_operational_error(cause, path)
    return None


def _folder_is_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _read_only(path: Path | None) -> DatabaseProblem:
    if path is None:
        return DatabaseProblem(_("The database file can only be read, not written (it or its folder "
                                 "is read-only). Copy it to a folder you can write to, such as "
                                 "Documents, and open that copy."), "read_only")
    return DatabaseProblem(_("The database {name} can only be read, not written: its folder {folder} "
                             "is read-only (a CD, a protected folder or a locked USB stick), or "
                             "this account may not write there. The file is not damaged. Copy it "
                             "to a folder you can write to, such as Documents, and open that "
                             "copy.").format(name=path.name, folder=path.parent), "read_only")


def translate_operational_error(error: Exception, path: Path | None = None) -> DatabaseProblem:
    """Turn SQLite's failures a user can act on into a clear message, never SQLite's own text
    except, for support, after an unknown failure."""
    detail = str(error).lower()
    if "disk is full" in detail or "database or disk is full" in detail:
        return DatabaseProblem(_("The disk is full. Free some space, then try again; nothing was lost."),
                               "full")
    if "locked" in detail or "busy" in detail:
        return DatabaseProblem(_("The database is in use by another program or window, which holds it "
                                 "locked. Close that program or window, then try again; nothing was "
                                 "lost."), "busy")
    if "readonly" in detail or "read-only" in detail:
        return _read_only(path)
    if "unable to open" in detail and path is not None:
        if not _folder_is_writable(path.parent):
            return _read_only(path)
        return DatabaseProblem(_("The database {name} cannot be opened. Check that the disk or USB "
                                 "stick holding it is still connected, then try again.").format(
                                     name=path.name), "disk")
    if "disk i/o error" in detail:
        return DatabaseProblem(_("The disk holding the database could not be read or written (a "
                                 "removed USB stick or a failing disk). Check the disk, then start "
                                 "again; what was saved before is kept."), "disk")
    if "malformed" in detail or "not a database" in detail:
        return DatabaseProblem(_("The database file is damaged. Restore it from a backup (in the “backups” folder beside it)."),
                               "damaged")
    return DatabaseProblem(_("The database could not be used (SQLite says: {detail}).").format(
        detail=error))


def quick_check(engine: Engine) -> list[str]:
    """SQLite's quick_check; an empty list means the file is sound. Damage is a finding (a file
    that is not SQLite fails here too); a file that cannot be read at all (a read-only folder, a
    lock, a full disk) raises its DatabaseProblem: it was not checked, so it is not called
    damaged."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("PRAGMA quick_check")).scalars().all()
    except Exception as error:
        path = Path(engine.url.database) if engine.url.database else None
        problem = sqlite_problem(error, path)
        if problem is not None and problem.kind != "damaged":
            raise problem from error
        cause = error.orig if isinstance(error, DBAPIError) else error
        return [str(cause)]
    return [] if rows == ["ok"] else [str(row) for row in rows]


def _refuse_network_folder(path: Path) -> None:
    from desktop.store.location import is_network_path

    if is_network_path(path.parent if not path.exists() else path):
        raise DatabaseProblem(_(
            "{path} is in a network folder (a folder shared from another computer). CLC Ledger keeps "
            "its records safe through a power cut only on a disk of this computer, so it does not "
            "open files over the network. Copy the file to a folder on this computer, such as "
            "Documents, and open that copy; to share records with the office, send packages "
            "instead.").format(path=path), "network")


def open_database(path: Path, *, create: bool = True, backup_folder: Path | None = None,
                  check_integrity: bool = True, progress: Progress | None = None) -> Database:
    """Open (or create) a database file: integrity check, backup, migrations to head.

    The window passes check_integrity=False and runs `quick_check` just after it shows, off the
    GUI thread, because on years of data the check is the slowest part of start-up.
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseProblem(_("{path} is a folder, not a database file.").format(path=path))
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseProblem(_("There is no database at {path}.").format(path=path))
    if not exists and not path.parent.is_dir():
        raise DatabaseProblem(_("The folder {folder} does not exist.").format(folder=path.parent))
    if exists:
        check_sqlite_header(path)
        _refuse_foreign(path)
    _refuse_network_folder(path)
    try:
        engine = make_engine(path)
        if exists and check_integrity:
            problems = quick_check(engine)
            if problems:
                engine.dispose()
                raise DatabaseProblem(
                    _("The database file is damaged ({problem}). Restore it from a backup.").format(
                        problem=problems[0]), "damaged")
        if _stored_revision(engine) != HEAD_REVISION:
            from desktop.store import migrate  # late: Alembic costs start-up time

            migrate.upgrade_to_head(engine, path=path if exists else None, backup_folder=backup_folder,
                                    progress=progress)
        _ensure_installation(engine)
    except Exception as error:
        # a truncated or damaged file fails here when the window skips the full check
        problem = sqlite_problem(error, path)
        if problem is not None:
            raise problem from error
        raise
    return Database(path, engine)


def needs_upgrade(path: Path) -> bool:
    """Whether opening this existing file will upgrade its schema (which can take a while on years
    of records, so the window and the CLI show its progress). Read with the bare driver,
    read-only: at every start, before the window shows."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:  # a damaged, foreign or empty file: opening it says so
        return False
    return row is not None and row[0] != HEAD_REVISION


def _stored_revision(engine: Engine) -> str | None:
    """The schema revision written in the file, without loading Alembic."""
    with engine.connect() as connection:
        has_table = connection.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
        if not has_table:
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _refuse_foreign(path: Path) -> None:
    """Another program's SQLite file (tables, none of them ours) is refused before anything is
    written to it, not even the switch to WAL. Read with the bare driver, read-only."""
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:  # damaged, locked or unreadable: opening it says which
        return
    if tables and "alembic_version" not in tables:
        raise DatabaseProblem(_("{name} is the database of another program, not of CLC Ledger; it "
                                "was left as it is. Choose the CLC Ledger data file.").format(name=path.name))


def _ensure_installation(engine: Engine) -> None:
    """A new database gets its installation identity once.

    Core, not the ORM: this runs before the window shows, and the first ORM query (configuring
    every mapper) can wait until the window has painted."""
    table, nodes = Installation.__table__, SyncNode.__table__
    with engine.connect() as connection:
        if connection.execute(select(table.c.id).limit(1)).first() is not None:
            return
    with engine.connect().execution_options(**{BEGIN_OPTION: "IMMEDIATE"}) as connection, connection.begin():
        if connection.execute(select(table.c.id).limit(1)).first() is None:
            installation_id = new_id()
            node = connection.execute(insert(nodes).values(uuid=installation_id, kind=INSTALLATION)
                                      .returning(nodes.c.number)).scalar_one()
            connection.execute(insert(table).values(id=installation_id, created_at=dt.datetime.now(),
                                                    last_change_seq=0, node=node))


def check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise DatabaseProblem(_("The database {name} cannot be read: {reason}.").format(
            name=path.name, reason=os_error_reason(error))) from error
    if header != b"SQLite format 3\x00":
        raise DatabaseProblem(
            _("{name} is not a CLC Ledger database (it is not an SQLite file).").format(name=path.name))
