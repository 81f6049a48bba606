"""The catalogue tab, driven with the keyboard as the book-cabinet volunteer would.

`dialogs(...)` (also used by the intake and rotation tab tests) answers the modal dialogs a block
opens, in order; any other modal that turns up, or one left open after the time limit, is closed,
so a test fails instead of hanging the run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator

import pytest
from conftest import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget
from test_books_support import GOOD_ISBN_13, TODAY, small_cabinet, snapshot

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.books.catalogue import (
    TitleInput,
    create_title,
    search_catalogue,
    validate_title,
)
from desktop.ui.books.book_import_dialog import BookImportDialog
from desktop.ui.books.catalogue import CatalogueTab, title_columns
from desktop.ui.books.title_dialog import TitleDialog
from desktop.ui.widgets.record_model import RecordModel

pytestmark = pytest.mark.gui

Handler = Callable[[QWidget], None]


@contextlib.contextmanager
def dialogs(*steps: tuple[type[QWidget], Handler], timeout: float = 10) -> Iterator[list[str]]:
    """Run each handler on the next modal dialog of its kind that the block opens.

    Yields the texts of the message boxes seen. A handler that fails closes its dialog; a
    dialog nobody expected, or any dialog still open after `timeout`, is closed too.
    """
    queue = list(steps)
    handled: list[QWidget] = []
    texts: list[str] = []
    state: dict[str, object] = {"error": None, "over": False, "unexpected": []}
    deadline = time.monotonic() + timeout

    def close(widget: QWidget) -> None:
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)  # never a question left open

    def poll() -> None:
        if state["over"]:
            return
        widget = QApplication.activeModalWidget()
        fresh = widget is not None and widget.isVisible() \
            and not isinstance(widget, QProgressDialog) and all(widget is not s for s in handled)
        if fresh and not widget.isActiveWindow():  # shortcuts need the window active
            widget.activateWindow()
            since = state.setdefault("since", time.monotonic())
            fresh = time.monotonic() - since > 0.2  # type: ignore[operator]
        if fresh:
            state.pop("since", None)
            handled.append(widget)
            if isinstance(widget, QMessageBox):
                texts.append(widget.text())
            if queue and isinstance(widget, queue[0][0]):
                _kind, handler = queue.pop(0)
                try:
                    handler(widget)
                except BaseException as error:  # noqa: BLE001 - re-raised after the block
                    state["error"] = state["error"] or error
                    close(widget)
            else:
                state["unexpected"].append(  # type: ignore[attr-defined]
                    f"{type(widget).__name__}: {getattr(widget, 'text', lambda: '')()}")
                close(widget)
        elif widget is not None and time.monotonic() > deadline \
                and not isinstance(widget, QProgressDialog):
            state["error"] = state["error"] or AssertionError(
                f"{type(widget).__name__} still open after {timeout} s")
            close(widget)
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    try:
        yield texts
    finally:
        state["over"] = True
    if state["error"] is not None:
        raise state["error"]  # type: ignore[misc]
    assert not state["unexpected"], f"unexpected dialogs: {state['unexpected']}"
    assert not queue, f"dialogs never opened: {[kind.__name__ for kind, _h in queue]}"


def click_button(text: str) -> Handler:
    """A handler that clicks the message box button with this text."""

    def handler(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        buttons = {button.text(): button for button in box.buttons()}
        assert text in buttons, f"{text!r} not in {list(buttons)}"
        buttons[text].click()

    return handler


def press(qtbot, widget: QWidget, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def replace_text(widget: QWidget, text: str) -> None:
    """Select the field's text and type over it."""
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(widget, text)


@pytest.fixture
def cabinet(db, villages):
    return small_cabinet(db, villages)


@pytest.fixture
def tab(qtbot, db, today):  # type: ignore[no-untyped-def]
    widget = CatalogueTab(db, today=today)
    qtbot.addWidget(widget)
    widget.resize(1116, 660)  # the tab's share of a 1366×768 window
    widget.show()
    widget.refresh()
    return widget


def shown_titles(tab: CatalogueTab) -> list[str]:
    return [record.title for record in tab.titles_model.records()]


def test_the_title_model_sorts_on_real_values_without_a_window(db, cabinet):
    model = RecordModel(title_columns())
    model.set_records(search_catalogue(db))
    year = 2
    model.sort(year, Qt.SortOrder.DescendingOrder)
    assert [model.index(row, year).data() for row in range(3)] == ["2024", "2021", "2019"]
    model.sort(-1)  # "no sort chosen" keeps the order
    assert model.rowCount() == 3


def test_typing_without_accents_finds_the_title(qtbot, db, cabinet, tab):
    create_title(db, TitleInput(title="Truyện Kiều", authors="Nguyễn Du", year=2015), today=TODAY)
    tab.refresh()
    assert len(shown_titles(tab)) == 4
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "nguyen du")
    qtbot.waitUntil(lambda: shown_titles(tab) == ["Truyện Kiều"], timeout=3000)
    assert tab.current_title().authors == "Nguyễn Du"
    assert tab.copies_model.rowCount() == 0
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)  # into the list, where Enter would edit
    assert tab.titles.hasFocus()


def test_vietnamese_typing_and_no_match_teaches(qtbot, cabinet, tab):
    type_text(tab.search, "Dế Mèn")
    qtbot.waitUntil(lambda: shown_titles(tab) == ["Dế Mèn phiêu lưu ký"], timeout=3000)
    replace_text(tab.search, "không có sách này")
    qtbot.waitUntil(lambda: not tab.titles_model.rowCount(), timeout=3000)
    assert tab.empty_label.isVisibleTo(tab) and "Ctrl+N" in tab.empty_label.text()


def test_scanning_an_accession_number_jumps_to_the_copy(qtbot, cabinet, tab):
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "12")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.current_title().title == "Dế Mèn phiêu lưu ký"
    copy = tab.copies.current_record()
    assert copy is not None and copy.code == "12" and copy.shelf == "TN"
    assert "12" in tab.message.text() and "Dế Mèn" in tab.message.text()
    # the box is ready for the next scan, which replaces the code
    assert tab.search.hasFocus() and tab.search.selectedText() == "12"
    qtbot.keyClicks(tab.search, "3")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.current_title().title == "Kỹ thuật nuôi gà thả vườn"
    assert tab.copies.current_record().code == "3"


def test_scanning_an_isbn_finds_the_title_and_an_unknown_code_says_so(qtbot, cabinet, tab):
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, GOOD_ISBN_13.replace("-", ""))
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.current_title().title == "Kỹ thuật nuôi gà thả vườn"
    tab.search.selectAll()
    qtbot.keyClicks(tab.search, "999")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert "999" in tab.message.text() and "#b00020" in tab.message.styleSheet()


def open_new_title(qtbot, tab: CatalogueTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)


def test_a_bad_isbn_is_refused_in_the_dialog_and_nothing_is_saved(qtbot, db, tab):
    expected = ""
    try:
        validate_title(TitleInput(title="Sổ tay", isbn="978-604-60-0000-0"), today=TODAY)
    except ValidationError as error:
        expected = error.message
    assert expected
    before = snapshot(db)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, TitleDialog)
        type_text(dialog.title_edit, "Sổ tay hòa giải viên")
        type_text(dialog.isbn, "978-604-60-0000-0")
        qtbot.keyClick(dialog.isbn, Qt.Key.Key_Return)  # Enter saves
        assert dialog.isVisible(), "the dialog stays open"
        assert dialog.error_label.isVisibleTo(dialog)
        assert dialog.error_label.text() == expected
        assert dialog.focusWidget() is dialog.isbn  # the field to correct
        with dialogs((QMessageBox, click_button(_("Close without saving")))):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # typed entries: asks before losing them

    with dialogs((TitleDialog, fill)):
        open_new_title(qtbot, tab)
    assert snapshot(db) == before
    assert tab.titles_model.rowCount() == 0


def test_a_negative_price_is_refused_then_the_corrected_title_is_saved(qtbot, db, tab):
    before = snapshot(db)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, TitleDialog)
        type_text(dialog.title_edit, "Kỹ thuật trồng chè")
        type_text(dialog.authors, "Đỗ Ngọc Quỹ")
        type_text(dialog.year, "2018")
        dialog.classification.setFocus()
        type_text(dialog.classification.lineEdit(), "633.72")
        dialog.law_book.setChecked(False)
        type_text(dialog.price, "-5000")
        dialog.save_button.click()
        seen["error"] = dialog.error_label.text()
        seen["still_open"] = str(dialog.isVisible())
        assert snapshot(db) == before
        replace_text(dialog.price, "32.000")
        dialog.save_button.click()

    with dialogs((TitleDialog, fill)):
        open_new_title(qtbot, tab)
    assert seen == {"error": _("The price cannot be negative."), "still_open": "True"}
    (title,) = search_catalogue(db, "tron che")
    assert (title.price, title.classification, title.main_class, title.year) == (
        32000, "633.72", "600", 2018)
    assert tab.current_title().id == title.id
    assert "Kỹ thuật trồng chè" in tab.message.text()


def test_editing_keeps_the_fields_and_a_main_class_is_picked_from_the_list(qtbot, db, cabinet, tab):
    tab.titles.select_row(tab.titles_model.row_where(lambda t: t.title.startswith("Dế Mèn")))

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, TitleDialog)
        assert dialog.title_edit.text() == "Dế Mèn phiêu lưu ký"
        assert dialog.classification.currentText() == "895.9223"
        assert dialog.audience.currentData() == "children"
        dialog.classification.setCurrentIndex(dialog.classification.findData("800"))
        replace_text(dialog.subjects, "Truyện thiếu nhi")
        qtbot.keyClick(dialog.subjects, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    with dialogs((TitleDialog, edit)):
        press(qtbot, tab.titles, Qt.Key.Key_Return)
    (title,) = search_catalogue(db, "de men")
    assert (title.classification, title.subjects, title.copies) == ("800", "Truyện thiếu nhi", 3)


def test_deleting_a_title_with_copies_is_refused_with_the_reason(qtbot, db, cabinet, tab):
    before = snapshot(db)
    first = tab.current_title().title
    with dialogs((QMessageBox, click_button(_("Delete the title"))),
                 (QMessageBox, click_button(_("OK")))) as texts:
        press(qtbot, tab.titles, Qt.Key.Key_Delete)
    assert first in texts[0]
    assert texts[1] == _("This title has copies in the registers; it cannot be deleted. Weed the "
                         "copies instead.")
    assert snapshot(db) == before


def test_deleting_a_title_entered_by_mistake(qtbot, db, tab):
    create_title(db, TitleInput(title="Sách nhập nhầm"), today=TODAY)
    tab.refresh()
    with dialogs((QMessageBox, click_button(_("Don't delete")))):
        press(qtbot, tab.titles, Qt.Key.Key_Delete)
    assert len(search_catalogue(db)) == 1
    with dialogs((QMessageBox, click_button(_("Delete the title")))):
        qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert search_catalogue(db) == []
    assert tab.empty_label.isVisibleTo(tab)


def write_catalogue(path, rows):  # type: ignore[no-untyped-def]
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["TỦ SÁCH XÃ TÂN LẬP"])
    sheet.append(["DANH MỤC SÁCH"])
    sheet.append(["STT", "Số ĐKCB", "Tên sách", "Tác giả", "Nhà xuất bản", "Năm xuất bản",
                  "Giá tiền"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_importing_a_catalogue_list_previews_rejected_rows_then_imports(qtbot, db, tab, tmp_path):
    path = write_catalogue(tmp_path / "danh_muc.xlsx", [
        [1, "1-3", "Truyện Kiều", "Nguyễn Du", "NXB Văn học", 2015, 60000],
        [2, "4", "Sổ tay hòa giải viên", "Bộ Tư pháp", "NXB Tư pháp", 2022, -5000],
        [3, "5, 7", "Kỹ thuật trồng chè", "Đỗ Ngọc Quỹ", "NXB Nông nghiệp", 2018, "32.000"],
    ])
    dialog = BookImportDialog(db, tab, path=path, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3
    rejected = dialog.model.record(1)
    assert rejected.errors and dialog.model.index(1, 6).data() == "; ".join(rejected.errors)
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == _("Import {count} copies").format(count=5) \
        or "5" in dialog.import_button.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=5000)
    assert dialog.result.copies == 5 and not dialog.import_button.isEnabled()
    dialog.reject()
    tab.refresh()
    assert sorted(shown_titles(tab)) == ["Kỹ thuật trồng chè", "Truyện Kiều"]
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "7")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.current_title().title == "Kỹ thuật trồng chè"
    assert [c.code for c in tab.copies_model.records()] == ["5", "7"]


def test_a_file_that_is_not_a_book_list_is_explained(qtbot, db, tab, tmp_path):
    path = tmp_path / "rubbish.csv"
    path.write_text("hello,world\n1,2\n", encoding="utf-8")
    dialog = BookImportDialog(db, tab, path=path, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.error_label.isVisibleTo(dialog) and "Tên sách" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()


def test_a_new_title_dialog_can_only_check_for_an_intake(qtbot, db):
    dialog = TitleDialog(db, save=False, initial=TitleInput(title="Sách mới"), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.price.setText("15000")
    dialog.accept()
    assert dialog.data == dataclasses.replace(TitleInput(title="Sách mới"), price=15000)
    assert search_catalogue(db) == []
