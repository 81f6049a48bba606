"""Where a centre stands with the office, for the overview's reminder and the status bar.

Light on purpose (no package or crypto modules): the status bar reads it as the window opens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.sync.mode import is_office
from desktop.store.database import Database
from desktop.store.models import Setting
from desktop.store.sync_models import ROLE_OFFICE, SyncOutbox, SyncPeer

SEND_PHOTOS_KEY = "sync_send_photos"  # "0" or "1"; photos go unless it is "0"
REMINDER_DAYS_KEY, DEFAULT_REMINDER_DAYS = "sync_reminder_days", 30
MIN_REMINDER_DAYS, MAX_REMINDER_DAYS = 1, 365


@dataclass(frozen=True)
class SendStatus:
    office: bool  # an office's database: it receives, it never sends
    office_key_pinned: bool
    last_sent: dt.datetime | None
    last_acknowledged_at: dt.datetime | None  # of the newest package, None while not acknowledged
    reminder_days: int

    def days_since_sent(self, today: dt.date) -> int | None:
        return None if self.last_sent is None else (today - self.last_sent.date()).days

    def reminder_due(self, today: dt.date) -> bool:
        """A centre that never sent, or last sent longer ago than the reminder interval."""
        if self.office:
            return False
        days = self.days_since_sent(today)
        return days is None or days >= self.reminder_days


def _reminder_days(value: str | None) -> int:
    try:
        days = int(value) if value is not None else DEFAULT_REMINDER_DAYS
    except ValueError:
        return DEFAULT_REMINDER_DAYS
    return min(max(days, MIN_REMINDER_DAYS), MAX_REMINDER_DAYS)


def send_status(db: Database) -> SendStatus:
    with db.reading() as session:
        office = is_office(session)
        pinned = session.execute(select(func.count()).select_from(SyncPeer).where(
            SyncPeer.role == ROLE_OFFICE, SyncPeer.revoked_at.is_(None))).scalar_one() > 0
        newest = session.execute(select(SyncOutbox.created_at, SyncOutbox.acknowledged_at)
                                 .order_by(SyncOutbox.created_at.desc()).limit(1)).first()
        setting = session.get(Setting, REMINDER_DAYS_KEY)
        return SendStatus(office, pinned, newest[0] if newest else None, newest[1] if newest else None,
                          _reminder_days(setting.value if setting is not None else None))


def reminder_days(db: Database) -> int:
    with db.reading() as session:
        setting = session.get(Setting, REMINDER_DAYS_KEY)
        return _reminder_days(setting.value if setting is not None else None)


def set_reminder_days(db: Database, days: int) -> None:
    if not MIN_REMINDER_DAYS <= days <= MAX_REMINDER_DAYS:
        raise ValidationError(_("The reminder interval is {low} to {high} days.").format(
            low=MIN_REMINDER_DAYS, high=MAX_REMINDER_DAYS), "reminder_days")
    with db.unit_of_work() as session:
        setting = session.get(Setting, REMINDER_DAYS_KEY)
        if setting is None:
            session.add(Setting(key=REMINDER_DAYS_KEY, value=str(days)))
        else:
            setting.value = str(days)
