"""Accession numbers with a collection prefix: kept as written, found, printed and continued."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.services.books.accession import NumberingScheme, code_ranges, read_accession
from desktop.services.books.book_import import commit_book_import, preview_book_import
from desktop.services.books.catalogue import TitleInput, find_copy_by_code, search_catalogue
from desktop.services.books.intake import (
    IntakeInput,
    IntakeLine,
    next_accession,
    record_intake,
)
from desktop.services.books.item_register import item_register
from desktop.services.books.loans import plan_scan
from desktop.services.books.settings import load_cabinet_settings, save_cabinet_settings
from desktop.errors import NotFoundError, ValidationError
from desktop.store.book_models import BookCopy
from desktop.store.database import open_database
from tests.firstweek_lists import REGISTER_FIRST_ROW, accession_register

TODAY = dt.date(2026, 3, 10)
FIXTURE = Path(__file__).parent / "fixtures" / "centre-rev0002.sqlite.gz"
WRITTEN = ["0047", "45", "46", "GK 45", "GK 46", "TS-0012", "TS-0013", "TS-0014", "TS-0015",
           "VV.000123", "VV.000124", "VV.000125"]


@pytest.fixture
def register(db, tmp_path: Path):
    preview = preview_book_import(db, accession_register(tmp_path / "so-dkcb.xlsx"), today=TODAY)
    return preview


def test_the_register_keeps_every_number_as_written_and_refuses_what_it_cannot_read(db, register):
    refused = ("Không đọc được số ĐKCB “{}”: hãy ghi số nguyên từ 1 đến 999.999.999, như 12, "
               "12-15 hoặc 12, 14, kèm tiền tố nếu sổ có ghi (TS-0012, VV.000123, GK 45).")
    assert dict(register.problems) == {
        REGISTER_FIRST_ROW + 9: ["Số ĐKCB TS-12 đã có trong sổ; mỗi số chỉ được cấp một lần."],
        REGISTER_FIRST_ROW + 10: [refused.format("BD-12")],
        REGISTER_FIRST_ROW + 11: [refused.format("12a")],
    }
    assert len(register.rows) == 12  # the totals row is not a book
    result = commit_book_import(db, register)
    assert result.copies == 12
    lines = item_register(db)
    assert sorted(line.accession_code for line in lines) == WRITTEN
    by_code = {line.accession_code: line for line in lines}
    assert by_code["TS-0014"].title == "Sổ tay nuôi gà thả vườn"
    assert by_code["VV.000123"].title == "Kỹ thuật trồng lúa nước"
    assert by_code["GK 46"].title == "Toán 1"
    assert by_code["45"].title == "Cẩm nang pháp luật cho người dân"
    assert by_code["0047"].accession_number == 47 and by_code["0047"].price == 20000


def test_numbers_are_found_as_written_or_typed_loosely(db, register):
    commit_book_import(db, register)
    assert find_copy_by_code(db, "TS-0012").title == "Truyện Kiều"
    assert find_copy_by_code(db, "ts 12").code == "TS-0012"
    assert find_copy_by_code(db, "VV000124").code == "VV.000124"
    assert find_copy_by_code(db, "gk45").code == "GK 45"
    assert find_copy_by_code(db, "45").code == "45"  # the bare 45 is not GK 45
    assert find_copy_by_code(db, "47").code == "0047"
    with pytest.raises(NotFoundError):
        find_copy_by_code(db, "TS-0045")
    assert [title.title for title in search_catalogue(db, "VV.000125")] == ["Phòng bệnh cho trâu bò"]


def test_the_loan_desk_scans_the_written_number(db, register, villages):
    commit_book_import(db, register)
    plan = plan_scan(db, "VV.000123", today=TODAY)
    assert plan.copy is not None and plan.copy.code == "VV.000123"
    refused = plan_scan(db, "TS-0099", today=TODAY)
    assert "TS-0099" in refused.message


def test_new_copies_continue_the_cabinet_scheme(db, register):
    commit_book_import(db, register)
    line = [IntakeLine(title=TitleInput(title="Sách mới"), copies=2)]
    plain = record_intake(db, IntakeInput(date=TODAY, source="purchase"), line, today=TODAY)
    assert [copy.code for copy in plain.copies] == ["48", "49"]  # after the bare 0047
    settings = load_cabinet_settings(db)
    from dataclasses import replace
    save_cabinet_settings(db, replace(settings, accession_prefix="TS-", accession_width=4))
    assert next_accession(db) == "TS-0016"
    prefixed = record_intake(db, IntakeInput(date=TODAY, source="donation", supplier="Hội Phụ nữ"),
                             line, today=TODAY)
    assert [copy.code for copy in prefixed.copies] == ["TS-0016", "TS-0017"]
    assert code_ranges(prefixed.accession_codes) == "TS-0016–TS-0017"
    assert next_accession(db, NumberingScheme("VV.", 6)) == "VV.000126"
    assert next_accession(db, NumberingScheme("Tủ sách ", 0)) == "Tủ sách 1"


@pytest.mark.parametrize("prefix", ["BD", "12-", "ĐKCB "])
def test_a_scheme_that_could_not_be_read_back_is_refused(db, prefix):
    from dataclasses import replace
    with pytest.raises(ValidationError) as refused:
        save_cabinet_settings(db, replace(load_cabinet_settings(db), accession_prefix=prefix))
    assert refused.value.field == "accession_prefix"


def test_spine_labels_and_the_printed_register_carry_the_written_number(db, register, tmp_path):
    from desktop.services.book_documents import print_item_register, print_spine_labels

    commit_book_import(db, register)
    labels = tmp_path / "labels.pdf"
    print_spine_labels(db, labels, ["TS-0013", "VV.000124", "GK 45"])
    text = "".join(page.extract_text() for page in PdfReader(labels).pages)
    assert "TS-0013" in text and "VV.000124" in text and "GK 45" in text
    book = tmp_path / "register.pdf"
    print_item_register(db, book)
    text = "".join(page.extract_text() for page in PdfReader(book).pages)
    assert all(code in text for code in ("TS-0012", "VV.000123", "GK 46", "0047"))


def test_two_copies_may_share_a_value_under_different_prefixes_but_not_one_prefix(db, register):
    commit_book_import(db, register)
    number_12 = find_copy_by_code(db, "TS-0012")
    with db.reading() as session:
        copy = session.get_one(BookCopy, number_12.id)
        title_id, intake_id = copy.title_id, copy.intake_id
    with db.unit_of_work() as session:  # VV.0012 is another copy than TS-0012
        session.add(BookCopy(accession_number=12, accession_prefix="VV", accession_code="VV.0012",
                             title_id=title_id, intake_id=intake_id, received_on=TODAY, shelf="",
                             status="active", damaged=False, notes=""))
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(BookCopy(accession_number=12, accession_prefix="TS", accession_code="TS 12",
                             title_id=title_id, intake_id=intake_id, received_on=TODAY, shelf="",
                             status="active", damaged=False, notes=""))


def test_a_copy_travels_in_a_package_with_its_written_number(db, register):
    from desktop.services.sync.rows import codecs, export_rows, read_row
    from desktop.store.sync_nodes import node_uuids

    commit_book_import(db, register)
    codec = codecs()["book_copy"]
    with db.reading() as session:
        nodes = node_uuids(session)
        rows = session.execute(select(BookCopy.__table__)).all()
        records = list(export_rows(codec, rows, nodes))
    read = {row.value("accession_code"): row for row in (read_row(codec, r) for r in records)}
    assert sorted(read) == WRITTEN
    assert (read["VV.000124"].value("accession_prefix"), read["VV.000124"].value("accession_number")) \
        == ("VV", 124)


def test_migration_0005_keeps_every_number_of_an_older_centre(tmp_path: Path):
    path = tmp_path / "centre.sqlite"
    with gzip.open(FIXTURE) as packed, path.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        before = dict(connection.execute(
            "SELECT id, accession_number FROM book_copy WHERE accession_number IS NOT NULL"))
    assert before
    db = open_database(path)
    try:
        with db.reading() as session:
            after = {row.accession_number: (row.accession_prefix, row.accession_code)
                     for row in session.execute(select(BookCopy).where(
                         BookCopy.accession_number.is_not(None))).scalars()}
        assert after == {number: ("", str(number)) for number in before.values()}
        first = min(before.values())
        assert find_copy_by_code(db, str(first)).code == str(first)
    finally:
        db.close()


@pytest.mark.parametrize(("written", "prefix", "number"), [
    ("TS-0012", "TS", 12), ("VV.000123", "VV", 123), ("GK 45", "GK", 45), ("45", "", 45),
    ("ĐKCB 12", "", 12), ("Tủ sách 3", "TUSACH", 3), (45.0, "", 45),
])
def test_reading_a_written_number(written, prefix, number):
    accession = read_accession(written)
    assert (accession.prefix, accession.number) == (prefix, number)


def test_the_cabinet_settings_show_the_next_number_as_it_will_be_written(qtbot, db, register):
    from desktop.ui.books.cabinet_settings import CabinetSettingsTab

    commit_book_import(db, register)
    tab = CabinetSettingsTab(db, today=TODAY)
    qtbot.addWidget(tab)
    tab.refresh()
    box = tab.numbering
    assert box.next_number.text() == "48"  # plain numbers, after the bare 0047
    box.prefix.setText("TS-")
    box.prefix.textEdited.emit("TS-")
    box.digits.setValue(4)
    assert box.next_number.text() == "TS-0016"
    assert tab.has_unsaved_changes()
    assert tab.save()
    assert load_cabinet_settings(db).numbering == NumberingScheme("TS-", 4)
    box.prefix.setText("BD")
    box.prefix.textEdited.emit("BD")
    assert box.next_number.text() == "Không dùng được “BD” làm tiền tố: số thẻ bạn đọc bắt đầu bằng BD."
    assert not tab.save()  # refused with the same reason, nothing stored
    assert "BD" in tab.message.text()
    assert load_cabinet_settings(db).numbering == NumberingScheme("TS-", 4)
