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
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, insert, select, update
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


def _as_json(codec: TableCodec, row: Any) -> str:
    record: dict[str, Any] = {"deleted": bool(row[2])}
    for name, export, value in zip(codec.columns, codec.exporters, row[3:]):
        record[name] = value if value is None or export is None else export(value)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


SHADOW_PREFIX = "merger_shadow_"


def shadow_originals(session: OrmSession, former_centre_ids: Iterable[str]) -> tuple[str, ...]:
    """Make this session read these former centres' records as kept before the merger, without
    writing the database: for each table concerned, a temporary table holds the kept rows and a
    temporary view of the table's name (which SQLite finds before the stored table) shows them in
    place of the stored ones. Returns the tables shadowed; `drop_shadows` ends it."""
    from desktop.store.merger_models import MergerOriginal

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
        shadowed.append(name)
        try:
            _shadow_table(connection, codec, items)
        except BaseException:
            drop_shadows(session, shadowed)
            raise
    return tuple(shadowed)


def _shadow_table(connection: Any, codec: TableCodec, items: list[tuple[str, str]]) -> None:
    name = codec.table.name
    shadow = SHADOW_PREFIX + name
    connection.exec_driver_sql(f'CREATE TEMP TABLE "{shadow}" AS SELECT * FROM main."{name}" WHERE 0')
    # written the way the stored table's columns write them (ids as bytes, dates as text)
    copy = Table(shadow, MetaData(), *(Column(column.name, column.type) for column in codec.table.columns),
                 schema="temp")
    stored = codec.table  # the view of its name is made last, so this still reads the stored rows
    for start in range(0, len(items), CHUNK):
        ids = [record_id for record_id, _text in items[start:start + CHUNK]]
        connection.execute(insert(copy).from_select([column.name for column in stored.columns],
                                                    select(*stored.columns).where(stored.c.id.in_(ids))))
    statement = (update(copy).where(copy.c.id == bindparam("record_id"))
                 .values({column: bindparam(f"v_{column}") for column in ("deleted", *codec.columns)}))
    values = []
    for record_id, text in items:
        record = json.loads(text)
        fields = codec.check(record)
        entry = {f"v_{column}": value for column, value in zip(codec.columns, fields)}
        entry.update(record_id=record_id, v_deleted=bool(record["deleted"]))
        values.append(entry)
    connection.execute(statement, values)
    connection.exec_driver_sql(f'CREATE UNIQUE INDEX temp."{shadow}_id" ON "{shadow}" (id)')
    connection.exec_driver_sql(
        f'CREATE TEMP VIEW "{name}" AS SELECT * FROM main."{name}" WHERE id NOT IN (SELECT id FROM temp."{shadow}") '
        f'UNION ALL SELECT * FROM temp."{shadow}"')


def drop_shadows(session: OrmSession, tables: Iterable[str]) -> None:
    """End `shadow_originals`: the session reads the stored tables again."""
    connection = session.connection()
    for name in tables:
        connection.exec_driver_sql(f'DROP VIEW IF EXISTS temp."{name}"')
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS temp."{SHADOW_PREFIX}{name}"')


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
