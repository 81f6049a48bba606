"""Column types: a record id stored compactly, seen as text everywhere above the store.

SQLite keeps an id as 16 bytes (a third of its 36-character text, and so are the indexes that
repeat it); PostgreSQL as its native uuid. Services, packages and logs only ever see the
canonical text, so the stored form can change without touching them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from desktop.store.identity import id_from_bytes, id_to_bytes


NOT_AN_ID = b""  # no stored id is empty


class CompactId(TypeDecorator[str]):
    """A UUID record id: `str` in Python, 16 bytes in SQLite, `uuid` in PostgreSQL."""

    impl = LargeBinary(16)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql  # late: 40 ms of start-up a centre never needs

            return dialect.type_descriptor(postgresql.UUID(as_uuid=False))
        return dialect.type_descriptor(LargeBinary(16))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        try:
            return id_to_bytes(value)
        except (ValueError, TypeError):
            # Text that is not an id (a typed code, a stale link) finds nothing, as it did when
            # ids were stored as text; as a reference it fails the foreign key.
            return NOT_AN_ID

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or dialect.name == "postgresql":
            return value
        return id_from_bytes(value)

    @property
    def python_type(self) -> type[str]:
        return str


class RawId(TypeDecorator[Any]):
    """A record id read as stored (16 bytes in SQLite, the uuid text in PostgreSQL), for reads
    of hundreds of thousands of ids that are only compared with each other (the reports): an
    opaque key, never shown, bound back as it came. See `raw_id`."""

    impl = LargeBinary(16)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return CompactId().load_dialect_impl(dialect)

    # no processing at all either way: the driver's own value (bytes, or what the PostgreSQL
    # driver gives for a uuid) goes through untouched, which is the point
    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


def raw_id(column: Any) -> Any:
    """`column` (an id column) read and compared in its stored form, without conversion."""
    from sqlalchemy import type_coerce

    return type_coerce(column, RawId())
