"""Read some rows of a table as they were, without writing the database (issue 16).

`shadow_rows` copies the rows into a temporary table of this connection, changes them there, and
puts a temporary view of the table's name in front of the stored table (SQLite, like PostgreSQL,
finds a temporary object before a stored one of the same name). Every later query on this
connection reads the shadowed rows in place of the stored ones, until `drop_shadow`. Nothing is
written to the database file, so no write lock is taken or waited for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, bindparam, insert, select, update

SHADOW_PREFIX = "shadow_"
CHUNK = 2000


def shadow_rows(connection: Connection, table: Table, changes: dict[str, dict[str, Any]]) -> None:
    """Shadow the rows whose ids are the keys of `changes`, each with its columns as given."""
    name, shadow = table.name, SHADOW_PREFIX + table.name
    connection.exec_driver_sql(f'CREATE TEMP TABLE "{shadow}" AS SELECT * FROM main."{name}" WHERE 0')
    # written the way the stored table's columns write them (ids as bytes, dates as text)
    copy = Table(shadow, MetaData(), *(Column(column.name, column.type) for column in table.columns), schema="temp")
    ids = list(changes)
    for start in range(0, len(ids), CHUNK):
        connection.execute(insert(copy).from_select([column.name for column in table.columns],
                                                    select(*table.columns).where(table.c.id.in_(ids[start:start + CHUNK]))))
    columns = sorted({column for values in changes.values() for column in values})
    if columns:
        statement = (update(copy).where(copy.c.id == bindparam("record_id"))
                     .values({column: bindparam(f"v_{column}") for column in columns}))
        connection.execute(statement, [{"record_id": record_id, **{f"v_{column}": values[column] for column in columns}}
                                       for record_id, values in changes.items()])
    connection.exec_driver_sql(f'CREATE UNIQUE INDEX temp."{shadow}_id" ON "{shadow}" (id)')
    connection.exec_driver_sql(
        f'CREATE TEMP VIEW "{name}" AS SELECT * FROM main."{name}" WHERE id NOT IN (SELECT id FROM temp."{shadow}") '
        f'UNION ALL SELECT * FROM temp."{shadow}"')


def drop_shadows(connection: Connection, names: Iterable[str]) -> None:
    """The stored tables read again on this connection."""
    for name in names:
        connection.exec_driver_sql(f'DROP VIEW IF EXISTS temp."{name}"')
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS temp."{SHADOW_PREFIX}{name}"')
