"""The report's indicators on a small centre made through the services, every expected number
worked out by hand below (not read back from the code under test).

October 2026. Villages A = Bản Nà Hạ, B = Thôn Đông. Ages are taken on 31/10/2026.
  Lan  female Kinh, born 15/10/2011: turns 15 inside the period → 15 (15-25, 15-35, 15-60); A; rural
  Mỷ   female H'Mông, born 20/10/1966: turns 60 inside → 60 (15-60 only); B; completed phase 1
  Dế   male H'Mông, born 1990 (year only) → 36 (15-60); A; rural
  Bình male Kinh, born 31/10/1965: turns 61 on the last day → over 60; B
Literacy class X (literacy, phase 1; Lan, Mỷ, Dế; ends 31/10): sessions on 30/09 (outside), 01/10
  (the first day), 15/10, 20/10 (cancelled, marks C kept), 31/10 (the last day), 01/11 (outside);
  3 periods each. Inside: Lan C M C = 3, Mỷ C P C = 2, Dế K K K = 0 → 5 participant-times.
Short course Y (agriculture; Lan, Bình: Lan is in two classes): 10/10 Lan C Bình C, 12/10 Lan C
  Bình K → 3.
Talk Z (law): 05/10, a headcount only: 40, of whom 25 women, 30 minority → 40.
Talk W (health; Bình enrolled): 25/10 Bình C; walk-ins: Sua (female, 1999, H'Mông, A, not matched)
  +1; one matched to Dế (not enrolled) +1; one matched to Bình, already marked present, +0 → 3.
Class D (vocational): 08/10 Lan C, then the class is deleted → nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.reports.model import ENROLMENT
from desktop.reports.periods import parse_period
from desktop.services.activities import (
    ActivityInput,
    SessionInput,
    add_session,
    create_activity,
    delete_activity,
    enrol_learners,
    set_session_cancelled,
)
from desktop.services.attendance import MarkChange, add_walk_in, match_walk_in, save_marks, set_headcount
from desktop.services.books.catalogue import TitleInput
from desktop.services.books.intake import IntakeInput, IntakeLine, record_intake
from desktop.services.books.incidents import record_loss
from desktop.services.books.loans import scan_and_apply
from desktop.services.books.readers import ReaderInput, create_reader
from desktop.services.dashboard import participant_times
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.reports import build_report

D = dt.date
TODAY = D(2026, 11, 23)
OCTOBER = parse_period("2026-10")


@pytest.fixture
def centre(db, villages):
    a, b = villages["Bản Nà Hạ"], villages["Thôn Đông"]

    def learner(name, gender, group, village, *, born=None, year=None, rural=False, status=""):
        return create_learner(db, LearnerInput(full_name=name, gender=gender, birth_date=born, birth_year=year,
                                               ethnic_group_key=group, village_id=village, rural_worker=rural,
                                               literacy_status=status)).id

    lan = learner("Lò Thị Lan", "female", "kinh", a, born=D(2011, 10, 15), rural=True)
    my = learner("Giàng Thị Mỷ", "female", "hmong", b, born=D(1966, 10, 20), status="completed_phase_1")
    de = learner("Mùa A Dế", "male", "hmong", a, year=1990, rural=True)
    binh = learner("Nguyễn Văn Bình", "male", "kinh", b, born=D(1965, 10, 31))

    def activity(name, kind, topic, members, **extra):
        item = create_activity(db, ActivityInput(name=name, kind=kind, topic_group=topic, status="running", **extra))
        enrol_learners(db, item.id, members)
        return item.id

    def session(activity_id, day, marks=(), periods=None):
        item = add_session(db, activity_id, SessionInput(date=day, periods=periods), confirm_outside_period=True)
        save_marks(db, [MarkChange(item.id, who, mark) for who, mark in marks], today=TODAY)
        return item.id

    x = activity("Lớp xóa mù chữ bản Nà Hạ", "literacy_1", "literacy", [lan, my, de], village_id=a,
                 start_date=D(2026, 9, 1), end_date=D(2026, 10, 31), planned_periods=100)
    everyone = [(lan, "C"), (my, "C"), (de, "C")]
    session(x, D(2026, 9, 30), everyone, 3)
    session(x, D(2026, 10, 1), [(lan, "C"), (my, "C"), (de, "K")], 3)
    session(x, D(2026, 10, 15), [(lan, "M"), (my, "P"), (de, "K")], 3)
    set_session_cancelled(db, session(x, D(2026, 10, 20), everyone, 3))
    session(x, D(2026, 10, 31), [(lan, "C"), (my, "C"), (de, "K")], 3)
    session(x, D(2026, 11, 1), everyone, 3)

    y = activity("Lớp trồng chè", "short_course", "agriculture", [lan, binh])
    session(y, D(2026, 10, 10), [(lan, "C"), (binh, "C")])
    session(y, D(2026, 10, 12), [(lan, "C"), (binh, "K")])

    z = activity("Chuyên đề pháp luật đất đai", "topic_talk", "law", [])
    set_headcount(db, session(z, D(2026, 10, 5)), 40, 25, 30)

    w = activity("Chuyên đề phòng chống sốt xuất huyết", "topic_talk", "health", [binh])
    talk = session(w, D(2026, 10, 25), [(binh, "C")])
    add_walk_in(db, talk, "Vàng Thị Sua", gender="female", birth_year=1999, village_id=a)
    # (add_walk_in takes no ethnic group: Sua's is set below, as the sign-in sheet would give it)
    match_walk_in(db, add_walk_in(db, talk, "Mùa A Dế").id, de)
    match_walk_in(db, add_walk_in(db, talk, "Nguyễn Văn Bình").id, binh)

    deleted = activity("Lớp may", "short_course", "vocational", [lan])
    session(deleted, D(2026, 10, 8), [(lan, "C")])
    delete_activity(db, deleted)

    from sqlalchemy import update

    from desktop.store.register_models import WalkIn

    with db.unit_of_work() as work:
        work.execute(update(WalkIn).where(WalkIn.full_name == "Vàng Thị Sua").values(ethnic_group_key="hmong"))
    return {"lan": lan, "my": my, "de": de, "binh": binh}


def test_counts_of_classes_sessions_and_participant_times(db, centre):
    report = build_report(db, OCTOBER, as_of=TODAY).total
    assert report.classes_by_kind == {"literacy_1": 1, "short_course": 1, "topic_talk": 2}  # D deleted
    assert (report.classes_total, report.talks_total) == (4, 2)
    assert report.sessions_total == 3 + 2 + 1 + 1  # X: 01, 15, 31 (not 20, cancelled); Y; Z; W
    times = report.participant_times
    assert times.total == 5 + 3 + 40 + 3 == 51
    assert times.women == (3 + 2) + 2 + 25 + 1  # X Lan, Mỷ; Y Lan; Z headcount; W Sua
    assert times.minority == 2 + 0 + 30 + 2  # X Mỷ; Z headcount; W Sua, Dế
    assert times.rural_workers == 3 + 2 + 1  # Lan in X and Y, Dế at W
    assert times.age_bands == {"15-25": 5, "15-35": 5 + 1, "15-60": 5 + 2 + 1 + 1, "over-60": 2}
    assert times.villages == {"Bản Nà Hạ": 5 + 1 + 1, "Thôn Đông": 2 + 2, "": 40}
    assert times.topics == {"literacy": 5, "agriculture": 3, "law": 40, "health": 3}
    assert (report.headcount_times, report.walk_in_times) == (40, 1)
    assert report.by_month == {"2026-10": 51}


def test_unique_learners_are_counted_once_whatever_they_attended(db, centre):
    unique = build_report(db, OCTOBER, as_of=TODAY).total.unique_learners
    assert unique.total == 4  # Lan (two classes) once; Dế through the matched walk-in
    assert (unique.women, unique.minority, unique.rural_workers) == (2, 2, 2)
    assert unique.age_bands == {"15-25": 1, "15-35": 1, "15-60": 3, "over-60": 1}
    assert unique.villages == {"Bản Nà Hạ": 2, "Thôn Đông": 2}
    assert unique.topics == {"literacy": 2, "agriculture": 2, "health": 2}  # Dế came to no X session


def test_the_results_table_by_topic_group(db, centre):
    lines = {line.topic: line for line in build_report(db, OCTOBER, as_of=TODAY).total.topic_lines}
    assert [topic for topic in lines] == ["literacy", "agriculture", "law", "health"]  # the official order
    assert (lines["literacy"].classes, lines["literacy"].sessions, lines["literacy"].participant_times) == (1, 3, 5)
    assert (lines["law"].participant_times, lines["law"].women, lines["law"].minority) == (40, 25, 30)
    assert (lines["health"].women, lines["health"].minority, lines["health"].rural_workers) == (1, 2, 1)


def test_counting_enrolments_instead_of_attended_sessions(db, centre):
    report = build_report(db, OCTOBER, as_of=TODAY, counting=ENROLMENT).total
    # X: 3 enrolled; Y: 2; Z: headcount 40; W: Bình enrolled, Sua, Dế matched (Bình's walk-in is enrolled)
    assert report.participant_times.total == 3 + 2 + 40 + 3 == 48
    assert report.unique_learners.total == 4
    assert report.unique_learners.topics["literacy"] == 3  # Dế is enrolled though he came to nothing
    assert report.counting == "enrolment"


def test_literacy_and_poor_attendance(db, centre):
    report = build_report(db, OCTOBER, as_of=TODAY).total
    literacy = report.literacy
    assert literacy.classes == {"literacy_1": 1} and literacy.learners == {"literacy_1": 3}
    assert literacy.completions == {"literacy_1": 1}  # Mỷ, whose class ended on 31/10
    (line,) = literacy.lines
    assert (line.periods_in_period, line.periods_to_date) == (3 * 3, 4 * 3)  # 30/09 counts to date
    assert (line.planned_periods, line.programme_periods) == (100, 1005)
    # Dế came to 0 of 3, Mỷ to 2 of 3 (under 70%); Bình's 1 of 2 at Y is too few marks to judge
    assert [(item.full_name, item.attended, item.marked) for item in report.poor_attendance] == [
        ("Giàng Thị Mỷ", 2, 3), ("Mùa A Dế", 0, 3)]


def test_the_period_edges_and_the_as_of_day(db, centre):
    september = build_report(db, parse_period("2026-09"), as_of=TODAY).total
    assert (september.sessions_total, september.participant_times.total) == (1, 3)  # 30/09 only
    # on 20/10 the sessions of 25/10 and 31/10 are not held yet
    early = build_report(db, OCTOBER, as_of=D(2026, 10, 20)).total
    assert early.sessions_total == 2 + 2 + 1  # X 01 and 15, Y both, Z
    assert early.participant_times.total == 3 + 3 + 40


def test_the_dashboard_counts_the_same_participant_times(db, centre):
    with db.reading() as session:
        assert participant_times(session, D(2026, 10, 1), D(2026, 11, 1)) == 51


def test_book_cabinet_figures_with_a_copy_lost_inside_the_period(db, villages):
    record_intake(db, IntakeInput(date=D(2026, 9, 10), source="purchase"), [
        IntakeLine(title=TitleInput(title="Kỹ thuật trồng chè", classification="633.72"), copies=2),  # 1, 2
        IntakeLine(title=TitleInput(title="Truyện Kiều", classification="895.9221"), copies=1),  # 3
    ], today=TODAY)
    record_intake(db, IntakeInput(date=D(2026, 10, 3), source="donation", supplier="Hội Khuyến học"), [
        IntakeLine(title=TitleInput(title="Luật Đất đai", classification="346.04"), copies=1)], today=TODAY)  # 4
    old = create_reader(db, ReaderInput("Lò Văn Sáng", villages["Bản Nà Hạ"]), today=D(2026, 9, 12)).id
    new = create_reader(db, ReaderInput("Tòng Thị Ơn", villages["Thôn Đông"]), today=D(2026, 10, 4)).id
    scan_and_apply(db, "3", old, today=D(2026, 9, 20))  # September: not counted
    scan_and_apply(db, "3", old, today=D(2026, 10, 1))  # returns the September loan
    scan_and_apply(db, "1", old, today=D(2026, 10, 5))
    scan_and_apply(db, "4", new, today=D(2026, 10, 6))
    record_loss(db, "2", today=D(2026, 10, 20))
    books = build_report(db, OCTOBER, as_of=TODAY).total.books
    assert (books.copies_total, books.titles_total) == (4 - 1, 3)  # copy 2 lost on 20/10
    assert (books.copies_new, books.titles_new) == (1, 1)
    assert books.loans == 2
    assert {item.code: item.loans for item in books.loans_by_class} == {"600": 1, "300": 1}
    assert (books.readers_total, books.readers_new, books.reader_visits) == (2, 1, 2)
    assert (books.lost_copies, books.damaged_copies) == (1, 0)


def test_the_indicators_are_pure_functions_of_plain_data():
    """desktop/reports takes plain rows: no database, no services, no Qt (so the CLI, the office
    and the window share it, and the office can move to PostgreSQL)."""
    import ast
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "desktop" / "reports"
    imported = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {name for name in imported
                if name.startswith(("sqlalchemy", "desktop.store", "desktop.services", "desktop.ui", "PySide6"))}


def test_a_deleted_learner_counts_nowhere(db, centre):
    from desktop.services.learners import set_learner_deleted

    set_learner_deleted(db, centre["lan"])
    report = build_report(db, OCTOBER, as_of=TODAY).total
    assert report.participant_times.total == 51 - 5  # Lan's 3 at X and 2 at Y
    assert report.by_month == {"2026-10": 51 - 5}
    assert report.unique_learners.total == 3
    with db.reading() as session:
        assert participant_times(session, D(2026, 10, 1), D(2026, 11, 1)) == 51 - 5


def test_the_classes_behind_the_figures(db, centre):
    lines = build_report(db, OCTOBER, as_of=TODAY).total.activity_lines
    assert sorted((line.name, line.sessions, line.participant_times) for line in lines) == [
        ("Chuyên đề pháp luật đất đai", 1, 40), ("Chuyên đề phòng chống sốt xuất huyết", 1, 3),
        ("Lớp trồng chè", 2, 3), ("Lớp xóa mù chữ bản Nà Hạ", 3, 5)]


def test_the_learners_and_sessions_behind_the_figures(db, centre):
    from desktop.services.reports import records_behind

    learners = records_behind(db, OCTOBER, what="learners", as_of=TODAY)
    assert sorted((line.full_name, line.participant_times, line.activities) for line in learners) == [
        ("Giàng Thị Mỷ", 2, 1), ("Lò Thị Lan", 3 + 2, 2), ("Mùa A Dế", 1, 1), ("Nguyễn Văn Bình", 1 + 1, 2)]
    literacy = records_behind(db, OCTOBER, what="learners", topic="literacy", as_of=TODAY)
    assert sorted(line.full_name for line in literacy) == ["Giàng Thị Mỷ", "Lò Thị Lan"]
    sessions = records_behind(db, OCTOBER, what="sessions", as_of=TODAY)
    assert [(line.date.day, line.present, line.headcount, line.walk_ins) for line in sessions] == [
        (1, 2, None, 0), (5, 0, 40, 0), (10, 2, None, 0), (12, 1, None, 0), (15, 1, None, 0), (25, 1, None, 3),
        (31, 2, None, 0)]
