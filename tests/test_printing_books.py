"""The book cabinet's printed documents, from a demo cabinet and from plain data, read back.

PDFs are read with pypdf: the text (NFC names and titles, accession numbers in order,
"Trang x/y"), the page size, the embedded fonts, and the barcodes, decoded from the bars
drawn in the page's content stream.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from desktop.errors import ValidationError
from desktop.i18n import set_language
from desktop.printing.book_cabinet import (
    A4_3X8,
    A4_4X10,
    A4_5X13,
    ItemRegisterData,
    ItemRegisterRow,
    LabelSheet,
    OverdueCopy,
    OverdueSlip,
    OverdueSlipsData,
    ReaderCard,
    ReaderCardsData,
    SpineLabel,
    SpineLabelsData,
    render_item_register,
    render_overdue_slips,
    render_reader_cards,
    render_spine_labels,
)
from desktop.printing.fonts import SANS, SERIF, font_name, missing_characters
from desktop.printing.model import DocumentHeader, PrintCancelled
from desktop.services import book_documents as documents
from desktop.store.database import Database, open_database

TODAY = dt.date(2026, 11, 23)  # the `today` fixture's day; module fixtures cannot use it
LONG_TITLE = (
    "Hướng dẫn kỹ thuật trồng, chăm sóc và thu hoạch chè Shan tuyết cổ thụ ở vùng cao "
    "Tây Bắc theo tiêu chuẩn hữu cơ"
)
HEADER = DocumentHeader(
    "UBND xã Tà Xùa", "Trung tâm học tập cộng đồng", "Xã Tà Xùa", "Giám đốc", "Vàng A Chư",
    date=dt.date(2026, 11, 23),
)


# ---- the demo cabinet --------------------------------------------------------------------


@pytest.fixture(scope="module")
def cabinet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo.books import build_book_demo
    from desktop.demo.centre import build_demo

    path = tmp_path_factory.mktemp("books-print") / "cabinet.sqlite"
    database = open_database(path)
    try:
        build_demo(database, years=1, seed=1, today=TODAY)
        build_book_demo(database, years=1, seed=1, today=TODAY)
    finally:
        database.close()
    return path


@pytest.fixture
def cabinet(cabinet_file: Path, today: dt.date) -> Iterator[Database]:
    assert today == TODAY
    database = open_database(cabinet_file)  # printing only reads: one file for the module
    yield database
    database.close()


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("vi")


# ---- reading PDFs back -------------------------------------------------------------------


def texts_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with every run of blanks and line breaks made one space (wrapped cells rejoin)."""
    return " ".join(text.split())


def page_shapes(path: Path) -> set[tuple[int, int]]:
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(path).pages
    }


PORTRAIT, LANDSCAPE = {(595, 842)}, {(842, 595)}


def assert_fonts_cover(path: Path) -> None:
    """Only embedded DejaVu faces, nothing below 8 pt, and a glyph for every character."""
    reader = PdfReader(path)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert re.fullmatch(
                r"/[A-Z]{6}\+DejaVu(Sans|Serif)(-Bold|-Italic|-BoldItalic)?", font["/BaseFont"]
            ), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
        sizes = [
            float(operands[1])
            for operands, operator in ContentStream(page.get_contents(), reader).operations
            if operator == b"Tf"
        ]
        assert sizes and min(sizes) >= 8
    text = "".join(page.extract_text() for page in reader.pages)
    for face in (font_name(SANS), font_name(SANS, bold=True), font_name(SERIF, bold=True)):
        assert missing_characters(text, face) == set()


# ---- decoding Code 128 from the drawn bars -----------------------------------------------


def filled_rects(path: Path, page_number: int) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of every filled rectangle on a page (bars; not outlines)."""
    reader = PdfReader(path)
    page = reader.pages[page_number]
    rects: list[tuple[float, float, float, float]] = []
    pending: list[tuple[float, float, float, float]] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"re":
            pending.append(tuple(float(value) for value in operands))  # type: ignore[arg-type]
        elif operator in (b"f", b"f*", b"F"):
            rects += pending
            pending = []
        elif operator in (b"S", b"s", b"B", b"B*", b"b", b"b*", b"n"):
            pending = []
    return rects


def barcodes(path: Path, page_number: int) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """The barcodes of a page: (left, bottom, [(x, width) of each bar]), in reading order.

    Bars of one symbol share bottom and height; symbols side by side are split where the gap
    is wider than any space inside a symbol (4 modules).
    """
    rows: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for x, y, width, height in filled_rects(path, page_number):
        rows.setdefault((round(y, 1), round(height, 1)), []).append((x, width))
    found = []
    for (y, _height), bars in sorted(rows.items(), key=lambda item: -item[0][0]):
        bars.sort()
        module = min(width for _x, width in bars)
        symbol = [bars[0]]
        for bar in bars[1:]:
            gap = bar[0] - (symbol[-1][0] + symbol[-1][1])
            if gap > 6 * module:
                found.append((symbol[0][0], y, symbol))
                symbol = []
            symbol.append(bar)
        found.append((symbol[0][0], y, symbol))
    return found


def decode_code128(bars: list[tuple[float, float]]) -> str:
    """Read a Code 128 symbol from its bars: code sets A, B and C, checksum checked."""
    from reportlab.graphics.barcode.code128 import _patterns

    module = min(width for _x, width in bars)  # the stop code always has a 1-module bar
    elements: list[int] = []
    for index, (x, width) in enumerate(bars):
        if index:
            previous_x, previous_width = bars[index - 1]
            elements.append(round((x - previous_x - previous_width) / module))
        elements.append(round(width / module))
    elements.append(0)  # so the stop code has an even count; dropped below
    widths = {
        tuple(ord(letter.lower()) - ord("a") + 1 for letter in pattern): value
        for value, pattern in _patterns.items()
    }
    values = []
    for start in range(0, len(elements) - 8, 6):
        values.append(widths[tuple(elements[start : start + 6])])
    assert widths[tuple(elements[-8:-1])] == 106, "no stop code"
    *data, checksum = values
    assert sum(value * max(position, 1) for position, value in enumerate(data)) % 103 == checksum
    code_set = {103: "A", 104: "B", 105: "C"}[data[0]]
    text, shift = "", False
    for value in data[1:]:
        current = ("B" if code_set == "A" else "A") if shift else code_set
        shift = False
        if current == "C":
            if value < 100:
                text += f"{value:02d}"
            else:
                code_set = {100: "B", 101: "A"}[value]
        elif value == 98:
            shift = True
        elif value == 99:
            code_set = "C"
        elif (value, current) in ((100, "A"), (101, "B")):
            code_set = "B" if value == 100 else "A"
        elif current == "B" or value < 64:
            text += chr(value + 32)
        else:
            text += chr(value - 64)
    return text


def test_the_decoder_reads_what_reportlab_encodes() -> None:
    from desktop.printing.barcodes import code128_bars

    for value in ("1", "779", "123456789", "BD00032", "TN.010254", "VV.010349", "a-b c"):
        bars = [(float(offset), float(width)) for offset, width in code128_bars(value)]
        assert decode_code128(bars) == value


# ---- every document from the demo cabinet ------------------------------------------------


DOCUMENTS: dict[str, tuple[Callable[[Database, Path], int], set[tuple[int, int]], str]] = {
    "item_register": (
        lambda db, out: documents.print_item_register(db, out, today=TODAY),
        LANDSCAPE,
        "SỔ ĐĂNG KÝ CÁ BIỆT",
    ),
    "summary_register": (
        lambda db, out: documents.print_summary_register(db, out, today=TODAY),
        LANDSCAPE,
        "SỔ ĐĂNG KÝ TỔNG QUÁT",
    ),
    "loan_book": (
        lambda db, out: documents.print_loan_book(
            db, out, dt.date(2026, 10, 1), TODAY, today=TODAY
        ),
        LANDSCAPE,
        "SỔ MƯỢN SÁCH",
    ),
    "overdue_slips": (
        lambda db, out: documents.print_overdue_slips(db, out, TODAY),
        PORTRAIT,
        "PHIẾU NHẮC TRẢ SÁCH",
    ),
    "reader_cards": (
        lambda db, out: documents.print_reader_cards(db, out),
        PORTRAIT,
        "THẺ BẠN ĐỌC",
    ),
    "spine_labels": (
        lambda db, out: documents.print_spine_labels(db, out, [str(n) for n in range(1, 40)]),
        PORTRAIT,
        "TTHTCĐ",
    ),
    "shelf_list": (
        lambda db, out: documents.print_shelf_list(db, out, today=TODAY),
        PORTRAIT,
        "DANH SÁCH KIỂM KÊ THEO KỆ",
    ),
    "handover_list": (
        lambda db, out: documents.print_handover_list(db, out, _rotated_batch(db), today=TODAY),
        PORTRAIT,
        "BIÊN BẢN BÀN GIAO SÁCH LUÂN CHUYỂN",
    ),
}
FRAMED = {"item_register", "summary_register", "loan_book", "shelf_list", "handover_list"}


def _rotated_batch(db: Database) -> str:
    from desktop.services.books.rotation import rotation_batches

    return rotation_batches(db, today=TODAY)[0].intake.id


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_document_from_the_demo_cabinet(cabinet: Database, tmp_path: Path, name: str) -> None:
    make, shape, title = DOCUMENTS[name]
    out = tmp_path / f"{name}.pdf"
    pages = make(cabinet, out)
    texts = texts_of(out)
    assert pages == len(texts) >= 1
    assert page_shapes(out) == shape
    assert title in texts[0]
    assert_fonts_cover(out)
    if name in FRAMED:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0]
        assert "UBND XÃ CHIỀNG HOA" in texts[0]
        assert "Xã Chiềng Hoa, ngày 23 tháng 11 năm 2026" in texts[0]
        for number, text in enumerate(texts, start=1):
            assert f"Trang {number}/{pages}" in text
    else:  # slips, cards and labels are cut apart: no page footer on them
        assert not any("Trang" in text for text in texts)


def test_the_item_register_lists_every_copy_in_accession_order(
    cabinet: Database, tmp_path: Path
) -> None:
    from desktop.services.books.item_register import item_register

    lines = item_register(cabinet)
    out = tmp_path / "register.pdf"
    pages = documents.print_item_register(cabinet, out, today=TODAY)
    texts = texts_of(out)
    assert pages > 1
    numbers = [
        int(number.replace(".", ""))
        for text in texts
        for number in re.findall(r"^\d\d/\d\d/\d{4}\n([\d.]+)$", text, re.MULTILINE)
    ]
    assert numbers == [line.accession_number for line in lines]
    for text in texts:  # the column headings repeat on every page
        assert all(words in flat(text) for words in ("Số ĐKCB", "Môn loại", "Tên sách, tác giả"))
    whole = flat("\n".join(texts))
    for line in lines:  # every title comes back whole and composed
        assert unicodedata.normalize("NFC", line.title) in whole
    assert "đã mất" in whole  # a lost copy keeps its line, with the note


def test_a_range_of_the_item_register(cabinet: Database, tmp_path: Path) -> None:
    out = tmp_path / "range.pdf"
    documents.print_item_register(cabinet, out, first=100, last=119, today=TODAY)
    text = "\n".join(texts_of(out))
    numbers = re.findall(r"^\d\d/\d\d/\d{4}\n([\d.]+)$", text, re.MULTILINE)
    assert [int(n) for n in numbers] == list(range(100, 120))
    assert "Số ĐKCB 100 – 119" in text


def test_the_summary_register_adds_up(cabinet: Database, tmp_path: Path) -> None:
    from desktop.services.books.intake import summary_register

    batches = summary_register(cabinet)
    out = tmp_path / "summary.pdf"
    documents.print_summary_register(cabinet, out, today=TODAY)
    text = texts_of(out)[0]
    copies = f"{sum(batch.copies for batch in batches):,}".replace(",", ".")
    value = f"{sum(batch.value for batch in batches):,}".replace(",", ".")
    assert f"Cộng ({len(batches)} đợt)" in text
    assert copies in text and value in text
    for batch in batches:
        assert batch.entry_label in text
    assert "Luân chuyển" in text and "Cấp phát" in text  # sources in Vietnamese


def test_the_loan_book_runs_oldest_first_with_readers_and_titles(
    cabinet: Database, tmp_path: Path
) -> None:
    from desktop.services.books.loan_lists import list_loans

    first = dt.date(2026, 11, 1)
    loans = list(reversed(list_loans(cabinet, first=first, last=TODAY, today=TODAY)))
    out = tmp_path / "loans.pdf"
    documents.print_loan_book(cabinet, out, first, TODAY, today=TODAY)
    texts = texts_of(out)
    whole = flat("\n".join(texts))
    assert f"Thời gian: 01/11/2026 – 23/11/2026" in whole
    cards = re.findall(r"\bBD\d{5}\b", "\n".join(texts))
    assert cards == [loan.card_code for loan in loans]
    for loan in loans:
        assert loan.reader_name in whole and flat(loan.title) in whole
    for text in texts:
        assert "Ngày mượn" in text and "Hạn trả" in text


def test_overdue_slips_cover_every_overdue_copy_by_village(
    cabinet: Database, tmp_path: Path
) -> None:
    from desktop.services.books.loan_lists import overdue_by_village

    groups = overdue_by_village(cabinet, TODAY)
    out = tmp_path / "slips.pdf"
    pages = documents.print_overdue_slips(cabinet, out, TODAY)
    whole = "\n".join(texts_of(out))
    readers = [reader for group in groups for reader in group.readers]
    assert pages >= len(readers) / 8
    cards = re.findall(r"^BD\d{5}$", whole, re.MULTILINE)
    # one slip per reader, more for one with many copies; in village order
    assert list(dict.fromkeys(cards)) == [reader.reader.card_code for reader in readers]
    for reader in readers:
        for loan in reader.loans:
            assert re.search(rf"^{re.escape(loan.copy_code)}$", whole, re.MULTILINE)
    assert re.search(r"^quá \d+ ngày$", whole, re.MULTILINE) and "23/11/2026" in whole


def test_reader_cards_carry_the_card_number_as_code_128(cabinet: Database, tmp_path: Path) -> None:
    from desktop.services.books.readers import search_readers

    readers = search_readers(cabinet, limit=None)[:13]
    out = tmp_path / "cards.pdf"
    pages = documents.print_reader_cards(cabinet, out, [reader.id for reader in readers])
    assert pages == 2  # ten to a page
    texts = texts_of(out)
    whole = flat("\n".join(texts))
    decoded = [decode_code128(bars) for page in range(pages) for *_xy, bars in barcodes(out, page)]
    assert decoded == [reader.card_code for reader in readers]
    for reader in readers:
        assert reader.full_name in whole and reader.card_code in whole
    assert whole.count("THẺ BẠN ĐỌC") == 13


def test_spine_labels_for_an_intake_batch(cabinet: Database, tmp_path: Path) -> None:
    from desktop.services.books.intake import batch_copies

    batch = _rotated_batch(cabinet)
    copies = batch_copies(cabinet, batch)
    out = tmp_path / "labels.pdf"
    pages = documents.print_spine_labels(cabinet, out, intake_id=batch, sheet=A4_4X10)
    assert pages == -(-len(copies) // 40)
    decoded = [decode_code128(bars) for page in range(pages) for *_xy, bars in barcodes(out, page)]
    assert decoded == [copy.code for copy in copies]  # the lender's codes, in list order


def test_spine_labels_need_copies_or_a_batch_and_a_start_on_the_sheet(
    cabinet: Database, tmp_path: Path
) -> None:
    out = tmp_path / "labels.pdf"
    with pytest.raises(ValidationError):
        documents.print_spine_labels(cabinet, out)
    with pytest.raises(ValidationError):
        documents.print_spine_labels(cabinet, out, ["1"], intake_id=_rotated_batch(cabinet))
    with pytest.raises(ValidationError):
        documents.print_spine_labels(cabinet, out, ["1"], sheet=A4_3X8, start=24)
    assert not out.exists()


def test_the_shelf_list_starts_each_shelf_on_a_page(cabinet: Database, tmp_path: Path) -> None:
    from desktop.services.books.shelves import shelf_list, shelves

    names = shelves(cabinet)
    out = tmp_path / "shelves.pdf"
    pages = documents.print_shelf_list(cabinet, out, today=TODAY)
    texts = texts_of(out)
    assert pages >= len(names)
    starts = [re.search(r"Kệ (\S+): [\d.]+ bản", text) for text in texts]
    assert [match.group(1) for match in starts if match] == names
    one = tmp_path / "one.pdf"
    documents.print_shelf_list(cabinet, one, names[0], today=TODAY)
    whole = "\n".join(texts_of(one))
    expected = [copy.code for copy in shelf_list(cabinet, names[0])]
    # each row starts with its number, then the copy's code, in the service's order
    positions = [whole.find(f"\n{index + 1}\n{code}\n") for index, code in enumerate(expected)]
    assert -1 not in positions and positions == sorted(positions)
    assert f"Kệ: {names[0]}" in whole and "Có" in whole


def test_the_handover_list_names_the_lender_and_every_copy(
    cabinet: Database, tmp_path: Path
) -> None:
    from desktop.services.books.rotation import handover_list

    batch = _rotated_batch(cabinet)
    handover = handover_list(cabinet, batch, today=TODAY)
    out = tmp_path / "handover.pdf"
    documents.print_handover_list(cabinet, out, batch, today=TODAY)
    whole = flat("\n".join(texts_of(out)))
    assert f"Nơi cho mượn: {handover.batch.lender}" in whole
    assert handover.batch.intake.document_number in whole
    for copy in (*handover.sent_back, *handover.not_returned):
        assert copy.code in whole
    back = len(handover.sent_back) + len(handover.not_returned)
    assert f"I. Sách bàn giao trả: {back}" in whole
    assert "ĐẠI DIỆN BÊN NHẬN" in whole and "Nơi nhận:" in whole


def test_the_service_functions_keep_their_names_and_arguments() -> None:
    expected = {
        "print_item_register": ["db", "out", "first", "last", "year", "today", "progress",
                                "cancel", "former_commune_code"],
        "print_summary_register": ["db", "out", "year", "source", "today", "progress", "cancel"],
        "print_loan_book": ["db", "out", "first", "last", "today", "progress", "cancel"],
        "print_overdue_slips": ["db", "out", "today", "min_days", "village_id", "progress",
                                "cancel"],
        "print_reader_cards": ["db", "out", "reader_ids", "progress", "cancel"],
        "print_spine_labels": ["db", "out", "codes", "intake_id", "sheet", "start", "outlines",
                               "progress", "cancel"],
        "print_shelf_list": ["db", "out", "shelf", "today", "progress", "cancel"],
        "print_handover_list": ["db", "out", "intake_id", "today", "progress", "cancel"],
    }
    for name, parameters in expected.items():
        assert list(inspect.signature(getattr(documents, name)).parameters) == parameters, name


# ---- renderers from plain data: labels, slips, cards -------------------------------------


def labels(count: int, first: int = 1) -> list[SpineLabel]:
    return [SpineLabel(str(first + index), "895.9223") for index in range(count)]


def label_cells(path: Path, sheet: LabelSheet) -> list[list[tuple[int, str]]]:
    """Per page, (slot on the sheet, decoded value) of every label, in reading order."""
    pages = []
    for page in range(len(PdfReader(path).pages)):
        found = []
        for x, y, bars in barcodes(path, page):
            slots = [
                slot
                for slot in range(sheet.per_sheet)
                if sheet.origin(slot)[0] <= x <= sheet.origin(slot)[0] + sheet.label_width
                and sheet.origin(slot)[1] <= y <= sheet.origin(slot)[1] + sheet.label_height
            ]
            assert len(slots) == 1, (x, y)
            # the symbol and its quiet zones stay inside the label
            left, right = bars[0][0], bars[-1][0] + bars[-1][1]
            module = min(width for _x, width in bars)
            origin_x = sheet.origin(slots[0])[0]
            assert left - 10 * module >= origin_x - 0.01
            assert right + 10 * module <= origin_x + sheet.label_width + 0.01
            found.append((slots[0], decode_code128(bars)))
        pages.append(sorted(found))
    return pages


def test_labels_start_where_the_sheet_was_left(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    pages = render_spine_labels(SpineLabelsData("TTHTCĐ xã Tà Xùa", labels(4), A4_3X8, 5), out)
    assert pages == 1
    cells = label_cells(out, A4_3X8)
    assert cells == [[(5, "1"), (6, "2"), (7, "3"), (8, "4")]]
    assert A4_3X8.position(5) == (1, 2)  # start=5: row 2, column 3 (counting from 1)
    x, y = A4_3X8.origin(5)
    points = 72 / 25.4  # per mm: column 3 starts at 140 mm, row 2 ends 0.5 + 74 mm from the top
    assert (round(x, 1), round(y, 1)) == (round(140 * points, 1), round((297 - 74.5) * points, 1))


def test_labels_run_onto_a_new_sheet_from_its_first_label(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    pages = render_spine_labels(SpineLabelsData("", labels(10, first=700), A4_3X8, 20), out)
    assert pages == 2
    cells = label_cells(out, A4_3X8)
    assert cells[0] == [(20 + i, str(700 + i)) for i in range(4)]
    assert cells[1] == [(i, str(704 + i)) for i in range(6)]


@pytest.mark.parametrize("sheet", [A4_3X8, A4_4X10, A4_5X13])
def test_every_preset_fills_its_grid(tmp_path: Path, sheet: LabelSheet) -> None:
    sheet.check()
    out = tmp_path / "labels.pdf"
    count = sheet.per_sheet + 3
    pages = render_spine_labels(
        SpineLabelsData("Trung tâm học tập cộng đồng xã Tà Xùa", labels(count, 100000), sheet),
        out,
    )
    assert pages == 2
    cells = label_cells(out, sheet)
    assert cells[0] == [(i, str(100000 + i)) for i in range(sheet.per_sheet)]
    assert [slot for slot, _value in cells[1]] == [0, 1, 2]
    assert_fonts_cover(out)
    text = texts_of(out)[0]
    assert re.findall(r"^1000\d\d$", text, re.MULTILINE)[:3] == ["100000", "100001", "100002"]


def test_a_sheet_larger_than_its_paper_or_a_start_off_the_sheet_is_refused(
    tmp_path: Path,
) -> None:
    wide = LabelSheet("too wide", rows=2, columns=4, label_width=200.0, label_height=100.0,
                      left=0.0, top=0.0)
    with pytest.raises(ValueError):
        render_spine_labels(SpineLabelsData("", labels(1), wide), tmp_path / "a.pdf")
    with pytest.raises(ValueError):
        render_spine_labels(SpineLabelsData("", labels(1), A4_3X8, 24), tmp_path / "b.pdf")


def slips_data(decomposed: bool = False) -> OverdueSlipsData:
    def name(text: str) -> str:
        return unicodedata.normalize("NFD", text) if decomposed else text

    many = [
        OverdueCopy(str(300 + i), name(f"{LONG_TITLE} – Tập {i + 1}"), dt.date(2026, 10, 1), 53)
        for i in range(9)
    ]
    return OverdueSlipsData(
        name("Trung tâm học tập cộng đồng xã Tà Xùa"),
        TODAY,
        [
            OverdueSlip(name("Nguyễn Thị Hoàng Phương Thảo"), name("Háng Đồng"), "BD00001", many),
            OverdueSlip(name("Giàng Thị Mỷ"), name("Pá Hốc"), "BD00002",
                        [OverdueCopy("TN.010254", name("Dế Mèn phiêu lưu ký"),
                                     dt.date(2026, 11, 9), 14)]),
        ],
        contact=name("Mở cửa thứ Hai đến thứ Bảy, 7 giờ 30 – 11 giờ"),
    )


def test_a_reader_with_many_copies_continues_on_a_second_slip(tmp_path: Path) -> None:
    out = tmp_path / "slips.pdf"
    pages = render_overdue_slips(slips_data(decomposed=True), out)
    assert pages == 2  # nine long titles take a slip each, then the second reader's
    text = "\n".join(texts_of(out))
    whole = flat(text)
    assert whole.count("Nguyễn Thị Hoàng Phương Thảo") >= 2  # composed again, on each slip
    assert "PHIẾU NHẮC TRẢ SÁCH (tiếp theo)" in whole
    for index in range(9):  # every long title whole, though wrapped
        assert f"{LONG_TITLE} – Tập {index + 1}" in whole
        assert re.search(rf"^{300 + index}$", text, re.MULTILINE)
    assert "Giàng Thị Mỷ" in whole and "Pá Hốc" in whole and "Mở cửa thứ Hai" in whole
    assert_fonts_cover(out)


def test_reader_cards_in_english_with_long_names(english: None, tmp_path: Path) -> None:
    cards = [
        ReaderCard(f"BD{n:05d}", "Nguyễn Thị Hoàng Phương Thảo Ánh Nguyệt", "Bản Háng Đồng A",
                   1975, dt.date(2026, 1, 5))
        for n in range(1, 12)
    ]
    out = tmp_path / "cards.pdf"
    pages = render_reader_cards(
        ReaderCardsData("Trung tâm học tập cộng đồng xã Tà Xùa", cards, "UBND xã Tà Xùa"), out
    )
    assert pages == 2
    whole = flat("\n".join(texts_of(out)))
    assert whole.count("READER CARD") == 11 and "Year of birth: 1975" in whole
    assert "Issued 05/01/2026" in whole
    decoded = [decode_code128(bars) for page in range(2) for _x, _y, bars in barcodes(out, page)]
    assert decoded == [card.card_code for card in cards]


def test_the_item_register_in_english_repeats_its_headings(english: None, tmp_path: Path) -> None:
    rows = [
        ItemRegisterRow(dt.date(2026, 3, 1), n, f"{LONG_TITLE} {n}", "Nguyễn Văn Bộ", "Hà Nội",
                        "NXB Nông nghiệp", 2024, 1_250_000, "633.72", "3/2026",
                        "weeded, decision 12/QĐ-TTHTCĐ" if n % 7 == 0 else "")
        for n in range(1, 61)
    ]
    out = tmp_path / "register.pdf"
    pages = render_item_register(ItemRegisterData(HEADER, rows, "2026"), out)
    texts = texts_of(out)
    assert pages == len(texts) > 1 and page_shapes(out) == LANDSCAPE
    for number, text in enumerate(texts, start=1):
        assert f"Page {number}/{pages}" in text
        assert "Accession" in text and "Title and author" in text
    assert "ITEM ACCESSION REGISTER" in texts[0] and "Xã Tà Xùa, 23 November 2026" in texts[0]
    whole = flat("\n".join(texts))
    for row in rows:
        assert f"{row.title} / Nguyễn Văn Bộ" in whole
    assert "1,250,000" in whole and "Copies in this register: 60" in whole


def test_progress_and_cancel_on_a_register_and_on_labels(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    out = tmp_path / "labels.pdf"
    render_spine_labels(SpineLabelsData("", labels(30), A4_3X8), out,
                        progress=lambda *call: calls.append(call))
    assert calls[-1] == (30, 30) and [done for done, _ in calls] == sorted(d for d, _ in calls)
    out.unlink()
    with pytest.raises(PrintCancelled):
        render_spine_labels(SpineLabelsData("", labels(30), A4_3X8), out,
                            cancel=lambda: True)
    assert not out.exists()
    rows = [ItemRegisterRow(dt.date(2026, 3, 1), n, "Sách") for n in range(1, 5)]
    with pytest.raises(PrintCancelled):
        render_item_register(ItemRegisterData(HEADER, rows), out, cancel=lambda: True)
    assert not out.exists()


def test_an_empty_list_still_prints_a_page(tmp_path: Path) -> None:
    out = tmp_path / "none.pdf"
    assert render_overdue_slips(OverdueSlipsData("Trung tâm", TODAY, []), out) == 1
    assert len(PdfReader(out).pages) == 1


def test_documents_survive_stretched_strings(tmp_path: Path) -> None:
    rows = [ItemRegisterRow(dt.date(2026, 3, 1), n, LONG_TITLE, "Nguyễn Văn Bộ") for n in (1, 2)]
    set_language("pseudo")
    try:
        for renderer, data in (
            (render_item_register, ItemRegisterData(HEADER, rows)),
            (render_overdue_slips, slips_data()),
            (render_reader_cards, ReaderCardsData("Trung tâm", [ReaderCard("BD00001", "A")])),
            (render_spine_labels, SpineLabelsData("Trung tâm", labels(3), A4_5X13)),
        ):
            out = tmp_path / "stretched.pdf"
            assert renderer(data, out) == len(PdfReader(out).pages) >= 1
    finally:
        set_language("vi")
