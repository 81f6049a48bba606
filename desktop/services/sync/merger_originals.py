"""At an office: the former centres' records as they were before a merger changed them (issue 16).

After a merger the new centre's packages carry its changes to the former centres' records (a
learner joined with the same person of another former centre, a village joined or renamed, a
copy's number prefixed, a reader's card renumbered, any later edit). The office applies them,
and keeps each such record as it held it before the first of those changes. A report of a
period before the merger puts these back in a transaction that is never committed, so what the
former centre reported for its own periods does not change.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select, update
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


def restore_originals(session: OrmSession, former_centre_ids: Iterable[str]) -> int:
    """Put the kept state of these former centres' records back (the caller never commits).
    Returns how many records were put back."""
    from desktop.store.merger_models import MergerOriginal

    formers = list(former_centre_ids)
    if not formers:
        return 0
    kept = MergerOriginal.__table__
    by_table: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for table_name, record_id, row in session.execute(
            select(kept.c.table_name, kept.c.record_id, kept.c.row).where(kept.c.former_centre_id.in_(formers))):
        by_table[table_name].append((record_id, row))
    restored = 0
    connection = session.connection()
    for name, codec in codecs().items():  # parents first: a restored reference finds its record
        items = by_table.get(name)
        if not items:
            continue
        table = codec.table
        statement = (update(table).where(table.c.id == bindparam("record_id"))
                     .values({column: bindparam(f"v_{column}") for column in ("deleted", *codec.columns)}))
        values = []
        for record_id, text in items:
            record = json.loads(text)
            fields = codec.check(record)
            entry = {f"v_{column}": value for column, value in zip(codec.columns, fields)}
            entry.update(record_id=record_id, v_deleted=bool(record["deleted"]))
            values.append(entry)
        connection.execute(statement, values)
        restored += len(values)
    return restored


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
