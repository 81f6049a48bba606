"""Every printed document, rendered to a real PDF and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

import desktop.i18n as i18n
from desktop.i18n import set_language
from desktop.printing import (
    AttendanceSheetData,
    ClassListData,
    DocumentHeader,
    LearnerRow,
    PrintCancelled,
    RegisterData,
    RegisterRow,
    SessionColumn,
    SigninSheetData,
    parse_sheet_code,
    render_attendance_sheet,
    render_class_list,
    render_register,
    render_signin_sheet,
)
from desktop.printing.class_list import class_totals
from desktop.printing.fonts import SANS, SERIF, font_name, missing_characters

CLASS_CODE = "XA01234-L2026-003"
SPECIAL = ["Nguyễn Thị Hoàng Phương Thảo", "Lò Thị Pấng", "Sùng A Páo", "Giàng Thị Mỷ"]
SURNAMES = ["Vàng", "Hờ", "Lý", "Đặng", "Trần", "Mùa", "Tẩn", "Chảo"]
MIDDLES = ["Thị", "Văn", "Seo", "Láo"]
GIVENS = ["Dính", "Chứ", "Sểnh", "Ước", "Dế", "Chúa", "Lử", "Mẩy"]
VILLAGES = ["Háng Đồng", "Tà Xùa", "Pá Hốc", "Nậm Khắt"]
HEADER = DocumentHeader(
    "UBND xã Tà Xùa",
    "Trung tâm học tập cộng đồng",
    "Xã Tà Xùa",
    "Giám đốc",
    "Vàng A Chư",
    recipients=("Phòng Văn hóa - Xã hội xã", "Lưu: TTHTCĐ"),
    date=dt.date(2026, 3, 5),
)
LANDSCAPE, PORTRAIT = "landscape", "portrait"


# ---- sample data -------------------------------------------------------------------------


def full_names(count: int) -> list[str]:
    generated = (f"{s} {m} {g}" for s, m, g in itertools.product(SURNAMES, MIDDLES, GIVENS))
    names = (SPECIAL + [name for name in generated if name not in SPECIAL])[:count]
    # the order checks below look names up in the page text: none may hide inside another
    assert not any(a != b and a in b for a in names for b in names)
    return names


def learners(count: int, *, decomposed: bool = False) -> list[LearnerRow]:
    rows = []
    for index, name in enumerate(full_names(count)):
        rows.append(
            LearnerRow(
                full_name=unicodedata.normalize("NFD", name) if decomposed else name,
                birth_year=1950 + index % 55,
                birth_date=dt.date(1960 + index % 40, 1 + index % 12, 1 + index % 28)
                if index % 3 == 0
                else None,
                gender="female" if index % 2 == 0 else "male",
                ethnic_group="H'Mông" if index % 4 else "Kinh",
                is_minority=bool(index % 4),
                village=VILLAGES[index % len(VILLAGES)],
                occupation="Làm nông",
                phone=f"09{index:08d}",
            )
        )
    return rows


def attendance(count: int, sessions: int, *, decomposed: bool = False) -> AttendanceSheetData:
    days = [
        SessionColumn(f"s{i}", dt.date(2026, 3, 1) + dt.timedelta(days=i)) for i in range(sessions)
    ]
    marks = {(r, s): "CCCPKM"[(r + s) % 6] for r in range(count) for s in range(sessions)}
    return AttendanceSheetData(
        HEADER,
        CLASS_CODE,
        "Xóa mù chữ giai đoạn 1",
        "Lò Văn Dũng",
        "Nhà văn hóa bản Pá Hốc",
        2026,
        3,
        learners(count, decomposed=decomposed),
        days,
        marks,
    )


def signin(count: int, empty_rows: int = 10) -> SigninSheetData:
    return SigninSheetData(
        HEADER,
        "XA01234-CD2026-017",
        "Kỹ thuật chăm sóc cây chè Shan tuyết",
        dt.date(2026, 3, 12),
        "Nhà văn hóa thôn Tà Xùa",
        "Hờ A Của",
        learners(count),
        empty_rows,
    )


def class_list(count: int) -> ClassListData:
    return ClassListData(
        HEADER,
        CLASS_CODE,
        "Xóa mù chữ giai đoạn 1",
        "Lớp xóa mù chữ",
        dt.date(2026, 1, 5),
        dt.date(2026, 12, 20),
        "Lò Văn Dũng",
        learners(count),
        dt.date(2026, 3, 5),
    )


def register(count: int) -> RegisterData:
    rows = [
        RegisterRow(
            f"XA01234-L2025-{i + 1:03d}",
            full_names(count)[i],
            "Trồng trọt",
            dt.date(2025, 1 + i % 12, 1 + i % 28),
            dt.date(2025, 1 + i % 12, 1 + i % 28),
            "Tà Xùa",
            "Hội Nông dân",
            "Hờ A Của",
            1 + i % 3,
            20 + i,
            10 + i % 7,
            5 + i % 9,
            None if i % 2 else 1_500_000,
        )
        for i in range(count)
    ]
    return RegisterData(HEADER, "01/2025 – 12/2025", rows)


# ---- reading PDFs back -------------------------------------------------------------------


def render(
    renderer: Callable[..., int], data: object, tmp_path: Path, **options: object
) -> tuple[int, PdfReader]:
    out = tmp_path / "document.pdf"
    pages = renderer(data, out, **options)
    return pages, PdfReader(out)


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def orientation(reader: PdfReader) -> set[str]:
    shapes = set()
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == [595, 842], "not A4"
        shapes.add(LANDSCAPE if width > height else PORTRAIT)
    return shapes


def name_order(text: str, names: list[str]) -> list[int]:
    """Indexes of the names in the order they occur in text (a name may wrap onto two lines)."""
    text = " ".join(text.split())
    hits = [
        (m.start(), i) for i, name in enumerate(names) for m in re.finditer(re.escape(name), text)
    ]
    return [index for _position, index in sorted(hits)]


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("vi")


@pytest.fixture
def vietnamese() -> Iterator[None]:
    """The interface in Vietnamese, from the real catalog."""
    set_language("vi")
    yield
    set_language("vi")


# ---- the attendance sheet ----------------------------------------------------------------


def test_sixty_learners_and_twenty_sessions_in_english(english: None, tmp_path: Path) -> None:
    data = attendance(60, 20)
    pages, reader = render(render_attendance_sheet, data, tmp_path)
    texts = page_texts(reader)
    assert pages == len(reader.pages) == 6  # two blocks of ten sessions, three pages each
    assert orientation(reader) == {LANDSCAPE}
    names = [learner.full_name for learner in data.learners]
    assert name_order("\n".join(texts), names) == list(range(60)) * 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}/6" in text
        assert "Full name" in text and "Sessions (day of the month)" in text  # header rows repeated
    assert "SOCIALIST REPUBLIC OF VIET NAM" in texts[0]
    assert "Independence - Freedom - Happiness" in texts[0]
    assert "Xã Tà Xùa, 05 March 2026" in texts[0]
    assert "ATTENDANCE SHEET" in texts[0]
    assert "Sessions 1–10 of 20" in texts[0] and "Sessions 11–20 of 20" in texts[3]
    assert "Su" in texts[0]  # 1 March 2026: the day over its weekday, the month in the title
    # the month's totals come with the last block only, once every session has been shown
    assert "Month's totals" not in texts[0] and "Month's totals" in texts[3]
    assert "GIÁM ĐỐC" in texts[-1] and "Vàng A Chư" in texts[-1]


@pytest.mark.parametrize("count", range(20, 80, 4))
def test_the_signatures_never_stand_alone_on_the_last_page(
    english: None, tmp_path: Path, count: int
) -> None:
    data = attendance(count, 5)
    pages, reader = render(render_attendance_sheet, data, tmp_path)
    texts = page_texts(reader)
    last = texts[-1]
    assert "DIRECTOR" in last or "GIÁM ĐỐC" in last
    assert data.learners[-1].full_name in last  # the table runs on to the signatures
    if pages > 1:
        assert "Full name" in last  # a page that starts with rows repeats the header
    names = [learner.full_name for learner in data.learners]
    assert name_order("\n".join(texts), names) == list(range(count))  # no row lost or doubled


@pytest.mark.parametrize("count", range(8, 60, 5))
def test_the_register_runs_on_to_its_signature(english: None, tmp_path: Path, count: int) -> None:
    data = register(count)
    pages, reader = render(render_register, data, tmp_path)
    last = page_texts(reader)[-1]
    assert "GIÁM ĐỐC" in last and data.rows[-1].code in last  # never the signature alone
    codes = "\n".join(page_texts(reader))
    assert all(codes.count(row.code) == 1 for row in data.rows)  # no row lost or doubled


@pytest.mark.parametrize("count", range(10, 70, 6))
def test_the_class_list_runs_on_to_its_totals_and_signatures(
    english: None, tmp_path: Path, count: int
) -> None:
    data = class_list(count)
    pages, reader = render(render_class_list, data, tmp_path)
    last = page_texts(reader)[-1]
    assert "GIÁM ĐỐC" in last and data.learners[-1].full_name in last
    names = [learner.full_name for learner in data.learners]
    assert name_order("\n".join(page_texts(reader)), names) == list(range(count))


def test_two_learners_fit_on_one_page_with_names_exact(english: None, tmp_path: Path) -> None:
    pages, reader = render(render_attendance_sheet, attendance(2, 8), tmp_path)
    assert pages == len(reader.pages) == 1
    assert orientation(reader) == {LANDSCAPE}
    lines = page_texts(reader)[0].splitlines()
    assert "Nguyễn Thị Hoàng Phương Thảo" in lines and "Lò Thị Pấng" in lines


def test_decomposed_names_are_printed_composed(english: None, tmp_path: Path) -> None:
    data = attendance(4, 3, decomposed=True)
    assert data.learners[0].full_name != SPECIAL[0]  # really decomposed
    _pages, reader = render(render_attendance_sheet, data, tmp_path)
    lines = page_texts(reader)[0].splitlines()
    for name in SPECIAL:
        assert name in lines


def test_filled_sheet_counts_marks_late_as_present(english: None, tmp_path: Path) -> None:
    sessions = [SessionColumn(f"s{i}", dt.date(2026, 3, 2 + i)) for i in range(4)]
    data = AttendanceSheetData(
        HEADER,
        CLASS_CODE,
        "Lớp A",
        "Lò Văn Dũng",
        "Bản Pá Hốc",
        2026,
        3,
        learners(1),
        sessions,
        {(0, 0): "C", (0, 1): "M", (0, 2): "P", (0, 3): "K"},
    )
    _pages, reader = render(render_attendance_sheet, data, tmp_path)
    lines = page_texts(reader)[0].splitlines()
    row = lines[lines.index(SPECIAL[0]) + 1 :][:10]
    # year, village, the four marks, then totals C (with the late one), P, K
    assert row[2:9] == ["C", "M", "P", "K", "2", "1", "1"]


def test_the_present_count_of_a_session_not_yet_held_stays_empty(english: None, tmp_path: Path) -> None:
    sessions = [SessionColumn(f"s{i}", dt.date(2026, 3, 2 + 7 * i)) for i in range(3)]
    marks = {(0, 0): "C", (1, 0): "K", (0, 1): "K", (1, 1): "K"}  # the third is still to come
    data = AttendanceSheetData(HEADER, CLASS_CODE, "Lớp A", "Lò Văn Dũng", "Bản Pá Hốc", 2026, 3,
                               learners(2), sessions, marks)
    _pages, reader = render(render_attendance_sheet, data, tmp_path)
    lines = page_texts(reader)[0].splitlines()
    counts = lines[lines.index("Number present") + 1:][:5]
    # 1 came, 0 came (everyone absent is a real 0), nothing for the third; then the totals C, P, K
    assert counts == ["1", "0", "1", "0", "3"]


def test_blank_sheet_prints_names_but_no_marks_and_extra_rows(
    english: None, tmp_path: Path
) -> None:
    pages, reader = render(
        render_attendance_sheet, attendance(2, 8), tmp_path, blank=True, extra_rows=3
    )
    text = page_texts(reader)[0]
    lines = text.splitlines()
    assert pages == 1
    assert SPECIAL[0] in lines and SPECIAL[1] in lines
    # K and P appear once each, in the header; the cells are empty
    assert lines.count("K") == 1 and lines.count("P") == 1
    assert {"3", "4", "5"} <= set(lines)  # numbered rows for walk-ins
    assert "date ……" in text  # the date line is left to be handwritten


def test_blank_sheet_without_planned_sessions_gets_empty_date_columns(
    english: None, tmp_path: Path
) -> None:
    data = attendance(2, 0)
    pages, reader = render(render_attendance_sheet, data, tmp_path, blank=True)
    assert pages == 1
    assert "Sessions (day of the month)" in page_texts(reader)[0]


def test_every_page_carries_a_code_for_its_class_month_and_page(
    english: None, tmp_path: Path
) -> None:
    _pages, reader = render(render_attendance_sheet, attendance(60, 20), tmp_path)
    for number, text in enumerate(page_texts(reader), start=1):
        codes = re.findall(r"CLC:\S+", text)
        assert len(codes) == 1, text
        assert parse_sheet_code(codes[0]) == (CLASS_CODE, 2026, 3, number)


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler and zbar"
)
def test_the_qr_code_scans_to_the_code_line(english: None, tmp_path: Path) -> None:
    pages, _reader = render(render_attendance_sheet, attendance(60, 20), tmp_path)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(tmp_path / "document.pdf"), str(tmp_path / "page")],
        check=True,
    )
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == pages
    for number, image in enumerate(images, start=1):
        scanned = subprocess.run(
            ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
        )
        assert parse_sheet_code(scanned.stdout.strip()) == (CLASS_CODE, 2026, 3, number)


# ---- the other documents -----------------------------------------------------------------


def test_signin_sheet(english: None, tmp_path: Path) -> None:
    data = signin(60, empty_rows=10)
    pages, reader = render(render_signin_sheet, data, tmp_path)
    texts = page_texts(reader)
    assert pages == len(reader.pages) == 3
    assert orientation(reader) == {PORTRAIT}
    names = [person.full_name for person in data.attendees]
    assert name_order("\n".join(texts), names) == list(range(60))
    assert "70" in texts[-1].splitlines()  # the last empty row is numbered
    assert "SIGN-IN SHEET" in texts[0] and "Xã Tà Xùa, 05 March 2026" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert parse_sheet_code(re.findall(r"CLC:\S+", text)[0]) == (
            "XA01234-CD2026-017",
            2026,
            3,
            number,
        )
    _pages, small = render(render_signin_sheet, signin(2), tmp_path)
    assert len(small.pages) == 1


def test_class_list(english: None, tmp_path: Path) -> None:
    data = class_list(60)
    pages, reader = render(render_class_list, data, tmp_path)
    texts = page_texts(reader)
    assert pages == len(reader.pages) == 4  # the totals stay with the signatures, on page 4
    assert orientation(reader) == {LANDSCAPE}
    names = [learner.full_name for learner in data.learners]
    assert name_order("\n".join(texts), names) == list(range(60))
    assert "01/01/1960" in texts[0]  # a birth date where known, the year otherwise
    assert "Learners: 60; women: 30; ethnic minority: 45." in "\n".join(texts)
    _pages, small = render(render_class_list, class_list(2), tmp_path)
    assert len(small.pages) == 1


def test_class_totals_count_overlapping_age_bands_on_the_day() -> None:
    today = dt.date(2026, 3, 5)
    rows = [
        LearnerRow(
            "A", birth_date=dt.date(2011, 3, 5), gender="female", is_minority=True
        ),  # 15 today
        LearnerRow("B", birth_date=dt.date(2011, 3, 6)),  # 14: in no band
        LearnerRow("C", birth_year=2001),  # 25
        LearnerRow("D", birth_year=1966, gender="female"),  # 60
        LearnerRow("E", birth_date=dt.date(1965, 3, 5)),  # 61
        LearnerRow("F"),  # unknown
    ]
    totals = class_totals(rows, today)
    assert (totals.learners, totals.women, totals.minority) == (6, 2, 1)
    assert totals.by_band == (2, 2, 3)
    assert (totals.over_60, totals.age_unknown) == (1, 1)


def test_register_of_a_year(english: None, tmp_path: Path) -> None:
    data = register(60)
    pages, reader = render(render_register, data, tmp_path)
    texts = page_texts(reader)
    assert pages == len(reader.pages)
    assert orientation(reader) == {LANDSCAPE}
    names = [row.name for row in data.rows]
    assert name_order("\n".join(texts), names) == list(range(60))
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}/{pages}" in text
    whole = "\n".join(texts)
    assert "Total (classes and talks): 60" in whole
    assert f"{sum(row.participants for row in data.rows):,}" in whole  # 2,970 in English
    assert "45,000,000" in whole  # 30 rows with 1,500,000


# ---- Vietnamese --------------------------------------------------------------------------


def test_attendance_sheet_in_vietnamese(vietnamese: None, tmp_path: Path) -> None:
    pages, reader = render(render_attendance_sheet, attendance(60, 20), tmp_path)
    texts = page_texts(reader)
    assert pages == 6
    first = texts[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "Xã Tà Xùa, ngày 05 tháng 3 năm 2026" in first  # Decree 30: no zero before month 3
    assert "UBND XÃ TÀ XÙA" in first and "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG" in first
    assert "BẢNG ĐIỂM DANH" in first and "Họ và tên" in first and "Thôn, bản" in first
    assert "C: có mặt · P: vắng có phép · K: vắng không phép · M: đi muộn" in first
    assert all(f"Trang {n}/6" in text for n, text in enumerate(texts, start=1))
    assert "Nơi nhận:" in texts[-1] and "(Ký, ghi rõ họ tên)" in texts[-1]
    for face in (font_name(SANS), font_name(SERIF, bold=True, italic=True)):
        assert missing_characters("".join(texts), face) == set()


@pytest.mark.parametrize("document", ["signin", "class_list", "register"])
def test_other_documents_in_vietnamese(vietnamese: None, tmp_path: Path, document: str) -> None:
    renderer, data, title = {
        "signin": (render_signin_sheet, signin(2), "DANH SÁCH NGƯỜI THAM DỰ"),
        "class_list": (render_class_list, class_list(2), "DANH SÁCH HỌC VIÊN"),
        "register": (render_register, register(2), "SỔ THEO DÕI LỚP HỌC VÀ CHUYÊN ĐỀ"),
    }[document]
    pages, reader = render(renderer, data, tmp_path)
    text = page_texts(reader)[0]
    assert pages == 1
    assert title in text and "Trang 1/1" in text and "STT" in text
    assert name_order(text, [SPECIAL[0]]) == [0]
    if document == "register":
        assert "1.500.000" in text  # Vietnamese digit grouping


def test_documents_survive_stretched_strings(tmp_path: Path) -> None:
    set_language("pseudo")
    try:
        for renderer, data in (
            (render_attendance_sheet, attendance(5, 20)),
            (render_signin_sheet, signin(5)),
            (render_class_list, class_list(5)),
            (render_register, register(5)),
        ):
            pages, reader = render(renderer, data, tmp_path)
            assert pages == len(reader.pages) >= 1
    finally:
        set_language("vi")


# ---- fonts, sizes, output, progress and cancel -------------------------------------------


ALL_DOCUMENTS = [
    (render_attendance_sheet, lambda: attendance(60, 20)),
    (render_signin_sheet, lambda: signin(3)),
    (render_class_list, lambda: class_list(3)),
    (render_register, lambda: register(3)),
]


@pytest.mark.parametrize(("renderer", "make"), ALL_DOCUMENTS)
def test_only_embedded_dejavu_fonts_and_nothing_below_8_pt(
    english: None, tmp_path: Path, renderer: Callable[..., int], make: Callable[[], object]
) -> None:
    _pages, reader = render(renderer, make(), tmp_path)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(
                r"/[A-Z]{6}\+DejaVu(Sans|Serif)(-Bold|-Italic|-BoldItalic)?", font["/BaseFont"]
            )
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, not referenced
        sizes = [
            float(operands[1])
            for operands, operator in ContentStream(page.get_contents(), reader).operations
            if operator == b"Tf"
        ]
        assert sizes and min(sizes) >= 8


def test_writes_to_a_binary_file_object(english: None) -> None:
    buffer = io.BytesIO()
    pages = render_attendance_sheet(attendance(2, 3), buffer)
    assert pages == 1 and buffer.getvalue().startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == 1


@pytest.mark.parametrize(("renderer", "make"), ALL_DOCUMENTS)
def test_progress_rises_to_the_total(
    english: None, tmp_path: Path, renderer: Callable[..., int], make: Callable[[], object]
) -> None:
    calls: list[tuple[int, int]] = []
    renderer(make(), tmp_path / "out.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls
    totals = {total for _done, total in calls}
    assert len(totals) == 1
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert calls[-1] == (totals.pop(),) * 2


def test_a_long_sheet_reports_progress_page_by_page(english: None, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    render_attendance_sheet(
        attendance(60, 20), tmp_path / "out.pdf", progress=lambda *call: calls.append(call)
    )
    assert len({done for done, _total in calls}) >= 6
    assert calls[-1][1] >= 120  # both blocks' rows


def test_cancel_stops_the_work_and_writes_nothing(english: None, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    calls: list[tuple[int, int]] = []
    with pytest.raises(PrintCancelled):
        render_attendance_sheet(
            attendance(60, 20),
            out,
            progress=lambda *call: calls.append(call),
            cancel=lambda: len(calls) >= 2,
        )
    assert len(calls) == 2 and calls[-1][0] < calls[-1][1]
    assert not out.exists()
    with pytest.raises(PrintCancelled):
        render_register(register(3), out, cancel=lambda: True)
    assert not out.exists()


def test_printing_imports_no_qt_and_no_database() -> None:
    code = (
        "import sys, desktop.printing\n"
        "assert 'reportlab' not in sys.modules, 'the package must import reportlab lazily'\n"
        "import desktop.printing.attendance, desktop.printing.signin\n"
        "import desktop.printing.class_list, desktop.printing.register\n"
        "import desktop.printing.book_cabinet\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        "bad = roots & {'PySide6', 'sqlalchemy', 'alembic'}\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
