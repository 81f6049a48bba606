"""Writing one return package, to a centre or to an office below (sync-design item 7): numbered
per recipient so that it refuses an older or repeated one, signed with this office's key,
encrypted to the recipient's, and remembered as sent. What it carries is the caller's."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop import __version__
from desktop.services.sync.keys import own_identity, own_key_file
from desktop.services.sync.mode import office_settings
from desktop.store.database import Database
from desktop.store.models import Installation
from desktop.store.return_models import SyncCorrection, SyncReturnSent
from desktop.store.schema_version import HEAD_REVISION
from desktop.sync.keys import PublicKey, key_file_bytes
from desktop.sync.package import Origin, PackageHeader, write_package
from desktop.sync.returns import KIND_RETURN, ReturnContents, return_tables
from desktop.sync.writer import name_slug


@dataclass(frozen=True)
class WrittenReturn:
    path: Path
    centre_id: str
    centre: str
    commune_code: str
    sequence: int
    acknowledgements: int
    reference_versions: int
    corrections: int
    revocations: int


@dataclass(frozen=True)
class ReturnRecipient:
    centre_id: str  # a centre's id, or an office's installation id as its roll-ups name it (extra["centre_id"])
    name: str
    commune_code: str  # a centre's commune code, or an office's code (may be empty)
    key: PublicKey


@dataclass(frozen=True)
class ReturnLetter:
    """What one return package says, composed for its recipient."""

    contents: ReturnContents
    summary: str
    min_app_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # beyond the address every return package carries
    corrections_sent: tuple[str, ...] = ()  # corrections this package asks for, marked sent once written


# (session, this office's name, the package's number) -> the letter
Compose = Callable[[OrmSession, str, int], ReturnLetter]


def return_file_stem(commune_code: str, name: str, sequence: int, when: dt.datetime) -> str:
    code = re.sub(r"[^A-Za-z0-9-]", "", commune_code)[:20] or name_slug(name)
    return f"clc_return_{code}_{when:%Y-%m-%d}_{sequence}"


def write_return_package(db: Database, folder: Path, recipient: ReturnRecipient, compose: Compose) -> WrittenReturn:
    created = dt.datetime.now(dt.timezone.utc).astimezone()
    with db.reading() as session:
        identity = own_identity(session)
        settings = office_settings(session)
        installation = session.execute(select(Installation.id)).scalar()
        previous = session.execute(select(SyncReturnSent).where(SyncReturnSent.centre_id == recipient.centre_id)
                                   .order_by(SyncReturnSent.sequence.desc()).limit(1)).scalars().first()
        sequence = (previous.sequence + 1) if previous is not None else 1
        letter = compose(session, settings.name, sequence)
        header = PackageHeader(
            kind=KIND_RETURN, schema_version=HEAD_REVISION, app_version=__version__,
            origin=Origin("", settings.name, settings.code, "", installation or str(uuid.uuid4())),
            sequence_from=sequence, sequence_to=sequence, full=False,
            previous_package_hash=previous.package_hash if previous is not None else None, state_digest="",
            summary=letter.summary,
            extra={"centre_id": recipient.centre_id, "centre_name": recipient.name,
                   "commune_code": recipient.commune_code, "return_sequence": sequence,
                   "min_app_version": letter.min_app_version,
                   "office_key": key_file_bytes(own_key_file(session)).decode("utf-8"), **letter.extra},
            created_at=created, file_stem=return_file_stem(recipient.commune_code, recipient.name, sequence, created))
        written = write_package(folder, header, return_tables(letter.contents), signer=identity,
                                recipient=recipient.key)
    with db.unit_of_work() as session:
        session.add(SyncReturnSent(package_hash=written.package_hash, centre_id=recipient.centre_id,
                                   sequence=sequence, file_name=written.path.name, created_at=dt.datetime.now()))
        now = dt.datetime.now()
        for correction_id in letter.corrections_sent:
            row = session.get(SyncCorrection, correction_id)
            if row is not None and row.sent_at is None:
                row.sent_at = now
    contents = letter.contents
    return WrittenReturn(written.path, recipient.centre_id, recipient.name, recipient.commune_code, sequence,
                         len(contents.acknowledgements), len(contents.reference_versions), len(contents.corrections),
                         len(contents.revocations))
