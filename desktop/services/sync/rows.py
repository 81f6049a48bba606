"""Records as they travel: one JSON object per row, the same whatever the stored form.

Ids are canonical UUID text, the origin is the centre's id (`origin_centre_id`), the version is
the clock's text form with the installation that wrote it, dates are ISO text. Photos travel as
separate members. `book_counter` stays home: counters hand out local numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, LargeBinary, Table

from desktop.store.identity import HlcTimestamp, id_to_bytes
from desktop.store.models import load_all_models
from desktop.store.types import CompactId

LOCAL_TABLES = {"book_counter"}
SYNC_COLUMNS = {"id", "origin", "version", "version_node", "change_seq", "deleted"}
MEDIA_TABLE, MEDIA_COLUMN = "session_evidence", "content"


class RowProblem(ValueError):
    """A travelling row that cannot be stored as it is (the reason is shown in the report)."""


def _id(value: Any) -> str:
    if not isinstance(value, str):
        raise RowProblem("not an id")
    try:
        id_to_bytes(value)
    except ValueError as error:
        raise RowProblem("not an id") from error
    return value.lower()


def _integer(value: Any) -> int:
    if type(value) is not int or not -(2**62) < value < 2**62:
        raise RowProblem("not a whole number")
    return value


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise RowProblem("not true or false")
    return value


def _text(limit: int | None) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if not isinstance(value, str) or (limit is not None and len(value) > limit):
            raise RowProblem("not text of the expected length")
        return value
    return read


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise RowProblem("not a date") from error


def _datetime(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise RowProblem("not a date and time") from error


@dataclass(frozen=True)
class TableCodec:
    """How one table's rows are written to and read from a package."""

    table: Table
    columns: tuple[str, ...]  # the table's own columns, sync columns apart
    exporters: tuple[Callable[[Any], Any] | None, ...]
    importers: tuple[Callable[[Any], Any], ...]
    nullable: tuple[bool, ...]

    @property
    def name(self) -> str:
        return self.table.name


def _codec(table: Table) -> TableCodec:
    columns, exporters, importers, nullable = [], [], [], []
    for column in table.columns:
        if column.name in SYNC_COLUMNS or (table.name, column.name) == (MEDIA_TABLE, MEDIA_COLUMN):
            continue
        kind = column.type
        export: Callable[[Any], Any] | None = None
        if isinstance(kind, CompactId):
            read: Callable[[Any], Any] = _id
        elif isinstance(kind, Boolean):
            read = _boolean
        elif isinstance(kind, (Integer, BigInteger)):
            read = _integer
        elif isinstance(kind, DateTime):
            read, export = _datetime, dt.datetime.isoformat
        elif isinstance(kind, Date):
            read, export = _date, dt.date.isoformat
        elif isinstance(kind, LargeBinary):
            raise TypeError(f"{table.name}.{column.name}: binary columns travel as media")
        else:
            read = _text(getattr(kind, "length", None))
        columns.append(column.name)
        exporters.append(export)
        importers.append(read)
        nullable.append(bool(column.nullable))
    return TableCodec(table, tuple(columns), tuple(exporters), tuple(importers), tuple(nullable))


_CODECS: dict[str, TableCodec] | None = None


def codecs() -> dict[str, TableCodec]:
    """Every travelling table, parents before children (the order packages carry them in)."""
    global _CODECS
    if _CODECS is None:
        _CODECS = {model.__table__.name: _codec(model.__table__)  # type: ignore[attr-defined]
                   for model in load_all_models() if model.__tablename__ not in LOCAL_TABLES}
    return _CODECS


def export_rows(codec: TableCodec, rows: Iterable[Any], nodes: dict[int, str]) -> Iterator[dict[str, Any]]:
    """Stored rows (with every column) as package rows."""
    pairs = list(zip(codec.columns, codec.exporters))
    for row in rows:
        mapping = row._mapping
        record: dict[str, Any] = {
            "id": mapping["id"],
            "origin_centre_id": nodes[mapping["origin"]],
            "version": HlcTimestamp.unpack(mapping["version"], nodes[mapping["version_node"]]).encode(),
            "change_seq": mapping["change_seq"],
            "deleted": bool(mapping["deleted"]),
        }
        for name, export in pairs:
            value = mapping[name]
            record[name] = value if value is None or export is None else export(value)
        yield record


@dataclass(frozen=True)
class IncomingRow:
    """A package row read and checked, ready to store (node numbers are resolved by the caller)."""

    id: str
    origin_centre_id: str
    clock: HlcTimestamp
    change_seq: int
    deleted: bool
    values: dict[str, Any]


def read_row(codec: TableCodec, record: Any) -> IncomingRow:
    """Check a package row against the table; RowProblem names what is wrong."""
    if not isinstance(record, dict):
        raise RowProblem("not a record")
    try:
        record_id = _id(record.get("id"))
        origin = _id(record.get("origin_centre_id"))
        version_text = record.get("version")
        if not isinstance(version_text, str) or len(version_text) > 64:
            raise RowProblem("no version")
        try:
            clock = HlcTimestamp.decode(version_text)
            _id(clock.node)
        except (ValueError, RowProblem) as error:
            raise RowProblem("a version that is not a clock reading") from error
        if not (0 <= clock.counter <= 999_999 and 0 <= clock.millis < 10**15):
            raise RowProblem("a version that is not a clock reading")
        change_seq = _integer(record.get("change_seq"))
        deleted = _boolean(record.get("deleted"))
    except RowProblem:
        raise
    values: dict[str, Any] = {}
    for name, read, can_be_null in zip(codec.columns, codec.importers, codec.nullable):
        value = record.get(name)
        if value is None:
            if not can_be_null and name not in record:
                raise RowProblem(f"no {name}")
            if not can_be_null:
                raise RowProblem(f"{name} is empty")
            values[name] = None
            continue
        try:
            values[name] = read(value)
        except RowProblem as error:
            raise RowProblem(f"{name}: {error}") from None
    return IncomingRow(record_id, origin, clock, change_seq, deleted, values)
