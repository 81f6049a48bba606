"""compact storage: 16-byte ids, one-integer clocks, local node numbers, pruned indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

Every syncable table is rebuilt (SQLite's way of changing column types): ids and references
become 16 bytes, the origin centre and the clock's installation become local numbers in
`sync_node`, the clock text becomes one integer, and created_at / updated_at go (the UUIDv7 id and
the clock already say when). Numbers that were unique per database become unique per origin
centre. Indexes that were a prefix of another go; one (origin, change_seq) index replaces two.
Everything runs in the one transaction the app opens for migrations, with foreign keys off
while tables are swapped and checked before commit (the app does both: store.migrate).

The table list and the new constraints are written out here, not read from the models, so this
migration keeps doing the same thing whatever the models become later.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Parents before children (the rebuild order does not matter with foreign keys off, but a
# stable order gives stable progress).
SYNCABLE_TABLES = (
    "centre", "village", "learner", "activity", "enrolment", "session", "attendance", "walk_in",
    "session_evidence", "book_title", "book_intake", "book_weeding", "book_copy", "book_counter",
    "book_reader", "book_loan", "book_incident", "book_stocktake", "book_stocktake_scan",
    "book_stocktake_item",
)

# Unique per database before, unique per origin centre now (the number first, so look-ups by
# number alone still use the index).
PER_ORIGIN_UNIQUES = {
    ("activity", "uq_activity_code"): ("code", "origin"),
    ("book_copy", "uq_book_copy_accession_number"): ("accession_number", "origin"),
    ("book_copy", "uq_book_copy_external_code"): ("external_code", "origin"),
    ("book_counter", "uq_book_counter_name"): ("name", "origin"),
    ("book_reader", "uq_book_reader_card_number"): ("card_number", "origin"),
    ("book_intake", "uq_book_intake_entry_year_number"): ("entry_year", "entry_number", "origin"),
}

# A prefix of a unique index, or never used by a query.
DROPPED_INDEXES = {"ix_enrolment_activity_id", "ix_attendance_session_id", "ix_attendance_learner_id"}

DROPPED_COLUMNS = {"created_at", "updated_at"}


def _id_bytes(text: str | None) -> bytes | None:
    if text is None:
        return None
    return bytes.fromhex(text.replace("-", ""))


def _clock_packed(text: str) -> int:
    millis, counter, _node = text.split("-", 2)
    return (int(millis) << 20) | int(counter)


def _clock_installation(text: str) -> str:
    return text.split("-", 2)[2]


class _Nodes:
    """The sync_node numbers, given as ids are met."""

    def __init__(self, connection: sa.Connection, table: sa.Table) -> None:
        self.connection = connection
        self.table = table
        self.numbers: dict[str, int] = {}

    def number(self, uuid: str | None, kind: str) -> int | None:
        if uuid is None:
            return None
        number = self.numbers.get(uuid)
        if number is None:
            number = self.connection.execute(
                sa.insert(self.table).values(uuid=_id_bytes(uuid), kind=kind)
                .returning(self.table.c.number)).scalar_one()
            self.numbers[uuid] = number
        return number


def _progress():
    return op.get_context().config.attributes.get("progress") if op.get_context().config else None


def upgrade() -> None:
    connection = op.get_bind()
    progress = _progress()
    nodes_table = op.create_table(
        'sync_node',
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.LargeBinary(length=16), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint('number', name=op.f('pk_sync_node')),
        sa.UniqueConstraint('uuid', name=op.f('uq_sync_node_uuid')),
    )
    nodes = _Nodes(connection, nodes_table)
    installation = connection.execute(sa.text(
        "SELECT id, centre_id, created_at, last_hlc, last_change_seq FROM installation")).first()
    if installation is not None:
        nodes.number(installation.id, "installation")
    for table in SYNCABLE_TABLES:
        for (origin,) in connection.execute(sa.text(f"SELECT DISTINCT origin_centre_id FROM {table}")):
            nodes.number(origin, "centre")
        for (version,) in connection.execute(sa.text(f"SELECT DISTINCT substr(version, 24) FROM {table}")):
            nodes.number(version, "installation")

    driver = connection.connection.driver_connection
    driver.create_function("clc_id", 1, _id_bytes, deterministic=True)
    driver.create_function("clc_clock", 1, _clock_packed, deterministic=True)
    driver.create_function("clc_node", 1, lambda uuid: nodes.numbers[uuid], deterministic=True)
    driver.create_function("clc_clock_node", 1, lambda text: nodes.numbers[_clock_installation(text)],
                           deterministic=True)

    counts = {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
              for table in SYNCABLE_TABLES}
    total, done = sum(counts.values()) or 1, 0
    for table in SYNCABLE_TABLES:
        if progress is not None:
            progress.check()  # Cancel rolls the whole upgrade back: the file stays as it was
            progress.report(done, total, table)
        _rebuild(connection, table)
        done += counts[table]
    _rebuild_installation(connection, installation, nodes)
    if progress is not None:
        progress.report(total, total, "")
    op.get_context().config.attributes["vacuum"] = True


def _rebuild(connection: sa.Connection, name: str) -> None:
    inspector = sa.inspect(connection)
    old = sa.Table(name, sa.MetaData(), autoload_with=connection)
    new_name = f"_new_{name}"
    columns: list[sa.Column] = []
    selects: list[str] = []
    for column in old.columns:
        if column.name in DROPPED_COLUMNS:
            continue
        if column.name == "origin_centre_id":
            columns.append(sa.Column("origin", sa.Integer(), nullable=False))
            selects.append("clc_node(origin_centre_id)")
        elif column.name == "version":
            columns.append(sa.Column("version", sa.BigInteger(), nullable=False))
            columns.append(sa.Column("version_node", sa.Integer(), nullable=False))
            selects += ["clc_clock(version)", "clc_clock_node(version)"]
        elif isinstance(column.type, sa.String) and column.type.length == 36:
            columns.append(sa.Column(column.name, sa.LargeBinary(length=16), nullable=column.nullable))
            selects.append(f"clc_id({column.name})")
        else:
            columns.append(sa.Column(column.name, column.type, nullable=column.nullable))
            selects.append(column.name)
    constraints: list[sa.Constraint] = [sa.PrimaryKeyConstraint("id", name=f"pk_{name}")]
    metadata = sa.MetaData()
    for foreign_key in inspector.get_foreign_keys(name):
        if foreign_key["referred_table"] not in metadata.tables:  # a stand-in, never created
            sa.Table(foreign_key["referred_table"], metadata, sa.Column("id", sa.LargeBinary(16)))
        constraints.append(sa.ForeignKeyConstraint(
            foreign_key["constrained_columns"],
            [f"{foreign_key['referred_table']}.{column}" for column in foreign_key["referred_columns"]],
            name=foreign_key["name"]))
    for unique in inspector.get_unique_constraints(name):
        columns_of = PER_ORIGIN_UNIQUES.get((name, unique["name"]), unique["column_names"])
        constraints.append(sa.UniqueConstraint(*columns_of, name=unique["name"]))
    index_sql = connection.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :table "
        "AND sql IS NOT NULL"), {"table": name}).all()
    sa.Table(new_name, metadata, *columns, *constraints).create(connection)
    targets = ", ".join(column.name for column in columns)
    connection.exec_driver_sql(
        f"INSERT INTO {new_name} ({targets}) SELECT {', '.join(selects)} FROM {name} ORDER BY id")
    connection.exec_driver_sql(f"DROP TABLE {name}")
    connection.exec_driver_sql(f"ALTER TABLE {new_name} RENAME TO {name}")
    for index_name, sql in index_sql:
        if index_name in DROPPED_INDEXES or index_name.endswith(("_change_seq", "_origin_centre_id")):
            continue
        connection.exec_driver_sql(sql)
    connection.exec_driver_sql(f"CREATE INDEX ix_{name}_origin_change_seq ON {name} (origin, change_seq)")


def _rebuild_installation(connection: sa.Connection, installation: sa.Row | None, nodes: _Nodes) -> None:
    op.drop_table("installation")
    table = op.create_table(
        'installation',
        sa.Column('id', sa.LargeBinary(length=16), nullable=False),
        sa.Column('centre_id', sa.LargeBinary(length=16), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_clock', sa.BigInteger(), nullable=True),
        sa.Column('last_change_seq', sa.Integer(), nullable=False),
        sa.Column('node', sa.Integer(), nullable=True),
        sa.Column('centre_node', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_installation')),
    )
    if installation is None:
        return
    connection.execute(sa.insert(table).values(
        id=_id_bytes(installation.id), centre_id=_id_bytes(installation.centre_id),
        created_at=dt.datetime.fromisoformat(str(installation.created_at)),
        last_clock=_clock_packed(installation.last_hlc) if installation.last_hlc else None,
        last_change_seq=installation.last_change_seq,
        node=nodes.number(installation.id, "installation"),
        centre_node=nodes.number(installation.centre_id, "centre")))


def downgrade() -> None:
    raise NotImplementedError(
        "0003 is not reversed in place: restore the backup made before the upgrade")
