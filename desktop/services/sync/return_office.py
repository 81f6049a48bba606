"""An office writes return packages to its centres (sync-design item 7), one file per centre.

Each carries: how far the office holds each of the centre's installations without a gap (so the
centre's next package holds only what is newer), the newest version of every reference list the
office published, the corrections it asks for and the centre has not answered, the keys revoked
(the office's own old keys, with the statement each signed, and the centre's own if revoked), and
the minimum app version. Signed with the office's key, encrypted to the centre's registered key,
numbered per centre so that the centre refuses an older or repeated one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread
from desktop.progress import Progress
from desktop.services.sync.corrections import open_corrections
from desktop.services.sync.keys import own_identity, own_key_file, peer_key
from desktop.services.sync.mode import is_office
from desktop.services.sync.reference_kinds import understood_by
from desktop.services.sync.reference_versions import newest_versions
from desktop.services.sync.return_writer import ReturnLetter, ReturnRecipient, WrittenReturn, write_return_package
from desktop.store.database import Database
from desktop.store.models import Centre, Setting
from desktop.store.return_models import SyncKeyRevocation, SyncReturnSent
from desktop.store.rollup_models import SyncChainLink
from desktop.store.sync_models import ROLE_CENTRE, ROLE_OFFICE, SyncPeer, SyncStream
from desktop.sync.keys import Identity, key_file_bytes
from desktop.sync.returns import (
    Acknowledgement, Correction, ReturnContents, Revocation, sign_revocation, version_tuple,
)

MIN_APP_VERSION_KEY = "sync_min_app_version"


def minimum_app_version(db: Database) -> str:
    with db.reading() as session:
        setting = session.get(Setting, MIN_APP_VERSION_KEY)
        return setting.value if setting is not None else ""


def checked_minimum_version(version: str) -> str:
    """The version as stored ("" for none); ValidationError when it is not numbers with dots."""
    version = version.strip()
    if version:
        try:
            version_tuple(version)
        except ValueError:
            raise ValidationError(_("Write the version as numbers with dots, such as 1.4.0."), "version") from None
    return version


def set_minimum_app_version(db: Database, version: str) -> None:
    """At an office: centres older than this are told plainly to update ("" for none)."""
    version = checked_minimum_version(version)
    with db.unit_of_work() as session:
        setting = session.get(Setting, MIN_APP_VERSION_KEY)
        if setting is None:
            session.add(Setting(key=MIN_APP_VERSION_KEY, value=version))
        else:
            setting.value = version


def change_office_key(db: Database, reason: str) -> str:
    """At an office: make a new key and revoke the old one (a PC that may have been copied).

    The old key signs a statement naming the new one; return packages carry it, so a centre that
    pinned the old key learns of the change from the office itself and is asked to register the
    new key after checking its fingerprint. Returns the new key's fingerprint."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the office's key is changed."), "reason")
    from desktop.store.sync_models import SyncIdentity

    with db.unit_of_work() as session:
        if not is_office(session):
            raise UserError(_("Only an office's database changes its key this way."))
        old = own_identity(session)
        new = Identity.generate()
        row = session.execute(select(SyncIdentity)).scalar_one()
        row.private_key, row.fingerprint, row.created_at = new.private_bytes(), new.fingerprint.text, dt.datetime.now()
        session.flush()
        now = dt.datetime.now()
        replacement = key_file_bytes(own_key_file(session)).decode("utf-8")
        statement, signature = sign_revocation(old, replacement, reason, now.isoformat(timespec="seconds"))
        session.add(SyncKeyRevocation(fingerprint=old.fingerprint.text, reason=reason, revoked_at=now,
                                      statement=statement, signature=signature))
        return new.fingerprint.text


def return_recipients(db: Database) -> list[tuple[str, str, str]]:
    """(centre id, name, commune code) of the centres a return package can be written for."""
    with db.reading() as session:
        return [(r.centre_id, r.name, r.commune_code) for r in _recipients(session, None)]


def _recipients(session: OrmSession, centre_code: str | None) -> list[ReturnRecipient]:
    found = []
    peers = session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_CENTRE, SyncPeer.revoked_at.is_(None),
                                                   SyncPeer.centre_id.is_not(None))
                            .order_by(SyncPeer.registered_at.desc())).scalars()
    seen: set[str] = set()
    for peer in peers:
        centre = session.get(Centre, peer.centre_id)
        if peer.centre_id in seen or centre is None:
            continue
        seen.add(peer.centre_id)
        if centre_code is None or centre.commune_code == centre_code:
            found.append(ReturnRecipient(peer.centre_id, centre.name, centre.commune_code, peer_key(peer).public_key))
    return sorted(found, key=lambda r: (r.commune_code, r.name))


def write_returns(db: Database, folder: Path, *, centre_code: str | None = None,
                  progress: Progress | None = None) -> list[WrittenReturn]:
    """One return package per centre (all, or the one with `centre_code`) into `folder`."""
    progress = progress or Progress()
    from desktop.services.sync.rollup_ack import office_recipients, write_office_return

    with db.reading() as session:
        if not is_office(session):
            raise UserError(_("Return packages are written by an office, to its centres."))
        recipients = _recipients(session, centre_code)
        offices = office_recipients(session, centre_code)  # offices below that send roll-ups here
    if offices:
        written_up = [write_office_return(db, Path(folder), office) for office in offices]
        if not recipients:
            return written_up
    else:
        written_up = []
    if not recipients:
        if centre_code is not None:
            raise UserError(_("No centre with the commune code {code} has sent data to this office with a "
                              "registered key.").format(code=centre_code))
        raise UserError(_("No centre has sent data to this office yet: there is nothing to send back."))
    written = []
    for number, recipient in enumerate(recipients):
        progress.check()
        progress.report(number, len(recipients), recipient.name)
        written.append(_write_one(db, Path(folder), recipient))
    progress.report(len(recipients), len(recipients), "")
    return written_up + written


def _contents(session: OrmSession, recipient: ReturnRecipient) -> tuple[ReturnContents, list[str]]:
    acknowledgements = tuple(
        Acknowledgement(stream.installation_id, stream.imported_to, stream.last_package_hash)
        for stream in session.execute(select(SyncStream).where(SyncStream.centre_id == recipient.centre_id)
                                      .order_by(SyncStream.first_seen_at)).scalars()
        if stream.imported_to > 0)
    corrections = open_corrections(session, recipient.centre_id)
    revocations = [Revocation(row.fingerprint, ROLE_OFFICE, row.reason, row.revoked_at.isoformat(timespec="seconds"),
                              row.statement, row.signature)
                   for row in session.execute(select(SyncKeyRevocation).order_by(SyncKeyRevocation.revoked_at)).scalars()]
    revocations += [Revocation(peer.fingerprint, ROLE_CENTRE, peer.revoked_reason,
                               peer.revoked_at.isoformat(timespec="seconds"), b"", b"")
                    for peer in session.execute(select(SyncPeer).where(
                        SyncPeer.role == ROLE_CENTRE, SyncPeer.centre_id == recipient.centre_id,
                        SyncPeer.revoked_at.is_not(None))).scalars()]
    centre_schema = _centre_schema(session, recipient.centre_id)
    contents = ReturnContents(
        acknowledgements, tuple(version for version in newest_versions(session)
                                if understood_by(version.list_name, centre_schema)),
        tuple(Correction(row.id, row.table_name, row.record_id, row.record_label, row.field,
                         json.loads(row.old_value), json.loads(row.new_value), row.reason,
                         row.proposed_at.isoformat(timespec="seconds")) for row in corrections),
        tuple(revocations))
    return contents, [row.id for row in corrections]


def _centre_schema(session: OrmSession, centre_id: str) -> str | None:
    """The schema revision of the app that wrote the centre's newest package held here (None: unknown)."""
    manifest = session.execute(select(SyncChainLink.manifest).where(SyncChainLink.centre_id == centre_id)
                               .order_by(SyncChainLink.imported_at.desc()).limit(1)).scalar()
    if manifest is None:
        return None
    try:
        revision = json.loads(manifest).get("schema_version")
    except (ValueError, AttributeError):
        return None
    return revision if isinstance(revision, str) else None


def _summary(office: str, recipient: ReturnRecipient, contents: ReturnContents, sequence: int) -> str:
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        return _("Return package {number} from {office} to {centre} (commune code {code}): {acks} acknowledgements, "
                 "{references} reference lists, {corrections} corrections, {revocations} key revocations. "
                 "Open it in CLC Ledger at the centre.").format(
            number=sequence, office=office, centre=recipient.name, code=recipient.commune_code,
            acks=len(contents.acknowledgements), references=len(contents.reference_versions),
            corrections=len(contents.corrections), revocations=len(contents.revocations))


def _letter(session: OrmSession, recipient: ReturnRecipient, office: str, sequence: int) -> ReturnLetter:
    contents, correction_ids = _contents(session, recipient)
    minimum = session.get(Setting, MIN_APP_VERSION_KEY)
    return ReturnLetter(contents, _summary(office, recipient, contents, sequence),
                        minimum.value if minimum is not None else "", corrections_sent=tuple(correction_ids))


def _write_one(db: Database, folder: Path, recipient: ReturnRecipient) -> WrittenReturn:
    return write_return_package(db, folder, recipient,
                                lambda session, office, sequence: _letter(session, recipient, office, sequence))


def returns_sent(db: Database, centre_id: str) -> int:
    with db.reading() as session:
        return session.execute(select(func.count()).select_from(SyncReturnSent).where(
            SyncReturnSent.centre_id == centre_id)).scalar_one()
