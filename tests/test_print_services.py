"""Printed documents from the database: services/documents.py read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.i18n import set_language
from desktop.printing import PrintCancelled, parse_sheet_code
from desktop.services import activities, attendance, documents
from desktop.services.attendance import MarkChange
from desktop.services.learners import LearnerInput, create_learner

TODAY = dt.date(2026, 11, 23)
SPECIAL = ["Nguyễn Thị Hoàng Phương Thảo", "Lò Thị Pấng", "Sùng A Páo", "Giàng Thị Mỷ"]
SURNAMES = ["Vàng", "Hờ", "Lý", "Đặng", "Trần", "Mùa", "Tẩn", "Chảo"]
GIVENS = ["Dính", "Chứ", "Sểnh", "Ước", "Dế", "Chúa", "Lử", "Mẩy"]
CODE_LINE = re.compile(r"CLC:\S+:\d{4}-\d{2}:p\d+")


def sixty_names() -> list[str]:
    names = SPECIAL + [f"{s} Thị {g}" for s in SURNAMES for g in GIVENS][:56]
    assert not any(a != b and a in b for a in names for b in names)  # none hides in another
    return names


# ---- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo.centre import build_demo
    from desktop.store.database import open_database

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    build_demo(db, years=1, seed=11, today=TODAY)
    db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path):
    from desktop.store.database import open_database

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    database = open_database(path)
    yield database
    database.close()


def _make_class(db, villages, names: list[str], *, kind: str = "literacy_1") -> str:
    village_ids = list(villages.values())
    summary = activities.create_activity(db, activities.ActivityInput(
        name="Lớp xóa mù chữ giai đoạn 1 – Bản Nà Hạ", kind=kind, topic_group="literacy",
        teacher="Lò Văn Thắng", venue="Nhà văn hóa bản Nà Hạ",
        start_date=dt.date(2026, 9, 1), status="running"))
    ids = [create_learner(db, LearnerInput(
        full_name=name, birth_year=1960 + index % 40,
        gender="female" if index % 2 else "male",
        ethnic_group_key=("hmong", "thai", "kinh")[index % 3],
        village_id=village_ids[index % len(village_ids)]),
        today=TODAY, confirm_duplicate=True).id for index, name in enumerate(names)]
    activities.enrol_learners(db, summary.id, ids)
    return summary.id


@pytest.fixture
def big_class(db, villages) -> str:
    """60 learners, Monday sessions in November 2026 (5), some marks."""
    activity_id = _make_class(db, villages, sixty_names())
    sessions = activities.generate_sessions(
        db, activity_id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), {0},
        activities.SessionInput(date=dt.date(2026, 11, 1)))
    grid = attendance.load_grid(db, activity_id, 2026, 11)
    attendance.save_marks(db, [
        MarkChange(sessions[0].id, learner.id, "CPKM"[index % 4])
        for index, learner in enumerate(grid.learners)])
    return activity_id


def read(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def name_order(text: str, names: list[str]) -> list[int]:
    text = " ".join(text.split())
    hits = [(m.start(), i) for i, name in enumerate(names) for m in re.finditer(re.escape(name), text)]
    return [index for _position, index in sorted(hits)]


def shape(reader: PdfReader) -> set[str]:
    shapes = set()
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842], "not A4"
        shapes.add("landscape" if width > height else "portrait")
    return shapes


# ---- every document from the demo data ---------------------------------------------------------

def test_every_document_from_demo_data(demo_db, tmp_path: Path) -> None:
    rows = activities.list_activities(demo_db)
    classes = [row for row in rows if row.kind != "topic_talk" and row.enrolled and row.sessions]
    talks = [row for row in rows if row.kind == "topic_talk" and row.sessions]
    chosen = max(classes, key=lambda row: row.enrolled)
    month = activities.list_sessions(demo_db, chosen.id)[0].date
    grid = attendance.load_grid(demo_db, chosen.id, month.year, month.month)
    names = [learner.full_name for learner in grid.learners]

    out = tmp_path / "attendance.pdf"
    pages = documents.attendance_sheet(demo_db, chosen.code, month.year, month.month, out,
                                       today=TODAY)
    reader, texts = read(out)
    assert pages == len(reader.pages) >= 1
    assert shape(reader) == {"landscape"}
    blocks = name_order("\n".join(texts), names).count(0)
    assert name_order("\n".join(texts), names) == list(range(len(names))) * blocks
    assert "UBND XÃ" in texts[0] and "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG" in texts[0]
    assert f"Trang {pages}/{pages}" in texts[-1]

    out = tmp_path / "classlist.pdf"
    pages = documents.class_list(demo_db, chosen.id, out, today=TODAY)
    reader, texts = read(out)
    assert pages == len(reader.pages) and shape(reader) == {"landscape"}
    assert name_order("\n".join(texts), names) == list(range(len(names)))

    talk = talks[0]
    out = tmp_path / "signin.pdf"
    pages = documents.signin_sheet(demo_db, talk.code, None, out, today=TODAY)
    reader, texts = read(out)
    assert pages == len(reader.pages) and shape(reader) == {"portrait"}
    assert talk.code in texts[0]

    out = tmp_path / "register.pdf"
    pages = documents.register(demo_db, dt.date(2026, 1, 1), dt.date(2026, 12, 31), out,
                               today=TODAY)
    reader, texts = read(out)
    assert pages == len(reader.pages) and shape(reader) == {"landscape"}
    assert "Năm 2026" in texts[0]
    text = " ".join(" ".join(texts).split())
    data = documents.register_data(demo_db, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert data.rows and all(row.code in text for row in data.rows)


def test_register_counts_marks_headcounts_and_walk_ins(db, villages) -> None:
    activity_id = _make_class(db, villages, SPECIAL)  # Thảo (m), Pấng (f), Páo (m), Mỷ (f)
    first = activities.add_session(db, activity_id, activities.SessionInput(dt.date(2026, 3, 2)),
                                    confirm_outside_period=True)
    second = activities.add_session(db, activity_id, activities.SessionInput(dt.date(2026, 3, 9)),
                                    confirm_outside_period=True)
    activities.add_session(db, activity_id, activities.SessionInput(dt.date(2026, 5, 4)),
                                    confirm_outside_period=True)
    grid = attendance.load_grid(db, activity_id, 2026, 3)
    marks = dict(zip(grid.learners, "CMKP", strict=True))  # two present (late counts)
    attendance.save_marks(db, [MarkChange(first.id, learner.id, mark)
                               for learner, mark in marks.items()])
    attendance.add_walk_in(db, first.id, "Hờ Thị Dính", gender="female")
    attendance.set_headcount(db, second.id, 30, 20, 25)
    data = documents.register_data(db, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    (row,) = data.rows
    present = [learner for learner, mark in marks.items() if mark in "CM"]
    women = sum(learner.gender == "female" for learner in present)
    minority = sum(learner.ethnic_group_key != "kinh" for learner in present)
    assert row.sessions == 2
    assert row.participants == len(present) + 1 + 30
    assert row.women == women + 1 + 20
    assert row.minority == minority + 25
    assert data.period_label == "Tháng 3/2026" or "3" in data.period_label


# ---- order, pages, codes -----------------------------------------------------------------------

def test_sixty_learners_in_the_grid_order_with_exact_names(db, big_class, tmp_path: Path) -> None:
    grid = attendance.load_grid(db, big_class, 2026, 11)
    names = [learner.full_name for learner in grid.learners]
    assert sorted(names) == sorted(sixty_names())
    data = documents.attendance_sheet_data(db, big_class, 2026, 11, today=TODAY)
    assert [row.full_name for row in data.learners] == names  # the grid's order, exactly
    out = tmp_path / "sheet.pdf"
    pages = documents.attendance_sheet(db, big_class, 2026, 11, out, today=TODAY)
    reader, texts = read(out)
    assert pages == len(reader.pages) == 3  # 5 sessions: one block, 60 rows over three pages
    assert shape(reader) == {"landscape"}
    assert name_order("\n".join(texts), names) == list(range(60))
    for name in SPECIAL:
        assert name in "\n".join(texts).splitlines()
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/3" in text


def test_recorded_marks_come_out_on_the_filled_sheet_only(db, big_class) -> None:
    grid = attendance.load_grid(db, big_class, 2026, 11)
    data = documents.attendance_sheet_data(db, big_class, 2026, 11)
    expected = {(row, column): grid.marks[(learner.id, item.id)]
                for row, learner in enumerate(grid.learners)
                for column, item in enumerate(grid.sessions)
                if (learner.id, item.id) in grid.marks}
    assert dict(data.marks) == expected and len(expected) == 60
    assert [column.date for column in data.sessions] == [item.date for item in grid.sessions]


def test_every_page_code_decodes_to_the_class_and_month(db, big_class, tmp_path: Path) -> None:
    code = documents.find_activity_by_code(db, big_class).code
    out = tmp_path / "blank.pdf"
    pages = documents.attendance_sheet(db, code, 2026, 11, out, blank=True, extra_rows=4)
    _reader, texts = read(out)
    for number, text in enumerate(texts, start=1):
        (line,) = CODE_LINE.findall(text)
        parsed = parse_sheet_code(line)
        assert (parsed.class_code, parsed.year, parsed.month, parsed.page) == (code, 2026, 11, number)
        target = documents.resolve_sheet_code(db, line)
        assert (target.activity_id, target.year, target.month, target.page) == (
            big_class, 2026, 11, number)
    assert pages == len(texts)


def test_two_learner_class_fits_one_page_in_english(db, villages, tmp_path: Path) -> None:
    activity_id = _make_class(db, villages, SPECIAL[1:3])
    activities.add_session(db, activity_id, activities.SessionInput(dt.date(2026, 11, 7)))
    set_language("en")
    for name, render in {
        "attendance": lambda out: documents.attendance_sheet(db, activity_id, 2026, 11, out),
        "classlist": lambda out: documents.class_list(db, activity_id, out, today=TODAY),
        "signin": lambda out: documents.signin_sheet(db, activity_id, dt.date(2026, 11, 7), out),
    }.items():
        out = tmp_path / f"{name}.pdf"
        assert render(out) == 1
        _reader, texts = read(out)
        lines = texts[0].splitlines()
        assert "Lò Thị Pấng" in lines and "Sùng A Páo" in lines
        assert "PEOPLE'S COMMITTEE OF XÃ TÂN LẬP" in " ".join(texts[0].split())


def test_header_comes_from_the_centre(db) -> None:
    with db.reading() as session:
        header = documents.document_header(session, TODAY)
    assert header.issuing_body == "UBND Xã Tân Lập"
    assert header.centre_name == "Trung tâm học tập cộng đồng"  # the commune is on the line above
    assert header.place == "Xã Tân Lập"
    assert (header.signer_title, header.signer_name) == ("Giám đốc", "Lò Văn Thắng")


# ---- finding classes and sheets ----------------------------------------------------------------

def test_codes_are_found_by_id_or_code_in_any_case(db, big_class) -> None:
    code = documents.find_activity_by_code(db, big_class).code
    assert documents.find_activity_by_code(db, f"  {code.lower()} ").id == big_class
    with pytest.raises(NotFoundError):
        documents.find_activity_by_code(db, "99999-2026-999")
    bare = documents.resolve_sheet_code(db, code)
    assert bare.activity_id == big_class and bare.page == 1
    with pytest.raises(ValidationError):
        documents.resolve_sheet_code(db, "CLC:nonsense")
    with pytest.raises(ValidationError):
        documents.resolve_sheet_code(db, "   ")
    with pytest.raises(NotFoundError):
        documents.resolve_sheet_code(db, "CLC:99999-2026-999:2026-11:p1")


def test_signin_sheet_picks_the_next_session_and_lists_walk_ins(db, villages) -> None:
    activity_id = _make_class(db, villages, SPECIAL[:2], kind="topic_talk")
    past = activities.add_session(db, activity_id, activities.SessionInput(dt.date(2026, 11, 2)))
    activities.add_session(db, activity_id, activities.SessionInput(
        dt.date(2026, 12, 1), venue="Hội trường UBND xã", teacher="Sùng A Páo"))
    attendance.add_walk_in(db, past.id, "Giàng Thị Mỷ")
    upcoming = documents.signin_sheet_data(db, activity_id, today=TODAY)
    assert upcoming.date == dt.date(2026, 12, 1)
    assert (upcoming.venue, upcoming.speaker) == ("Hội trường UBND xã", "Sùng A Páo")
    assert [row.full_name for row in upcoming.attendees] == [
        learner.full_name for learner in activities.enrolled_learners(db, activity_id)]
    assert len(upcoming.attendees) + upcoming.empty_rows == documents.SIGNIN_MIN_LINES
    held = documents.signin_sheet_data(db, activity_id, past.id)
    assert held.attendees[-1].full_name == "Giàng Thị Mỷ"
    with pytest.raises(NotFoundError):
        documents.signin_sheet_data(db, activity_id, dt.date(2026, 11, 3))


def test_a_blank_sign_in_sheet_has_lines_for_the_centres_usual_crowd(db, villages) -> None:
    for day, crowd in ((3, 40), (10, 62), (17, 50)):  # past talks: 40, 62 and 50 people came
        talk = _make_class(db, villages, [], kind="topic_talk")
        held = activities.add_session(db, talk, activities.SessionInput(dt.date(2026, 11, day)))
        attendance.set_headcount(db, held.id, crowd, crowd // 2, 0)
    coming = _make_class(db, villages, [], kind="topic_talk")
    activities.add_session(db, coming, activities.SessionInput(dt.date(2026, 12, 1)))
    sheet = documents.signin_sheet_data(db, coming, today=TODAY)
    assert sheet.attendees == [] and sheet.empty_rows == 50 + documents.SIGNIN_EMPTY_LINES
    assert documents.signin_sheet_data(db, coming, today=TODAY, empty_rows=3).empty_rows == 3


# ---- writing safely ----------------------------------------------------------------------------

def test_a_cancelled_run_leaves_no_file(db, big_class, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"  # the database lives in tmp_path itself
    tmp_path.mkdir()
    out = tmp_path / "sheet.pdf"
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(PrintCancelled):
        documents.attendance_sheet(db, big_class, 2026, 11, out, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_a_user_error(db, big_class, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"  # the database lives in tmp_path itself
    tmp_path.mkdir()
    with pytest.raises(UserError):
        documents.class_list(db, big_class, tmp_path / "missing" / "list.pdf")
    out = tmp_path / "folder.pdf"
    out.mkdir()
    with pytest.raises(UserError):
        documents.class_list(db, big_class, out)
    assert [path.name for path in tmp_path.iterdir()] == ["folder.pdf"]
    assert list(out.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_done(db, big_class, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"  # the database lives in tmp_path itself
    tmp_path.mkdir()
    out = tmp_path / "list.pdf"
    out.write_bytes(b"old")
    with pytest.raises(PrintCancelled):
        documents.class_list(db, big_class, out, cancel=lambda: True)
    assert out.read_bytes() == b"old"
    documents.class_list(db, big_class, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert [path.name for path in tmp_path.iterdir()] == ["list.pdf"]


def test_bad_month_and_period_are_refused(db, big_class) -> None:
    with pytest.raises(ValidationError):
        documents.attendance_sheet_data(db, big_class, 2026, 13)
    with pytest.raises(ValidationError):
        documents.register_data(db, dt.date(2026, 5, 1), dt.date(2026, 4, 1))


def test_period_labels() -> None:
    assert documents.period_label(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "Năm 2026"
    assert documents.period_label(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == "Tháng 3/2026" \
        or "2026" in documents.period_label(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert documents.period_label(dt.date(2026, 3, 5), dt.date(2026, 4, 2)) == "05/03/2026 – 02/04/2026"
