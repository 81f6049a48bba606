"""The merge itself: every record of the former file, with its id and origin, in one transaction.

Rows are copied as they are stored (ids, origin centre, clock, change sequence); only the rows a
decision changes (a learner's history moved to the person it was joined with, a village joined or
renamed, a copy's number prefixed, a reader's card renumbered) get a new version from this PC's
clock, as any local edit does. A record already here (the same merge run again) is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.progress import Progress, as_progress
from desktop.services.books.accession import code_letters
from desktop.services.merger.plan import (
    DuplicateLearner,
    MergeDecisions,
    MergePreview,
    MergeReport,
    build_preview,
    prefix_problem,
)
from desktop.services.merger.source import FormerFile, open_former
from desktop.services.merger.villages import move_society_rows
from desktop.services.sync.rows import codecs
from desktop.store.bulk import insert_rows
from desktop.store.database import Database
from desktop.store.identity import new_id, next_clock
from desktop.store.sync_nodes import INSTALLATION, node_number
from desktop.text.vietnamese import clean_name, fold, sort_key

CHUNK = 5000


class _DryRun(Exception):
    def __init__(self, report: MergeReport) -> None:
        super().__init__("dry run")
        self.report = report


def merge_centre(db: Database, path: Path, decisions: MergeDecisions | None = None, *, dry_run: bool = False,
                 progress: Progress | None = None, today: dt.date | None = None) -> MergeReport:
    """Merge the former centre's database file into this one (or, dry run, say what it would do)."""
    decisions = decisions or MergeDecisions()
    progress = as_progress(progress)
    with open_former(Path(path), db.path) as former, former.engine.connect() as source:
        if not dry_run:
            from desktop.services.data_file import back_up
            from desktop.store.backup import BEFORE_IMPORT

            back_up(db, reason=BEFORE_IMPORT)  # the state before the merge, to go back to
        try:
            with db.unit_of_work(keep_sync_identity=True) as session:
                report = _merge(session, source, former, decisions, progress, today or dt.date.today(), dry_run)
                if dry_run or report.nothing_to_do:
                    raise _DryRun(report)
        except _DryRun as finished:
            return finished.report
        except IntegrityError as error:
            raise UserError(_("The former centre's file has a record that refers to one it does not hold, so "
                              "nothing was merged. Run clc check on that file.")) from error
    return report


@dataclass
class _Stamper:
    """This PC's clock and change sequence, for the rows a decision changes."""

    node: int
    origin: int
    clock: int | None
    sequence: int

    def stamp(self) -> tuple[int, int, int]:
        self.clock = next_clock(self.clock)
        self.sequence += 1
        return self.clock, self.node, self.sequence


def _stamper(session: OrmSession) -> tuple[_Stamper, Any]:
    from desktop.store.models import Installation

    installation = session.execute(select(Installation)).scalar_one()
    if installation.node is None:
        installation.node = node_number(session, installation.id, INSTALLATION)
    return _Stamper(installation.node, installation.centre_node or installation.node, installation.last_clock,
                    installation.last_change_seq), installation


@dataclass
class _Edits:
    """The decisions, ready for the rows as they stream past."""

    learners: dict[str, str]
    villages: dict[str, str]
    renames: dict[str, str]
    prefix: str
    taken_cards: set[int]
    next_card: int
    external_codes: set[str]
    readers_of: set[str]  # learners here that already have a reader card
    renumbered: list[tuple[int, int, str]] = field(default_factory=list)
    prefixed: int = 0


def _check(preview: MergePreview, decisions: MergeDecisions, session: OrmSession) -> str:
    pairs = {(item.incoming_id, item.existing_id) for item in preview.duplicates}
    for pair in decisions.join_learners.items():
        if pair not in pairs:
            raise ValidationError(_("Only learners listed as probable duplicates can be joined."))
    villages = {(item.incoming_id, item.existing_id) for item in preview.villages}
    for pair in decisions.join_villages.items():
        if pair not in villages:
            raise ValidationError(_("Only villages listed with the same or a similar name can be joined."))
    for name in decisions.rename_villages.values():
        if not clean_name(name):
            raise ValidationError(_("Enter the village's name."))
    prefix = (preview.suggested_prefix if decisions.accession_prefix is None
              else decisions.accession_prefix.strip().upper())
    problem = prefix_problem(prefix, session, preview.accession_collision_count)
    if problem:
        raise ValidationError(problem, "prefix")
    return prefix


def _merge(session: OrmSession, source: Connection, former: FormerFile, decisions: MergeDecisions,
           progress: Progress, today: dt.date, dry_run: bool) -> MergeReport:
    preview = build_preview(session, source, former)
    prefix = _check(preview, decisions, session)
    merged_on = decisions.merged_on or today
    joined = tuple(item for item in preview.duplicates if decisions.join_learners.get(item.incoming_id)
                   == item.existing_id)
    joined_villages = tuple(item for item in preview.villages
                            if decisions.join_villages.get(item.incoming_id) == item.existing_id)
    names = {item.incoming_id: item.incoming_name for item in preview.villages}
    village_names = _former_village_names(source)
    renamed = tuple((village_names.get(key, names.get(key, "")), clean_name(value))
                    for key, value in decisions.rename_villages.items())
    if not preview.incoming and preview.already_merged:
        return MergeReport(preview, {}, (), (), (), prefix, 0, (), merged_on, dry_run, True)
    stamper, installation = _stamper(session)
    edits = _edits(session, source, decisions, prefix, joined)
    nodes = _node_map(session, source)
    written: dict[str, int] = {}
    tables = list(codecs().values())
    total = max(preview.incoming, 1)
    done = 0
    for codec in tables:
        progress.check()
        count = _copy_table(session, source, codec.table, nodes, _hook(codec.table.name, edits), stamper)
        if count:
            written[codec.table.name] = count
        done += count
        progress.report(done, total, codec.table.name)
    summed = move_society_rows(session, edits.villages, stamper.stamp)
    _record_merger(session, preview, prefix, merged_on, joined, stamper, sum(written.values()))
    installation.last_clock, installation.last_change_seq = stamper.clock, stamper.sequence
    session.flush()
    return MergeReport(preview, written, joined, joined_villages, renamed, prefix, edits.prefixed,
                       tuple(edits.renumbered), merged_on, dry_run, False, summed)


def _former_village_names(source: Connection) -> dict[str, str]:
    from desktop.store.models import Village

    return dict(source.execute(select(Village.__table__.c.id, Village.__table__.c.name)).all())


def _node_map(session: OrmSession, source: Connection) -> dict[int, int]:
    """The former file's node numbers → this database's (each centre and installation met)."""
    from desktop.store.models import SyncNode

    table = SyncNode.__table__
    return {number: node_number(session, uuid, kind)
            for number, uuid, kind in source.execute(select(table.c.number, table.c.uuid, table.c.kind))}


def _edits(session: OrmSession, source: Connection, decisions: MergeDecisions, prefix: str,
           joined: tuple[DuplicateLearner, ...]) -> _Edits:
    from desktop.store.book_models import BookCopy, BookReader

    readers = BookReader.__table__
    here_cards = set(session.execute(select(readers.c.card_number).where(readers.c.deleted.is_(False))).scalars())
    highest = max(session.execute(select(func.max(readers.c.card_number))).scalar() or 0,
                  source.execute(select(func.max(readers.c.card_number))).scalar() or 0)
    copies = BookCopy.__table__
    external = set(session.execute(select(copies.c.external_code).where(copies.c.external_code.is_not(None),
                                                                         copies.c.deleted.is_(False))).scalars())
    with_reader = set(session.execute(select(readers.c.learner_id).where(readers.c.learner_id.is_not(None)))
                      .scalars())
    return _Edits({item.incoming_id: item.existing_id for item in joined}, dict(decisions.join_villages),
                  {key: clean_name(value) for key, value in decisions.rename_villages.items()}, prefix,
                  here_cards, highest + 1, external, with_reader)


Hook = Callable[[list[Any], dict[str, int]], bool]


def _hook(table: str, edits: _Edits) -> Hook | None:
    """What the decisions change in a row of `table` (True when the row was changed)."""
    learners, villages = edits.learners, edits.villages

    def moved(row: list[Any], index: dict[str, int], *columns: str) -> bool:
        changed = False
        for column in columns:
            value = row[index[column]]
            target = (learners if column.endswith("learner_id") else villages).get(value) if value else None
            if target is not None:
                row[index[column]] = target
                changed = True
        return changed

    def village(row: list[Any], index: dict[str, int]) -> bool:
        record_id = row[index["id"]]
        if record_id in villages:
            row[index["deleted"]] = True
            return True
        if record_id in edits.renames:
            name = edits.renames[record_id]
            row[index["name"]], row[index["name_folded"]], row[index["sort_key"]] = name, fold(name), sort_key(name)
            return True
        return False

    def learner(row: list[Any], index: dict[str, int]) -> bool:
        changed = moved(row, index, "village_id")
        if row[index["id"]] in learners:
            row[index["deleted"]] = True
            changed = True
        return changed

    def reader(row: list[Any], index: dict[str, int]) -> bool:
        changed = moved(row, index, "village_id")
        learner_id = row[index["learner_id"]]
        target = learners.get(learner_id) if learner_id else None
        if target is not None and target not in edits.readers_of:
            row[index["learner_id"]] = target
            edits.readers_of.add(target)
            changed = True
        card = row[index["card_number"]]
        if not row[index["deleted"]] and card in edits.taken_cards:
            row[index["card_number"]] = edits.next_card
            edits.renumbered.append((card, edits.next_card, row[index["full_name"]]))
            edits.next_card += 1
            changed = True
        return changed

    def copy(row: list[Any], index: dict[str, int]) -> bool:
        if not edits.prefix:
            return False
        changed = False
        number = row[index["accession_number"]]
        if number is not None:
            written = row[index["accession_code"]] or str(number)
            row[index["accession_prefix"]] = code_letters(edits.prefix + (row[index["accession_prefix"]] or ""))
            row[index["accession_code"]] = f"{edits.prefix}-{written}"
            edits.prefixed += 1
            changed = True
        code = row[index["external_code"]]
        if code is not None and code in edits.external_codes:
            row[index["external_code"]] = f"{edits.prefix}-{code}"
            changed = True
        return changed

    hooks: dict[str, Hook] = {
        "village": village,
        "learner": learner,
        "activity": lambda row, index: moved(row, index, "village_id"),
        "enrolment": lambda row, index: moved(row, index, "learner_id"),
        "attendance": lambda row, index: moved(row, index, "learner_id"),
        "walk_in": lambda row, index: moved(row, index, "matched_learner_id", "village_id"),
        "book_reader": reader,
        "book_copy": copy,
    }
    hook = hooks.get(table)
    if hook is None:
        return None
    if table in ("village", "learner", "activity", "walk_in") and not (villages or learners or edits.renames):
        return None
    if table in ("enrolment", "attendance") and not learners:
        return None
    return hook


def _copy_table(session: OrmSession, source: Connection, table: Table, nodes: dict[int, int], hook: Hook | None,
                stamper: _Stamper) -> int:
    columns = [column.name for column in table.columns]
    index = {name: number for number, name in enumerate(columns)}
    at_id, at_origin, at_node = index["id"], index["origin"], index["version_node"]
    at_version, at_seq = index["version"], index["change_seq"]
    here_any = session.execute(select(table.c.id).limit(1)).first() is not None
    written = 0
    result = source.execute(select(*table.columns).execution_options(yield_per=CHUNK))
    for chunk in result.partitions(CHUNK):
        held: set[str] = set()
        if here_any:
            held = set(session.execute(select(table.c.id).where(table.c.id.in_([row[at_id] for row in chunk])))
                       .scalars())
        rows = []
        for stored in chunk:
            if stored[at_id] in held:
                continue
            row = list(stored)
            row[at_origin], row[at_node] = nodes[row[at_origin]], nodes[row[at_node]]
            if hook is not None and hook(row, index):
                row[at_version], row[at_node], row[at_seq] = stamper.stamp()
            rows.append(row)
        insert_rows(session, table, columns, rows)
        written += len(rows)
    return written


def _record_merger(session: OrmSession, preview: MergePreview, prefix: str, merged_on: dt.date,
                   joined: tuple[DuplicateLearner, ...], stamper: _Stamper, records: int) -> None:
    from desktop.store.merger_models import CentreMerger, LearnerJoin

    merger_id = session.execute(select(CentreMerger.id).where(
        CentreMerger.former_centre_id == preview.former.id)).scalar()
    if merger_id is None:
        merger_id = new_id()
        version, node, sequence = stamper.stamp()
        former = preview.former
        insert_rows(session, CentreMerger.__table__, _names(CentreMerger.__table__), [
            (former.id, preview.into.id, merged_on, former.name, former.commune_name, former.commune_code,
             "2004", prefix, records, "", merger_id, stamper.origin, version, node, sequence, False)])
    for item in joined:
        version, node, sequence = stamper.stamp()
        insert_rows(session, LearnerJoin.__table__, _names(LearnerJoin.__table__), [
            (item.incoming_id, item.existing_id, merged_on, merger_id, new_id(), stamper.origin, version, node,
             sequence, False)])


def _names(table: Table) -> list[str]:
    return [column.name for column in table.columns]
