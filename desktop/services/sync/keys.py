"""Keys: this database's own, the office's pinned at a centre, the centres' registered at an office.

A key is trusted once, after its fingerprint is checked by phone or on paper (sync-design item 8).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.services.sync.mode import office_settings, is_office
from desktop.store.database import Database
from desktop.store.models import Centre, own_centre_first
from desktop.store.sync_models import ROLE_CENTRE, ROLE_OFFICE, SyncIdentity, SyncPeer
from desktop.sync.keys import Identity, KeyFile, PublicKey, key_file_bytes, parse_key_file, read_key_file, write_key_file


@dataclass(frozen=True)
class KeyInfo:
    role: str
    name: str
    code: str
    fingerprint: str  # the short text form used for look-ups
    digits: str
    words: str
    centre_id: str | None = None
    registered_at: dt.datetime | None = None
    revoked: bool = False


def key_info_of(key_file: KeyFile, *, centre_id: str | None = None, registered_at: dt.datetime | None = None,
              revoked: bool = False) -> KeyInfo:
    fingerprint = key_file.fingerprint
    return KeyInfo(key_file.role, key_file.name, key_file.code, fingerprint.text, fingerprint.digits,
                   fingerprint.words_text, centre_id, registered_at, revoked)


def own_identity(session: OrmSession) -> Identity:
    """This database's key, made on first need."""
    row = session.execute(select(SyncIdentity)).scalar_one_or_none()
    if row is None:
        identity = Identity.generate()
        session.add(SyncIdentity(number=1, private_key=identity.private_bytes(),
                                 fingerprint=identity.fingerprint.text, created_at=dt.datetime.now()))
        session.flush()
        return identity
    return Identity.from_private_bytes(row.private_key)


def own_key_file(session: OrmSession) -> KeyFile:
    identity = own_identity(session)
    if is_office(session):
        settings = office_settings(session)
        return KeyFile(ROLE_OFFICE, settings.name, settings.code, identity.public, settings.level)
    centre = session.execute(select(Centre).where(Centre.deleted.is_(False))
                             .order_by(own_centre_first(Centre.id))).scalars().first()
    if centre is None:
        raise UserError(_("Enter the centre's details first (Settings): the key carries its name."))
    return KeyFile(ROLE_CENTRE, centre.name, centre.commune_code, identity.public)


def export_own_key(db: Database, path: Path) -> KeyInfo:
    """Write this database's public key file (to hand over on a USB stick or by e-mail)."""
    with db.unit_of_work() as session:
        key_file = own_key_file(session)
    write_key_file(Path(path), key_file)
    return key_info_of(key_file)


def own_key(db: Database) -> KeyInfo:
    with db.unit_of_work() as session:
        return key_info_of(own_key_file(session))


def stored_own_key(db: Database) -> KeyInfo | None:
    """This database's key, without making one: None until it is first needed (a screen that
    only shows the key must not write to the file)."""
    with db.reading() as session:
        if session.execute(select(SyncIdentity.number)).first() is None:
            return None
        return key_info_of(own_key_file(session))


def register_key(db: Database, path: Path, *, expected_fingerprint: str | None = None) -> KeyInfo:
    """At a centre: pin the office's key (one; a new one replaces the old). At an office:
    register a centre's key. The role the file says must be the one this database expects.
    `expected_fingerprint`: the one the user confirmed on screen; a file changed since is refused."""
    with db.unit_of_work() as session:
        office = is_office(session)
        if office:  # a centre's key, or an office's: the level above's, or an office below
            key_file = read_key_file(Path(path))
        else:
            key_file = read_key_file(Path(path), expected_role=ROLE_OFFICE)
        if expected_fingerprint is not None and key_file.fingerprint.text != expected_fingerprint:
            raise ValidationError(_("The key file changed after its fingerprint was shown. Open it again "
                                    "and check the fingerprint once more."))
        if office and key_file.role == ROLE_OFFICE:
            from desktop.services.sync.office_keys import store_office_key

            return store_office_key(session, key_file)
        return _store_peer(session, key_file, office=office)


def _store_peer(session: OrmSession, key_file: KeyFile, *, office: bool,
                centre_id: str | None = None) -> KeyInfo:
    fingerprint = key_file.fingerprint.text
    if fingerprint == own_identity(session).fingerprint.text:
        raise ValidationError(_("This is this database's own key, not the {other}'s.").format(
            other=_("office") if not office else _("centre")))
    existing = session.execute(select(SyncPeer).where(SyncPeer.fingerprint == fingerprint)).scalar_one_or_none()
    now = dt.datetime.now()
    if existing is not None:
        if existing.revoked_at is not None:
            raise ValidationError(_("This key was revoked on {date} and cannot be registered again.").format(
                date=existing.revoked_at.strftime("%d/%m/%Y")))
        return key_info_of(key_file, centre_id=existing.centre_id, registered_at=existing.registered_at)
    if not office:  # a centre trusts one office: the new key replaces the old one
        for old in session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_OFFICE,
                                                          SyncPeer.revoked_at.is_(None))).scalars():
            old.revoked_at, old.revoked_reason = now, "replaced"
    session.add(SyncPeer(role=key_file.role, fingerprint=fingerprint, name=key_file.name, code=key_file.code,
                         key_file=key_file_bytes(key_file), centre_id=centre_id, registered_at=now,
                         revoked_reason=""))
    session.flush()
    return key_info_of(key_file, centre_id=centre_id, registered_at=now)


def register_centre_key(session: OrmSession, key_file: KeyFile, centre_id: str) -> KeyInfo:
    """At an office, on first contact (`--register-new`): the key a package carried."""
    return _store_peer(session, key_file, office=True, centre_id=centre_id)


def revoke_key(db: Database, fingerprint: str, reason: str) -> None:
    with db.unit_of_work() as session:
        peer = _peer(session, fingerprint)
        if peer is None:
            raise ValidationError(_("No registered key has the fingerprint {fingerprint}.").format(
                fingerprint=fingerprint))
        peer.revoked_at, peer.revoked_reason = dt.datetime.now(), reason


def _peer(session: OrmSession, fingerprint: str) -> SyncPeer | None:
    return session.execute(select(SyncPeer).where(SyncPeer.fingerprint == fingerprint)).scalar_one_or_none()


def peer_key(peer: SyncPeer) -> KeyFile:
    return parse_key_file(peer.key_file, peer.name)


def pinned_office(session: OrmSession) -> tuple[SyncPeer, PublicKey] | None:
    """The office key a centre exports to, or None when none is pinned."""
    peer = session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_OFFICE, SyncPeer.revoked_at.is_(None))
                           .order_by(SyncPeer.registered_at.desc())).scalars().first()
    return None if peer is None else (peer, peer_key(peer).public_key)


def trusted_keys(db: Database) -> list[KeyInfo]:
    with db.reading() as session:
        peers = session.execute(select(SyncPeer).order_by(SyncPeer.registered_at)).scalars().all()
        # the role as trusted here: an office's key file is the level above's or an office below's
        return [replace(key_info_of(peer_key(peer), centre_id=peer.centre_id, registered_at=peer.registered_at,
                                  revoked=peer.revoked_at is not None), role=peer.role) for peer in peers]
