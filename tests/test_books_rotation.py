"""Rotation: the provincial library's list imported, received, lent, recalled, sent back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from test_books_support import TODAY, small_cabinet, snapshot

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.i18n import set_language
from desktop.services.books.incidents import record_damage, record_loss
from desktop.services.books.loans import ScanAction, apply_plan, plan_scan
from desktop.services.books.rotation import (
    RotationBatchInput,
    batch_info,
    close_rotation_batch,
    handover_list,
    import_rotation_batch,
    read_rotation_list,
    recall_list,
    receive_all,
    receive_copy,
    rotation_batches,
    send_back_copy,
)

BATCH = RotationBatchInput(date=TODAY, lender="Thư viện tỉnh Sơn La",
                           return_by=TODAY + dt.timedelta(days=150), document_number="BB 03/TV")


def write_list(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["THƯ VIỆN TỈNH SƠN LA"])
    sheet.append(["DANH MỤC SÁCH LUÂN CHUYỂN ĐỢT 3 NĂM 2026"])
    sheet.append([])
    sheet.append(["STT", "Mã sách", "Tên sách", "Tác giả", "Nhà xuất bản", "Năm xuất bản",
                  "Giá tiền", "Đối tượng"])
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["Người lập biểu", None, None, None, "Giám đốc"])
    book.save(path)
    return path


@pytest.fixture
def listing(tmp_path):
    set_language("en")
    return write_list(tmp_path / "luan_chuyen.xlsx", [
        [1, "TN.000101", "Dế Mèn phiêu lưu ký", "Tô Hoài", "NXB Kim Đồng", 2020, "45.000", "Thiếu nhi"],
        [2, "VV.000102, VV.000103", "Kỹ thuật trồng chè", "Đỗ Ngọc Quỹ", "NXB Nông nghiệp", 2018,
         32000, None],
        [3, "VV.000104", "Sổ tay hòa giải viên", "Bộ Tư pháp", "NXB Tư pháp", 2022, -5000, None],
        [4, "VV.000105", "Truyện Kiều", "Nguyễn Du", "NXB Văn học", 2015, 60000, None],
    ])


@pytest.fixture
def batch(db, listing):
    rotation = read_rotation_list(listing, today=TODAY)
    return import_rotation_batch(db, BATCH, rotation, today=TODAY)


def test_the_list_is_read_with_its_codes_and_bad_rows_named(listing):
    rotation = read_rotation_list(listing, today=TODAY)
    assert [row.codes for row in rotation.accepted] == [
        ("TN.000101",), ("VV.000102", "VV.000103"), ("VV.000105",)]
    assert rotation.accepted[0].title.audience == "children"
    assert rotation.accepted[0].title.price == 45000
    assert rotation.copies == 4
    ((row, errors),) = rotation.problems
    assert row == 7 and "negative" in errors[0]


def test_an_imported_batch_is_expected_until_received_by_scan(db, batch):
    assert (batch.source, batch.copies, batch.return_by) == ("rotation", 4, BATCH.return_by)
    plan = plan_scan(db, "TN.000101", today=TODAY)
    assert plan.refused and "not been received" in plan.message
    received = receive_copy(db, batch.id, "tn.000101")
    assert received.copy.status == "active" and received.copy.rotated
    assert receive_copy(db, batch.id, "TN.000101").already
    assert receive_all(db, batch.id) == 3
    info = batch_info(db, batch.id, today=TODAY)
    assert (info.expected, info.in_stock, info.days_left) == (0, 4, 150)


def test_rotated_copies_take_no_accession_number(db, villages, batch):
    small_cabinet(db, villages)
    receive_all(db, batch.id)
    from desktop.services.books.intake import batch_copies
    from desktop.services.books.item_register import item_register

    assert all(copy.accession_number is None for copy in batch_copies(db, batch.id))
    assert len(item_register(db)) == 15  # only the owned copies


def test_the_whole_cycle_with_a_recall_list_and_the_handover(db, villages, batch):
    cabinet = small_cabinet(db, villages)
    receive_all(db, batch.id)
    plan = plan_scan(db, "VV.000102", cabinet.pang, today=TODAY)
    assert plan.action == ScanAction.LEND
    apply_plan(db, plan)
    (recall,) = recall_list(db, today=TODAY)
    assert recall.reader_name == "Lò Thị Pấng" and recall.copy_code == "VV.000102"
    before = snapshot(db)
    with pytest.raises(ValidationError, match="on loan"):
        send_back_copy(db, batch.id, "VV.000102", today=TODAY)
    with pytest.raises(ValidationError, match="still on loan"):
        close_rotation_batch(db, batch.id, today=TODAY, confirm=True)
    assert snapshot(db) == before
    apply_plan(db, plan_scan(db, "VV.000102", today=TODAY + dt.timedelta(days=10)))
    assert recall_list(db, today=TODAY) == []
    record_loss(db, "VV.000105", compensation=60000, today=TODAY + dt.timedelta(days=12))
    record_damage(db, "VV.000103", compensation=10000, note="Ướt", today=TODAY + dt.timedelta(days=12))
    for code in ("TN.000101", "VV.000102"):
        assert "Sent back" in send_back_copy(db, batch.id, code, today=TODAY + dt.timedelta(days=140)).message
    assert send_back_copy(db, batch.id, "VV.000102").already
    minutes = handover_list(db, batch.id, today=TODAY + dt.timedelta(days=140))
    assert [c.code for c in minutes.sent_back] == ["TN.000101", "VV.000102"]
    assert [(c.code, amount) for c, amount, _note in minutes.lost] == [("VV.000105", 60000)]
    assert [(c.code, amount, note) for c, amount, note in minutes.damaged] == [("VV.000103", 10000, "Ướt")]
    assert [c.code for c in minutes.not_returned] == ["VV.000103"]
    with pytest.raises(UserError, match="not been scanned back"):
        close_rotation_batch(db, batch.id, today=TODAY + dt.timedelta(days=141))
    send_back_copy(db, batch.id, "VV.000103", today=TODAY + dt.timedelta(days=141))
    closed = close_rotation_batch(db, batch.id, today=TODAY + dt.timedelta(days=141))
    assert closed.returned_on == TODAY + dt.timedelta(days=141) and closed.sent_back == 3
    assert rotation_batches(db, today=TODAY) == []
    assert len(rotation_batches(db, today=TODAY, include_returned=True)) == 1


def test_the_countdown_and_an_overdue_batch(db, batch):
    (info,) = rotation_batches(db, today=BATCH.return_by + dt.timedelta(days=3))
    assert info.days_left == -3 and info.overdue


def test_a_copy_of_another_batch_or_unknown_is_refused(db, villages, batch):
    small_cabinet(db, villages)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="not part of this rotated batch"):
        receive_copy(db, batch.id, "1")
    with pytest.raises(NotFoundError):
        receive_copy(db, batch.id, "VV.999999")
    with pytest.raises(ValidationError, match="never received"):
        send_back_copy(db, batch.id, "VV.000105")
    assert snapshot(db) == before


def test_closing_with_copies_missing_records_them_lost_when_confirmed(db, batch):
    receive_copy(db, batch.id, "TN.000101")
    closed = close_rotation_batch(db, batch.id, today=TODAY + dt.timedelta(days=100), confirm=True)
    assert closed.lost == 1 and closed.sent_back == 3  # the three never received went back unread
    minutes = handover_list(db, batch.id)
    assert [c.code for c, _amount, _note in minutes.lost] == ["TN.000101"]


def test_a_list_without_a_header_row_is_refused(tmp_path):
    path = tmp_path / "rubbish.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["hello", "world"])
    book.save(path)
    with pytest.raises(UserError, match="tiêu đề"):
        read_rotation_list(path, today=TODAY)


def test_an_empty_list_imports_nothing(db, tmp_path):
    path = write_list(tmp_path / "bad.xlsx", [[1, "VV.1", "Sách", "A", "B", 2020, -1, None]])
    rotation = read_rotation_list(path, today=TODAY)
    before = snapshot(db)
    with pytest.raises(UserError):
        import_rotation_batch(db, BATCH, rotation, today=TODAY)
    assert snapshot(db) == before
