"""An office's keys beyond its centres': the level above's (pinned: its roll-up is encrypted to it),
offices below (registered: their roll-ups are accepted), a centre's key revoked by commune code,
and a new key for a database whose key was lost with its PC."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.sync.keys import KeyInfo, key_info_of, own_identity, own_key_file, peer_key
from desktop.services.sync.mode import is_office, level_label, office_settings
from desktop.store.database import Database
from desktop.store.models import Centre
from desktop.store.sync_models import ROLE_CENTRE, ROLE_OFFICE, ROLE_UPPER, SyncIdentity, SyncPeer
from desktop.sync.keys import Identity, KeyFile, PublicKey, key_file_bytes

# How high a level reports: a commune office (or an old district) passes its roll-up to the province.
LEVEL_RANK = {"commune-office": 1, "district": 2, "province": 3}


def store_office_key(session: OrmSession, key_file: KeyFile) -> KeyInfo:
    """At an office: an office's key file is the level above's (pinned, replacing an older pin)
    or an office below's (registered, so its roll-ups are accepted), by the levels they say."""
    own_level = office_settings(session).level
    theirs, mine = LEVEL_RANK.get(key_file.level, 0), LEVEL_RANK.get(own_level, 0)
    if not theirs:
        raise ValidationError(_("“{name}” is an office's key that does not say its level (made by an older "
                                "CLC Ledger). Ask that office for a new key file.").format(name=key_file.name))
    if theirs == mine:
        raise ValidationError(_("“{name}” is the key of another office of the same level ({level}); an "
                                "office registers the key of the level above it or of an office below it.")
                              .format(name=key_file.name, level=level_label(key_file.level)))
    fingerprint = key_file.fingerprint.text
    if fingerprint == own_identity(session).fingerprint.text:
        raise ValidationError(_("This is this database's own key."))
    existing = session.execute(select(SyncPeer).where(SyncPeer.fingerprint == fingerprint)).scalar_one_or_none()
    if existing is not None and existing.revoked_at is not None:
        raise ValidationError(_("This key was revoked on {date} and cannot be registered again.").format(
            date=existing.revoked_at.strftime("%d/%m/%Y")))
    role = ROLE_UPPER if theirs > mine else ROLE_OFFICE
    now = dt.datetime.now()
    if existing is not None:
        return _info(key_file, existing.role, existing.registered_at)
    if role == ROLE_UPPER:  # one level above: a new key replaces the old one
        for old in session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_UPPER,
                                                          SyncPeer.revoked_at.is_(None))).scalars():
            old.revoked_at, old.revoked_reason = now, "replaced"
    session.add(SyncPeer(role=role, fingerprint=fingerprint, name=key_file.name, code=key_file.code,
                         key_file=key_file_bytes(key_file), centre_id=None, registered_at=now, revoked_reason=""))
    session.flush()
    return _info(key_file, role, now)


def _info(key_file: KeyFile, role: str, registered_at: dt.datetime) -> KeyInfo:
    info = key_info_of(key_file, registered_at=registered_at)
    return KeyInfo(role, info.name, info.code, info.fingerprint, info.digits, info.words, None, registered_at)


def register_lower_office_key(session: OrmSession, key_file: KeyFile) -> KeyInfo:
    """On first contact (`--register-new`): the key a roll-up carried, if it is of a level below."""
    return store_office_key(session, key_file)


def pinned_upper(session: OrmSession) -> tuple[SyncPeer, PublicKey] | None:
    """The key of the level above this office (its roll-up's recipient), or None."""
    peer = session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_UPPER, SyncPeer.revoked_at.is_(None))
                           .order_by(SyncPeer.registered_at.desc())).scalars().first()
    return None if peer is None else (peer, peer_key(peer).public_key)


def upper_key(db: Database) -> KeyInfo | None:
    with db.reading() as session:
        pinned = pinned_upper(session)
        if pinned is None:
            return None
        key_file = peer_key(pinned[0])
        return KeyInfo(ROLE_UPPER, key_file.name, key_file.code, key_file.fingerprint.text,
                       key_file.fingerprint.digits, key_file.fingerprint.words_text, None, pinned[0].registered_at)


def revoke_centre_key(db: Database, code: str, reason: str = "") -> list[KeyInfo]:
    """At an office: revoke every trusted key of the centre with this commune code (a lost or stolen
    PC). Its later packages are refused until it registers a new key; its records stay."""
    code = code.strip()
    with db.unit_of_work() as session:
        if not is_office(session):
            raise ValidationError(_("Keys of centres are revoked at the office."))
        centre_ids = set(session.execute(select(Centre.id).where(Centre.commune_code == code)).scalars())
        peers = [peer for peer in session.execute(select(SyncPeer).where(
            SyncPeer.role == ROLE_CENTRE, SyncPeer.revoked_at.is_(None))).scalars()
            if peer.code == code or (peer.centre_id is not None and peer.centre_id in centre_ids)]
        if not peers:
            raise ValidationError(_("No trusted key of a centre with the commune code {code}.").format(code=code),
                                  "centre")
        now = dt.datetime.now()
        revoked = []
        for peer in peers:
            peer.revoked_at, peer.revoked_reason = now, reason.strip() or "revoked"
            key_file = peer_key(peer)
            revoked.append(KeyInfo(ROLE_CENTRE, key_file.name, key_file.code, key_file.fingerprint.text,
                                   key_file.fingerprint.digits, key_file.fingerprint.words_text, peer.centre_id,
                                   peer.registered_at, True))
        return revoked


def make_new_own_key(db: Database) -> KeyInfo:
    """A new key for this database (its old one was lost or stolen with a PC, and revoked). The
    office registers the new one after checking its fingerprint; nothing else changes."""
    with db.unit_of_work() as session:
        session.execute(delete(SyncIdentity))
        identity = Identity.generate()
        session.add(SyncIdentity(number=1, private_key=identity.private_bytes(),
                                 fingerprint=identity.fingerprint.text, created_at=dt.datetime.now()))
        session.flush()
        key_file = own_key_file(session)
    return key_info_of(key_file)


def is_level_above(db: Database, key_file: KeyFile) -> bool:
    """Whether a key file is an office's of a higher level than this office (before pinning it)."""
    with db.reading() as session:
        mine = LEVEL_RANK.get(office_settings(session).level, 0)
    return key_file.role == ROLE_OFFICE and LEVEL_RANK.get(key_file.level, 0) > mine
