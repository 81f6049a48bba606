"""At an office: the former centres' records as they were before a merger changed them (issue 16).

After a merger the new centre's packages carry its changes to the former centres' records (a
learner joined with the same person of another former centre, a village joined or renamed, a
copy's number prefixed, a reader's card renumbered, any later edit). The office applies them,
and keeps each such record as it held it before the first of those changes. A report of a
period before the merger reads these in their place (`shadow_originals`: the connection's own
temporary tables, never the office's file, so the report takes no write lock), so what the former
centre reported for its own periods does not change.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.services.sync.rows import TableCodec, codecs
from desktop.store.bulk import insert_rows
from desktop.store.sync_nodes import node_uuids

CHUNK = 2000


def keep_originals(session: OrmSession, codec: TableCodec, record_ids: Iterable[str]) -> None:
    """Keep the held state of these former centres' records, unless kept already (the first
    change after the merger is the one to go back before)."""
    from desktop.store.merger_models import MergerOriginal

    wanted = list(dict.fromkeys(record_ids))
    if not wanted:
        return
    table, kept = codec.table, MergerOriginal.__table__
    names = ("id", "origin", "deleted", *codec.columns)
    nodes: dict[int, str] | None = None
    now = dt.datetime.now()
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        known = set(session.execute(select(kept.c.record_id).where(
            kept.c.table_name == table.name, kept.c.record_id.in_(part))).scalars())
        rows = session.execute(select(*(table.c[name] for name in names)).where(
            table.c.id.in_([record_id for record_id in part if record_id not in known]))).all()
        if not rows:
            continue
        nodes = nodes if nodes is not None else node_uuids(session)
        insert_rows(session, kept, ("table_name", "record_id", "former_centre_id", "kept_at", "row"),
                    [(table.name, row[0], nodes[row[1]], now, _as_json(codec, row)) for row in rows])


def replace_originals(session: OrmSession, codec: TableCodec, rows: list[Any], former_centre_id: str) -> None:
    """A former centre's own package that comes after the new centre's (its last one, sent before
    the merger but carried late): its rows are older than what the new centre sent, so they are not
    applied, but they are the former centre's records as it had them before the merger, later than
    anything the office kept: they become the originals a period before the merger is reported from."""
    from desktop.store.merger_models import MergerOriginal

    if not rows:
        return
    kept = MergerOriginal.__table__
    now = dt.datetime.now()
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        session.execute(kept.delete().where(kept.c.table_name == codec.table.name,
                                            kept.c.record_id.in_([row.id for row in part])))
        insert_rows(session, kept, ("table_name", "record_id", "former_centre_id", "kept_at", "row"),
                    [(codec.table.name, row.id, former_centre_id, now,
                      _record_json(codec, row.deleted, row.fields)) for row in part])


def _as_json(codec: TableCodec, row: Any) -> str:
    return _record_json(codec, row[2], row[3:])


def _record_json(codec: TableCodec, deleted: Any, fields: Iterable[Any]) -> str:
    record: dict[str, Any] = {"deleted": bool(deleted)}
    for name, export, value in zip(codec.columns, codec.exporters, fields):
        record[name] = value if value is None or export is None else export(value)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def shadow_originals(session: OrmSession, former_centre_ids: Iterable[str],
                     unread: Mapping[str, frozenset[str]] | None = None) -> tuple[str, ...]:
    """Make this session read these former centres' records as kept before the merger, without
    writing the database (`store.shadow`). Returns the tables shadowed; `drop_shadows` ends it.

    `unread`: per table, columns the caller never reads. A kept row that differs from the stored
    one only there is not shadowed (a shadowed table is read through a view, without its indexes:
    a merge renumbers thousands of accession numbers that no report reads)."""
    from desktop.store.merger_models import MergerOriginal
    from desktop.store.shadow import drop_shadows, shadow_rows

    formers = list(former_centre_ids)
    if not formers:
        return ()
    kept = MergerOriginal.__table__
    by_table: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for table_name, record_id, row in session.execute(
            select(kept.c.table_name, kept.c.record_id, kept.c.row).where(kept.c.former_centre_id.in_(formers))):
        by_table[table_name].append((record_id, row))
    connection = session.connection()
    shadowed: list[str] = []
    for name, codec in codecs().items():
        items = by_table.get(name)
        if not items:
            continue
        changes = {record_id: _kept_values(codec, text) for record_id, text in items}
        if unread and name in unread:
            changes = _read_differences(session, codec, changes, unread[name])
            if not changes:
                continue
        shadowed.append(name)
        try:
            shadow_rows(connection, codec.table, changes)
        except BaseException:
            drop_shadows(connection, shadowed)
            raise
    return tuple(shadowed)


def _read_differences(session: OrmSession, codec: TableCodec, changes: dict[str, dict[str, Any]],
                      unread: frozenset[str]) -> dict[str, dict[str, Any]]:
    """The kept rows that differ from the stored ones in a column the caller reads (or are not
    stored at all)."""
    table, ids, alike = codec.table, list(changes), set()
    for start in range(0, len(ids), 2000):
        for stored in session.execute(select(*table.columns).where(table.c.id.in_(ids[start:start + 2000]))).mappings():
            kept = changes[stored["id"]]
            if all(stored.get(column) == value for column, value in kept.items() if column not in unread):
                alike.add(stored["id"])
    return {record_id: kept for record_id, kept in changes.items() if record_id not in alike}


def _kept_values(codec: TableCodec, text: str) -> dict[str, Any]:
    record = json.loads(text)
    values: dict[str, Any] = dict(zip(codec.columns, codec.check(record)))
    values["deleted"] = bool(record["deleted"])
    return values


def drop_shadows(session: OrmSession, tables: Iterable[str]) -> None:
    """End `shadow_originals`: the session reads the stored tables again."""
    from desktop.store import shadow

    shadow.drop_shadows(session.connection(), tables)


def merged_into(session: OrmSession, contents: Any, centre_id: str) -> frozenset[str]:
    """The former centres whose records this centre's package may carry: merged into it by a
    merger the office holds or the package brings (signed by the centre's registered key), and
    claimed by no other centre. Anyone else's records stay refused."""
    from desktop.store.merger_models import CentreMerger

    merger = CentreMerger.__table__
    claims: dict[str, set[str]] = defaultdict(set)
    for former, into in session.execute(select(merger.c.former_centre_id, merger.c.into_centre_id)
                                        .where(merger.c.deleted.is_(False))):
        claims[former].add(into)
    for chunk in contents.chunks(tables=frozenset({merger.name})):
        for record in chunk.rows:
            if (isinstance(record, dict) and record.get("origin_centre_id") == centre_id
                    and record.get("into_centre_id") == centre_id and record.get("deleted") is False
                    and isinstance(record.get("former_centre_id"), str)):
                claims[record["former_centre_id"]].add(centre_id)
    return frozenset(former for former, into in claims.items() if into == {centre_id} and former != centre_id)


def has_originals(session: OrmSession, former_centre_ids: Iterable[str]) -> bool:
    from desktop.store.merger_models import MergerOriginal

    formers = list(former_centre_ids)
    return bool(formers) and session.execute(select(MergerOriginal.record_id).where(
        MergerOriginal.former_centre_id.in_(formers)).limit(1)).first() is not None
