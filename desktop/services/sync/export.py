"""A centre's package for the office: everything not yet acknowledged, or a full snapshot.

Read from one snapshot of the database (a consistent cut while the window goes on writing),
written and verified by `desktop.sync`, then listed in the outbox. A copied or restored database
first takes a new installation identity, so no sequence number is ever reused under one
(sync-design items 5 and 10); the first package of any installation is a full one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop import __version__
from desktop.errors import UserError
from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread
from desktop.progress import Progress
from desktop.services.sync.keys import own_identity, own_key_file, pinned_office
from desktop.services.sync.mode import is_office
from desktop.services.sync.rows import MEDIA_COLUMN, MEDIA_TABLE, codecs, export_rows
from desktop.services.sync.status import SEND_PHOTOS_KEY
from desktop.store.database import Database
from desktop.store.identity import COUNTER_BITS, new_id
from desktop.store.models import Centre, Installation, Setting, own_centre_first
from desktop.store.schema_version import HEAD_REVISION
from desktop.store.sync_models import SyncOutbox
from desktop.store.sync_nodes import INSTALLATION, node_number, node_uuids
from desktop.sync.keys import key_file_bytes
from desktop.sync.package import Origin, PackageHeader, StateDigest, write_package

KIND_CENTRE = "centre"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_hash: str
    sequence_from: int
    sequence_to: int
    full: bool
    rows: int
    size: int
    new_installation: bool  # this file was a copy or a restored backup: it took a new identity


@dataclass(frozen=True)
class _Plan:
    centre: dict[str, str]
    centre_node: int
    installation_id: str
    sequence_from: int
    sequence_to: int
    full: bool
    previous_hash: str | None
    send_photos: bool
    new_installation: bool
    parent_id: str | None
    installation_node: int = 0
    # the former centres merged into this one (issue 16): their records are this centre's now,
    # and what is changed here of them travels in this centre's packages, under their own origin
    former_nodes: tuple[int, ...] = ()


def file_identity(path: Path) -> str:
    """Which file this is (device and file number): a copy or a restored backup is another one."""
    status = os.stat(path)
    return f"{status.st_dev}:{status.st_ino}"


def _take_new_identity_if_copied(session: OrmSession, installation: Installation, path: Path) -> bool:
    current = file_identity(path)
    if installation.file_id is None:
        installation.file_id = current
        return False
    if installation.file_id == current:
        return False
    # A copy or a restored backup: go on under a new installation, numbering on from here.
    parent = installation.id
    replacement_id = new_id()
    session.add(Installation(id=replacement_id, centre_id=installation.centre_id,
                             created_at=dt.datetime.now(), last_clock=installation.last_clock,
                             last_change_seq=installation.last_change_seq,
                             node=node_number(session, replacement_id, INSTALLATION),
                             centre_node=installation.centre_node, file_id=current, parent_id=parent))
    session.delete(installation)
    session.flush()
    return True


def _plan(db: Database, *, full: bool) -> _Plan:
    with db.unit_of_work() as session:
        if is_office(session):
            raise UserError(_("This is an office's database: offices receive packages, centres send them."))
        centre = session.execute(select(Centre).where(Centre.deleted.is_(False)).order_by(own_centre_first(Centre.id))).scalars().first()
        if centre is None:
            raise UserError(_("Enter the centre's details first (Settings)."))
        if pinned_office(session) is None:
            raise UserError(_("No office key is registered yet. Ask the office for its key file and "
                              "register it in Settings (or with clc keys register) before sending data."))
        own_identity(session)
        installation = session.execute(select(Installation)).scalar_one()
        copied = _take_new_identity_if_copied(session, installation, db.path)
        installation = session.execute(select(Installation)).scalar_one()
        sent = session.execute(select(SyncOutbox).where(SyncOutbox.installation_id == installation.id)
                               .order_by(SyncOutbox.created_at.desc())).scalars().all()
        acknowledged = max((row.sequence_to for row in sent if row.acknowledged_at is not None), default=0)
        first_of_installation = not sent
        full = full or first_of_installation
        photos = session.get(Setting, SEND_PHOTOS_KEY)
        return _Plan(
            centre={"id": centre.id, "name": centre.name, "commune_code": centre.commune_code,
                    "province_code": centre.province_code, "commune_name": centre.commune_name},
            centre_node=installation.centre_node or 0, installation_id=installation.id,
            sequence_from=1 if full else acknowledged + 1, sequence_to=installation.last_change_seq,
            full=full, previous_hash=sent[0].package_hash if sent else None,
            send_photos=photos is None or photos.value != "0", new_installation=copied,
            parent_id=installation.parent_id, installation_node=installation.node or 0,
            former_nodes=_former_nodes(session))


def _former_nodes(session: OrmSession) -> tuple[int, ...]:
    from desktop.store.merger_models import CentreMerger

    formers = session.execute(select(CentreMerger.former_centre_id).where(CentreMerger.deleted.is_(False))).scalars()
    numbers = {uuid: number for number, uuid in node_uuids(session).items()}
    return tuple(sorted(numbers[uuid] for uuid in set(formers) if uuid in numbers))


def _summary(plan: _Plan, rows: int) -> str:
    """In Vietnamese whatever the interface language: it is read by the office's clerk."""
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        return _summary_text(plan, rows)


def _summary_text(plan: _Plan, rows: int) -> str:
    return _(
        "Data package of {centre} (commune code {commune}): {rows} records, changes {first} to "
        "{last}{full}. Made on {date} with CLC Ledger {version}. It is signed and encrypted for the "
        "office; open it in CLC Ledger at the office.").format(
        centre=plan.centre["name"], commune=plan.centre["commune_code"], rows=rows,
        first=plan.sequence_from, last=plan.sequence_to,
        full=_(" (full copy)") if plan.full else "",
        date=dt.date.today().strftime("%d/%m/%Y"), version=__version__)


def export_package(db: Database, folder: Path, *, full: bool = False,
                   progress: Progress | None = None) -> ExportResult:
    """Write one package into `folder` (a USB stick or any folder) and list it in the outbox.

    Raises UserError with what to do (no office key, a full or pulled stick), or Cancelled;
    either way no file that looks complete is left behind."""
    progress = progress or Progress()
    plan = _plan(db, full=full)
    with db.reading() as session:  # one snapshot: the package is a consistent cut
        identity = own_identity(session)
        office = pinned_office(session)
        assert office is not None
        key_file = own_key_file(session)
        nodes = node_uuids(session)
        tables = codecs()
        counts = {name: _count(session, codec.table, plan) for name, codec in tables.items()}
        total = sum(counts.values())
        digest = centre_digest(session, plan.centre_node, nodes)
        header = PackageHeader(
            kind=KIND_CENTRE, schema_version=HEAD_REVISION, app_version=__version__,
            origin=Origin(plan.centre["id"], plan.centre["name"], plan.centre["commune_code"],
                          plan.centre["province_code"], plan.installation_id),
            sequence_from=plan.sequence_from, sequence_to=plan.sequence_to, full=plan.full,
            previous_package_hash=plan.previous_hash, state_digest=digest, summary=_summary(plan, total),
            extra={"sender_key": key_file_bytes(key_file).decode("utf-8"),
                   "photos": plan.send_photos, "commune_name": plan.centre["commune_name"],
                   "parent_installation_id": plan.parent_id if plan.full else None})
        written = write_package(
            Path(folder), header,
            ((name, _rows(session, codec, plan, nodes)) for name, codec in tables.items() if counts[name]),
            signer=identity, recipient=office[1],
            media=_media(session, plan) if plan.send_photos else (),
            progress=progress, total_rows=total)
    with db.unit_of_work() as session:
        session.add(SyncOutbox(package_hash=written.package_hash, package_id=written.manifest.package_id,
                               installation_id=plan.installation_id, file_name=written.path.name,
                               folder=str(written.path.parent), sequence_from=plan.sequence_from,
                               sequence_to=plan.sequence_to, full=plan.full, rows=total, size=written.size,
                               created_at=_sending_time(session, plan.installation_id)))
    return ExportResult(written.path, written.package_hash, plan.sequence_from, plan.sequence_to, plan.full,
                        total, written.size, plan.new_installation)


def _sending_time(session: OrmSession, installation_id: str) -> dt.datetime:
    """Now, but never before the newest package already sent: the next export takes the newest as
    its predecessor, so a PC clock set back (to 2000, after a dead battery) must not make an older
    package look newer, or the office would see two packages following one and hold the centre."""
    newest = session.execute(select(func.max(SyncOutbox.created_at)).where(
        SyncOutbox.installation_id == installation_id)).scalar()
    now = dt.datetime.now()
    return max(now, newest + dt.timedelta(seconds=1)) if newest is not None else now


def _selection(table: Any, plan: _Plan) -> Any:
    condition = table.c.origin == plan.centre_node
    if not plan.full:
        condition = condition & (table.c.change_seq >= plan.sequence_from)
    if plan.former_nodes:
        # A former centre's rows: all of them in a full package; otherwise those written here since
        # (their change numbers from the former PC are of another sequence, so the writer decides).
        former = table.c.origin.in_(plan.former_nodes)
        if not plan.full:
            former = former & (table.c.version_node == plan.installation_node) & (
                table.c.change_seq >= plan.sequence_from)
        condition = condition | former
    return condition


def _count(session: OrmSession, table: Any, plan: _Plan) -> int:
    return session.execute(select(func.count()).select_from(table).where(_selection(table, plan))).scalar_one()


def _rows(session: OrmSession, codec: Any, plan: _Plan, nodes: dict[int, str]) -> Iterator[dict[str, Any]]:
    table = codec.table
    columns = [column for column in table.columns
               if (table.name, column.name) != (MEDIA_TABLE, MEDIA_COLUMN)]
    result = session.execute(select(*columns).where(_selection(table, plan)).order_by(table.c.id)
                             .execution_options(yield_per=5000))
    yield from export_rows(codec, result, nodes)


def _media(session: OrmSession, plan: _Plan) -> Iterator[tuple[str, bytes]]:
    table = codecs()[MEDIA_TABLE].table
    for record_id, content in session.execute(
            select(table.c.id, table.c[MEDIA_COLUMN]).where(_selection(table, plan), table.c.deleted.is_(False))):
        yield f"evidence-{record_id}", content


def centre_digest(session: OrmSession, centre_node: int, nodes: dict[int, str]) -> str:
    digest = StateDigest()
    mask = (1 << COUNTER_BITS) - 1
    for name, codec in codecs().items():
        table = codec.table
        digest.add_all(
            (name, record_id, f"{version >> COUNTER_BITS:015d}-{version & mask:06d}-{nodes[writer]}", bool(deleted))
            for record_id, version, writer, deleted in session.execute(
                select(table.c.id, table.c.version, table.c.version_node, table.c.deleted)
                .where(table.c.origin == centre_node)))
    return digest.value


def mark_acknowledged(db: Database, package_hash: str) -> None:
    """The office has imported this package (a return package says so): the next package starts
    after it."""
    with db.unit_of_work() as session:
        entry = session.get(SyncOutbox, package_hash)
        if entry is not None and entry.acknowledged_at is None:
            entry.acknowledged_at = dt.datetime.now()


@dataclass(frozen=True)
class SentPackage:
    file_name: str
    folder: str
    sequence_from: int
    sequence_to: int
    full: bool
    rows: int
    size: int
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None


def outbox(db: Database) -> list[SentPackage]:
    """Packages sent, newest first (the outbox shows which the office has not acknowledged)."""
    with db.reading() as session:
        return [SentPackage(row.file_name, row.folder, row.sequence_from, row.sequence_to, row.full, row.rows,
                            row.size, row.created_at, row.acknowledged_at)
                for row in session.execute(select(SyncOutbox).order_by(SyncOutbox.created_at.desc())).scalars()]


def last_sent(db: Database) -> dt.datetime | None:
    """When the last package was written (the overview reminds when it is too long ago)."""
    with db.reading() as session:
        return session.execute(select(func.max(SyncOutbox.created_at))).scalar()
