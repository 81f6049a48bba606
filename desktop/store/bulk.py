"""Bulk writes of many rows at once (sync imports), at the speed of the driver.

SQLAlchemy turns each value of an executemany through its type's processor, one dict at a time:
for a province's import that costs more than SQLite's own work. On SQLite the values are made
ready here once per column and handed to the driver as tuples; other databases (PostgreSQL for a
province office) get the same rows through Core, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session as OrmSession

from desktop.store.types import CompactId

Converter = Callable[[Any], Any] | None


def _id_bytes(text: str) -> bytes:
    """Ids here were checked as canonical UUID text by the caller (sync's row reader)."""
    return bytes.fromhex(text.replace("-", ""))


def _converters(table: Table, columns: Sequence[str], dialect: Any) -> list[Converter]:
    converters: list[Converter] = []
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, CompactId):
            converters.append(_id_bytes)
        else:
            processor = column_type.dialect_impl(dialect).bind_processor(dialect)
            converters.append(None if column_type.__class__.__name__ == "LargeBinary" else processor)
    return converters


def _prepared(rows: Sequence[Sequence[Any]], converters: list[Converter]) -> list[tuple[Any, ...]]:
    """Convert column by column (a tight loop per column, not a generator per row)."""
    columns = [list(values) for values in zip(*rows)]
    for index, convert in enumerate(converters):
        if convert is not None:
            columns[index] = [None if value is None else convert(value) for value in columns[index]]
    return list(zip(*columns))


def insert_rows(session: OrmSession, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT every row (a tuple of Python values in `columns` order; ids as canonical text)."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _name in columns)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
                               _prepared(rows, _converters(table, columns, dialect)))


def update_rows(session: OrmSession, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE each row by its id; `columns` starts with "id", the key, then the columns to set."""
    if not rows:
        return
    assert columns[0] == "id"
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        statement = update(table).where(table.c.id == bindparam("_key"))
        connection.execute(statement, [{"_key": row[0], **dict(zip(columns[1:], row[1:]))} for row in rows])
        return
    assignments = ", ".join(f'"{name}" = ?' for name in columns[1:])
    converters = _converters(table, columns, dialect)
    prepared = [(*row[1:], row[0]) for row in _prepared(rows, converters)]
    connection.exec_driver_sql(f'UPDATE "{table.name}" SET {assignments} WHERE id = ?', prepared)
