"""Which rows an office's next roll-up carries: everything the level above has not acknowledged,
or a full snapshot (sync-design items 5 and 7, one level up).

Each roll-up records its cut: per centre, the state digest the office held and, per installation
that wrote the centre's rows, the highest change number held. An office receives each
installation's changes in order (a gap is held, a full package covers everything), so the rows
held since a cut are those past it. When the level above acknowledges a roll-up, it also says
which digest it holds of each centre; the next roll-up carries, per centre, the rows past the
acknowledged cut when the level above's digest equals the cut's, and all the centre's rows
otherwise (a centre new to the level above, a row it set aside, anything a cut could miss).
Without an acknowledgement, or on demand, the roll-up is full.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session as OrmSession

from desktop.services.sync.rows import codecs
from desktop.store.database import Database
from desktop.store.models import Setting
from desktop.store.sync_nodes import node_uuids

ACKNOWLEDGED_KEY = "rollup_acknowledged"  # {"sequence", "package_hash", "at", "digests": {centre: digest}}
CUT_PREFIX = "rollup_cut_"  # + the roll-up's sequence: {"package_hash", "full", "centres": {...}}


@dataclass(frozen=True)
class CentreCut:
    digest: str
    writers: dict[str, int]  # installation id → the highest change number held


@dataclass(frozen=True)
class Acknowledged:
    sequence: int
    package_hash: str
    at: dt.datetime
    digests: dict[str, str]  # centre id → the digest the level above holds


@dataclass(frozen=True)
class IncrementBase:
    """What the next roll-up builds on: None of it means a full one."""

    sequence: int  # the acknowledged roll-up
    at: dt.datetime  # when its acknowledgement arrived
    cuts: dict[str, CentreCut]  # centres the level above holds as the office did at that cut
    digests: dict[str, str]


def _get(session: OrmSession, key: str) -> str | None:
    setting = session.get(Setting, key)
    return None if setting is None else setting.value


def _put(session: OrmSession, key: str, value: str) -> None:
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def acknowledged(session: OrmSession) -> Acknowledged | None:
    text = _get(session, ACKNOWLEDGED_KEY)
    if not text:
        return None
    data = json.loads(text)
    return Acknowledged(int(data["sequence"]), data["package_hash"], dt.datetime.fromisoformat(data["at"]),
                        dict(data.get("digests", {})))


def _cut(session: OrmSession, sequence: int) -> tuple[str, dict[str, CentreCut]] | None:
    text = _get(session, f"{CUT_PREFIX}{sequence}")
    if not text:
        return None
    data = json.loads(text)
    return data["package_hash"], {centre: CentreCut(entry["digest"], {k: int(v) for k, v in entry["writers"].items()})
                                  for centre, entry in data["centres"].items()}


def increment_base(session: OrmSession) -> IncrementBase | None:
    """The acknowledged cut the next roll-up may start from, or None (then it is full)."""
    ack = acknowledged(session)
    if ack is None:
        return None
    cut = _cut(session, ack.sequence)
    if cut is None or cut[0] != ack.package_hash:
        return None
    return IncrementBase(ack.sequence, ack.at, cut[1], ack.digests)


def current_cut(session: OrmSession, origins: dict[str, int], digests: dict[str, str]) -> dict[str, CentreCut]:
    """Per centre (id → node number here): its digest and, per writing installation, the highest
    change number held now."""
    uuids = node_uuids(session)
    by_node = {node: centre for centre, node in origins.items()}
    writers: dict[str, dict[str, int]] = {centre: {} for centre in origins}
    for codec in codecs().values():
        table = codec.table
        for origin, writer, highest in session.execute(
                select(table.c.origin, table.c.version_node, func.max(table.c.change_seq))
                .where(table.c.origin.in_(list(by_node))).group_by(table.c.origin, table.c.version_node)):
            held = writers[by_node[origin]]
            name = uuids[writer]
            held[name] = max(held.get(name, 0), int(highest))
    return {centre: CentreCut(digests[centre], writers[centre]) for centre in origins}


def record_cut(session: OrmSession, sequence: int, package_hash: str, full: bool,
               cut: dict[str, CentreCut]) -> None:
    """Kept until a later roll-up is acknowledged: the next increment starts from it."""
    _put(session, f"{CUT_PREFIX}{sequence}", json.dumps(
        {"package_hash": package_hash, "full": full,
         "centres": {centre: {"digest": entry.digest, "writers": entry.writers} for centre, entry in cut.items()}},
        sort_keys=True))


def centres_in_full(base: IncrementBase | None, centre_ids: list[str]) -> set[str]:
    """The centres whose every row the next roll-up carries."""
    if base is None:
        return set(centre_ids)
    return {centre for centre in centre_ids
            if centre not in base.cuts or base.digests.get(centre) != base.cuts[centre].digest}


def row_selection(table: Any, origins: dict[str, int], base: IncrementBase | None, full: set[str],
                  nodes: dict[str, int]) -> Any:
    """The SQL condition of the rows a roll-up carries from `table` (origins: centre id → node)."""
    whole = [node for centre, node in origins.items() if centre in full]
    parts = [table.c.origin.in_(whole)] if whole else []
    for centre, node in origins.items():
        if centre in full or base is None:
            continue
        writers = base.cuts[centre].writers
        known = {nodes[writer]: seq for writer, seq in writers.items() if writer in nodes}
        past = [and_(table.c.version_node == writer, table.c.change_seq > seq) for writer, seq in known.items()]
        if known:
            past.append(table.c.version_node.not_in(list(known)))
        else:
            past.append(table.c.version_node.is_not(None))
        parts.append(and_(table.c.origin == node, or_(*past)))
    return or_(*parts) if parts else false()


def forget_old_cuts(session: OrmSession, keep_from: int) -> None:
    for setting in session.execute(select(Setting).where(Setting.key.like(f"{CUT_PREFIX}%"))).scalars():
        suffix = setting.key[len(CUT_PREFIX):]
        if suffix.isdigit() and int(suffix) < keep_from:
            session.delete(setting)


def store_acknowledgement(session: OrmSession, sequence: int, package_hash: str | None,
                          digests: dict[str, str]) -> bool:
    """The level above holds this office's roll-ups up to `sequence`. Ignored (False) when it names
    a roll-up this office did not write or one older than an acknowledgement already held."""
    cut = _cut(session, sequence)
    if cut is None or cut[0] != package_hash:
        return False
    held = acknowledged(session)
    if held is not None and held.sequence > sequence:
        return False
    _put(session, ACKNOWLEDGED_KEY, json.dumps({"sequence": sequence, "package_hash": package_hash,
                                                "at": dt.datetime.now().isoformat(timespec="seconds"),
                                                "digests": digests}, sort_keys=True))
    forget_old_cuts(session, sequence)
    return True


@dataclass(frozen=True)
class NextRollup:
    full: bool
    since: dt.datetime | None  # when the acknowledgement it builds on arrived
    acknowledged_sequence: int


def next_rollup(db: Database) -> NextRollup:
    """Whether the next roll-up is full or an increment, and since when (the Send-up screen)."""
    with db.reading() as session:
        base = increment_base(session)
        if base is None:
            return NextRollup(True, None, 0)
        return NextRollup(False, base.at, base.sequence)
