"""A centre applies a return package from its office (sync-design items 7 and 8).

Refused with a reason, nothing written: not a return package, signed by a key other than the
pinned office key, made for another centre or another key, already applied or older than the last
one applied, damaged. Otherwise, in one transaction: acknowledged packages leave the outbox (the
next package starts after the acknowledged point), newer reference list versions are kept with a
list of what changed (older ones ignored), corrections wait to be accepted or declined, revocations
are applied, and a minimum app version above this one is said plainly.

One exception to "nothing written": a package signed by the office's new key that carries the
revocation of the pinned key, signed by that pinned key. The revocation is applied (the pinned key
is no longer trusted, and the user is asked to register the new key after checking its
fingerprint); the rest waits until the package is imported again with the new key registered.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop import __version__
from desktop.errors import UserError
from desktop.i18n import _
from desktop.progress import Progress
from desktop.services.sync.keys import own_identity, pinned_office
from desktop.services.sync.mode import is_office
from desktop.services.sync.reference_versions import ReferenceChange, apply_reference_version
from desktop.services.sync.refusals import DryRunRollBack, Refused
from desktop.store.database import Database
from desktop.store.models import Centre
from desktop.store.return_models import PENDING, SyncCorrectionInbox, SyncReturnApplied
from desktop.store.sync_models import ROLE_OFFICE, SyncOutbox, SyncPeer
from desktop.sync.keys import KeyRefused, parse_key_file
from desktop.sync.package import Envelope, PackageRefused, open_contents, read_envelope, verify_package
from desktop.sync.returns import (
    KIND_RETURN, ReturnContentError, ReturnContents, checked_statement, is_newer_version, parse_return,
)

APPLIED, REFUSED, PARTIAL = "imported", "refused", "partial"


@dataclass
class ReturnResult:
    """What became of a return package (one entry of `clc import --json`'s packages)."""

    file: str
    status: str = ""
    reason: str = ""
    reason_code: str = ""
    office: str = ""
    sequence: int = 0
    acknowledged: int = 0  # outbox packages the office confirmed
    corrections: int = 0  # corrections received, waiting for an answer
    reference_changes: list[ReferenceChange] = field(default_factory=list)
    revoked_keys: list[str] = field(default_factory=list)
    new_office_key: str = ""  # the digits of the office's new key, to check before registering it
    min_app_version: str = ""
    update_needed: bool = False
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "centre": self.office, "centre_id": "", "commune_code": "", "kind": KIND_RETURN,
                "status": self.status, "reason": self.reason, "reason_code": self.reason_code,
                "sequence": [self.sequence, self.sequence], "full": False, "missing": None,
                "tables": {}, "notes": self.notes, "conflicts": [], "set_aside": [], "digest_matches": None,
                "registered_key": "", "acknowledged": self.acknowledged, "corrections": self.corrections,
                "reference_changes": [change.as_json() for change in self.reference_changes],
                "revoked_keys": self.revoked_keys, "new_office_key": self.new_office_key,
                "min_app_version": self.min_app_version, "update_needed": self.update_needed}


@dataclass
class ReturnReport:
    packages: list[ReturnResult]
    dry_run: bool
    made_at: dt.datetime

    @property
    def refused(self) -> int:
        return sum(1 for package in self.packages if package.status == REFUSED)

    @property
    def corrections(self) -> int:
        return sum(package.corrections for package in self.packages)

    @property
    def status(self) -> str:
        """imported (every package), refused (none), or partial (a folder with some of each)."""
        if not self.refused:
            return APPLIED
        return PARTIAL if self.refused < len(self.packages) else REFUSED

    def as_json(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "made_at": self.made_at.isoformat(timespec="seconds"),
                "status": self.status, "corrections": self.corrections,
                "packages": [package.as_json() for package in self.packages]}


def import_returns(db: Database, paths: list[Path], *, dry_run: bool = False,
                   progress: Progress | None = None) -> ReturnReport:
    """Apply return packages (files, or folders searched for them) to a centre's database."""
    from desktop.services.sync.receive import package_files

    progress = progress or Progress()
    with db.reading() as session:
        if is_office(session):
            raise UserError(_("This is an office's database: return packages are for centres."))
    files = package_files(paths)
    if not files:
        raise UserError(_("No package was found there. A centre opens the office's return packages; centres' data "
                          "packages are imported into an office's database (made with clc init --aggregator)."))
    envelopes: list[tuple[Path, Envelope | None, PackageRefused | None]] = []
    for path in files:
        try:
            envelopes.append((path, read_envelope(path), None))
        except PackageRefused as refusal:
            envelopes.append((path, None, refusal.from_office()))
    # In their order, so that a folder holding several returns applies them all
    envelopes.sort(key=lambda item: (item[1] is None, item[1].manifest.sequence_to if item[1] else 0, str(item[0])))
    results = []
    for number, (path, envelope, refusal) in enumerate(envelopes):
        progress.check()
        progress.report(number, len(envelopes), path.name)
        if envelope is None:
            assert refusal is not None
            results.append(ReturnResult(path.name, REFUSED, refusal.message, refusal.reason))
            continue
        results.append(_import_one(db, path, envelope, dry_run=dry_run))
    progress.report(len(envelopes), len(envelopes), "")
    if not dry_run and any(result.reference_changes for result in results):
        from desktop.services.reference_lists import learn_office_names

        learn_office_names(db)  # the office's new names show at once, in lists and reports
    return ReturnReport(results, dry_run, dt.datetime.now())


def _import_one(db: Database, path: Path, envelope: Envelope, *, dry_run: bool) -> ReturnResult:
    result = ReturnResult(path.name, office=envelope.manifest.origin.centre_name,
                          sequence=envelope.manifest.sequence_to)
    try:
        with db.unit_of_work() as session:
            _apply(session, path, envelope, result)
            if dry_run:
                raise DryRunRollBack()
    except DryRunRollBack:
        pass
    except Refused as refusal:
        _refused(result, refusal.code, refusal.message)
    except PackageRefused as refusal:
        _refused(result, refusal.reason, refusal.from_office().message)
    except KeyRefused as refusal:
        _refused(result, refusal.reason, refusal.message)
    except UserError as error:
        _refused(result, "not-written", error.message)
    else:
        return result
    if result.reason_code == "office-key-changed" and not dry_run:
        _apply_key_change(db, path, envelope, result)
    return result


def _refused(result: ReturnResult, code: str, message: str) -> None:
    result.status, result.reason_code, result.reason = REFUSED, code, message
    result.acknowledged = result.corrections = 0
    result.reference_changes, result.revoked_keys, result.notes = [], [], []
    result.update_needed, result.min_app_version = False, ""


def _apply(session: OrmSession, path: Path, envelope: Envelope, result: ReturnResult) -> None:
    manifest = envelope.manifest
    if manifest.kind != KIND_RETURN:
        raise Refused("wrong-kind", _("“{name}” is a centre's data package, not a return package from the office. "
                                       "Take it to the office's computer.").format(name=path.name))
    pinned = pinned_office(session)
    if pinned is None:
        raise Refused("no-office-key", _("No office key is registered at this centre, so “{name}” cannot be "
                                          "checked. Register the office's key first (Settings).").format(name=path.name))
    peer, office_key = pinned
    if manifest.origin.key_fingerprint != peer.fingerprint:
        if _carries_change_of(session, envelope, peer) is not None:
            raise Refused("office-key-changed", _(
                "“{name}” is signed by the office's new key. The office revoked the key registered here; "
                "register the new key, then open this package again.").format(name=path.name))
        raise Refused("not-the-office-key", _(
            "“{name}” is not signed by the office key registered at this centre ({office}). Nothing was "
            "changed. If the office changed its key, register its new key first, after checking the "
            "fingerprint with the office.").format(name=path.name, office=peer.name))
    package = verify_package(envelope, office_key)
    centre = session.execute(select(Centre).where(Centre.deleted.is_(False))).scalars().first()
    if centre is None or manifest.extra.get("centre_id") != centre.id:
        raise Refused("another-centre", _(
            "“{name}” was made for another centre ({centre}, commune code {code}), not this one. Nothing was "
            "changed.").format(name=path.name, centre=manifest.extra.get("centre_name", "?"),
                               code=manifest.extra.get("commune_code", "?")))
    if manifest.extra.get("return_sequence") != manifest.sequence_to:
        raise PackageRefused("bad-manifest", _("“{name}” is not a valid return package.").format(name=path.name), path)
    if session.get(SyncReturnApplied, envelope.package_hash) is not None:
        raise Refused("already-applied", _("“{name}” was already applied; nothing changed.").format(name=path.name))
    last = session.execute(select(func.max(SyncReturnApplied.sequence)).where(
        SyncReturnApplied.office_fingerprint == peer.fingerprint)).scalar() or 0
    if manifest.sequence_to <= last:
        raise Refused("old-return", _(
            "“{name}” is an older return package (number {number}); number {last} was already applied. "
            "Nothing was changed.").format(name=path.name, number=manifest.sequence_to, last=last))
    contents = open_contents(package, own_identity(session))
    try:
        parsed = parse_return((chunk.table, chunk.rows) for chunk in contents.chunks())
    except ReturnContentError as error:
        raise PackageRefused("damaged-data", _("“{name}” holds data this app cannot read ({detail}).").format(
            name=path.name, detail=error), path) from None
    _apply_contents(session, parsed, result, office_key_fingerprint=peer.fingerprint)
    minimum = manifest.extra.get("min_app_version")
    if isinstance(minimum, str) and minimum:
        result.min_app_version = minimum
        if is_newer_version(minimum, __version__):
            result.update_needed = True
            result.notes.append(_("The office asks every centre to use CLC Ledger {version} or newer; this computer "
                                  "has {current}. Ask the office for the new version and install it.").format(
                version=minimum, current=__version__))
    session.add(SyncReturnApplied(package_hash=envelope.package_hash, sequence=manifest.sequence_to,
                                  office_fingerprint=peer.fingerprint, created_at=manifest.created_at,
                                  applied_at=dt.datetime.now()))
    result.status = APPLIED


def _apply_contents(session: OrmSession, contents: ReturnContents, result: ReturnResult, *,
                    office_key_fingerprint: str) -> None:
    now = dt.datetime.now()
    for ack in contents.acknowledgements:
        for entry in session.execute(select(SyncOutbox).where(
                SyncOutbox.installation_id == ack.installation_id, SyncOutbox.sequence_to <= ack.sequence_to,
                SyncOutbox.acknowledged_at.is_(None))).scalars():
            entry.acknowledged_at = now
            result.acknowledged += 1
    for version in sorted(contents.reference_versions, key=lambda v: (v.list_name, v.version)):
        change = apply_reference_version(session, version)
        session.flush()
        result.reference_changes.append(change)
        result.notes.append(change.describe())
    for correction in contents.corrections:
        if session.get(SyncCorrectionInbox, correction.id) is not None:
            continue  # sent again while unanswered
        session.add(SyncCorrectionInbox(
            id=correction.id, table_name=correction.table, record_id=correction.record_id,
            record_label=correction.record_label, field=correction.field,
            old_value=json.dumps(correction.old, ensure_ascii=False),
            new_value=json.dumps(correction.new, ensure_ascii=False), reason=correction.reason,
            proposed_at=dt.datetime.fromisoformat(correction.proposed_at).replace(tzinfo=None), received_at=now,
            status=PENDING))
        result.corrections += 1
    if result.corrections:
        result.notes.append(_("The office asks for {count} corrections: accept or decline each one.").format(
            count=result.corrections))
    own = own_identity(session).fingerprint.text
    for revocation in contents.revocations:
        if revocation.role == "centre" and revocation.fingerprint == own:
            result.revoked_keys.append(revocation.fingerprint)
            result.notes.append(_("The office revoked this centre's key ({reason}). Its packages signed with this "
                                  "key will be refused: call the office.").format(reason=revocation.reason or "—"))
        elif revocation.role == ROLE_OFFICE:
            peer = session.execute(select(SyncPeer).where(SyncPeer.fingerprint == revocation.fingerprint)).scalar_one_or_none()
            if peer is None or peer.revoked_at is not None:
                continue
            from desktop.services.sync.keys import peer_key

            statement = checked_statement(revocation, peer_key(peer).public_key)
            if statement is None:
                continue  # not signed by the key it revokes: not from the office
            peer.revoked_at, peer.revoked_reason = now, f"revoked by the office: {revocation.reason}"
            result.revoked_keys.append(revocation.fingerprint)
            _ask_for_new_key(result, statement)


def _ask_for_new_key(result: ReturnResult, statement: dict[str, object]) -> None:
    replacement = statement.get("replacement_key")
    digits = ""
    if isinstance(replacement, str):
        try:
            digits = parse_key_file(replacement.encode("utf-8"), "", expected_role=ROLE_OFFICE).fingerprint.digits
        except KeyRefused:
            digits = ""
    result.new_office_key = digits
    result.notes.append(_("The office revoked its old key and uses a new one. Ask the office for its new key "
                          "file, check that its fingerprint is {digits} with the office, and register it in "
                          "Settings; until then no package can be sent.").format(digits=digits or "—"))


def _carries_change_of(session: OrmSession, envelope: Envelope, peer: SyncPeer) -> dict[str, object] | None:
    """A package signed by another office key that carries the pinned key's own revocation naming
    that key as its replacement: the statement, else None. Reading it decrypts the package (it is
    for this centre) but trusts nothing the new key says beyond the statement the old key signed."""
    from desktop.services.sync.keys import peer_key

    text = envelope.manifest.extra.get("office_key")
    if not isinstance(text, str):
        return None
    try:
        carried = parse_key_file(text.encode("utf-8"), envelope.path.name, expected_role=ROLE_OFFICE)
        if carried.fingerprint.text != envelope.manifest.origin.key_fingerprint:
            return None
        return _statement_in(session, envelope, carried, peer_key(peer).public_key, peer.fingerprint)
    except (KeyRefused, PackageRefused, ReturnContentError):
        return None


def _statement_in(session, envelope, carried, pinned_key, pinned_fingerprint):  # type: ignore[no-untyped-def]
    contents = open_contents(verify_package(envelope, carried.public_key), own_identity(session))
    parsed = parse_return((chunk.table, chunk.rows) for chunk in contents.chunks())
    for revocation in parsed.revocations:
        if revocation.role == ROLE_OFFICE and revocation.fingerprint == pinned_fingerprint:
            statement = checked_statement(revocation, pinned_key)
            if statement is not None and isinstance(statement.get("replacement_key"), str):
                try:
                    named = parse_key_file(str(statement["replacement_key"]).encode("utf-8"), "",
                                           expected_role=ROLE_OFFICE)
                except KeyRefused:
                    continue
                if named.fingerprint.text == carried.fingerprint.text:
                    return statement
    return None


def _apply_key_change(db: Database, path: Path, envelope: Envelope, result: ReturnResult) -> None:
    with db.unit_of_work() as session:
        pinned = pinned_office(session)
        if pinned is None:
            return
        peer = pinned[0]
        statement = _carries_change_of(session, envelope, peer)
        if statement is None:
            return
        peer.revoked_at, peer.revoked_reason = dt.datetime.now(), f"revoked by the office: {statement.get('reason', '')}"
        result.revoked_keys.append(peer.fingerprint)
        _ask_for_new_key(result, statement)
