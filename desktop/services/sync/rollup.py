"""An office's consolidated package for the level above (a commune office to the province).

Every centre's rows the office holds, signed by the office and encrypted to the level above's
pinned key, with each centre's signature chain (desktop/sync/chain.py): the centre's key and the
signed manifests of its newest packages, kept when the office imported them. By default only
the rows past the cut the level above acknowledged (rollup_increment.py); a full snapshot on
demand, or when nothing is acknowledged yet. The chains and digests always cover every centre.
"""

from __future__ import annotations

import datetime as dt
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
from desktop.services.sync.keys import own_identity, own_key_file
from desktop.services.sync.mode import is_office, office_settings
from desktop.services.sync.office import centre_node_of
from desktop.services.sync.office_keys import pinned_upper
from desktop.services.sync.rollup_increment import (
    IncrementBase, centres_in_full, current_cut, increment_base, record_cut, row_selection,
)
from desktop.services.sync.rows import MEDIA_COLUMN, MEDIA_TABLE, codecs, export_rows
from desktop.store.database import Database
from desktop.store.models import Centre, Installation, Setting
from desktop.store.rollup_models import SyncChainLink
from desktop.store.schema_version import HEAD_REVISION
from desktop.store.sync_models import ROLE_CENTRE, SyncCentreState, SyncPeer
from desktop.store.sync_nodes import node_uuids
from desktop.sync.chain import ChainEntry, SignedManifest, chain_document
from desktop.sync.keys import key_file_bytes
from desktop.sync.package import Envelope, Origin, PackageHeader, StateDigest, write_package

KIND_ROLLUP = "rollup"
SEQUENCE_KEY, LAST_HASH_KEY = "rollup_sequence", "rollup_last_hash"


@dataclass(frozen=True)
class RollupResult:
    path: Path
    package_hash: str
    centres: int
    rows: int
    size: int
    left_out: tuple[str, ...]  # centres registered here whose packages this office has no signed copy of
    full: bool = True
    sequence_from: int = 1
    sequence_to: int = 1


def keep_chain_link(session: OrmSession, envelope: Envelope) -> None:
    """At import: keep the centre's signed manifest, the link its rows carry up a level."""
    manifest = envelope.manifest
    if session.get(SyncChainLink, envelope.package_hash) is None:
        session.add(SyncChainLink(package_hash=envelope.package_hash, centre_id=manifest.origin.centre_id,
                                  installation_id=manifest.origin.installation_id,
                                  key_fingerprint=manifest.origin.key_fingerprint,
                                  manifest=envelope.manifest_bytes, signature=envelope.signature,
                                  imported_at=dt.datetime.now()))


def _chain(session: OrmSession) -> tuple[list[ChainEntry], list[str]]:
    """Each centre registered here with its keys and newest signed manifest per installation."""
    keys: dict[str, list[bytes]] = {}
    names: dict[str, str] = {}
    for peer in session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_CENTRE, SyncPeer.centre_id.is_not(None))
                                .order_by(SyncPeer.registered_at)).scalars():
        keys.setdefault(peer.centre_id, []).append(peer.key_file)
        names.setdefault(peer.centre_id, peer.name)
    entries, left_out = [], []
    for centre_id, key_files in keys.items():
        newest: dict[str, SyncChainLink] = {}
        for link in session.execute(select(SyncChainLink).where(SyncChainLink.centre_id == centre_id)
                                    .order_by(SyncChainLink.imported_at)).scalars():
            newest[link.installation_id] = link
        centre = session.get(Centre, centre_id)
        state = session.get(SyncCentreState, centre_id)
        if not newest or centre is None or state is None:
            left_out.append(centre.name if centre is not None else names[centre_id])
            continue
        entries.append(ChainEntry(centre_id, centre.name, centre.commune_code, centre.province_code,
                                  tuple(key_files),
                                  tuple(SignedManifest(link.manifest, link.signature) for link in newest.values()),
                                  state.digest))
    entries.sort(key=lambda entry: (entry.commune_code, entry.name))
    return entries, left_out


def _setting(session: OrmSession, key: str) -> str | None:
    setting = session.get(Setting, key)
    return None if setting is None else setting.value


def _summary(office: str, centres: int, rows: int, base: IncrementBase | None = None) -> str:
    """In Vietnamese whatever the interface language: the clerk above reads it."""
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        text = _("Consolidated package of {office} for the level above: {centres} centres, {rows} records. "
                 "Made on {date} with CLC Ledger {version}. It is signed and encrypted for the level above; "
                 "open it in CLC Ledger there.").format(
            office=office, centres=centres, rows=rows, date=dt.date.today().strftime("%d/%m/%Y"),
            version=__version__)
        if base is not None:
            text += " " + _("It holds only what changed since consolidated package {number}, which the level above "
                            "acknowledged.").format(number=base.sequence)
        return text


def export_rollup(db: Database, folder: Path, *, full: bool = False,
                  progress: Progress | None = None) -> RollupResult:
    """Write the office's consolidated package into `folder` (what the level above has not
    acknowledged, or everything with `full`); UserError says what is missing."""
    progress = progress or Progress()
    with db.unit_of_work() as session:
        if not is_office(session):
            raise UserError(_("Only an office's database sends a consolidated package to the level above."))
        if pinned_upper(session) is None:
            raise UserError(_("The key of the level above is not registered yet. Ask the province (or the level "
                              "this office reports to) for its key file and register it in Settings (or with "
                              "clc keys register) first."))
        own_identity(session)
    with db.reading() as session:  # one snapshot: a consistent cut while imports may go on
        identity = own_identity(session)
        upper = pinned_upper(session)
        assert upper is not None
        settings = office_settings(session)
        installation = session.execute(select(Installation)).scalar_one()
        entries, left_out = _chain(session)
        if not entries:
            raise UserError(_("This office holds no centre's data with its signed packages yet: import the "
                              "centres' packages first."))
        origins = {entry.centre_id: node for entry, node in
                   ((entry, centre_node_of(session, entry.centre_id)) for entry in entries) if node}
        nodes = node_uuids(session)
        base = None if full else increment_base(session)
        whole = centres_in_full(base, list(origins))
        numbers = {uuid: number for number, uuid in nodes.items()}
        tables = codecs()
        selections = {name: row_selection(codec.table, origins, base, whole, numbers) for name, codec in tables.items()}
        counts = {name: session.execute(select(func.count()).select_from(codec.table).where(
            selections[name])).scalar_one() for name, codec in tables.items()}
        total = sum(counts.values())
        cut = current_cut(session, origins, {entry.centre_id: entry.digest for entry in entries})
        digest = StateDigest()
        for entry in entries:
            digest.merge(StateDigest.parse(entry.digest))
        sequence = int(_setting(session, SEQUENCE_KEY) or 0) + 1
        sequence_from = 1 if base is None else base.sequence + 1
        header = PackageHeader(
            kind=KIND_ROLLUP, schema_version=HEAD_REVISION, app_version=__version__,
            origin=Origin(installation.id, settings.name, settings.code, "", installation.id),
            sequence_from=sequence_from, sequence_to=sequence, full=base is None,
            previous_package_hash=_setting(session, LAST_HASH_KEY), state_digest=digest.value,
            summary=_summary(settings.name, len(entries), total, base),
            extra={"sender_key": key_file_bytes(own_key_file(session)).decode("utf-8"), "level": settings.level,
                   "photos": True, "centres": chain_document(entries)})
        written = write_package(
            Path(folder), header,
            ((name, _rows(session, codec, selections[name], nodes)) for name, codec in tables.items() if counts[name]),
            signer=identity, recipient=upper[1], media=_media(session, selections[MEDIA_TABLE]), progress=progress,
            total_rows=total)
    with db.unit_of_work() as session:
        for key, value in ((SEQUENCE_KEY, str(sequence)), (LAST_HASH_KEY, written.package_hash)):
            setting = session.get(Setting, key)
            if setting is None:
                session.add(Setting(key=key, value=value))
            else:
                setting.value = value
        record_cut(session, sequence, written.package_hash, base is None, cut)
    return RollupResult(written.path, written.package_hash, len(entries), total, written.size, tuple(left_out),
                        full=base is None, sequence_from=sequence_from, sequence_to=sequence)


def _rows(session: OrmSession, codec: Any, selection: Any, nodes: dict[int, str]) -> Iterator[dict[str, Any]]:
    table = codec.table
    columns = [column for column in table.columns if (table.name, column.name) != (MEDIA_TABLE, MEDIA_COLUMN)]
    result = session.execute(select(*columns).where(selection).order_by(table.c.id)
                             .execution_options(yield_per=5000))
    yield from export_rows(codec, result, nodes)


def _media(session: OrmSession, selection: Any) -> Iterator[tuple[str, bytes]]:
    table = codecs()[MEDIA_TABLE].table
    for record_id, content in session.execute(select(table.c.id, table.c[MEDIA_COLUMN]).where(
            selection, table.c.deleted.is_(False), table.c[MEDIA_COLUMN] != b"")):
        yield f"evidence-{record_id}", content


@dataclass(frozen=True)
class RollupPlan:
    level_above: str  # the pinned key's name, "" when none is pinned
    centres: tuple[str, ...]  # the centres the next consolidated package will carry
    left_out: tuple[str, ...]


def rollup_plan(db: Database) -> RollupPlan:
    """What the next consolidated package would carry (the screen shows it before sending)."""
    with db.reading() as session:
        upper = pinned_upper(session)
        entries, left_out = _chain(session)
        return RollupPlan(upper[0].name if upper else "", tuple(entry.name for entry in entries), tuple(left_out))
