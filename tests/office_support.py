"""Two small real centres and an office, with the centres' packages made through the services.

Built once per test module (a few seconds); each test copies the office database it changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.services.activities import ActivityInput, SessionInput, add_session, create_activity, enrol_learners
from desktop.services.attendance import MarkChange, save_marks
from desktop.services.centre import CentreSetup, list_villages, setup_centre
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.sync.export import export_package
from desktop.services.sync.keys import export_own_key, register_key
from desktop.services.sync.mode import setup_office
from desktop.store.database import open_database

OFFICE_NAME = "Sở GD&ĐT Lai Châu"


@dataclass(frozen=True)
class CentrePlan:
    name: str
    commune_code: str
    villages: tuple[str, ...]
    learners: tuple[tuple[str, str, int], ...]  # name, gender, birth year
    class_name: str


CENTRE_A = CentrePlan("Trung tâm học tập cộng đồng xã Tà Xùa", "01111", ("Bản Tà Xùa", "Bản Mống"),
                      (("Mùa A Dế", "male", 1985), ("Thào Thị Hoà", "female", 1990),
                       ("Giàng Thị Mỷ", "female", 1978)), "Lớp xóa mù chữ bản Mống")
CENTRE_B = CentrePlan("Trung tâm học tập cộng đồng xã Bản Xèo", "02222", ("Thôn Na Lốc",),
                      (("Nguyễn Văn Bình", "male", 1976), ("Lò Thị Hoa", "female", 1988)),
                      "Lớp trồng chè Shan tuyết")


@dataclass(frozen=True)
class OfficeFixture:
    office: Path  # the office database, nothing imported yet
    office_key: Path
    stick: Path  # both centres' first packages
    packages: dict[str, Path]  # commune code → its package
    centre_keys: dict[str, Path]  # commune code → its public key file
    marks_day: dt.date

    def fresh_office(self, folder: Path) -> Path:
        path = folder / "office.sqlite"
        shutil.copyfile(self.office, path)
        return path


def _fill_centre(path: Path, plan: CentrePlan, office_key: Path, day: dt.date) -> None:
    db = open_database(path)
    try:
        setup_centre(db, CentreSetup(name=plan.name, commune_name=plan.name.split("xã ")[-1],
                                     commune_code=plan.commune_code, province_code="12",
                                     director="Lò Văn Thắng", villages=plan.villages))
        village = list_villages(db)[0].id
        learners = [create_learner(db, LearnerInput(full_name=name, gender=gender, birth_year=year,
                                                    village_id=village)).id
                    for name, gender, year in plan.learners]
        activity = create_activity(db, ActivityInput(name=plan.class_name, kind="literacy_1", topic_group="literacy",
                                                     start_date=day, status="running"))
        enrol_learners(db, activity.id, learners)
        session = add_session(db, activity.id, SessionInput(date=day, start_time="19:00", end_time="21:00"))
        save_marks(db, [MarkChange(session.id, learner, "C") for learner in learners])
        register_key(db, office_key)
    finally:
        db.close()


def build_office_fixture(root: Path) -> OfficeFixture:
    office = root / "office-empty.sqlite"
    db = open_database(office)
    setup_office(db, level="province", name=OFFICE_NAME, code="12")
    office_key = root / "office.clckey"
    export_own_key(db, office_key)
    db.close()
    stick = root / "stick"
    stick.mkdir()
    day = dt.date.today().replace(day=1)
    packages, keys = {}, {}
    for plan in (CENTRE_A, CENTRE_B):
        path = root / f"centre-{plan.commune_code}.sqlite"
        _fill_centre(path, plan, office_key, day)
        centre = open_database(path)
        try:
            packages[plan.commune_code] = export_package(centre, stick).path
            keys[plan.commune_code] = root / f"centre-{plan.commune_code}.clckey"
            export_own_key(centre, keys[plan.commune_code])
        finally:
            centre.close()
    return OfficeFixture(office, office_key, stick, packages, keys, day)
