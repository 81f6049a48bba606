"""The office's side of a merger of centres (issue 16), with real packages end to end: two demo
centres send to an office, are merged into a third with one person joined, and the third sends.
The office's report of a period before the merger stays byte for byte what it was; a period after
it is reported under the new centre, whose figures are the former ones' less the joined person.
What the new centre changes of the former centres' records reaches the office; nobody else may
send them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.reports.periods import parse_period
from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
from desktop.services.reports import build_report
from desktop.services.reports.export import export_report
from desktop.services.sync.receive import import_packages
from desktop.store.database import open_database
from tests.merger_support import SHARED_PERSON, TODAY, copy_file, demo, new_centre, office_with_formers
from tests.sync_support import connect, send

MERGED_ON = dt.date(2026, 10, 1)
BEFORE, AFTER = parse_period("2026-09"), parse_period("2026-10")


def _plant_person_in_two_months(path: Path, village: str, course: str) -> None:
    """The person of both centres, present in a September course and an October course."""
    from desktop.services import activities, attendance
    from desktop.services.attendance import MarkChange
    from desktop.services.centre import add_village
    from desktop.services.learners import LearnerInput, create_learner

    db = open_database(path)
    try:
        village_id = add_village(db, village).id
        name, year = SHARED_PERSON
        person = create_learner(db, LearnerInput(full_name=name, birth_year=year, gender="female",
                                                 village_id=village_id), today=TODAY, confirm_duplicate=True).id
        for month, label in ((9, "I"), (10, "II")):
            class_ = activities.create_activity(db, activities.ActivityInput(
                name=f"{course} {label}", kind="short_course", topic_group="agriculture",
                start_date=dt.date(2026, month, 5), end_date=dt.date(2026, month, 25), status="finished"))
            activities.enrol_learners(db, class_.id, [person])
            activities.generate_sessions(db, class_.id, dt.date(2026, month, 5), dt.date(2026, month, 16), {1, 3},
                                         activities.SessionInput(date=dt.date(2026, month, 5), start_time="19:00",
                                                                 end_time="21:00", periods=2))
            grid = attendance.load_grid(db, class_.id, 2026, month)
            attendance.save_marks(db, [MarkChange(session.id, person, "C") for session in grid.sessions[:2]],
                                  today=TODAY)
    finally:
        db.close()


@pytest.fixture(scope="module")
def formers(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("formers")
    a, b = root / "chieng-hoa.sqlite", root / "ban-xeo.sqlite"
    demo(a, "00101", 1)
    demo(b, "00102", 2)
    _plant_person_in_two_months(a, "Bản Nà Pát", "Trồng chè an toàn")
    _plant_person_in_two_months(b, "Nà Pát", "Nuôi ong lấy mật")
    return a, b


def _report_bytes(office, period, folder: Path, centre: str | None = None) -> bytes:
    out = folder / f"{period.key}-{len(list(folder.glob('*.json')))}.json"
    export_report(office, period, "json", out, as_of=TODAY, centre_code=centre)
    return out.read_bytes()


def _centre(report_file: bytes, code: str) -> dict:
    return next(item for item in json.loads(report_file)["per_centre"] if code in item["centres"])


@pytest.fixture(scope="module")
def merged_world(formers, tmp_path_factory):
    """The office before and after the new centre's first package, and the new centre."""
    root = tmp_path_factory.mktemp("world")
    a, b = root / "a.sqlite", root / "b.sqlite"
    copy_file(formers[0], a)
    copy_file(formers[1], b)
    new_centre(root / "tan-hop.sqlite")
    office, keys = office_with_formers(root, a, b)
    reports = root / "reports"
    reports.mkdir()
    before = {period.key: _report_bytes(office, period, reports) for period in (BEFORE, AFTER)}
    new = open_database(root / "tan-hop.sqlite")
    connect(office, new, keys)
    merge_centre(new, a, MergeDecisions(merged_on=MERGED_ON), today=TODAY)
    pair = next(item for item in preview_merge(new, b).duplicates
                if (item.incoming_name, item.birth_year) == SHARED_PERSON)
    merge_centre(new, b, MergeDecisions(join_learners={pair.incoming_id: pair.existing_id}, merged_on=MERGED_ON),
                 today=TODAY)
    result = import_packages(office, [send(new, root / "stick-new")]).packages[0]
    yield office, new, before, result, pair, root
    new.close()
    office.close()


def test_the_new_centres_package_carries_the_former_records_it_changed_and_the_office_takes_them(merged_world):
    from desktop.store.merger_models import MergerOriginal
    from desktop.store.register_models import Attendance, Learner

    office, _new, _before, result, pair, _root = merged_world
    assert result.status == "imported" and result.digest_matches and not result.set_aside
    assert result.tables["learner"]["deleted"] >= 1 and result.tables["attendance"]["updated"] >= 4
    with office.reading() as session:
        joined = session.get(Learner, pair.incoming_id)
        assert joined.deleted  # the joined record is a tombstone at the office too, never erased
        marks = session.execute(select(Attendance.learner_id).where(Attendance.learner_id.in_(
            [pair.incoming_id, pair.existing_id]), Attendance.deleted.is_(False))).scalars().all()
        assert set(marks) == {pair.existing_id} and len(marks) == 8  # both centres' marks on one person
        kept = session.execute(select(func.count()).select_from(MergerOriginal)).scalar_one()
    assert kept == sum(counts["updated"] + counts["deleted"] for table, counts in result.tables.items()
                       if table not in ("centre_merger", "learner_join"))


def test_a_period_before_the_merger_is_reported_byte_for_byte_as_before(merged_world, tmp_path):
    office, _new, before, _result, _pair, _root = merged_world
    assert _report_bytes(office, BEFORE, tmp_path) == before[BEFORE.key]
    # and the merger has changed something the report reads: without the originals it would differ
    with office.unit_of_work() as session:
        from desktop.store.merger_models import MergerOriginal

        saved = session.execute(select(MergerOriginal.__table__)).all()
        session.execute(MergerOriginal.__table__.delete())
    try:
        assert _report_bytes(office, BEFORE, tmp_path) != before[BEFORE.key]
    finally:
        from desktop.store.bulk import insert_rows
        from desktop.store.merger_models import MergerOriginal

        with office.unit_of_work() as session:
            insert_rows(session, MergerOriginal.__table__, [c.name for c in MergerOriginal.__table__.columns],
                        [tuple(row) for row in saved])
    assert _report_bytes(office, BEFORE, tmp_path) == before[BEFORE.key]


def test_a_period_after_the_merger_is_the_new_centres_the_former_ones_summed_less_the_joined(merged_world, tmp_path):
    office, _new, before, _result, _pair, _root = merged_world
    old = json.loads(before[AFTER.key])
    a, b = _centre(before[AFTER.key], "00101"), _centre(before[AFTER.key], "00102")
    after = json.loads(_report_bytes(office, AFTER, tmp_path))
    assert after["centres"] == ["00200"]  # the former centres are counted under the new one
    merged = after["per_centre"][0]
    assert a["unique_learners_total"] > 0 and b["unique_learners_total"] > 0
    assert merged["unique_learners_total"] == a["unique_learners_total"] + b["unique_learners_total"] - 1
    for figure in ("participant_times", "sessions_total", "sessions_by_kind", "classes_total", "talks_total",
                   "classes_by_kind", "participant_times_by_month"):
        assert _without_villages(merged[figure]) == _without_villages(_sum(a[figure], b[figure])), figure
    # the joined person's times all count in the village of the record kept
    assert sum(merged["participant_times"]["villages"].values()) == merged["participant_times"]["total"]
    assert after["unique_learners_total"] == old["unique_learners_total"] - 1


STRADDLING = parse_period("2026-09-01..2026-10-31")
ADDITIVE = ("classes_total", "talks_total", "sessions_total", "loans_total")


def test_a_period_across_the_merger_date_is_the_part_before_as_it_was_plus_the_part_after_under_the_new_centre(
        merged_world, tmp_path):
    office, _new, before, _result, _pair, _root = merged_world
    straddling = json.loads(_report_bytes(office, STRADDLING, tmp_path))
    part_before = json.loads(before[BEFORE.key])  # September as the office had it before the merger
    part_after = json.loads(_report_bytes(office, AFTER, tmp_path))  # October, under the new centre
    assert part_before["loans_total"] > 0 and part_after["loans_total"] > 0
    for figure in ADDITIVE:
        assert straddling[figure] == part_before[figure] + part_after[figure], figure
    assert straddling["participant_times"]["total"] == (part_before["participant_times"]["total"]
                                                       + part_after["participant_times"]["total"])
    # each former centre reports its September as it did; the new centre its October, the joined person once
    assert sorted(straddling["centres"]) == ["00101", "00102", "00200"]
    for code, part in (("00101", part_before), ("00102", part_before), ("00200", part_after)):
        mine, theirs = _centre(json.dumps(straddling).encode(), code), _centre(json.dumps(part).encode(), code)
        for figure in (*ADDITIVE, "unique_learners_total", "participant_times"):
            assert _without_ages(mine[figure]) == _without_ages(theirs[figure]), (code, figure)
    # the new centre alone: its part from the merger date on, the former centres' records in it
    new_only = json.loads(_report_bytes(office, STRADDLING, tmp_path, centre="00200"))
    assert new_only["centres"] == ["00200"]
    for figure in ADDITIVE:
        assert new_only[figure] == _centre(json.dumps(part_after).encode(), "00200")[figure], figure


def test_the_records_behind_a_period_across_the_merger_date_are_the_ones_its_figures_count(merged_world):
    from desktop.services.reports import records_behind

    office, _new, _before, _result, _pair, _root = merged_world
    report = build_report(office, STRADDLING, as_of=TODAY)
    sessions = records_behind(office, STRADDLING, what="sessions", as_of=TODAY)
    learners = records_behind(office, STRADDLING, what="learners", as_of=TODAY)
    assert len(sessions) == report.total.sessions_total
    assert len({line.session_id for line in sessions}) == len(sessions)  # a session falls on one side of the date
    assert len(learners) == report.total.unique_learners.total
    assert sum(line.participant_times for line in learners) <= report.total.participant_times.total
    new_only = build_report(office, STRADDLING, centre_code="00200", as_of=TODAY)
    assert len(records_behind(office, STRADDLING, what="sessions", centre_code="00200", as_of=TODAY)) == (
        new_only.total.sessions_total)
    assert len(records_behind(office, STRADDLING, what="learners", centre_code="00200", as_of=TODAY)) == (
        new_only.total.unique_learners.total)


def test_a_report_before_the_merger_reads_renumbered_copies_and_cards_as_stored(merged_world):
    """The accession numbers and card numbers a merge changed are read by no report: those
    tables are read directly, with their indexes; the joined learner's rows as they were."""
    from desktop.services.reports.mergers import REPORT_UNREAD_COLUMNS, merger_view
    from desktop.services.sync.merger_originals import drop_shadows, shadow_originals
    from desktop.store.merger_models import MergerOriginal

    office = merged_world[0]
    with office.reading() as session:
        kept = set(session.execute(select(MergerOriginal.table_name).distinct()).scalars())
        assert {"book_copy", "book_reader"} <= kept  # the merge renumbered some
        view = merger_view(session, BEFORE)
        everything = shadow_originals(session, view.restored)
        drop_shadows(session, everything)
        shadowed = shadow_originals(session, view.restored, REPORT_UNREAD_COLUMNS)
        drop_shadows(session, shadowed)
    assert {"book_copy", "book_reader"} <= set(everything)
    assert "book_copy" not in shadowed and "book_reader" not in shadowed
    assert set(shadowed) & {"learner", "enrolment", "attendance"}  # the joined person, as the office had them


def _without_ages(figure):  # ages are reckoned at the end of the period reported
    return {key: value for key, value in figure.items() if key != "age_bands"} if isinstance(figure, dict) else figure


def test_a_former_centres_report_after_the_merger_says_where_its_records_went(merged_world, tmp_path, capsys):
    from desktop.cli import main
    from desktop.errors import UserError
    from desktop.i18n import set_language

    office, _new, before, _result, _pair, _root = merged_world
    with pytest.raises(UserError) as refused:
        build_report(office, AFTER, centre_code="00101", as_of=TODAY)
    assert "xã Chiềng Hoa (00101)" in refused.value.message and "Tân Hợp (00200)" in refused.value.message
    assert "01/10/2026" in refused.value.message
    set_language("en")
    try:
        out = tmp_path / "after.json"
        assert main(["report", "--db", str(office.path), "--period", "2026-10", "--format", "json", "--out", str(out),
                     "--centre", "00101"]) == 1
        error = capsys.readouterr().err.strip()
        assert "was merged into" in error and "(00200)" in error and "\n" not in error and not out.exists()
    finally:
        set_language("vi")
    # a period across the merger: the former centre's part before it, and a line that says so
    straddling = build_report(office, STRADDLING, centre_code="00101", as_of=TODAY)
    assert [centre.codes for centre in straddling.centres] == [("00101",)]
    september = _centre(before[BEFORE.key], "00101")
    assert straddling.total.sessions_total == september["sessions_total"]
    assert straddling.total.participant_times.total == september["participant_times"]["total"]
    assert any("00200" in line and "01/10/2026" in line for line in straddling.warnings)


def test_the_new_centre_reports_a_former_centre_up_to_the_day_before_the_merger(merged_world):
    _office, new, _before, _result, _pair, _root = merged_world
    from desktop.errors import UserError

    with pytest.raises(UserError):
        build_report(new, AFTER, centre_code="00102", as_of=TODAY)
    september = build_report(new, BEFORE, centre_code="00102", as_of=TODAY)
    straddling = build_report(new, STRADDLING, centre_code="00102", as_of=TODAY)
    assert september.total.sessions_total > 0
    assert straddling.total.sessions_total == september.total.sessions_total and straddling.warnings


def test_a_report_before_the_merger_reads_without_taking_the_write_lock(merged_world, tmp_path):
    """The former centres' records are put back for the report in this connection's own temporary
    tables, never in the office's file: an import may write meanwhile, and the report does not wait
    for one that is writing."""
    import contextlib
    import sqlite3

    from desktop.services.reports.mergers import report_session
    from desktop.store.register_models import Learner

    office, _new, before, _result, pair, _root = merged_world
    with report_session(office, BEFORE, True) as (session, view):
        assert view.restored  # the originals are put back for this period
        assert session.get(Learner, pair.incoming_id).deleted is False  # as the former centre sent it
        with contextlib.closing(sqlite3.connect(office.path, timeout=0, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another process may take the write lock meanwhile
            other.execute("ROLLBACK")
    with contextlib.closing(sqlite3.connect(office.path, timeout=0, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # an import writing while the report runs
        try:
            assert _report_bytes(office, BEFORE, tmp_path) == before[BEFORE.key]
        finally:
            writer.execute("ROLLBACK")
    with office.reading() as session:  # nothing of the putting back stayed
        assert session.get(Learner, pair.incoming_id).deleted is True


def _without_villages(figure):
    return {key: value for key, value in figure.items() if key != "villages"} if isinstance(figure, dict) else figure


def _sum(one, other):
    if isinstance(one, dict):
        return {key: _sum(one.get(key, 0), other.get(key, 0)) for key in sorted(set(one) | set(other))}
    return one + other


def test_a_later_edit_of_a_former_centres_record_on_the_new_pc_reaches_the_office(merged_world):
    from desktop.services.learners import LearnerInput, get_learner, update_learner
    from desktop.store.register_models import Learner

    office, new, _before, _result, pair, root = merged_world
    learner = get_learner(new, pair.existing_id)
    update_learner(new, pair.existing_id, LearnerInput(full_name="Hoàng Thị Mai (Mái)", birth_year=learner.birth_year,
                                                       gender=learner.gender, village_id=learner.village_id))
    result = import_packages(office, [send(new, root / "stick-later")]).packages[0]
    assert result.status == "imported" and not result.set_aside and result.tables["learner"]["updated"] == 1
    with office.reading() as session:
        assert session.get(Learner, pair.existing_id).full_name == "Hoàng Thị Mai (Mái)"


def test_another_centre_cannot_send_a_former_centres_records(merged_world, formers, tmp_path):
    """A fourth centre merges a copy of the second former centre too: the office already knows it
    merged into the new centre, so the fourth centre's copies of its records are set aside."""
    office, _new, _before, _result, _pair, _root = merged_world
    other_path = tmp_path / "other.sqlite"
    from tests.merger_support import NEW_CODE  # noqa: F401 - the new centre's code, the other takes its own
    import subprocess
    import sys

    from tests.merger_support import ROOT

    subprocess.run([sys.executable, "-m", "desktop", "init", str(other_path), "--centre-name", "Trung tâm khác",
                    "--commune-name", "Xã Khác", "--commune-code", "00300", "--province-code", "15", "--unlisted-code"], cwd=ROOT,
                   check=True, capture_output=True)
    b_copy = tmp_path / "b.sqlite"
    copy_file(formers[1], b_copy)
    other = open_database(other_path)
    try:
        connect(office, other, tmp_path / "keys")
        merge_centre(other, b_copy, MergeDecisions(merged_on=MERGED_ON), today=TODAY)
        package = send(other, tmp_path / "stick")
        with office.reading() as session:
            from desktop.store.register_models import Learner

            learners_before = session.execute(select(func.count()).select_from(Learner)).scalar_one()
        result = import_packages(office, [package]).packages[0]
    finally:
        other.close()
    assert result.status == "imported"
    reasons = {reason for _table, _id, reason in result.set_aside}
    assert reasons == {"the record belongs to another centre"}
    assert sum(counts["set_aside"] for counts in result.tables.values()) > 1000
    with office.reading() as session:
        assert session.execute(select(func.count()).select_from(Learner)).scalar_one() == learners_before


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_class_list_shows_which_former_centre_held_a_class(qtbot, merged_world, language, tmp_path):
    from desktop.i18n import set_language
    from desktop.services.activities import list_activities
    from desktop.ui.models.activity_tables import ActivityTableModel
    from desktop.ui.screens.activities import ActivitiesScreen
    from tests.ui_support import show_ready

    _office, new, _before, _result, _pair, _root = merged_world
    held_by = {item.former_centre for item in list_activities(new)}
    assert held_by == {"Xã Chiềng Hoa", "Xã Bản Xèo"}  # the new centre has no class of its own yet
    set_language(language)
    try:
        screen = show_ready(qtbot, ActivitiesScreen(new), 1116, 700)
        assert not screen.table.isColumnHidden(ActivityTableModel.FORMER)
        header = screen.model.headerData(ActivityTableModel.FORMER, Qt.Orientation.Horizontal)
        assert header == ("Trung tâm cũ" if language == "vi" else "Former centre")
        shown = {screen.proxy.index(row, ActivityTableModel.FORMER).data() for row in range(screen.proxy.rowCount())}
        assert shown == held_by
        screen.search.setText("ban xeo")  # the former commune's name finds its classes
        qtbot.waitUntil(lambda: screen.proxy.rowCount() > 0)
        assert {screen.proxy.index(row, ActivityTableModel.FORMER).data()
                for row in range(screen.proxy.rowCount())} == {"Xã Bản Xèo"}
        screen.grab().save(str(tmp_path / f"classes-{language}.png"))
    finally:
        set_language("vi")


def test_a_centre_without_a_merger_shows_no_former_centre_column(qtbot, db, villages):
    from desktop.services import activities
    from desktop.ui.models.activity_tables import ActivityTableModel
    from desktop.ui.screens.activities import ActivitiesScreen
    from tests.ui_support import show_ready

    activities.create_activity(db, activities.ActivityInput(name="Lớp trồng chè", kind="short_course",
                                                            topic_group="agriculture"))
    screen = show_ready(qtbot, ActivitiesScreen(db), 1116, 700)
    assert screen.proxy.rowCount() == 1 and screen.table.isColumnHidden(ActivityTableModel.FORMER)
