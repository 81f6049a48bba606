"""Return packages between offices: the level above acknowledges an office's roll-ups.

The level above (the province) writes, for an office below that sent it roll-ups, a return
package in the centres' format (desktop/sync/returns.py: same signing, encryption and checks),
addressed to that office's installation and encrypted to its key. It carries one
acknowledgement (the office's roll-ups imported without a gap, and the last one's hash) and, in
the signed manifest, the state digest the level above holds of each centre the office vouched
for. At the office, a return package signed by the pinned key of the level above and addressed
to it is applied: the next roll-up holds only what is past the acknowledged cut
(rollup_increment.py). An older, repeated or foreign one changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread
from desktop.services.sync.keys import own_identity, peer_key
from desktop.services.sync.office_keys import pinned_upper
from desktop.services.sync.refusals import Refused
from desktop.services.sync.return_writer import ReturnLetter, ReturnRecipient, WrittenReturn, write_return_package
from desktop.services.sync.rollup_increment import store_acknowledgement
from desktop.store.database import Database
from desktop.store.models import Installation
from desktop.store.return_models import SyncReturnApplied
from desktop.store.rollup_models import SyncChainCentre
from desktop.store.sync_models import ALREADY_IMPORTED, IMPORTED, ROLE_OFFICE, SyncCentreState, SyncPeer, SyncStream
from desktop.sync.keys import PublicKey
from desktop.sync.package import Envelope, PackageRefused, open_contents, verify_package
from desktop.sync.returns import Acknowledgement, ReturnContentError, ReturnContents, parse_return

OFFICE_RETURN = "office"  # the manifest's `extra["addressed_to"]` of a return package for an office


@dataclass(frozen=True)
class OfficeRecipient:
    office_id: str  # the office's installation id, as its roll-ups name it
    name: str
    code: str
    fingerprint: str
    key: PublicKey


def office_recipients(session: OrmSession, code: str | None) -> list[OfficeRecipient]:
    """The offices below that sent roll-ups here (all, or the one whose code is `code`)."""
    found = []
    for peer in session.execute(select(SyncPeer).where(
            SyncPeer.role == ROLE_OFFICE, SyncPeer.revoked_at.is_(None), SyncPeer.centre_id.is_not(None))
            .order_by(SyncPeer.registered_at)).scalars():
        if session.get(SyncStream, peer.centre_id) is None:
            continue
        if code is None or peer.code == code:
            found.append(OfficeRecipient(peer.centre_id, peer.name, peer.code, peer.fingerprint,
                                         peer_key(peer).public_key))
    return sorted(found, key=lambda r: (r.code, r.name))


def _held_digests(session: OrmSession, recipient: OfficeRecipient) -> dict[str, str]:
    centres = session.execute(select(SyncChainCentre.centre_id).where(
        SyncChainCentre.office_fingerprint == recipient.fingerprint)).scalars()
    digests = {}
    for centre_id in centres:
        state = session.get(SyncCentreState, centre_id)
        if state is not None:
            digests[centre_id] = state.digest
    return digests


def _summary(upper: str, recipient: OfficeRecipient, sequence: int, acknowledged: int) -> str:
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        return _("Return package {number} from {upper} to {office}: it acknowledges the consolidated packages up to "
                 "number {acknowledged}, so the next one holds only what is new. Open it in CLC Ledger at the "
                 "office.").format(number=sequence, upper=upper, office=recipient.name, acknowledged=acknowledged)


def _letter(session: OrmSession, recipient: OfficeRecipient, upper: str, sequence: int) -> ReturnLetter:
    stream = session.get(SyncStream, recipient.office_id)
    acknowledgements = (Acknowledgement(recipient.office_id, stream.imported_to, stream.last_package_hash),) \
        if stream is not None and stream.imported_to > 0 else ()
    acknowledged = acknowledgements[0].sequence_to if acknowledgements else 0
    return ReturnLetter(ReturnContents(acknowledgements), _summary(upper, recipient, sequence, acknowledged),
                        extra={"addressed_to": OFFICE_RETURN, "centre_digests": _held_digests(session, recipient)})


def write_office_return(db: Database, folder: Path, recipient: OfficeRecipient) -> WrittenReturn:
    """One return package for an office below."""
    return write_return_package(db, folder, ReturnRecipient(recipient.office_id, recipient.name, recipient.code,
                                                            recipient.key),
                                lambda session, upper, sequence: _letter(session, recipient, upper, sequence))


def apply_upper_return(session: OrmSession, path: Path, envelope: Envelope, result: Any) -> None:
    """At an office: apply the level above's return package (result: receive.PackageResult).
    Raises Refused (nothing written) when it is not for this office or not from the
    pinned key of the level above."""
    manifest = envelope.manifest
    pinned = pinned_upper(session)
    if pinned is None or manifest.origin.key_fingerprint != pinned[0].fingerprint:
        raise Refused("not-the-office-key", _(
            "“{name}” is a return package, but it is not signed by the key of the level above registered at this "
            "office. Nothing was changed.").format(name=path.name))
    package = verify_package(envelope, pinned[1])
    identity = own_identity(session)
    installation = session.execute(select(Installation.id)).scalar()
    if manifest.extra.get("addressed_to") != OFFICE_RETURN or manifest.extra.get("centre_id") != installation \
            or manifest.recipient != identity.fingerprint.text:
        raise Refused("another-centre", _(
            "“{name}” was made for another office ({office}), not this one. Nothing was changed.").format(
            name=path.name, office=manifest.extra.get("centre_name", "?")))
    if manifest.extra.get("return_sequence") != manifest.sequence_to:
        raise PackageRefused("bad-manifest", _("“{name}” is not a valid return package.").format(name=path.name), path)
    applied = session.get(SyncReturnApplied, envelope.package_hash)
    if applied is not None:
        result.status = ALREADY_IMPORTED
        result.reason = _("Already imported on {date}; nothing changed.").format(
            date=applied.applied_at.strftime("%d/%m/%Y %H:%M"))
        return
    last = session.execute(select(func.max(SyncReturnApplied.sequence)).where(
        SyncReturnApplied.office_fingerprint == pinned[0].fingerprint)).scalar() or 0
    if manifest.sequence_to <= last:
        raise Refused("old-return", _(
            "“{name}” is an older return package (number {number}); number {last} was already applied. "
            "Nothing was changed.").format(name=path.name, number=manifest.sequence_to, last=last))
    try:
        contents = parse_return((chunk.table, chunk.rows)
                                for chunk in open_contents(package, identity).chunks())
    except ReturnContentError as error:
        raise PackageRefused("damaged-data", _("“{name}” holds data this app cannot read ({detail}).").format(
            name=path.name, detail=error), path) from None
    digests = manifest.extra.get("centre_digests")
    digests = {str(k): str(v) for k, v in digests.items()} if isinstance(digests, dict) else {}
    for ack in contents.acknowledgements:
        if ack.installation_id == installation and store_acknowledgement(session, ack.sequence_to, ack.package_hash,
                                                                         digests):
            result.notes.append(_("The level above acknowledged the consolidated packages up to number {number}: "
                                  "the next one holds only what is new.").format(number=ack.sequence_to))
    session.add(SyncReturnApplied(package_hash=envelope.package_hash, sequence=manifest.sequence_to,
                                  office_fingerprint=pinned[0].fingerprint, created_at=manifest.created_at,
                                  applied_at=dt.datetime.now()))
    result.status = IMPORTED
