"""The centre itself: first-start setup, its villages, and local settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

from sqlalchemy import Row, select

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.store.database import Database
from desktop.store.models import Centre, Installation, Setting, Village, own_centre_first
from desktop.text.vietnamese import clean_name, fold, sort_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session as OrmSession


@dataclass(frozen=True)
class CentreSetup:
    name: str
    commune_name: str
    commune_code: str
    province_code: str
    director: str = ""
    villages: tuple[str, ...] = ()
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CentreInfo:
    id: str
    name: str
    commune_name: str
    commune_code: str
    province_code: str
    director: str
    address: str
    phone: str


@dataclass(frozen=True)
class VillageInfo:
    id: str
    name: str


def _validate(setup: CentreSetup) -> None:
    from desktop.reference.provinces import find_province

    if not clean_name(setup.name):
        raise ValidationError(_("Enter the centre's name."), "name")
    if not re.fullmatch(r"\d{5}", setup.commune_code.strip()):
        raise ValidationError(_("The commune code has 5 digits, for example 01234."), "commune_code")
    if find_province(setup.province_code.strip()) is None:
        raise ValidationError(_("Choose a province from the list (2-digit code)."), "province_code")


class UnlistedCommuneCode(ValidationError):
    """A commune code that is not on the list of 1 July 2025 (refused unless the user says it is right)."""


def check_listed_code(commune_code: str, province_code: str = "") -> None:
    """Refuse a commune code that is not on the 2025 list, naming the nearest listed ones."""
    from desktop.reference.communes import commune_by_code, nearest_communes

    code, province = commune_code.strip(), province_code.strip()
    listed = commune_by_code(code)
    if listed is not None and province and province != listed.province_code:  # a code names one province
        raise ValidationError(_("The commune code {code} is {name} of {province}, not of the province with the "
                                "code {given}.").format(code=code, name=listed.name, province=listed.province_name,
                                                        given=province), "province_code")
    if listed is not None:
        return
    nearest = "; ".join(commune.label for commune in nearest_communes(code, province))
    raise UnlistedCommuneCode(_("The commune code {code} is not on the list of communes and wards from "
                                "1 July 2025. The nearest on the list: {nearest}.").format(code=code, nearest=nearest),
                              "commune_code")


def _info(centre: Centre | Row) -> CentreInfo:
    return CentreInfo(centre.id, centre.name, centre.commune_name, centre.commune_code,
                      centre.province_code, centre.director, centre.address, centre.phone)


def setup_centre(db: Database, setup: CentreSetup, *, listed_code: bool = False) -> CentreInfo:
    """Create the centre of a new database (once) with its villages; with `listed_code`, only
    with a commune code of the 2025 list."""
    _validate(setup)
    if listed_code:
        check_listed_code(setup.commune_code, setup.province_code)
    with db.unit_of_work() as session:
        if session.execute(select(Centre).where(Centre.deleted.is_(False))).first():
            raise ValidationError(_("This database already has a centre."))
        installation = session.execute(select(Installation)).scalar_one()
        centre = Centre(
            name=clean_name(setup.name), commune_name=clean_name(setup.commune_name),
            commune_code=setup.commune_code.strip(), province_code=setup.province_code.strip(),
            director=clean_name(setup.director), address=clean_name(setup.address),
            phone=setup.phone.strip(),
        )
        from desktop.store.identity import new_id
        from desktop.store.sync_nodes import adopt_centre

        centre.id = new_id()
        centre.origin = adopt_centre(session, installation, centre.id)
        session.add(centre)
        session.flush()
        seen: set[str] = set()
        for raw in setup.villages:
            name = clean_name(raw)
            if name and fold(name) not in seen:
                seen.add(fold(name))
                session.add(_new_village(centre.id, name))
        return _info(centre)


def _new_village(centre_id: str, name: str) -> Village:
    return Village(centre_id=centre_id, name=name, name_folded=fold(name), sort_key=sort_key(name))


def get_centre(db: Database) -> CentreInfo | None:
    # The table's columns rather than the mapped class: the window reads this before it first
    # shows, and the ORM's first query (configuring every mapper) can wait until after.
    table = Centre.__table__
    with db.reading() as session:
        row = session.execute(select(table).where(table.c.deleted.is_(False)).order_by(own_centre_first(table.c.id))).first()
        return _info(row) if row else None


def update_centre(db: Database, centre_id: str, setup: CentreSetup, *, listed_code: bool = False) -> CentreInfo:
    """Change the centre's details; with `listed_code`, a changed commune code must be on the 2025 list."""
    _validate(setup)
    with db.unit_of_work() as session:
        centre = session.get_one(Centre, centre_id)
        if listed_code and centre.commune_code != setup.commune_code.strip():
            check_listed_code(setup.commune_code, setup.province_code)
        centre.name = clean_name(setup.name)
        centre.commune_name = clean_name(setup.commune_name)
        centre.commune_code = setup.commune_code.strip()
        centre.province_code = setup.province_code.strip()
        centre.director = clean_name(setup.director)
        centre.address = clean_name(setup.address)
        centre.phone = setup.phone.strip()
        return _info(centre)


def list_villages(db: Database) -> list[VillageInfo]:
    with db.reading() as session:
        rows = session.execute(
            select(Village.id, Village.name).where(Village.deleted.is_(False)).order_by(Village.sort_key)
        ).all()
        return [VillageInfo(row.id, row.name) for row in rows]


def add_village(db: Database, name: str) -> VillageInfo:
    name = clean_name(name)
    if not name:
        raise ValidationError(_("Enter the village's name."), "name")
    with db.unit_of_work() as session:
        centre = session.execute(select(Centre).where(Centre.deleted.is_(False)).order_by(own_centre_first(Centre.id))).scalars().first()
        if centre is None:
            raise ValidationError(_("Set up the centre first."))
        clash = session.execute(select(Village).where(
            Village.name_folded == fold(name), Village.deleted.is_(False))).first()
        if clash:
            raise ValidationError(_("The village {name} is already in the list.").format(name=name), "name")
        village = _new_village(centre.id, name)
        session.add(village)
        session.flush()
        return VillageInfo(village.id, village.name)


def add_villages_in(session: OrmSession, names: list[str]) -> dict[str, str]:
    """Add villages inside the caller's transaction; name → id. A name the list already has
    (written another way: "thôn 03" for "Thôn 3") gets the existing village's id."""
    from desktop.importing.cells import CellError, VillageMatcher

    centre = session.execute(select(Centre).where(Centre.deleted.is_(False)).order_by(own_centre_first(Centre.id))).scalars().first()
    if centre is None:
        raise ValidationError(_("Set up the centre first."))
    existing = dict(session.execute(select(Village.name, Village.id).where(
        Village.deleted.is_(False))).all())
    matcher = VillageMatcher(list(existing))
    ids: dict[str, str] = {}
    for raw in names:
        name = clean_name(raw)
        try:
            ids[raw] = existing[str(matcher.match(name))]
            continue
        except CellError:  # not in the list (or matching several): a village of its own
            pass
        village = _new_village(centre.id, name)
        session.add(village)
        session.flush()
        ids[raw] = existing[name] = village.id
        matcher = VillageMatcher(list(existing))
    return ids


def rename_village(db: Database, village_id: str, name: str) -> VillageInfo:
    name = clean_name(name)
    if not name:
        raise ValidationError(_("Enter the village's name."), "name")
    with db.unit_of_work() as session:
        village = session.get_one(Village, village_id)
        village.name, village.name_folded, village.sort_key = name, fold(name), sort_key(name)
        return VillageInfo(village.id, village.name)


def get_setting(db: Database, key: str, default: str = "") -> str:
    value = get_settings(db, [key]).get(key)
    return default if value is None else value


def get_settings(db: Database, keys: list[str]) -> dict[str, str]:
    """Several settings in one read; keys that are not set are left out."""
    table = Setting.__table__  # the columns, as in get_centre: read before the window shows
    with db.reading() as session:
        rows = session.execute(select(table.c.key, table.c.value).where(table.c.key.in_(keys)))
        return {key: value for key, value in rows}


def set_setting(db: Database, key: str, value: str) -> None:
    with db.unit_of_work() as session:
        setting = session.get(Setting, key)
        if setting is None:
            session.add(Setting(key=key, value=value))
        else:
            setting.value = value
