"""Records as they travel: one JSON object per row, the same whatever the stored form.

Ids are canonical UUID text, the origin is the centre's id (`origin_centre_id`), the version is
the clock's text form with the installation that wrote it, dates are ISO text. Photos travel as
separate members. `book_counter` stays home: counters hand out local numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, LargeBinary, Table

from desktop.store.identity import COUNTER_BITS, HlcTimestamp
from desktop.store.models import load_all_models
from desktop.store.types import CompactId

LOCAL_TABLES = {"book_counter"}
SYNC_COLUMNS = {"id", "origin", "version", "version_node", "change_seq", "deleted"}
MEDIA_TABLE, MEDIA_COLUMN = "session_evidence", "content"


class RowProblem(ValueError):
    """A travelling row that cannot be stored as it is (the reason is shown in the report)."""


_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _id(value: Any) -> str:
    """An id as this app writes it: lower-case canonical UUID text (anything else is set aside)."""
    if type(value) is not str or _ID.fullmatch(value) is None:
        raise RowProblem("not an id")
    return value


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
    read.text_limit = limit  # type: ignore[attr-defined]
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
    checks: tuple[tuple[str, Callable[[Any], Any], int, int | None, bool], ...] = ()
    index: dict[str, int] = field(default_factory=dict)
    check: Callable[[dict[str, Any]], tuple[Any, ...]] = field(default=lambda record: ())

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
    checks = tuple((name, read, _kind(read), getattr(read, "text_limit", None), can_be_null)
                   for name, read, can_be_null in zip(columns, importers, nullable))
    return TableCodec(table, tuple(columns), tuple(exporters), tuple(importers), tuple(nullable), checks,
                      {name: number for number, name in enumerate(columns)},
                      _compile_check(checks, _defaults_for_older_packages(table)))


def _defaults_for_older_packages(table: Table) -> dict[str, Any]:
    """A required column added by a later revision, with a plain default: a package from an app of
    before it has no such field, and its rows take the default, as the migration gave the rows
    already held (rather than being set aside for a field their app never knew)."""
    return {column.name: column.default.arg for column in table.columns
            if not column.nullable and column.default is not None and column.default.is_scalar}


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


@dataclass(slots=True)
class IncomingRow:
    """A package row read and checked, ready to store (node numbers are resolved by the caller).

    Plain slots, not frozen: an office makes millions of these."""

    id: str
    origin_centre_id: str
    writer: str  # the installation whose clock gave the version
    packed: int  # the clock as one integer (see store.identity)
    change_seq: int
    deleted: bool
    fields: tuple[Any, ...]  # the table's own columns, in TableCodec.columns order
    codec: TableCodec

    @property
    def clock(self) -> HlcTimestamp:
        return HlcTimestamp.unpack(self.packed, self.writer)

    def value(self, name: str) -> Any:
        return self.fields[self.codec.index[name]]

    @property
    def values(self) -> dict[str, Any]:
        return dict(zip(self.codec.columns, self.fields))


_VERSION = re.compile(r"(\d{15})-(\d{6})-(" + _ID.pattern + ")")
ID_KIND, TEXT_KIND, INT_KIND, BOOL_KIND, OTHER_KIND = range(5)


def _kind(read: Callable[[Any], Any]) -> int:
    if read is _id:
        return ID_KIND
    if read is _integer:
        return INT_KIND
    if read is _boolean:
        return BOOL_KIND
    if getattr(read, "text_limit", False) is not False:
        return TEXT_KIND
    return OTHER_KIND


def _compile_check(checks: tuple[tuple[str, Callable[[Any], Any], int, int | None, bool], ...],
                   defaults: dict[str, Any] | None = None) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """One straight-line function per table that checks a row's own columns and returns them in
    order. Written out once (as `dataclasses` does) because an office checks millions of rows,
    and a loop over the columns costs twice as much as the checks themselves."""
    lines = ["def check(record):"]
    namespace: dict[str, Any] = {"RowProblem": RowProblem, "id_match": _ID.fullmatch, "str": str, "int": int,
                                 "bool": bool, "type": type, "len": len}
    for number, (name, read, kind, limit, can_be_null) in enumerate(checks):
        value = f"v{number}"
        lines.append(f"    {value} = record.get({name!r})")
        lines.append(f"    if {value} is None:")
        if can_be_null:
            lines.append("        pass")
        elif defaults and name in defaults:
            namespace[f"default{number}"] = defaults[name]
            lines += [f"        if {name!r} in record:",
                      f"            raise RowProblem({(name + ' is empty')!r})",
                      f"        {value} = default{number}"]
        else:
            lines.append(f"        raise RowProblem({('no ' + name)!r} if {name!r} not in record else "
                         f"{(name + ' is empty')!r})")
        if kind == ID_KIND:
            lines += [f"    elif type({value}) is not str or id_match({value}) is None:",
                      f"        raise RowProblem({(name + ': not an id')!r})"]
        elif kind == TEXT_KIND:
            too_long = f" or len({value}) > {limit}" if limit is not None else ""
            lines += [f"    elif type({value}) is not str{too_long}:",
                      f"        raise RowProblem({(name + ': not text of the expected length')!r})"]
        elif kind == INT_KIND:
            lines += [f"    elif type({value}) is not int or not -(2**62) < {value} < 2**62:",
                      f"        raise RowProblem({(name + ': not a whole number')!r})"]
        elif kind == BOOL_KIND:
            lines += [f"    elif type({value}) is not bool:",
                      f"        raise RowProblem({(name + ': not true or false')!r})"]
        else:
            namespace[f"read{number}"] = read
            lines += ["    else:", "        try:", f"            {value} = read{number}({value})",
                      "        except RowProblem as error:",
                      f"            raise RowProblem({name!r} + ': ' + str(error)) from None"]
    lines.append(f"    return ({''.join(f'v{number}, ' for number in range(len(checks)))})")
    exec("\n".join(lines), namespace)  # noqa: S102 - our own code, built from the table's columns
    return namespace["check"]  # type: ignore[no-any-return]


def read_row(codec: TableCodec, record: Any) -> IncomingRow:
    """Check a package row against the table; RowProblem names what is wrong.

    Hot: an office reads millions of rows, so the common kinds are checked inline."""
    if type(record) is not dict:
        raise RowProblem("not a record")
    record_id, origin = record.get("id"), record.get("origin_centre_id")
    if type(record_id) is not str or _ID.fullmatch(record_id) is None:
        raise RowProblem("id: not an id")
    if type(origin) is not str or _ID.fullmatch(origin) is None:
        raise RowProblem("origin_centre_id: not an id")
    version_text = record.get("version")
    match = _VERSION.fullmatch(version_text) if type(version_text) is str else None
    if match is None:
        raise RowProblem("a version that is not a clock reading")
    millis, counter, writer = match.groups()
    change_seq = _integer(record.get("change_seq"))
    deleted = _boolean(record.get("deleted"))
    return IncomingRow(record_id, origin, writer, (int(millis) << COUNTER_BITS) | int(counter), change_seq,
                       deleted, codec.check(record), codec)
