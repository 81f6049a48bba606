"""Reference data sent down as ordered versions (sync-design item 2: the office owns it).

An office publishes a whole list (topic groups, kinds of activity, partner bodies, administrative
codes such as the 2025 commune list) as version n+1; every return package carries the newest
version of each list. A centre applies a version only when it is above the one it holds (an older
or repeated one is ignored) and lists what changed against what it had.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.services.sync.mode import is_office
from desktop.services.sync.reference_kinds import reference_list_kind
from desktop.store.database import Database
from desktop.store.return_models import SyncReferenceVersion
from desktop.sync.returns import ReferenceEntry, ReferenceVersion
from desktop.text.vietnamese import fold


def list_title(list_name: str) -> str:
    kind = reference_list_kind(list_name)
    return kind.title() if kind is not None else list_name


def national_entries(list_name: str) -> tuple[ReferenceEntry, ...]:
    """What every centre starts with (the lists built into the app; none for a kind this version
    does not know)."""
    kind = reference_list_kind(list_name)
    return kind.national() if kind is not None else ()


MAX_KEY, MAX_NAME = 60, 300  # what a centre's check of a return package accepts


def key_from_name(name: str, taken: Iterable[str] = ()) -> str:
    """A stored key for a new entry, from its Vietnamese name ("Chuyển đổi số" → "chuyen_doi_so"),
    made unique against `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")[:MAX_KEY - 4] or "entry"
    used, key, number = set(taken), base, 2
    while key in used:
        key, number = f"{base}_{number}", number + 1
    return key


@dataclass(frozen=True)
class HeldReference:
    list_name: str
    version: int  # 0: none published or received, the built-in entries
    published_at: dt.datetime | None
    entries: tuple[ReferenceEntry, ...]


def current_reference(db: Database, list_name: str) -> HeldReference:
    """The newest version of a list this database holds, with when it was published."""
    with db.reading() as session:
        row = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == list_name)
                              .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
        if row is None:
            return HeldReference(list_name, 0, None, national_entries(list_name))
        return HeldReference(list_name, row.version, row.published_at, _entries(row.entries))


def _entries_json(entries: Iterable[ReferenceEntry]) -> str:
    return json.dumps([{"key": e.key, "name_vi": e.name_vi, "name_en": e.name_en} for e in entries],
                      ensure_ascii=False)


def _entries(text: str) -> tuple[ReferenceEntry, ...]:
    return tuple(ReferenceEntry(item["key"], item["name_vi"], item["name_en"]) for item in json.loads(text))


def publish_reference_version(db: Database, list_name: str, entries: Iterable[ReferenceEntry]) -> int:
    """At an office: the next version of a list; it goes out in every later return package."""
    if reference_list_kind(list_name) is None:
        raise ValidationError(_("Unknown reference list: {name}.").format(name=list_name), "list")
    cleaned = []
    for entry in entries:
        key, name_vi, name_en = entry.key.strip(), " ".join(entry.name_vi.split()), " ".join(entry.name_en.split())
        if not key or not name_vi:
            raise ValidationError(_("Each entry needs a key and a Vietnamese name."), "entries")
        if len(key) > MAX_KEY or len(name_vi) > MAX_NAME or len(name_en) > MAX_NAME:
            raise ValidationError(_("“{name}”: a key has at most {key} characters and a name at most {length}.")
                                  .format(name=name_vi[:60], key=MAX_KEY, length=MAX_NAME), "entries")
        cleaned.append(ReferenceEntry(key, name_vi, name_en))
    if len({entry.key for entry in cleaned}) != len(cleaned):
        raise ValidationError(_("A key is listed twice."), "entries")
    with db.unit_of_work() as session:
        if not is_office(session):
            raise UserError(_("Reference lists are published by an office."))
        version = (session.execute(select(func.max(SyncReferenceVersion.version)).where(
            SyncReferenceVersion.list_name == list_name)).scalar() or 0) + 1
        session.add(SyncReferenceVersion(list_name=list_name, version=version, entries=_entries_json(cleaned),
                                         published_at=dt.datetime.now()))
    from desktop.services.reference_lists import learn_office_names

    learn_office_names(db)  # the office's own screens name what it published
    return version


def newest_versions(session: OrmSession) -> list[ReferenceVersion]:
    """The newest version of each list this database holds (what a return package carries)."""
    found = []
    names = session.execute(select(SyncReferenceVersion.list_name).distinct()
                            .order_by(SyncReferenceVersion.list_name)).scalars().all()
    for list_name in names:
        row = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == list_name)
                              .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
        if row is not None:
            found.append(ReferenceVersion(list_name, row.version, row.published_at.isoformat(timespec="seconds"),
                                          _entries(row.entries)))
    return found


@dataclass(frozen=True)
class ReferenceChange:
    list_name: str
    version: int
    applied: bool  # False: older than or the same as the version held, ignored
    held_version: int
    added: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    removed: tuple[str, ...] = ()

    def describe(self) -> str:
        title = list_title(self.list_name)
        if not self.applied:
            return _("{list}: version {version} ignored (version {held} is already held).").format(
                list=title, version=self.version, held=self.held_version)
        parts = []
        if self.added:
            parts.append(_("added {names}").format(names=", ".join(self.added)))
        if self.renamed:
            parts.append(_("renamed {names}").format(names=", ".join(f"{old} → {new}" for old, new in self.renamed)))
        if self.removed:
            parts.append(_("removed {names}").format(names=", ".join(self.removed)))
        return _("{list}: version {version}: {changes}.").format(
            list=title, version=self.version, changes="; ".join(parts) if parts else _("no change in the entries"))

    def as_json(self) -> dict[str, object]:
        return {"list": self.list_name, "version": self.version, "applied": self.applied,
                "held_version": self.held_version, "added": list(self.added),
                "renamed": [list(pair) for pair in self.renamed], "removed": list(self.removed)}


def apply_reference_version(session: OrmSession, incoming: ReferenceVersion) -> ReferenceChange:
    """At a centre: keep a newer version and say what changed; an older or equal one is ignored."""
    held = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == incoming.list_name)
                           .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
    held_version = held.version if held is not None else 0
    if incoming.version <= held_version:
        return ReferenceChange(incoming.list_name, incoming.version, False, held_version)
    before = {entry.key: entry for entry in (_entries(held.entries) if held is not None
                                             else national_entries(incoming.list_name))}
    after = {entry.key: entry for entry in incoming.entries}
    session.add(SyncReferenceVersion(list_name=incoming.list_name, version=incoming.version,
                                     entries=_entries_json(incoming.entries),
                                     published_at=dt.datetime.fromisoformat(incoming.published_at).replace(tzinfo=None),
                                     applied_at=dt.datetime.now()))
    return ReferenceChange(
        incoming.list_name, incoming.version, True, held_version,
        added=tuple(after[key].name_vi for key in after if key not in before),
        renamed=tuple((before[key].name_vi, after[key].name_vi) for key in after
                      if key in before and before[key].name_vi != after[key].name_vi),
        removed=tuple(before[key].name_vi for key in before if key not in after))


def held_reference(db: Database, list_name: str) -> tuple[int, tuple[ReferenceEntry, ...]]:
    """The version of a list this database holds and its entries (0 and the built-in list when
    the office has sent none)."""
    with db.reading() as session:
        row = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == list_name)
                              .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
        return (0, national_entries(list_name)) if row is None else (row.version, _entries(row.entries))
