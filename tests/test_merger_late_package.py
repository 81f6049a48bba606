"""A former centre's last package reaches the office after the new centre's (issue 16).

The former centre sent its last package before the merger, but the stick came to the office late:
the new centre's first package, with its changes to the former centre's records, came first. Its
rows are older than the new centre's and are not applied, yet they are what the former centre
reported: the office keeps them as the originals, so its report of a period before the merger is
the one it would have made had the packages come in order."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
from desktop.services.sync.receive import import_packages
from desktop.store.database import open_database
from tests.merger_support import SHARED_PERSON, TODAY, copy_file, demo, new_centre, office_with_formers
from tests.sync_support import connect, send
from tests.test_merger_office import BEFORE, MERGED_ON, _plant_person_in_two_months, _report_bytes


def _last_changes_before_the_merger(path) -> None:
    """The shared person's ethnic group corrected, and one more September class with her present."""
    from desktop.services import activities, attendance
    from desktop.services.attendance import MarkChange
    from desktop.services.learners import LearnerInput, get_learner, update_learner
    from desktop.store.register_models import Learner

    db = open_database(path)
    try:
        name, year = SHARED_PERSON
        with db.reading() as session:
            person_id = session.execute(select(Learner.id).where(
                Learner.full_name == name, Learner.birth_year == year, Learner.deleted.is_(False))).scalar_one()
        learner = get_learner(db, person_id)
        update_learner(db, person_id, LearnerInput(full_name=name, birth_year=year, gender=learner.gender,
                                                   village_id=learner.village_id, ethnic_group_key="thai"))
        class_ = activities.create_activity(db, activities.ActivityInput(
            name="Chăn nuôi gà thả vườn", kind="short_course", topic_group="agriculture",
            start_date=dt.date(2026, 9, 21), end_date=dt.date(2026, 9, 28), status="finished"))
        activities.enrol_learners(db, class_.id, [person_id])
        activities.generate_sessions(db, class_.id, dt.date(2026, 9, 21), dt.date(2026, 9, 25), {1, 3},
                                     activities.SessionInput(date=dt.date(2026, 9, 21), start_time="19:00",
                                                             end_time="21:00", periods=2))
        grid = attendance.load_grid(db, class_.id, 2026, 9)
        attendance.save_marks(db, [MarkChange(session.id, person_id, "C") for session in grid.sessions],
                              today=TODAY)
    finally:
        db.close()


def test_the_former_centres_late_last_package_gives_the_office_its_records_as_they_were(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    demo(a, "00101", 1)
    demo(b, "00102", 2)
    _plant_person_in_two_months(a, "Bản Nà Pát", "Trồng chè an toàn")
    _plant_person_in_two_months(b, "Nà Pát", "Nuôi ong lấy mật")
    office, keys = office_with_formers(tmp_path, a, b)
    _last_changes_before_the_merger(b)
    former = open_database(b)
    late = send(former, tmp_path / "stick-late")  # its last package, carried to the office late
    former.close()
    # what the office reports for September when the packages come in order
    copy_file(office.path, tmp_path / "in-order.sqlite")
    in_order = open_database(tmp_path / "in-order.sqlite")
    try:
        assert import_packages(in_order, [late]).packages[0].status == "imported"
        expected = _report_bytes(in_order, BEFORE, tmp_path)
    finally:
        in_order.close()
    new_centre(tmp_path / "tan-hop.sqlite")
    new = open_database(tmp_path / "tan-hop.sqlite")
    try:
        connect(office, new, keys)
        merge_centre(new, a, MergeDecisions(merged_on=MERGED_ON), today=TODAY)
        pair = next(item for item in preview_merge(new, b).duplicates if item.birth_year == SHARED_PERSON[1]
                    and item.incoming_name == SHARED_PERSON[0])
        merge_centre(new, b, MergeDecisions(join_learners={pair.incoming_id: pair.existing_id}, merged_on=MERGED_ON),
                     today=TODAY)
        first = import_packages(office, [send(new, tmp_path / "stick-new")]).packages[0]
    finally:
        new.close()
    assert first.status == "imported" and not first.set_aside
    result = import_packages(office, [late]).packages[0]
    assert result.status == "imported" and not result.set_aside
    assert sum(counts["older"] for counts in result.tables.values()) > 0  # the new centre's changes stand
    assert _report_bytes(office, BEFORE, tmp_path) == expected
    office.close()
