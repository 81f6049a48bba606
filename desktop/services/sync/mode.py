"""Centre or office: the same application on a centre's database or an office's (aggregator).

An office database holds no centre of its own; it is made with `clc init --aggregator` and keeps
its level (district, commune office, province), name and code as settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.store.database import Database
from desktop.store.models import Centre, Setting

MODE_KEY, MODE_OFFICE = "mode", "office"
LEVELS = ("district", "commune-office", "province")
SILENT_DAYS_KEY, DEFAULT_SILENT_DAYS = "office_silent_days", 45


def level_label(level: str) -> str:
    return {"district": _("District education office"),
            "commune-office": _("Commune Culture and Social Affairs Office"),
            "province": _("Provincial Department of Education")}.get(level, level)


@dataclass(frozen=True)
class OfficeSettings:
    level: str
    name: str
    code: str
    silent_days: int


def _settings(session: OrmSession) -> dict[str, str]:
    table = Setting.__table__  # columns, not the mapped class: read before the window shows
    return {key: value for key, value in session.execute(select(table.c.key, table.c.value)).all()}


def is_office(session: OrmSession) -> bool:
    return _settings(session).get(MODE_KEY) == MODE_OFFICE


def database_is_office(db: Database) -> bool:
    with db.reading() as session:
        return is_office(session)


def office_settings(session: OrmSession) -> OfficeSettings:
    values = _settings(session)
    try:
        silent = int(values.get(SILENT_DAYS_KEY, DEFAULT_SILENT_DAYS))
    except ValueError:
        silent = DEFAULT_SILENT_DAYS
    return OfficeSettings(values.get("office_level", ""), values.get("office_name", ""),
                          values.get("office_code", ""), silent)


def get_office_settings(db: Database) -> OfficeSettings:
    with db.reading() as session:
        return office_settings(session)


def setup_office(db: Database, *, level: str, name: str, code: str = "") -> OfficeSettings:
    """Make a new, empty database an office's (once; a centre's database cannot become one)."""
    name = " ".join(name.split())
    if level not in LEVELS:
        raise ValidationError(_("Choose the office's level: district, commune-office or province."), "level")
    if not name:
        raise ValidationError(_("Enter the office's name."), "name")
    with db.unit_of_work() as session:
        if session.execute(select(Centre.id).limit(1)).first() is not None:
            raise ValidationError(_("This database holds a centre's records; an office needs a new file."))
        for key, value in ((MODE_KEY, MODE_OFFICE), ("office_level", level), ("office_name", name),
                           ("office_code", code.strip())):
            setting = session.get(Setting, key)
            if setting is None:
                session.add(Setting(key=key, value=value))
            else:
                setting.value = value
        from desktop.services.sync.keys import own_identity

        own_identity(session)  # the office's key, ready to hand to its centres
        return office_settings(session)
