"""An office imports centres' packages: checked, sequenced, previewed or applied, reported.

Order (sync-design item 6): the file (desktop.sync refuses anything damaged, unsafe or forged),
the key (registered, not revoked, the centre's own), already imported (by manifest hash, whatever
the file's name), two databases claiming one installation, a gap in the sequence (held, with the
missing range named, released when it arrives), then every row classified and the package
applied in one transaction with its log entry, and the centre's state digest compared.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError
from desktop.i18n import _
from desktop.progress import Cancelled, Progress
from desktop.services.sync.export import KIND_CENTRE
from desktop.services.sync.keys import own_identity, peer_key, register_centre_key
from desktop.services.sync.merge import MergeState, merge_chunk, set_aside_json, start_merge
from desktop.services.sync.merger_originals import merged_into
from desktop.services.sync.mode import is_office
from desktop.services.sync.refusals import DryRunRollBack, Refused
from desktop.services.sync.rollup import KIND_ROLLUP, keep_chain_link
from desktop.services.sync.rows import codecs
from desktop.store.database import Database, optimize
from desktop.store.sync_models import (
    ALREADY_IMPORTED, HELD_GAP, IMPORTED, REFUSED, ROLE_CENTRE, SyncCentreState, SyncPeer, SyncReceived,
    SyncSetAside, SyncStream,
)
from desktop.sync.digest import StateDigest
from desktop.sync.keys import KeyRefused, parse_key_file
from desktop.sync.package import SUFFIX, Envelope, PackageRefused, open_contents, read_envelope, verify_package
from desktop.sync.returns import KIND_RETURN

log = logging.getLogger(__name__)

MAX_FILES = 5000


@dataclass
class PackageResult:
    """What became of one package (the JSON of `clc import --json` and the report's lines)."""

    file: str
    status: str
    reason: str = ""
    reason_code: str = ""
    centre: str = ""
    centre_id: str = ""
    commune_code: str = ""
    sequence_from: int = 0
    sequence_to: int = 0
    full: bool = False
    missing: tuple[int, int] | None = None
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    set_aside: list[tuple[str, str, str]] = field(default_factory=list)  # table, id, reason
    digest_matches: bool | None = None
    registered_key: str = ""  # the fingerprint registered on first contact

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "centre": self.centre, "centre_id": self.centre_id,
                "commune_code": self.commune_code, "status": self.status, "reason": self.reason,
                "reason_code": self.reason_code, "sequence": [self.sequence_from, self.sequence_to],
                "full": self.full, "missing": list(self.missing) if self.missing else None,
                "tables": self.tables, "notes": self.notes, "conflicts": self.conflicts,
                "set_aside": [{"table": t, "id": i, "reason": r} for t, i, r in self.set_aside],
                "digest_matches": self.digest_matches, "registered_key": self.registered_key}


@dataclass
class ImportReport:
    packages: list[PackageResult]
    dry_run: bool
    made_at: dt.datetime

    @property
    def refused(self) -> int:
        return sum(1 for package in self.packages if package.status == REFUSED)

    def as_json(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "made_at": self.made_at.isoformat(timespec="seconds"),
                "packages": [package.as_json() for package in self.packages]}


def package_files(paths: Iterable[Path]) -> list[Path]:
    """The packages named: files as given, folders (a USB stick) searched for `.clcsync` files."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
        else:
            found.append(path)
    if len(found) > MAX_FILES:
        raise UserError(_("More than {count} packages were given at once; import them in smaller groups.")
                        .format(count=MAX_FILES))
    return found


def import_packages(db: Database, paths: Iterable[Path], *, dry_run: bool = False, register_new: bool = False,
                    progress: Progress | None = None) -> ImportReport:
    """Import packages and folders of packages into an office database (or preview with dry_run)."""
    progress = progress or Progress()
    with db.reading() as session:
        if not is_office(session):
            raise UserError(_("This is a centre's database. Packages are imported into an office's database "
                              "(made with clc init --aggregator)."))
    files = package_files(paths)
    envelopes: list[tuple[Path, Envelope | None, PackageRefused | None]] = []
    for path in files:
        try:
            envelopes.append((path, read_envelope(path), None))
        except PackageRefused as refusal:
            envelopes.append((path, None, refusal))
    # Each installation's packages in sequence order, so that fewer are held for a gap.
    envelopes.sort(key=lambda item: (item[1] is None, item[1].manifest.origin.installation_id if item[1] else "",
                                     item[1].manifest.sequence_from if item[1] else 0, str(item[0])))
    results: list[PackageResult] = []
    for number, (path, envelope, refusal) in enumerate(envelopes):
        progress.check()
        progress.report(number, len(envelopes), path.name)
        if envelope is None:
            assert refusal is not None
            results.append(PackageResult(path.name, REFUSED, refusal.message, refusal.reason))
            continue
        results += _import_one(db, path, envelope, dry_run=dry_run, register_new=register_new, progress=progress)
    if any(result.status == IMPORTED for result in results) and not dry_run:
        _refresh_statistics(db)
    progress.report(len(envelopes), len(envelopes), "")
    return ImportReport(results, dry_run, dt.datetime.now())


def _refresh_statistics(db: Database) -> None:
    """The query planner's statistics, after rows arrived (an office starts with none and grows to
    a province's millions). Only a speed-up: an import never fails for it."""
    try:
        optimize(db)
    except (UserError, OperationalError):  # a busy or read-only file: the next import tries again
        log.warning("could not refresh the statistics after an import", exc_info=True)


def _describe(envelope: Envelope, path: Path) -> PackageResult:
    manifest = envelope.manifest
    return PackageResult(path.name, "", centre=manifest.origin.centre_name, centre_id=manifest.origin.centre_id,
                         commune_code=manifest.origin.commune_code, sequence_from=manifest.sequence_from,
                         sequence_to=manifest.sequence_to, full=manifest.full)


def _import_one(db: Database, path: Path, envelope: Envelope, *, dry_run: bool, register_new: bool,
                progress: Progress) -> list[PackageResult]:
    result = _describe(envelope, path)
    try:
        with db.unit_of_work(keep_sync_identity=True) as session:
            _apply(session, path, envelope, result, register_new=register_new, progress=progress)
            if dry_run:
                raise DryRunRollBack()
    except DryRunRollBack:
        pass
    except Refused as refusal:
        result.status, result.reason_code, result.reason = REFUSED, refusal.code, refusal.message
        result.tables, result.conflicts, result.set_aside = {}, [], []
        if isinstance(refusal, _CloneFound) and not dry_run:
            _mark_cloned(db, envelope.manifest.origin.installation_id)
    except (PackageRefused, KeyRefused) as refusal:
        result.status, result.reason_code, result.reason = REFUSED, refusal.reason, refusal.message
        result.tables = {}
    except Cancelled:
        raise
    except UserError as error:  # a full disk, a locked database: nothing was written
        result.status, result.reason_code, result.reason = REFUSED, "not-written", error.message
    except Exception:  # a bug must not stop the rest of the stick, nor write half a package
        log.exception("importing %s failed", path)
        result.status, result.reason_code = REFUSED, "unexpected"
        result.reason = _("An unexpected error stopped the import of this package; nothing of it was "
                          "saved. The details are in the log file.")
    if result.status == IMPORTED and not dry_run:
        return [result, *_release_held(db, envelope.manifest.origin.installation_id, progress)]
    return [result]


def _mark_cloned(db: Database, installation_id: str) -> None:
    with db.unit_of_work() as session:
        stream = session.get(SyncStream, installation_id)
        if stream is not None:
            stream.cloned = True


def _release_held(db: Database, installation_id: str, progress: Progress) -> list[PackageResult]:
    """Import the held packages of an installation that no longer wait for a gap."""
    with db.reading() as session:
        stream = session.get(SyncStream, installation_id)
        held = None if stream is None else session.execute(select(SyncReceived).where(
            SyncReceived.installation_id == installation_id, SyncReceived.status == HELD_GAP,
            SyncReceived.sequence_from <= stream.imported_to + 1).order_by(SyncReceived.sequence_from)).scalars().first()
        if held is None or held.content is None:
            return []
        name, content = held.file_name, held.content
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / name
        copy.write_bytes(content)
        try:
            envelope = read_envelope(copy)
        except PackageRefused as refusal:
            return [PackageResult(name, REFUSED, refusal.message, refusal.reason)]
        results = _import_one(db, copy, envelope, dry_run=False, register_new=False, progress=progress)
    results[0].notes.append(_("Released: the changes it waited for have arrived."))
    return results


def _signer(session: OrmSession, envelope: Envelope, result: PackageResult, register_new: bool) -> SyncPeer | None:
    """The registered key the package claims; None means: register it on first contact."""
    manifest = envelope.manifest
    peer = session.execute(select(SyncPeer).where(
        SyncPeer.fingerprint == manifest.origin.key_fingerprint)).scalar_one_or_none()
    if peer is None:
        if not register_new:
            raise Refused("unknown-key", _(
                "“{name}” is signed by a key this office has not registered ({centre}, fingerprint {fingerprint}). "
                "Register the centre's key file first, or import with --register-new after checking the "
                "fingerprint with the centre.").format(name=path_name(envelope), centre=manifest.origin.centre_name,
                                                        fingerprint=manifest.origin.key_fingerprint))
        return None
    if peer.role != ROLE_CENTRE:
        raise Refused("unknown-key", _("“{name}” is signed by an office's key, not a centre's.").format(
            name=path_name(envelope)))
    if peer.revoked_at is not None:
        raise Refused("revoked-key", _(
            "“{name}” is signed by a key that was revoked on {date} ({centre}). Nothing was imported; ask the "
            "centre to register its new key.").format(name=path_name(envelope), centre=manifest.origin.centre_name,
                                                      date=peer.revoked_at.strftime("%d/%m/%Y")))
    if peer.centre_id is not None and peer.centre_id != manifest.origin.centre_id:
        raise Refused("key-of-another-centre", _(
            "“{name}” says it comes from {centre}, but it is signed with the key of another centre. "
            "Nothing was imported.").format(name=path_name(envelope), centre=manifest.origin.centre_name))
    return peer


def path_name(envelope: Envelope) -> str:
    return envelope.path.name


def _apply(session: OrmSession, path: Path, envelope: Envelope, result: PackageResult, *, register_new: bool,
           progress: Progress) -> None:
    manifest = envelope.manifest
    if manifest.kind == KIND_ROLLUP:  # an office's consolidated package, at the level above
        from desktop.services.sync.rollup_receive import apply_rollup

        apply_rollup(session, path, envelope, result, register_new=register_new, progress=progress)
        return
    if manifest.kind == KIND_RETURN:  # the level above acknowledges this office's roll-ups
        from desktop.services.sync.rollup_ack import apply_upper_return

        apply_upper_return(session, path, envelope, result)
        return
    if manifest.kind != KIND_CENTRE:
        raise Refused("wrong-kind", _("“{name}” is not a centre's data package ({kind}).").format(
            name=path.name, kind=manifest.kind))
    identity = own_identity(session)
    if manifest.recipient != identity.fingerprint.text:
        raise PackageRefused("wrong-recipient", _(
            "“{name}” was made for another office (its key {fingerprint}). Ask the centre to register this "
            "office's key and send the package again.").format(name=path.name, fingerprint=manifest.recipient),
            path)
    peer = _signer(session, envelope, result, register_new)
    if peer is None:
        key_file = _carried_key(envelope)
        package = verify_package(envelope, key_file.public_key)
        registered = register_centre_key(session, key_file, manifest.origin.centre_id)
        result.registered_key = registered.fingerprint
        result.notes.append(_("The key of {centre} was registered on first contact: {digits}.").format(
            centre=manifest.origin.centre_name, digits=registered.digits))
    else:
        package = verify_package(envelope, peer_key(peer).public_key)
        if peer.centre_id is None:
            peer.centre_id = manifest.origin.centre_id
    if already_imported(session, envelope.package_hash, result):
        return
    stream = _stream(session, manifest)
    if stream.cloned:
        raise Refused("cloned-installation", _cloned_message(manifest.origin.centre_name))
    if _has_sibling(session, manifest, envelope.package_hash):
        raise _CloneFound(manifest.origin.centre_name)
    if not manifest.full and manifest.sequence_from > stream.imported_to + 1:
        _hold(session, path, envelope, stream, result)
        return
    contents = open_contents(package, identity)
    media = dict(contents.media()) if manifest.extra.get("photos") else {}
    state = start_merge(session, manifest.origin.centre_id, merged_into(session, contents, manifest.origin.centre_id))
    table_codecs = codecs()
    for chunk in contents.chunks(progress):
        progress.check()
        codec = table_codecs.get(chunk.table)
        if codec is None:
            for row in chunk.rows:
                state.set_aside.append(_unknown_table(chunk.table, row))
                state.counts_of(chunk.table).set_aside += 1
            continue
        merge_chunk(session, state, codec, chunk.rows, media)
    session.flush()
    _finish(session, path, envelope, stream, state, result)


class _CloneFound(Refused):
    def __init__(self, centre: str) -> None:
        super().__init__("cloned-installation", _cloned_message(centre))


def _cloned_message(centre: str) -> str:
    return _("Two databases of {centre} claim the same installation (a copied database or a restored backup "
             "went on exporting under the old identity). This package was not imported; the others of that "
             "installation are held too. Ask the centre which PC is in use and to send a full package from it.") \
        .format(centre=centre)


def _carried_key(envelope: Envelope):  # type: ignore[no-untyped-def]
    text = envelope.manifest.extra.get("sender_key")
    if not isinstance(text, str):
        raise Refused("unknown-key", _("“{name}” carries no key to register.").format(name=envelope.path.name))
    key_file = parse_key_file(text.encode("utf-8"), envelope.path.name, expected_role=ROLE_CENTRE)
    if key_file.fingerprint.text != envelope.manifest.origin.key_fingerprint:
        raise PackageRefused("bad-signature", _(
            "The key carried by “{name}” is not the key that signed it. Nothing was imported.").format(
            name=envelope.path.name), envelope.path)
    return key_file


def already_imported(session: OrmSession, package_hash: str, result: PackageResult) -> bool:
    """Whether this package was imported here before; if so the result says so (and nothing changes)."""
    known = session.get(SyncReceived, package_hash)
    if known is None or known.status != IMPORTED:
        return False
    result.status = ALREADY_IMPORTED
    result.reason = _("Already imported on {date}; nothing changed.").format(
        date=known.received_at.strftime("%d/%m/%Y %H:%M"))
    return True


def _unknown_table(table: str, row: object):  # type: ignore[no-untyped-def]
    from desktop.services.sync.merge import SetAside

    return SetAside(table, str(row.get("id", ""))[:80] if isinstance(row, dict) else "",
                    "a table this version of CLC Ledger does not know", row if isinstance(row, dict) else {})


def _stream(session: OrmSession, manifest) -> SyncStream:  # type: ignore[no-untyped-def]
    stream = session.get(SyncStream, manifest.origin.installation_id)
    if stream is None:
        stream = SyncStream(installation_id=manifest.origin.installation_id, centre_id=manifest.origin.centre_id,
                            imported_to=0, first_seen_at=dt.datetime.now(), cloned=False)
        session.add(stream)
        session.flush()
    return stream


def _has_sibling(session: OrmSession, manifest, package_hash: str) -> bool:  # type: ignore[no-untyped-def]
    """Another package already imported from this installation that follows the same predecessor:
    two databases went on from one point under one identity."""
    previous = manifest.previous_package_hash
    condition = (SyncReceived.previous_package_hash.is_(None) if previous is None
                 else SyncReceived.previous_package_hash == previous)
    return session.execute(select(SyncReceived.package_hash).where(
        SyncReceived.installation_id == manifest.origin.installation_id, condition,
        SyncReceived.status == IMPORTED, SyncReceived.package_hash != package_hash)).first() is not None


def _log_entry(session: OrmSession, path: Path, envelope: Envelope, status: str, reason: str = "") -> SyncReceived:
    manifest = envelope.manifest
    entry = session.get(SyncReceived, envelope.package_hash)
    if entry is None:
        entry = SyncReceived(package_hash=envelope.package_hash, package_id=manifest.package_id)
        session.add(entry)
    entry.centre_id, entry.installation_id = manifest.origin.centre_id, manifest.origin.installation_id
    entry.sequence_from, entry.sequence_to, entry.full = manifest.sequence_from, manifest.sequence_to, manifest.full
    entry.previous_package_hash, entry.created_at = manifest.previous_package_hash, manifest.created_at
    entry.received_at, entry.file_name, entry.status, entry.reason = dt.datetime.now(), path.name, status, reason
    return entry


def _hold(session: OrmSession, path: Path, envelope: Envelope, stream: SyncStream, result: PackageResult) -> None:
    missing = (stream.imported_to + 1, envelope.manifest.sequence_from - 1)
    result.status, result.missing = HELD_GAP, missing
    result.reason = _("Held: the changes {first} to {last} of {centre} have not arrived yet. This package will "
                      "be imported as soon as the package with them is imported.").format(
        first=missing[0], last=missing[1], centre=envelope.manifest.origin.centre_name)
    entry = _log_entry(session, path, envelope, HELD_GAP, result.reason)
    entry.content = path.read_bytes()


def _finish(session: OrmSession, path: Path, envelope: Envelope, stream: SyncStream, state: MergeState,
            result: PackageResult) -> None:
    manifest = envelope.manifest
    result.status = IMPORTED
    result.tables = {table: counts.as_dict() for table, counts in state.counts.items()}
    result.conflicts = list(state.conflicts)
    result.set_aside = [(item.table, item.record_id, item.reason) for item in state.set_aside]
    if state.clock_ahead:
        result.notes.append(_("{count} records carry a clock ahead of this office's (the centre's PC date was "
                              "wrong); they are counted as made when the package arrived.").format(
            count=state.clock_ahead))
    parent = manifest.extra.get("parent_installation_id")
    if parent:
        result.notes.append(_("This package comes from a copy or a restored backup of the centre's database, "
                              "which took a new identity; its earlier packages remain valid."))
    entry = _log_entry(session, path, envelope, IMPORTED)
    entry.content = None
    entry.counts = json.dumps(result.tables, sort_keys=True)
    keep_chain_link(session, envelope)
    session.flush()
    for item in state.set_aside:
        session.add(SyncSetAside(package_hash=envelope.package_hash, table_name=item.table,
                                 record_id=item.record_id, reason=item.reason, row=set_aside_json(item)))
    # A package older than what this installation already sent carries an older state digest:
    # comparing it with the office's newer copy would report a difference that is not there.
    outdated = manifest.sequence_to < stream.imported_to
    stream.imported_to = max(stream.imported_to, manifest.sequence_to)
    stream.last_package_hash = envelope.package_hash
    stream.last_package_at = dt.datetime.now()
    held = session.get(SyncCentreState, manifest.origin.centre_id)
    digest = StateDigest.parse(held.digest) if held is not None else StateDigest()
    digest.merge(state.digest_change)
    if held is None:
        session.add(SyncCentreState(centre_id=manifest.origin.centre_id, digest=digest.value))
    else:
        held.digest = digest.value
    result.digest_matches = None if outdated else digest.value == manifest.state_digest
    entry.digest_matches = result.digest_matches
    if outdated:
        result.notes.append(_("This package is older than one already received from the same computer: "
                              "nothing in it is newer, and it was not compared with the office's copy."))
    elif not result.digest_matches:
        result.notes.append(_("The office's copy of {centre} does not yet match the centre's own: some changes "
                              "have not arrived, or were set aside.").format(centre=manifest.origin.centre_name))
