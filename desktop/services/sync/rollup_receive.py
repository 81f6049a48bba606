"""The level above imports an office's consolidated package (a roll-up), in the order of a centre's:
the file, the office's key (registered, of a level below, not revoked), already imported, then
each centre's signature chain (desktop/sync/chain.py). Rows of a centre whose chain holds are
merged exactly as its own package's would be (the same rules, the same state digest); rows of any
other centre are set aside with the reason. One transaction, one log entry, the same report.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError
from desktop.i18n import _
from desktop.progress import Progress
from desktop.services.sync import receive
from desktop.services.sync.keys import own_identity, peer_key
from desktop.services.sync.merge import MergeState, SetAside, merge_chunk, set_aside_json, start_merge
from desktop.services.sync.office_keys import register_lower_office_key
from desktop.services.sync.refusals import Refused
from desktop.services.sync.rows import codecs
from desktop.store.rollup_models import SyncChainCentre
from desktop.store.sync_models import (
    IMPORTED, ROLE_OFFICE, SyncCentreState, SyncPeer, SyncSetAside,
)
from desktop.sync.chain import BAD_SIGNATURE, MALFORMED, NO_VALID_PACKAGE, NOT_FOR_THIS_OFFICE, VouchedCentre, check_chain
from desktop.sync.digest import StateDigest
from desktop.sync.keys import parse_key_file
from desktop.sync.package import Envelope, PackageRefused, open_contents, verify_package

NOT_UNDER_OFFICE = "the centre is not registered under the office that sent this package"


def chain_reason(code: str) -> str:
    return {MALFORMED: _("its signature chain is damaged"),
            NO_VALID_PACKAGE: _("the office holds no package signed by the centre"),
            NOT_FOR_THIS_OFFICE: _("the centre did not send its data to this office"),
            BAD_SIGNATURE: _("its packages' signatures do not verify with the centre's key")}.get(code, code)


def _signer(session: OrmSession, envelope: Envelope, result: receive.PackageResult, register_new: bool):  # type: ignore[no-untyped-def]
    """The office below that signed the roll-up, its key checked (or registered on first contact)."""
    manifest, name = envelope.manifest, envelope.path.name
    peer = session.execute(select(SyncPeer).where(
        SyncPeer.fingerprint == manifest.origin.key_fingerprint)).scalar_one_or_none()
    if peer is None:
        if not register_new:
            raise Refused("unknown-key", _(
                "“{name}” is a consolidated package signed by an office this database has not registered ({office}, "
                "fingerprint {fingerprint}). Register the office's key file first, or import with --register-new "
                "after checking the fingerprint with the office.").format(
                name=name, office=manifest.origin.centre_name, fingerprint=manifest.origin.key_fingerprint))
        text = manifest.extra.get("sender_key")
        if not isinstance(text, str):
            raise Refused("unknown-key", _("“{name}” carries no key to register.").format(name=name))
        key_file = parse_key_file(text.encode("utf-8"), name, expected_role=ROLE_OFFICE)
        if key_file.fingerprint.text != manifest.origin.key_fingerprint:
            raise PackageRefused("bad-signature", _(
                "The key carried by “{name}” is not the key that signed it. Nothing was imported.").format(name=name),
                envelope.path)
        package = verify_package(envelope, key_file.public_key)
        try:
            registered = register_lower_office_key(session, key_file)
        except UserError as error:
            raise Refused("unknown-key", error.message) from None
        result.registered_key = registered.fingerprint
        result.notes.append(_("The key of {office} was registered on first contact: {digits}.").format(
            office=key_file.name, digits=registered.digits))
        return package
    if peer.role != ROLE_OFFICE:
        raise Refused("unknown-key", _(
            "“{name}” is a consolidated package, but it is not signed by the key of an office below this one.")
            .format(name=name))
    if peer.revoked_at is not None:
        raise Refused("revoked-key", _(
            "“{name}” is signed by a key that was revoked on {date} ({office}). Nothing was imported.").format(
            name=name, office=peer.name, date=peer.revoked_at.strftime("%d/%m/%Y")))
    return verify_package(envelope, peer_key(peer).public_key)


def apply_rollup(session: OrmSession, path: Path, envelope: Envelope, result: receive.PackageResult, *,
                 register_new: bool, progress: Progress) -> None:
    manifest = envelope.manifest
    identity = own_identity(session)
    if manifest.recipient != identity.fingerprint.text:
        raise PackageRefused("wrong-recipient", _(
            "“{name}” was made for another office (its key {fingerprint}). Ask the office that sent it to register "
            "this office's key as the level above and send it again.").format(
            name=path.name, fingerprint=manifest.recipient), path)
    package = _signer(session, envelope, result, register_new)
    if receive.already_imported(session, envelope.package_hash, result):
        return
    _address_office(session, manifest)
    stream = receive._stream(session, manifest)  # the office's roll-ups, numbered like a centre's packages
    if not manifest.full and manifest.sequence_from > stream.imported_to + 1:
        receive._hold(session, path, envelope, stream, result)
        return
    vouched, broken = check_chain(manifest.extra.get("centres"), manifest.origin.key_fingerprint)
    for chain in broken:
        result.notes.append(_("The rows of {centre} were set aside: {reason}.").format(
            centre=chain.name or chain.centre_id or "?", reason=chain_reason(chain.reason)))
    contents = open_contents(package, identity)
    media = dict(contents.media()) if manifest.extra.get("photos") else {}
    states: dict[str, MergeState] = {}
    outside = MergeState("")
    table_codecs = codecs()
    for chunk in contents.chunks(progress):
        progress.check()
        codec = table_codecs.get(chunk.table)
        by_centre: dict[str, list[Any]] = {}
        for row in chunk.rows:
            origin = row.get("origin_centre_id")
            if codec is None or not isinstance(origin, str) or origin not in vouched:
                outside.set_aside.append(SetAside(
                    chunk.table, str(row.get("id", ""))[:80],
                    NOT_UNDER_OFFICE if codec is not None else "a table this version of CLC Ledger does not know",
                    row))
                outside.counts_of(chunk.table).set_aside += 1
                continue
            by_centre.setdefault(origin, []).append(row)
        for centre_id, rows in by_centre.items():
            state = states.get(centre_id)
            if state is None:
                state = states[centre_id] = start_merge(session, centre_id)
            merge_chunk(session, state, codec, rows, media)
    session.flush()
    outdated = manifest.sequence_to < stream.imported_to
    if not outdated:  # the acknowledgement names the newest roll-up held, with its hash
        stream.imported_to, stream.last_package_hash = manifest.sequence_to, envelope.package_hash
    stream.last_package_at = dt.datetime.now()
    _finish(session, path, envelope, vouched, states, outside, result, outdated=outdated)


def _address_office(session: OrmSession, manifest: Any) -> None:
    """Remember the office's installation with its key: return packages are addressed to it."""
    peer = session.execute(select(SyncPeer).where(
        SyncPeer.fingerprint == manifest.origin.key_fingerprint)).scalar_one_or_none()
    if peer is not None and peer.centre_id is None:
        peer.centre_id = manifest.origin.installation_id


def _finish(session: OrmSession, path: Path, envelope: Envelope, vouched: dict[str, VouchedCentre],
            states: dict[str, MergeState], outside: MergeState, result: receive.PackageResult, *,
            outdated: bool = False) -> None:
    manifest = envelope.manifest
    result.status = IMPORTED
    tables: dict[str, dict[str, int]] = {}
    everything = [*states.values(), outside]
    for state in everything:
        for table, counts in state.counts.items():
            total = tables.setdefault(table, {})
            for key, value in counts.as_dict().items():
                total[key] = total.get(key, 0) + value
        result.conflicts += state.conflicts
        result.set_aside += [(item.table, item.record_id, item.reason) for item in state.set_aside]
    result.tables = tables
    clock_ahead = sum(state.clock_ahead for state in everything)
    if clock_ahead:
        result.notes.append(_("{count} records carry a clock ahead of this office's (the centre's PC date was "
                              "wrong); they are counted as made when the package arrived.").format(count=clock_ahead))
    entry = receive._log_entry(session, path, envelope, IMPORTED)
    entry.content = None
    entry.counts = json.dumps(result.tables, sort_keys=True)
    session.flush()
    for state in everything:
        for item in state.set_aside:
            session.add(SyncSetAside(package_hash=envelope.package_hash, table_name=item.table,
                                     record_id=item.record_id, reason=item.reason, row=set_aside_json(item)))
    now = dt.datetime.now()
    matches = True
    for centre_id, centre in vouched.items():
        state = states.get(centre_id)
        held = session.get(SyncCentreState, centre_id)
        digest = StateDigest.parse(held.digest) if held is not None else StateDigest()
        if state is not None:
            digest.merge(state.digest_change)
        if held is None:
            session.add(SyncCentreState(centre_id=centre_id, digest=digest.value))
        else:
            held.digest = digest.value
        if outdated:
            pass  # an older roll-up arriving late: the office's digest then is not this database's now
        elif digest.value != centre.office_digest:
            matches = False
            result.notes.append(_("This database's copy of {centre} does not match the copy of {office}: some rows "
                                  "were set aside, or an older consolidated package arrived late.").format(
                centre=centre.name, office=manifest.origin.centre_name))
        elif centre.office_digest != centre.signed_digest:
            result.notes.append(_("{office} holds changes of {centre} newer or older than the centre's last signed "
                                  "package (the centre's next package will settle it).").format(
                office=manifest.origin.centre_name, centre=centre.name))
        _vouched_for(session, centre, manifest, now)
    if outdated:
        result.notes.append(_("This consolidated package is older than one already received from the same office: "
                              "nothing in it is newer, and it was not compared with the office's copy."))
    result.digest_matches = None if outdated else matches
    entry.digest_matches = result.digest_matches


def _vouched_for(session: OrmSession, centre: VouchedCentre, manifest: Any, now: dt.datetime) -> None:
    row = session.get(SyncChainCentre, centre.centre_id)
    if row is None:
        row = SyncChainCentre(centre_id=centre.centre_id, rollups=0)
        session.add(row)
    row.name, row.commune_code = centre.name, centre.commune_code
    row.office_fingerprint, row.office_name = manifest.origin.key_fingerprint, manifest.origin.centre_name
    row.key_fingerprint, row.signed_digest = centre.key_fingerprint, centre.signed_digest
    row.rollups = (row.rollups or 0) + 1
    row.received_at = now
