"""The office's view of its centres: who is registered, how far each one's data runs, what is
missing, and who has been silent too long (the completeness board)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.services.sync.mode import office_settings
from desktop.store.database import Database
from desktop.store.models import Centre, SyncNode
from desktop.store.rollup_models import SyncChainCentre
from desktop.store.sync_models import HELD_GAP, IMPORTED, ROLE_CENTRE, SyncPeer, SyncReceived, SyncStream


@dataclass(frozen=True)
class CentreStatus:
    centre_id: str | None
    name: str
    commune_code: str
    fingerprint: str
    registered_at: dt.datetime
    revoked: bool
    data_runs_to: dt.date | None  # the latest date among its sessions and loans
    last_package_at: dt.datetime | None
    packages: int
    held_gaps: tuple[tuple[int, int], ...]
    cloned: bool
    silent_days: int | None  # days since its last package (None: never sent one)
    silent: bool  # silent longer than the office's setting
    office: str = ""  # the office below whose consolidated package brought it ("" for a centre of this office)
    # merged into another centre (the communes merged in 2025): its name and the date; it sends no more
    merged_into: str = ""
    merged_on: dt.date | None = None

    def as_json(self) -> dict[str, object]:
        return {"centre_id": self.centre_id, "name": self.name, "commune_code": self.commune_code,
                "fingerprint": self.fingerprint, "registered_at": self.registered_at.isoformat(timespec="seconds"),
                "revoked": self.revoked,
                "data_runs_to": self.data_runs_to.isoformat() if self.data_runs_to else None,
                "last_package_at": self.last_package_at.isoformat(timespec="seconds") if self.last_package_at else None,
                "packages": self.packages, "held_gaps": [list(gap) for gap in self.held_gaps],
                "cloned": self.cloned, "silent_days": self.silent_days, "silent": self.silent,
                "office": self.office, "merged_into": self.merged_into,
                "merged_on": self.merged_on.isoformat() if self.merged_on else None}


def centre_node_of(session: OrmSession, centre_id: str) -> int | None:
    return session.execute(select(SyncNode.number).where(SyncNode.uuid == centre_id)).scalar()


def _data_runs_to(session: OrmSession, node: int | None, today: dt.date) -> dt.date | None:
    if node is None:
        return None
    from desktop.store.book_models import BookLoan
    from desktop.store.register_models import Session

    dates = [session.execute(select(func.max(Session.date)).where(
                 Session.origin == node, Session.deleted.is_(False), Session.cancelled.is_(False),
                 Session.date <= today)).scalar(),
             session.execute(select(func.max(BookLoan.loaned_on)).where(
                 BookLoan.origin == node, BookLoan.deleted.is_(False), BookLoan.loaned_on <= today)).scalar()]
    known = [date for date in dates if date is not None]
    return max(known) if known else None


def _mergers(session: OrmSession) -> dict[str, tuple[str, dt.date]]:
    """Former centre id → (the centre it was merged into, the date), from the merger records the
    new centres sent."""
    from desktop.store.merger_models import CentreMerger

    names = dict(session.execute(select(Centre.id, Centre.name)).all())
    return {row.former_centre_id: (names.get(row.into_centre_id) or row.into_centre_id, row.merged_on) for row in session.execute(
        select(CentreMerger.former_centre_id, CentreMerger.into_centre_id, CentreMerger.merged_on)
        .where(CentreMerger.deleted.is_(False)))}


def completeness_board(db: Database, today: dt.date | None = None) -> list[CentreStatus]:
    """Every registered centre with how far its data runs, in commune-code order."""
    today = today or dt.date.today()
    with db.reading() as session:
        silent_limit = office_settings(session).silent_days
        mergers = _mergers(session)
        board = []
        for peer in _one_key_per_centre(session):
            centre_id = peer.centre_id
            node = centre_node_of(session, centre_id) if centre_id else None
            centre = session.get(Centre, centre_id) if centre_id else None
            received = session.execute(select(SyncReceived).where(SyncReceived.centre_id == centre_id)).scalars().all() \
                if centre_id else []
            imported = [entry for entry in received if entry.status == IMPORTED]
            streams = session.execute(select(SyncStream).where(SyncStream.centre_id == centre_id)).scalars().all() \
                if centre_id else []
            gaps = []
            for stream in streams:
                for entry in received:
                    if entry.status == HELD_GAP and entry.installation_id == stream.installation_id:
                        gaps.append((stream.imported_to + 1, entry.sequence_from - 1))
            last = max((entry.received_at for entry in imported), default=None)
            silent_days = (today - last.date()).days if last else None
            merged_into, merged_on = mergers.get(centre_id or "", ("", None))
            board.append(CentreStatus(
                centre_id, centre.name if centre else peer.name, centre.commune_code if centre else peer.code,
                peer.fingerprint, peer.registered_at, peer.revoked_at is not None, _data_runs_to(session, node, today),
                last, len(imported), tuple(sorted(set(gaps))), any(stream.cloned for stream in streams),
                silent_days, not merged_into and (silent_days is None or silent_days > silent_limit),
                merged_into=merged_into, merged_on=merged_on))
        direct = {status.centre_id for status in board}
        for chain in session.execute(select(SyncChainCentre)).scalars():
            if chain.centre_id in direct:
                continue
            centre = session.get(Centre, chain.centre_id)
            silent_days = (today - chain.received_at.date()).days
            board.append(CentreStatus(
                chain.centre_id, centre.name if centre else chain.name,
                centre.commune_code if centre else chain.commune_code, chain.key_fingerprint, chain.received_at,
                False, _data_runs_to(session, centre_node_of(session, chain.centre_id), today), chain.received_at,
                chain.rollups, (), False, silent_days, silent_days > silent_limit, office=chain.office_name))
    return sorted(board, key=lambda status: (status.office, status.commune_code, status.name))


def _one_key_per_centre(session: OrmSession) -> list[SyncPeer]:
    """Each centre once: its trusted key, or its newest revoked one (a new key keeps its history)."""
    chosen: dict[object, SyncPeer] = {}
    for peer in session.execute(select(SyncPeer).where(SyncPeer.role == ROLE_CENTRE)
                                .order_by(SyncPeer.registered_at)).scalars():
        key = peer.centre_id if peer.centre_id is not None else peer.fingerprint
        held = chosen.get(key)
        if held is None or held.revoked_at is not None or peer.revoked_at is None:
            chosen[key] = peer
    return list(chosen.values())
