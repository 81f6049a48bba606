"""The status bar's line about the office: when the last package went, and whether it arrived."""

from __future__ import annotations

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.sync.status import send_status
from desktop.store.database import Database


def sync_status_text(db: Database) -> str:
    """Empty for an office's database (it receives; it has nothing to be acknowledged)."""
    status = send_status(db)
    if status.office:
        return ""
    if status.last_sent is None:
        if not status.office_key_pinned:
            return _("Office: key not registered, nothing sent yet")
        return _("Office: nothing sent yet")
    sent = format_date(status.last_sent.date())
    if status.last_acknowledged_at is None:
        return _("Office: package of {date} not confirmed yet").format(date=sent)
    return _("Office: package of {date} received").format(date=sent)
