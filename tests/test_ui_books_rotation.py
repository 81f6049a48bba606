"""The rotation tab: the lender's list imported, copies scanned in and out, recall and handover."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from test_books_support import TODAY, small_cabinet, snapshot
from test_ui_books_catalogue import click_button, dialogs

from desktop.formatting import format_money
from desktop.i18n import _, ngettext
from desktop.services.books.incidents import record_damage, record_loss
from desktop.services.books.loans import apply_plan, plan_scan
from desktop.services.books.rotation import batch_info, rotation_batches
from desktop.ui.books.labels import OVERDUE_COLOUR
from desktop.ui.books.rotation import RotationTab
from desktop.ui.books.rotation_import_dialog import RotationImportDialog, add_months

pytestmark = pytest.mark.gui

LENDER = "Thư viện tỉnh Sơn La"


def write_list(path: Path) -> Path:
    """The provincial library's list, as it sends it: a title block, a header row, signatures."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["THƯ VIỆN TỈNH SƠN LA"])
    sheet.append(["DANH MỤC SÁCH LUÂN CHUYỂN ĐỢT 3 NĂM 2026"])
    sheet.append([])
    sheet.append(["STT", "Mã sách", "Tên sách", "Tác giả", "Nhà xuất bản", "Năm xuất bản",
                  "Giá tiền", "Đối tượng"])
    for row in (
        [1, "TN.000101", "Dế Mèn phiêu lưu ký", "Tô Hoài", "NXB Kim Đồng", 2020, "45.000", "Thiếu nhi"],
        [2, "VV.000102, VV.000103", "Kỹ thuật trồng chè", "Đỗ Ngọc Quỹ", "NXB Nông nghiệp", 2018,
         32000, None],
        [3, "VV.000104", "Sổ tay hòa giải viên", "Bộ Tư pháp", "NXB Tư pháp", 2022, -5000, None],
        [4, "VV.000105", "Truyện Kiều", "Nguyễn Du", "NXB Văn học", 2015, 60000, None],
    ):
        sheet.append(row)
    sheet.append([])
    sheet.append(["Người lập biểu", None, None, None, "Giám đốc"])
    book.save(path)
    return path


@pytest.fixture
def tab(qtbot, db, today):  # type: ignore[no-untyped-def]
    widget = RotationTab(db, today=today)
    qtbot.addWidget(widget)
    widget.resize(1116, 660)
    widget.show()
    widget.refresh()
    return widget


def import_list(qtbot, tab: RotationTab, path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RotationImportDialog)
        assert dialog.return_by.date() == add_months(TODAY, 6)
        dialog.load_file(path)  # what Choose file… does once a file is picked
        seen["rows"] = dialog.model.rowCount()
        seen["rejected"] = [record.row_number for record in dialog.model.records() if record.errors]
        seen["button"] = dialog.import_button.text()
        dialog.import_button.click()  # no lender yet: refused in the dialog
        seen["error"] = dialog.error_label.text()
        type_text(dialog.lender, LENDER)
        type_text(dialog.document, "BB 03/TV")
        dialog.return_by.setFocus()
        dialog.return_by.selectAll()
        type_text(dialog.return_by, "22/04/2027")
        dialog.import_button.click()

    with dialogs((RotationImportDialog, fill)):
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    assert seen == {"rows": 4, "rejected": [7],
                    "button": ngettext("Import {count} copy", "Import {count} copies", 4).format(
                        count=4),
                    "error": _("Enter who gave, allocated or lent the books.")}


def scan(qtbot, box, code: str) -> None:  # type: ignore[no-untyped-def]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, code)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_an_empty_tab_says_what_to_do(tab):
    assert tab.empty_label.isVisibleTo(tab) and "Ctrl+I" in tab.empty_label.text()
    assert not tab.receive_box.isEnabled() and not tab.close_button.isEnabled()


def test_the_whole_cycle_by_keyboard_and_scanner(qtbot, db, villages, tab, tmp_path):
    cabinet = small_cabinet(db, villages)
    import_list(qtbot, tab, write_list(tmp_path / "luan_chuyen.xlsx"))
    batch = tab.current_batch()
    assert (batch.lender, batch.expected, batch.return_by) == (LENDER, 4, dt.date(2027, 4, 22))
    assert tab.batches_model.index(0, 4).data() == ngettext(
        "{count} day left", "{count} days left", 150).format(count=150)
    assert tab.focusWidget() is tab.receive_box

    # receive by scanning; a second scan of the same copy says so
    scan(qtbot, tab.receive_box, "tn.000101")
    assert "TN.000101" in tab.scan_result.text() and "#1b5e20" in tab.scan_result.styleSheet()
    assert tab.current_batch().expected == 3
    assert tab.receive_box.selectedText() == "tn.000101"  # ready for the next scan
    scan(qtbot, tab.receive_box, "TN.000101")
    assert "#b00020" in tab.scan_result.styleSheet()
    scan(qtbot, tab.receive_box, "1")  # one of this cabinet's own copies
    assert "#b00020" in tab.scan_result.styleSheet() and "1" in tab.scan_result.text()
    with dialogs((QMessageBox, click_button(_("Receive all")))):
        qtbot.mouseClick(tab.receive_all_button, Qt.MouseButton.LeftButton)
    assert tab.current_batch().expected == 0 and tab.current_batch().in_stock == 4
    assert not tab.receive_all_button.isEnabled()

    # a rotated copy goes out on loan: it is on the recall list, and cannot be sent back
    apply_plan(db, plan_scan(db, "VV.000102", cabinet.pang, today=TODAY))
    tab.refresh()
    (recall,) = tab.recall_model.records()
    assert (recall.reader_name, recall.copy_code) == ("Lò Thị Pấng", "VV.000102")
    assert tab.details.tabText(1) == _("Recall list ({count})").format(count=1)
    before = snapshot(db)
    scan(qtbot, tab.send_box, "VV.000102")
    assert "#b00020" in tab.scan_result.styleSheet() and "VV.000102" in tab.scan_result.text()
    assert snapshot(db) == before
    apply_plan(db, plan_scan(db, "VV.000102", today=TODAY + dt.timedelta(days=5)))  # returned
    record_loss(db, "VV.000105", compensation=60000, today=TODAY + dt.timedelta(days=6))
    record_damage(db, "VV.000103", compensation=10000, note="Ướt", today=TODAY + dt.timedelta(days=6))
    tab.refresh()
    assert tab.recall_model.records() == []

    # send back by scanning
    for code in ("TN.000101", "VV.000102"):
        scan(qtbot, tab.send_box, code)
        assert code in tab.scan_result.text() and "#1b5e20" in tab.scan_result.styleSheet()
    assert tab.current_batch().sent_back == 2

    # the losses and damage for the handover minutes
    lines = [(line.kind, line.copy.code, line.compensation, line.note)
             for line in tab.handover_model.records()]
    assert lines == [(_("Lost"), "VV.000105", 60000, ""), (_("Damaged"), "VV.000103", 10000, "Ướt"),
                     (_("Not yet sent back"), "VV.000103", None, "")]
    assert tab.handover_model.index(0, 3).data() == format_money(60000)
    assert format_money(70000) in tab.handover_summary.text()

    # closing with a copy not scanned back asks twice, then records it
    with dialogs((QMessageBox, click_button(_("Close the batch"))),
                 (QMessageBox, click_button(_("Record and close")))) as texts:
        qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    assert LENDER in texts[0] and "1" in texts[1]
    assert rotation_batches(db, today=TODAY) == []
    assert tab.empty_label.isVisibleTo(tab)
    tab.show_returned.setChecked(True)
    closed = tab.current_batch()
    assert closed.returned_on == TODAY and closed.lost == 2 and closed.sent_back == 2
    assert not tab.send_box.isEnabled()


def test_closing_is_refused_while_copies_are_on_loan(qtbot, db, villages, tab, tmp_path):
    cabinet = small_cabinet(db, villages)
    import_list(qtbot, tab, write_list(tmp_path / "luan_chuyen.xlsx"))
    with dialogs((QMessageBox, click_button(_("Receive all")))):
        qtbot.mouseClick(tab.receive_all_button, Qt.MouseButton.LeftButton)
    apply_plan(db, plan_scan(db, "VV.000102", cabinet.pao, today=TODAY))
    tab.refresh()
    before = snapshot(db)
    with dialogs((QMessageBox, click_button(_("Close the batch"))),
                 (QMessageBox, click_button(_("OK")))) as texts:
        qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    assert texts[1] == ngettext(
        "{count} copy of this batch is still on loan; recall it first.",
        "{count} copies of this batch are still on loan; recall them first.", 1).format(count=1)
    assert snapshot(db) == before


def test_an_overdue_batch_is_highlighted(qtbot, db, tmp_path):
    from desktop.services.books.rotation import (
        RotationBatchInput,
        import_rotation_batch,
        read_rotation_list,
    )

    listing = read_rotation_list(write_list(tmp_path / "list.xlsx"), today=TODAY)
    batch = import_rotation_batch(db, RotationBatchInput(
        date=TODAY, lender=LENDER, return_by=TODAY + dt.timedelta(days=30)), listing, today=TODAY)
    late = RotationTab(db, today=TODAY + dt.timedelta(days=33))
    qtbot.addWidget(late)
    late.refresh()
    assert late.batches_model.index(0, 4).data() == ngettext(
        "{count} day overdue", "{count} days overdue", 3).format(count=3)
    assert late.batches_model.index(0, 4).data(Qt.ItemDataRole.BackgroundRole).color() == \
        OVERDUE_COLOUR
    assert batch_info(db, batch.id, today=TODAY + dt.timedelta(days=33)).overdue
