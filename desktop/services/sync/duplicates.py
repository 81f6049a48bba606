"""Possible duplicate learners across centres at an office: the same person enrolled in two communes.

Two learners of different centres are listed when their folded names and birth years are equal.
Villages of two communes are different lists, so "close" is judged by their names: the same
village name (prefix, case and number padding apart, diacritics kept, never folded: "Bản Cang" is
not "Bản Càng") is marked, and listed first. Nothing is ever merged: an officer reviews the list
and asks the centres.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.personal_data import ERASED_NAME
from desktop.services.sync.mode import is_office
from desktop.store.database import Database
from desktop.store.models import Centre, Village
from desktop.store.register_models import Learner
from desktop.store.sync_nodes import node_uuids
from desktop.text.villages import without_prefix
from desktop.text.vietnamese import fold

_NUMBER = re.compile(r"\d+")


def village_key(name: str) -> str:
    """"Thôn 03" and "thôn 3" and "3" alike; "Bản Cang" and "Bản Càng" not."""
    text = unicodedata.normalize("NFC", without_prefix(" ".join(name.split()))).casefold()
    return _NUMBER.sub(lambda match: str(int(match.group())), text)


@dataclass(frozen=True)
class LearnerAtCentre:
    learner_id: str
    full_name: str
    birth_year: int | None
    village: str
    centre_id: str
    centre: str
    commune_code: str

    def as_json(self) -> dict[str, object]:
        return {"learner_id": self.learner_id, "full_name": self.full_name, "birth_year": self.birth_year,
                "village": self.village, "centre_id": self.centre_id, "centre": self.centre,
                "commune_code": self.commune_code}


@dataclass(frozen=True)
class PossibleDuplicate:
    first: LearnerAtCentre
    second: LearnerAtCentre
    same_village: bool

    def as_json(self) -> dict[str, object]:
        return {"first": self.first.as_json(), "second": self.second.as_json(), "same_village": self.same_village}


def possible_duplicates(db: Database, limit: int = 5000) -> list[PossibleDuplicate]:
    """Pairs of learners of two centres with the same folded name and birth year, those of the same
    village name first (at most `limit` pairs)."""
    erased = fold(ERASED_NAME)
    with db.reading() as session:
        if not is_office(session):
            raise UserError(_("Possible duplicates across centres are listed at an office."))
        uuids = node_uuids(session)
        centres = {centre.id: (centre.name, centre.commune_code) for centre in session.execute(select(Centre)).scalars()}
        villages = dict(session.execute(select(Village.id, Village.name)).all())
        groups: dict[tuple[str, int], list[LearnerAtCentre]] = {}
        rows = session.execute(select(Learner.id, Learner.full_name, Learner.name_folded, Learner.birth_year,
                                      Learner.village_id, Learner.origin)
                               .where(Learner.deleted.is_(False), Learner.birth_year.is_not(None),
                                      Learner.name_folded != erased))
        for learner_id, full_name, folded, birth_year, village_id, origin in rows:
            centre_id = uuids.get(origin, "")
            name, code = centres.get(centre_id, ("", ""))
            groups.setdefault((folded, birth_year), []).append(LearnerAtCentre(
                learner_id, full_name, birth_year, villages.get(village_id, "") if village_id else "", centre_id,
                name, code))
    pairs = []
    for members in groups.values():
        if len(members) < 2 or len({member.centre_id for member in members}) < 2:
            continue
        for first, second in combinations(sorted(members, key=lambda m: (m.commune_code, m.learner_id)), 2):
            if first.centre_id == second.centre_id:
                continue
            same = bool(first.village) and village_key(first.village) == village_key(second.village)
            pairs.append(PossibleDuplicate(first, second, same))
    pairs.sort(key=lambda pair: (not pair.same_village, fold(pair.first.full_name), pair.first.birth_year or 0,
                                 pair.first.commune_code, pair.second.commune_code))
    return pairs[:limit]
