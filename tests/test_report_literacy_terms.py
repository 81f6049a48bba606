"""Literacy learners by phase and programme term (Circular 33/2021: phase 1 = terms 1-3, phase 2 =
terms 4-5): each session of a literacy class says the term it taught. Expected numbers by hand.

October 2026 (today 23/11/2026):
  Class P (phase 1; An, Bảo, Chi): 05/10 term 1, 20/10 term 2, 25/10 term 3 but cancelled, 02/11
    term 3 (after the period) → term 1: An, Bảo, Chi = 3; term 2: the same 3 (the class moved on);
    term 3: nobody.
  Class Q (phase 1, recorded before terms; Chi, Dũng): 10/10 no term → not recorded: 2.
    Phase 1 learners: An, Bảo, Chi, Dũng = 4 (Chi is in both classes, once).
  Class R (phase 2; Én, Phúc; Phúc erased later): 12/10 term 4, 13/10 term 5 → 1 and 1.
  Short course S: no term.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from desktop.errors import ValidationError
from desktop.reports.literacy import TERM_NOT_RECORDED, Literacy
from desktop.reports.periodic import report_json
from desktop.reports.periods import parse_period
from desktop.services.activities import (
    ActivityInput,
    SessionInput,
    add_session,
    create_activity,
    enrol_learners,
    generate_sessions,
    list_sessions,
    set_session_cancelled,
    update_session,
)
from desktop.services.learners import LearnerInput, create_learner, list_learners, set_learner_deleted
from desktop.services.reports import build_report
from desktop.services.reports.export import write_report

D = dt.date
TODAY = D(2026, 11, 23)
OCTOBER = parse_period("2026-10")


@pytest.fixture
def classes(db, villages):
    village = villages["Bản Nà Hạ"]

    def learner(name):
        return create_learner(db, LearnerInput(full_name=name, gender="female", birth_year=1990,
                                               village_id=village)).id

    an, bao, chi, dung, en, phuc = (learner(name) for name in (
        "Lò Thị An", "Lò Văn Bảo", "Giàng Thị Chi", "Mùa A Dũng", "Lò Thị Én", "Vì Văn Phúc"))

    def activity(name, kind, members, topic="literacy"):
        item = create_activity(db, ActivityInput(name=name, kind=kind, topic_group=topic, status="running",
                                                 start_date=D(2026, 9, 1), end_date=D(2027, 5, 31)))
        enrol_learners(db, item.id, members)
        return item.id

    def session(activity_id, day, term=None):
        return add_session(db, activity_id, SessionInput(date=day, periods=3, literacy_term=term)).id

    p = activity("Xóa mù chữ bản Nà Hạ", "literacy_1", [an, bao, chi])
    session(p, D(2026, 10, 5), 1)
    session(p, D(2026, 10, 20), 2)
    set_session_cancelled(db, session(p, D(2026, 10, 25), 3))
    session(p, D(2026, 11, 2), 3)
    q = activity("Xóa mù chữ bản cũ", "literacy_1", [chi, dung])
    session(q, D(2026, 10, 10))
    r = activity("Xóa mù chữ giai đoạn 2", "literacy_2", [en, phuc])
    session(r, D(2026, 10, 12), 4)
    session(r, D(2026, 10, 13), 5)
    set_learner_deleted(db, phuc, True)
    s = activity("Trồng chè", "short_course", [an], topic="agriculture")
    session(s, D(2026, 10, 14))
    return {"P": p, "Q": q, "R": r, "S": s}


EXPECTED = {"literacy_1": {"1": 3, "2": 3, TERM_NOT_RECORDED: 2}, "literacy_2": {"4": 1, "5": 1}}


def test_literacy_learners_by_phase_and_term(db, classes):
    literacy = build_report(db, OCTOBER, as_of=TODAY).total.literacy
    assert literacy.learners_by_term == EXPECTED
    assert literacy.learners == {"literacy_1": 4, "literacy_2": 1}  # unique per phase, as before


def test_the_json_lists_them_under_literacy_keeping_its_keys(db, classes):
    data = json.loads(json.dumps(report_json(build_report(db, OCTOBER, as_of=TODAY))))
    assert data["literacy"]["learners_by_term"] == EXPECTED
    assert {"classes", "learners", "completions", "classes_detail"} <= set(data["literacy"])
    assert list(data["literacy"]["learners_by_term"]["literacy_1"]) == ["1", "2", TERM_NOT_RECORDED]


def test_the_workbook_has_a_sheet_of_them_and_the_pdf_a_table(db, classes, tmp_path):
    report = build_report(db, OCTOBER, as_of=TODAY)
    write_report(report, "xlsx", tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["Học viên XMC theo học kỳ"]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=3)]
    assert rows == [("Lớp xóa mù chữ giai đoạn 1", "Học kỳ 1", 3), ("Lớp xóa mù chữ giai đoạn 1", "Học kỳ 2", 3),
                    ("Lớp xóa mù chữ giai đoạn 1", "Chưa ghi học kỳ", 2),
                    ("Lớp xóa mù chữ giai đoạn 2", "Học kỳ 4", 1), ("Lớp xóa mù chữ giai đoạn 2", "Học kỳ 5", 1)]
    from pypdf import PdfReader

    write_report(report, "pdf", tmp_path / "r.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "Học kỳ chương trình" in text and "Chưa ghi học kỳ" in text and "Học kỳ 5" in text


def test_an_office_adds_the_centres_terms():
    first = Literacy({"literacy_1": 1}, {"literacy_1": 3}, {}, (), {"literacy_1": {"1": 3, TERM_NOT_RECORDED: 1}})
    second = Literacy({"literacy_1": 1, "literacy_2": 1}, {"literacy_1": 2, "literacy_2": 4}, {}, (),
                      {"literacy_1": {"2": 2, "1": 1}, "literacy_2": {"4": 4}})
    assert (first + second).learners_by_term == {"literacy_1": {"1": 4, "2": 2, TERM_NOT_RECORDED: 1},
                                                 "literacy_2": {"4": 4}}


def test_a_term_is_one_of_the_classs_phase_and_only_a_literacy_class_has_one(db, classes):
    with pytest.raises(ValidationError) as wrong_phase:
        add_session(db, classes["P"], SessionInput(date=D(2026, 10, 6), literacy_term=4))
    assert wrong_phase.value.field == "literacy_term"
    with pytest.raises(ValidationError):
        add_session(db, classes["S"], SessionInput(date=D(2026, 10, 6), literacy_term=1))
    made = generate_sessions(db, classes["R"], D(2026, 11, 2), D(2026, 11, 8), {0, 2},
                             SessionInput(date=D(2026, 11, 2), literacy_term=5))
    assert [item.literacy_term for item in made] == [5, 5]
    first = list_sessions(db, classes["Q"])[0]
    fixed = update_session(db, first.id, SessionInput(date=first.date, periods=3, literacy_term=2))
    assert fixed.literacy_term == 2
    literacy = build_report(db, OCTOBER, as_of=TODAY).total.literacy
    assert literacy.learners_by_term["literacy_1"] == {"1": 3, "2": 4}  # Dũng now in term 2


def test_the_term_travels_to_the_office(tmp_path):
    from desktop.services.reports import build_report as report_of
    from desktop.services.sync.receive import import_packages
    from tests.sync_support import connect, new_centre, new_office, send

    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "a", "Chiềng Hoa", "04321", learners=2)
    connect(office, centre, tmp_path / "keys")
    item = create_activity(centre, ActivityInput(name="Xóa mù chữ", kind="literacy_1", topic_group="literacy",
                                                 status="running"))
    people = [learner.id for learner in list_learners(centre)]
    enrol_learners(centre, item.id, people)
    add_session(centre, item.id, SessionInput(date=D(2026, 10, 7), literacy_term=3))
    send(centre, tmp_path / "stick")
    import_packages(office, [tmp_path / "stick"])
    terms = report_of(office, OCTOBER, as_of=TODAY).total.literacy.learners_by_term
    assert terms == {"literacy_1": {"3": 2}}
    centre.close()
    office.close()


@pytest.mark.gui
def test_the_literacy_tab_and_the_session_form_show_the_terms(qtbot, db, classes, tmp_path):
    from desktop.ui.screens.reports import ReportsScreen
    from desktop.ui.session_dialogs import SessionDialog

    screen = ReportsScreen(db, today=TODAY)
    qtbot.addWidget(screen)
    screen.resize(1366 - 240, 768 - 60)
    screen.show()
    screen.kind.setCurrentIndex(screen.kind.findData("month"))
    screen.year.setValue(2026)
    screen.part.setCurrentIndex(9)
    screen.compute()
    qtbot.waitUntil(lambda: screen.report is not None and not screen.is_busy(), timeout=20000)
    screen.tabs.setCurrentIndex(3)
    table = screen.literacy_terms
    assert [[table.item(row, column).text() for column in range(3)] for row in range(table.rowCount())] == [
        ["Lớp xóa mù chữ giai đoạn 1", "Học kỳ 1", "3"], ["Lớp xóa mù chữ giai đoạn 1", "Học kỳ 2", "3"],
        ["Lớp xóa mù chữ giai đoạn 1", "Chưa ghi học kỳ", "2"], ["Lớp xóa mù chữ giai đoạn 2", "Học kỳ 4", "1"],
        ["Lớp xóa mù chữ giai đoạn 2", "Học kỳ 5", "1"]]
    screen.grab().save(str(tmp_path / "literacy_terms.png"))

    dialog = SessionDialog(db, classes["P"], defaults=SessionInput(date=D(2026, 11, 9), literacy_term=3))
    qtbot.addWidget(dialog)
    assert dialog.term is not None
    assert [dialog.term.itemText(index) for index in range(dialog.term.count())] == [
        "—", "Học kỳ 1", "Học kỳ 2", "Học kỳ 3"]
    assert dialog.term.currentData() == 3
    dialog.term.setCurrentIndex(2)
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.literacy_term == 2
    other = SessionDialog(db, classes["S"])
    qtbot.addWidget(other)
    assert other.term is None and "literacy_term" not in other.fields
