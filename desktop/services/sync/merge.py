"""Merging a package's rows into an office database: classify every row, then apply.

Portable SQL only (SQLAlchemy Core, tuple IN, savepoints): a province office will run this on
PostgreSQL. The rules are the same at every office, so every office reaches the same state:
- a row is new, an update (a later clock), unchanged (the same clock), or older (ignored);
- clocks are compared as (reading, installation id, record id); no edit can be later than the
  moment its package reached the office, so a reading ahead of that (a PC once set to 2035) is
  stored as that moment and noted: it does not win every later edit;
- two ids on one natural key (a mark for one session and learner made on two PCs): the later
  (clock, installation, id) stays; in a leaf table the other is removed, elsewhere the newcomer
  is set aside; either way it is counted as a conflict and named in the report;
- a row whose origin is not the sending centre, which refers to a record the office does not
  hold, or which does not fit the table, is set aside with the reason; the one exception is a
  former centre merged into the sender (issue 16): its rows come with the new centre's packages,
  and the office keeps each such row as it was before the new centre first changed it, so a
  period before the merger is reported as it was (`merger_original`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from desktop.services.sync.merger_originals import keep_originals, replace_originals
from desktop.services.sync.rows import MEDIA_COLUMN, MEDIA_TABLE, IncomingRow, RowProblem, TableCodec, read_row
from desktop.store.bulk import insert_rows, update_rows
from desktop.store.identity import COUNTER_BITS, wall_millis
from desktop.store.sync_nodes import CENTRE, INSTALLATION, node_number, node_uuids
from desktop.sync.digest import StateDigest

TOLERANCE_MS = 60 * 60 * 1000  # PCs' clocks differ by minutes, not hours
LEAF_TABLES = {"attendance", "enrolment", "book_stocktake_scan", "book_stocktake_item"}
BATCH = 2000
CATEGORIES = ("new", "updated", "unchanged", "older", "deleted", "conflict", "set_aside")


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    deleted: int = 0
    conflict: int = 0
    set_aside: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CATEGORIES}


@dataclass(frozen=True)
class SetAside:
    table: str
    record_id: str
    reason: str
    row: dict[str, Any]


@dataclass
class MergeState:
    """What one package's merge has seen so far."""

    centre_id: str
    counts: dict[str, TableCounts] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    clock_ahead: int = 0
    written: dict[str, set[str]] = field(default_factory=dict)  # ids stored by this package
    _nodes: dict[str, int] = field(default_factory=dict)
    _uuids: dict[int, str] = field(default_factory=dict)
    cap: int = 0
    digest_change: StateDigest = field(default_factory=StateDigest)  # of the centre's records held
    empty_before: dict[str, bool] = field(default_factory=dict)
    formers: frozenset[str] = frozenset()  # former centres merged into the sender: their rows come too
    merged_away: bool = False  # the sender was merged into another centre (its last package came late)

    def accepts(self, origin: str) -> bool:
        return origin == self.centre_id or origin in self.formers

    def counts_of(self, table: str) -> TableCounts:
        return self.counts.setdefault(table, TableCounts())


def start_merge(session: OrmSession, centre_id: str, formers: frozenset[str] = frozenset()) -> MergeState:
    from desktop.store.merger_models import CentreMerger

    state = MergeState(centre_id, formers=formers)
    state.merged_away = session.execute(select(CentreMerger.id).where(
        CentreMerger.former_centre_id == centre_id, CentreMerger.deleted.is_(False)).limit(1)).first() is not None
    state._uuids = node_uuids(session)
    state._nodes = {uuid: number for number, uuid in state._uuids.items()}
    state.cap = (wall_millis() + TOLERANCE_MS) << COUNTER_BITS
    return state


def _node(session: OrmSession, state: MergeState, uuid: str, kind: str) -> int:
    number = state._nodes.get(uuid)
    if number is None:
        number = node_number(session, uuid, kind)
        state._nodes[uuid], state._uuids[number] = number, uuid
    return number


def _order_key(state: MergeState, packed: int, writer_uuid: str, record_id: str) -> tuple[int, str, str]:
    return (min(packed, state.cap), writer_uuid, record_id)


def _capped(state: MergeState, row: IncomingRow) -> int:
    return min(row.packed, state.cap)


_MASK = (1 << COUNTER_BITS) - 1


def _version_text(packed: int, writer: str) -> str:
    return f"{packed >> COUNTER_BITS:015d}-{packed & _MASK:06d}-{writer}"


def _held_rows(state: MergeState, table: str, rows: list[IncomingRow]) -> list[tuple[str, str, str, bool]]:
    cap, mask = state.cap, _MASK
    held = []
    for row in rows:
        if row.origin_centre_id != state.centre_id:
            continue  # a former centre's record: not in the digest of the sender's own records
        packed = row.packed if row.packed < cap else cap
        held.append((table, row.id, f"{packed >> COUNTER_BITS:015d}-{packed & mask:06d}-{row.writer}",
                     row.deleted))
    return held


def _natural_keys(table: Table) -> list[tuple[str, ...]]:
    keys = []
    for constraint in table.constraints:
        if constraint.__class__.__name__ == "UniqueConstraint":
            keys.append(tuple(column.name for column in constraint.columns))
    for index in table.indexes:
        partial = index.dialect_options["sqlite"].get("where") is not None
        if index.unique and not partial:  # a partial one (one open loan per copy) is a state, not a key
            keys.append(tuple(column.name for column in index.columns))
    for column in table.columns:
        if column.unique:
            keys.append((column.name,))
    return [key for key in keys if key != ("id",)]


def merge_chunk(session: OrmSession, state: MergeState, codec: TableCodec, records: Iterable[Any],
                media: dict[str, bytes]) -> None:
    """Classify and apply one chunk of a table's rows."""
    table = codec.table
    counts = state.counts_of(table.name)
    incoming: dict[str, IncomingRow] = {}
    for record in records:
        try:
            row = read_row(codec, record)
        except RowProblem as problem:
            _set_aside(state, counts, table.name, record, str(problem))
            continue
        if not state.accepts(row.origin_centre_id):
            _set_aside(state, counts, table.name, record, "the record belongs to another centre")
            continue
        if row.packed > state.cap:
            state.clock_ahead += 1
        incoming[row.id] = row
    ids = list(incoming)
    for start in range(0, len(ids), BATCH):
        _merge_batch(session, state, codec, counts, [incoming[i] for i in ids[start:start + BATCH]], media)


def _merge_batch(session: OrmSession, state: MergeState, codec: TableCodec, counts: TableCounts,
                 rows: list[IncomingRow], media: dict[str, bytes]) -> None:
    table = codec.table
    existing = {} if _first_of_table(session, state, table) else {
        record_id: (version, writer, deleted) for record_id, version, writer, deleted in session.execute(
            select(table.c.id, table.c.version, table.c.version_node, table.c.deleted)
            .where(table.c.id.in_([row.id for row in rows])))}
    new_rows, updates, late = [], [], []
    for row in rows:
        stored = existing.get(row.id)
        if stored is None:
            new_rows.append(row)
            continue
        mine = _order_key(state, stored[0], state._uuids[stored[1]], row.id)
        theirs = _order_key(state, row.packed, row.writer, row.id)
        if theirs > mine:
            updates.append(row)
            if row.deleted and not stored[2]:
                counts.deleted += 1
            else:
                counts.updated += 1
        elif theirs == mine:
            counts.unchanged += 1
            if codec.name == MEDIA_TABLE and f"evidence-{row.id}" in media:
                _fill_media(session, table, row.id, media[f"evidence-{row.id}"])
        else:
            counts.older += 1
            if state.merged_away and row.origin_centre_id == state.centre_id:
                late.append(row)
    if late:  # older than the new centre's change, but the former centre's state before the merger
        replace_originals(session, codec, late, state.centre_id)
    new_rows = _with_parents(session, state, codec, counts, new_rows)
    _insert(session, state, codec, counts, new_rows, media)
    _update(session, state, codec, counts, updates, media,
            {row.id: (table.name, row.id, _version_text(existing[row.id][0], state._uuids[existing[row.id][1]]),
                      bool(existing[row.id][2])) for row in updates})


def _first_of_table(session: OrmSession, state: MergeState, table: Table) -> bool:
    """Whether the office held none of this centre's rows of the table before this package (its
    first package): then ten years of rows need no look-ups. (An id held under another centre
    would still be refused by the primary key and set aside.)"""
    known = state.empty_before.get(table.name)
    if known is None:
        nodes = [state._nodes[uuid] for uuid in (state.centre_id, *state.formers) if uuid in state._nodes]
        known = not nodes or session.execute(
            select(table.c.id).where(table.c.origin.in_(nodes)).limit(1)).first() is None
        state.empty_before[table.name] = known
    return known


def _fill_media(session: OrmSession, table: Table, record_id: str, content: bytes) -> None:
    """A photo sent now for a record that came earlier without it (photos were switched off)."""
    session.execute(update(table).where(table.c.id == record_id, table.c[MEDIA_COLUMN] == b"")
                    .values({MEDIA_COLUMN: content}))


def _columns(codec: TableCodec) -> tuple[str, ...]:
    extra = (MEDIA_COLUMN,) if codec.name == MEDIA_TABLE else ()
    return ("id", "origin", "version", "version_node", "change_seq", "deleted", *codec.columns, *extra)


def _stored_values(session: OrmSession, state: MergeState, codec: TableCodec, row: IncomingRow,
                   media: dict[str, bytes]) -> tuple[Any, ...]:
    """The row in `_columns(codec)` order."""
    nodes = state._nodes
    origin = nodes.get(row.origin_centre_id) or _node(session, state, row.origin_centre_id, CENTRE)
    writer = nodes.get(row.writer) or _node(session, state, row.writer, INSTALLATION)
    stored = (row.id, origin, row.packed if row.packed < state.cap else state.cap, writer, row.change_seq,
              row.deleted, *row.fields)
    if codec.name == MEDIA_TABLE:
        stored += (media.get(f"evidence-{row.id}", b""),)
    return stored


def _with_parents(session: OrmSession, state: MergeState, codec: TableCodec, counts: TableCounts,
                  rows: list[IncomingRow]) -> list[IncomingRow]:
    """Rows whose references all resolve (to a held record or one this package stores)."""
    table = codec.table
    for foreign_key in table.foreign_keys:
        column, parent = foreign_key.parent.name, foreign_key.column.table
        position = codec.index[column]
        wanted = {row.fields[position] for row in rows if row.fields[position] is not None}
        wanted -= state.written.get(parent.name, set())
        if not wanted:
            continue
        held = set(session.execute(select(parent.c.id).where(parent.c.id.in_(list(wanted)))).scalars())
        missing = wanted - held
        if missing:
            kept = []
            for row in rows:
                if row.fields[position] in missing:
                    _set_aside(state, counts, table.name, _as_record(row),
                               f"refers to a {parent.name} record the office has not received")
                else:
                    kept.append(row)
            rows = kept
    return rows


def _resolve_natural_keys(session: OrmSession, state: MergeState, codec: TableCodec, counts: TableCounts,
                          row: IncomingRow) -> bool:
    """Whether `row` may go in after the rule for two ids on one natural key: the later
    (clock, installation, id) stays; a leaf table's loser is removed, elsewhere the newcomer waits
    aside. Either way a conflict, named in the report."""
    table = codec.table
    for key in _natural_keys(table):
        values = [(_node(session, state, row.origin_centre_id, CENTRE) if name == "origin"
                   else row.value(name)) for name in key]
        if any(value is None for value in values):
            continue
        clash = session.execute(
            select(table.c.id, table.c.version, table.c.version_node, table.c.deleted).where(
                *[table.c[name] == value for name, value in zip(key, values)], table.c.id != row.id)).first()
        if clash is None:
            continue
        counts.conflict += 1
        theirs = _order_key(state, row.packed, row.writer, row.id)
        mine = _order_key(state, clash.version, state._uuids[clash.version_node], clash.id)
        described = f"{table.name} {', '.join(key)} = {', '.join(map(str, values))}: {row.id} / {clash.id}"
        if theirs > mine and table.name in LEAF_TABLES:
            session.execute(delete(table).where(table.c.id == clash.id))
            state.digest_change.remove(table.name, clash.id,
                                       _version_text(clash.version, state._uuids[clash.version_node]),
                                       bool(clash.deleted))
            state.conflicts.append(described + f" — kept {row.id}")
            continue
        state.conflicts.append(described + f" — kept {clash.id}")
        state.set_aside.append(SetAside(table.name, row.id, "another record already has the same " + ", ".join(key),
                                        _as_record(row)))
        return False
    return True


def _insert(session: OrmSession, state: MergeState, codec: TableCodec, counts: TableCounts,
            rows: list[IncomingRow], media: dict[str, bytes]) -> None:
    if not rows:
        return
    table, columns = codec.table, _columns(codec)
    values = [_stored_values(session, state, codec, row, media) for row in rows]
    try:
        with session.begin_nested():
            insert_rows(session, table, columns, values)
    except IntegrityError:  # a natural key taken, or a clash no rule foresaw: row by row
        for row, row_values in zip(rows, values):
            if not _resolve_natural_keys(session, state, codec, counts, row):
                continue
            try:
                with session.begin_nested():
                    insert_rows(session, table, columns, [row_values])
            except IntegrityError as error:
                _set_aside(state, counts, table.name, _as_record(row),
                           "conflicts with a record already held: " + str(error.orig)[:200])
                continue
            _stored(state, counts, table.name, [row])
        return
    _stored(state, counts, table.name, rows)


def _update(session: OrmSession, state: MergeState, codec: TableCodec, counts: TableCounts,
            rows: list[IncomingRow], media: dict[str, bytes],
            before: dict[str, tuple[str, str, str, bool]]) -> None:
    if not rows:
        return
    table, columns = codec.table, _columns(codec)
    if state.formers:
        keep_originals(session, codec, [row.id for row in rows if row.origin_centre_id != state.centre_id])
    values = [_stored_values(session, state, codec, row, media) for row in rows]
    applied = rows
    try:
        with session.begin_nested():
            update_rows(session, table, columns, values)
    except IntegrityError:
        applied = []
        for row, row_values in zip(rows, values):
            try:
                with session.begin_nested():
                    update_rows(session, table, columns, [row_values])
            except IntegrityError as error:
                counts.updated -= 1
                _set_aside(state, counts, table.name, _as_record(row),
                           "conflicts with a record already held: " + str(error.orig)[:200])
                continue
            applied.append(row)
    state.written.setdefault(table.name, set()).update(row.id for row in applied)
    for row in applied:
        if row.origin_centre_id == state.centre_id:
            state.digest_change.remove(*before[row.id])
    state.digest_change.add_all(_held_rows(state, table.name, applied))


def _stored(state: MergeState, counts: TableCounts, table: str, rows: list[IncomingRow]) -> None:
    """New rows stored: counted, known to this package, and in the centre's digest."""
    state.written.setdefault(table, set()).update(row.id for row in rows)
    state.digest_change.add_all(_held_rows(state, table, rows))
    counts.new += len(rows)


def _as_record(row: IncomingRow) -> dict[str, Any]:
    record = {key: (value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value)
              for key, value in row.values.items()}
    record.update(id=row.id, origin_centre_id=row.origin_centre_id, version=row.clock.encode(),
                  change_seq=row.change_seq, deleted=row.deleted)
    return record


def _set_aside(state: MergeState, counts: TableCounts, table: str, record: Any, reason: str) -> None:
    counts.set_aside += 1
    record_id = record.get("id", "") if isinstance(record, dict) else ""
    state.set_aside.append(SetAside(table, str(record_id)[:80], reason,
                                    record if isinstance(record, dict) else {"value": repr(record)[:500]}))


def set_aside_json(item: SetAside) -> str:
    return json.dumps(item.row, ensure_ascii=False, sort_keys=True, default=str)[:100_000]
