"""What a merge would bring in, and what the user decides about it (plain data, no Qt).

Probable duplicate learners: the same name folded the Vietnamese way (no diacritics, any case),
the same birth year, and villages of the same or a similar name (or one of them not known).
Villages are compared by name without their "Thôn"/"Bản" prefix and numbering; a pair that differs
only by a diacritic is "similar", never "the same" (two villages can differ by one).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.importing.cells import village_key
from desktop.services.books.accession import RESERVED_PREFIXES, code_letters
from desktop.services.merger.source import FormerFile, open_former
from desktop.services.sync.rows import codecs
from desktop.store.database import Database
from desktop.text.vietnamese import fold, nfc

if TYPE_CHECKING:
    from desktop.services.merger.villages import SummedFigure

MAX_PREFIX_LETTERS = 4
SHOWN = 500  # collisions listed one by one; the count says how many in all


@dataclass(frozen=True)
class FormerCentre:
    id: str
    name: str
    commune_name: str
    commune_code: str
    province_code: str


@dataclass(frozen=True)
class TableCount:
    table: str
    incoming: int  # records of the former file not held here yet
    held: int  # already here (a merge run before): left as they are


@dataclass(frozen=True)
class DuplicateLearner:
    incoming_id: str
    incoming_name: str
    existing_id: str
    existing_name: str
    birth_year: int
    incoming_village: str
    existing_village: str
    existing_centre: str  # the (former) centre that holds the existing record
    incoming_classes: int
    existing_classes: int


@dataclass(frozen=True)
class SimilarVillage:
    incoming_id: str
    incoming_name: str
    existing_id: str
    existing_name: str
    existing_centre: str
    same: bool  # the same name (prefix and numbering apart); else only similar


@dataclass(frozen=True)
class AccessionCollision:
    code: str
    incoming_title: str
    existing_title: str


@dataclass(frozen=True)
class CardCollision:
    card_number: int
    incoming_reader: str
    existing_reader: str


@dataclass(frozen=True)
class MergePreview:
    file: str
    former: FormerCentre
    into: FormerCentre
    tables: tuple[TableCount, ...]
    duplicates: tuple[DuplicateLearner, ...]
    villages: tuple[SimilarVillage, ...]
    accession_collisions: tuple[AccessionCollision, ...]
    accession_collision_count: int
    card_collisions: tuple[CardCollision, ...]
    card_collision_count: int
    class_code_collisions: tuple[str, ...]
    suggested_prefix: str
    already_merged: bool

    @property
    def incoming(self) -> int:
        return sum(count.incoming for count in self.tables)

    @property
    def held(self) -> int:
        return sum(count.held for count in self.tables)


@dataclass(frozen=True)
class MergeDecisions:
    """What the user chose in the preview. Learners and villages are joined only when named here."""

    join_learners: dict[str, str] = field(default_factory=dict)  # incoming learner id → existing id
    join_villages: dict[str, str] = field(default_factory=dict)  # incoming village id → existing id
    rename_villages: dict[str, str] = field(default_factory=dict)  # incoming village id → new name
    accession_prefix: str | None = None  # None: the suggested one when numbers collide
    merged_on: dt.date | None = None  # today by default


@dataclass(frozen=True)
class MergeReport:
    preview: MergePreview
    written: dict[str, int]
    joined_learners: tuple[DuplicateLearner, ...]
    joined_villages: tuple[SimilarVillage, ...]
    renamed_villages: tuple[tuple[str, str], ...]  # (name before, name after)
    accession_prefix: str
    prefixed_copies: int
    renumbered_cards: tuple[tuple[int, int, str], ...]  # (card before, card after, reader)
    merged_on: dt.date
    dry_run: bool
    nothing_to_do: bool
    # a joined village's society figures added to the kept village's (villages.SummedFigure)
    summed_figures: tuple[SummedFigure, ...] = ()

    @property
    def total_written(self) -> int:
        return sum(self.written.values())


def preview_merge(db: Database, path: Path) -> MergePreview:
    """What merging the former centre's file would do; nothing is written anywhere."""
    with open_former(Path(path), db.path) as former, db.reading() as session, former.engine.connect() as source:
        return build_preview(session, source, former)


def _centre(connection: Connection | OrmSession, centre_id: str | None) -> FormerCentre | None:
    from desktop.store.models import Centre

    table = Centre.__table__
    statement = select(table.c.id, table.c.name, table.c.commune_name, table.c.commune_code, table.c.province_code)
    row = connection.execute(statement.where(table.c.id == centre_id)).first() if centre_id else None
    if row is None:
        row = connection.execute(statement.where(table.c.deleted.is_(False))).first()
    return FormerCentre(*row) if row else None


def own_centre_id(session: OrmSession | Connection) -> str | None:
    from desktop.store.models import Installation

    return session.execute(select(Installation.__table__.c.centre_id)).scalar()


def build_preview(session: OrmSession, source: Connection, former: FormerFile) -> MergePreview:
    from desktop.store.merger_models import CentreMerger

    into = _centre(session, own_centre_id(session))
    if into is None:
        raise ValidationError(_("Set up this centre first (its name and the new commune's code), then merge "
                                "the former centres into it."))
    former_centre = _centre(source, former.centre_id)
    assert former_centre is not None  # open_former checked it has one
    if former_centre.id == into.id:
        raise ValidationError(_("{name} is this very centre (the same centre id): there is nothing to merge.")
                              .format(name=former.path.name))
    tables = tuple(_table_counts(session, source))
    already = session.execute(select(CentreMerger.id).where(
        CentreMerger.former_centre_id == former_centre.id, CentreMerger.deleted.is_(False))).first() is not None
    held_ids = {count.table for count in tables if count.held}
    duplicates = _duplicates(session, source) if "learner" not in held_ids else []
    villages = _villages(session, source) if "village" not in held_ids else []
    # a table already merged (the same merge again) has nothing coming in to collide
    accession, accession_count = _accession_collisions(session, source) if "book_copy" not in held_ids else ([], 0)
    cards, card_count = _card_collisions(session, source) if "book_reader" not in held_ids else ([], 0)
    return MergePreview(
        str(former.path), former_centre, into, tables, tuple(duplicates), tuple(villages), tuple(accession[:SHOWN]),
        accession_count, tuple(cards[:SHOWN]), card_count,
        tuple(_class_code_collisions(session, source)) if "activity" not in held_ids else (),
        suggest_prefix(former_centre, session) if accession_count else "", already)


def _table_counts(session: OrmSession, source: Connection) -> list[TableCount]:
    counts = []
    for codec in codecs().values():
        table = codec.table
        total = source.execute(select(func.count()).select_from(table)).scalar_one()
        held = 0
        if total:
            ids = source.execute(select(table.c.id)).scalars().all()
            for start in range(0, len(ids), 5000):
                held += session.execute(select(func.count()).select_from(table).where(
                    table.c.id.in_(ids[start:start + 5000]))).scalar_one()
        counts.append(TableCount(table.name, total - held, held))
    return counts


def _village_names(connection: Connection | OrmSession) -> dict[str, str]:
    from desktop.store.models import Village

    return dict(connection.execute(select(Village.__table__.c.id, Village.__table__.c.name)).all())


def _centre_names(connection: Connection | OrmSession) -> dict[str, str]:
    from desktop.store.models import Centre, Village

    table, villages = Centre.__table__, Village.__table__
    names = dict(connection.execute(select(table.c.id, table.c.commune_name)).all())
    return {village: names.get(centre, "") for village, centre in connection.execute(
        select(villages.c.id, villages.c.centre_id)).all()}


def _similar_villages(first: str, second: str) -> bool:
    a, b = village_key(first), village_key(second)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _classes(connection: Connection | OrmSession) -> dict[str, int]:
    from desktop.store.register_models import Enrolment

    table = Enrolment.__table__
    return dict(connection.execute(select(table.c.learner_id, func.count()).where(table.c.deleted.is_(False))
                                   .group_by(table.c.learner_id)).all())


def _duplicates(session: OrmSession, source: Connection) -> list[DuplicateLearner]:
    from desktop.store.register_models import Learner

    table = Learner.__table__
    columns = select(table.c.id, table.c.full_name, table.c.birth_year, table.c.village_id).where(
        table.c.deleted.is_(False), table.c.birth_year.is_not(None))
    existing: dict[tuple[str, int], list] = defaultdict(list)
    for row in session.execute(columns):
        existing[(fold(row.full_name), row.birth_year)].append(row)
    if not existing:
        return []
    here_villages, there_villages = _village_names(session), _village_names(source)
    commune_of_village = _centre_names(session)
    here_classes: dict[str, int] | None = None
    there_classes: dict[str, int] | None = None
    found = []
    for row in source.execute(columns):
        for match in existing.get((fold(row.full_name), row.birth_year), ()):
            incoming_village = there_villages.get(row.village_id, "") if row.village_id else ""
            existing_village = here_villages.get(match.village_id, "") if match.village_id else ""
            if incoming_village and existing_village and not _similar_villages(incoming_village, existing_village):
                continue
            if here_classes is None:
                here_classes, there_classes = _classes(session), _classes(source)
            assert there_classes is not None
            found.append(DuplicateLearner(
                row.id, row.full_name, match.id, match.full_name, row.birth_year, incoming_village, existing_village,
                commune_of_village.get(match.village_id, "") if match.village_id else "",
                there_classes.get(row.id, 0), here_classes.get(match.id, 0)))
    found.sort(key=lambda item: (fold(item.incoming_name), item.birth_year))
    return found


def _villages(session: OrmSession, source: Connection) -> list[SimilarVillage]:
    from desktop.store.models import Village

    table = Village.__table__
    live = select(table.c.id, table.c.name, table.c.centre_id).where(table.c.deleted.is_(False))
    here = session.execute(live).all()
    communes = _centre_names(session)
    found = []
    for row in source.execute(live):
        for other in here:
            same = _bare(row.name) == _bare(other.name)
            if same or _similar_villages(row.name, other.name):
                found.append(SimilarVillage(row.id, row.name, other.id, other.name, communes.get(other.id, ""), same))
    return found


def _bare(name: str) -> str:
    """A village's name without its prefix and padding, diacritics kept ("Thôn 03" → "3")."""
    words = [str(int(word)) if word.isdigit() else word for word in nfc(name).lower().split()]
    kept = len(village_key(name).split())
    return " ".join(words[len(words) - kept:] if kept else words)


def _accession_collisions(session: OrmSession, source: Connection) -> tuple[list[AccessionCollision], int]:
    from desktop.store.book_models import BookCopy, BookTitle

    copies, titles = BookCopy.__table__, BookTitle.__table__
    owned = select(copies.c.accession_prefix, copies.c.accession_number, copies.c.accession_code,
                   titles.c.title).join(titles, titles.c.id == copies.c.title_id).where(
        copies.c.accession_number.is_not(None), copies.c.deleted.is_(False))
    here = {(row.accession_prefix or "", row.accession_number): row.title for row in session.execute(owned)}
    rows = sorted((row for row in source.execute(owned) if (row.accession_prefix or "", row.accession_number) in here),
                  key=lambda row: (row.accession_prefix or "", row.accession_number))
    found = [AccessionCollision(row.accession_code or str(row.accession_number), row.title,
                                here[(row.accession_prefix or "", row.accession_number)]) for row in rows]
    return found, len(found)


def _card_collisions(session: OrmSession, source: Connection) -> tuple[list[CardCollision], int]:
    from desktop.store.book_models import BookReader

    table = BookReader.__table__
    live = select(table.c.card_number, table.c.full_name).where(table.c.deleted.is_(False))
    here = dict(session.execute(live).all())
    found = [CardCollision(row.card_number, row.full_name, here[row.card_number])
             for row in source.execute(live) if row.card_number in here]
    found.sort(key=lambda item: item.card_number)
    return found, len(found)


def _class_code_collisions(session: OrmSession, source: Connection) -> list[str]:
    from desktop.store.register_models import Activity

    table = Activity.__table__
    live = select(table.c.code).where(table.c.deleted.is_(False))
    here = set(session.execute(live).scalars())
    return sorted(code for code in source.execute(live).scalars() if code in here)


def suggest_prefix(former: FormerCentre, session: OrmSession) -> str:
    """Letters for the former cabinet's numbers: the initials of its commune ("Xã Nà Pát" → "NP"),
    made unique against the prefixes already used here."""
    words = [word for word in fold(former.commune_name or former.name).split()
             if word not in ("xa", "phuong", "thi", "tran", "trung", "tam", "hoc", "tap", "cong", "dong", "ttht")]
    letters = "".join(word[0] for word in words if word[0].isalpha()).upper()[:MAX_PREFIX_LETTERS] or "CU"
    if letters in RESERVED_PREFIXES:
        letters = (letters + "X")[:MAX_PREFIX_LETTERS]
    used = _used_prefix_keys(session)
    candidate, number = letters, 1
    while any(key.startswith(candidate) for key in used):
        number += 1
        candidate = f"{letters[:MAX_PREFIX_LETTERS - 1]}{chr(ord('A') + (number - 2) % 26)}"
        if number > 27:
            break
    return candidate


def _used_prefix_keys(session: OrmSession) -> set[str]:
    from desktop.store.book_models import BookCopy

    table = BookCopy.__table__
    return {key for key in session.execute(select(table.c.accession_prefix).distinct()).scalars() if key}


def prefix_problem(prefix: str, session: OrmSession, collisions: int) -> str | None:
    """Why a prefix typed for the former cabinet cannot be used, or None."""
    letters = code_letters(prefix)
    if not prefix.strip():
        if collisions:
            return _("Numbers collide: give the former cabinet a prefix so that every copy keeps a number of its own.")
        return None
    if letters != prefix.strip().upper() or not 1 <= len(letters) <= MAX_PREFIX_LETTERS:
        return _("A prefix is 1 to {count} letters without diacritics (for example NP).").format(
            count=MAX_PREFIX_LETTERS)
    if letters in RESERVED_PREFIXES:
        return _("{prefix} is how reader cards begin; choose other letters.").format(prefix=letters)
    if any(key.startswith(letters) for key in _used_prefix_keys(session)):
        return _("Copies here already have numbers beginning with {prefix}; choose other letters.").format(
            prefix=letters)
    return None
