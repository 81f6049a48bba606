"""The intake tab: a batch of books recorded in one dialog, numbered in sequence on saving."""

from __future__ import annotations

import pytest
from conftest import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from test_books_support import TODAY, small_cabinet, snapshot
from test_ui_books_catalogue import click_button, dialogs

from desktop.i18n import _
from desktop.services.books.catalogue import TitleInput, create_title, search_catalogue
from desktop.services.books.intake import batch_copies, summary_register
from desktop.ui.books.title_dialog import TitleDialog
from desktop.ui.books.intake import IntakeTab
from desktop.ui.books.intake_dialog import IntakeDialog, number_ranges

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, db, today):  # type: ignore[no-untyped-def]
    widget = IntakeTab(db, today=today)
    qtbot.addWidget(widget)
    widget.resize(1116, 660)
    widget.show()
    widget.refresh()
    return widget


def test_number_ranges_read_as_a_librarian_writes_them():
    assert number_ranges([16, 17, 18, 25, 20, 19]) == "16–20, 25"
    assert number_ranges([7]) == "7"
    assert number_ranges([]) == ""


def test_an_empty_register_says_what_to_do(tab):
    assert tab.empty_label.isVisibleTo(tab) and "Ctrl+N" in tab.empty_label.text()


def test_a_donated_batch_of_ten_copies_of_one_title_gets_ten_consecutive_numbers(
        qtbot, db, villages, tab):
    small_cabinet(db, villages)  # accession numbers 1-15 are taken
    create_title(db, TitleInput(title="Kỹ thuật trồng chè", authors="Đỗ Ngọc Quỹ", price=32000),
                 today=TODAY)
    tab.refresh()
    seen: dict[str, object] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IntakeDialog)
        dialog.source.setCurrentIndex(dialog.source.findData("donation"))
        assert dialog.supplier_label.text() == _("Donor *")
        type_text(dialog.supplier, "Hội Khuyến học xã Tân Lập")
        type_text(dialog.document, "BB 15/2026")
        dialog.title_search.setFocus()
        qtbot.keyClicks(dialog.title_search, "trong che")
        qtbot.keyClick(dialog.title_search, Qt.Key.Key_Return)  # choose the highlighted title
        seen["chosen"] = dialog.chosen_text.text()
        assert dialog.focusWidget() is dialog.copies.findChild(QWidget) \
            or dialog.focusWidget() is dialog.copies
        dialog.copies.selectAll()
        qtbot.keyClicks(dialog.copies, "10")
        type_text(dialog.shelf, "C2")
        qtbot.keyClick(dialog.shelf, Qt.Key.Key_Return)  # Enter adds the line, never saves
        assert dialog.isVisible()
        seen["lines"] = [(line.label, line.copies, line.shelf) for line in dialog.lines()]
        seen["totals"] = dialog.totals.text()
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    with dialogs((IntakeDialog, fill)):
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert "Kỹ thuật trồng chè" in str(seen["chosen"])
    assert seen["lines"] == [("Kỹ thuật trồng chè", 10, "C2")]
    batch = tab.current_batch()
    assert (batch.source, batch.supplier, batch.copies, batch.titles, batch.value) == (
        "donation", "Hội Khuyến học xã Tân Lập", 10, 1, 320000)
    codes = [copy.code for copy in tab.copies_model.records()]
    assert codes == [str(number) for number in range(16, 26)]
    assert "16–25" in tab.message.text() and "16–25" in tab.copies_title.text()
    assert [c.accession_number for c in batch_copies(db, batch.id)] == list(range(16, 26))
    assert len(summary_register(db)) == 2


def test_a_new_title_is_entered_inside_the_batch_and_a_missing_donor_is_refused(qtbot, db, tab):
    before = snapshot(db)
    seen: dict[str, object] = {}

    def new_title(dialog: QWidget) -> None:
        assert isinstance(dialog, TitleDialog)
        assert dialog.title_edit.text() == "Sổ tay hòa giải viên"  # what was typed in the search
        type_text(dialog.authors, "Bộ Tư pháp")
        dialog.law_book.setChecked(True)
        type_text(dialog.price, "25.000")
        dialog.save_button.click()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IntakeDialog)
        dialog.source.setCurrentIndex(dialog.source.findData("donation"))
        type_text(dialog.title_search, "Sổ tay hòa giải viên")
        dialog.run_search()
        assert dialog.results.count() == 0
        with dialogs((TitleDialog, new_title)):
            dialog.new_title_button.click()
        dialog.copies.setValue(3)
        qtbot.keyClick(dialog.copies, Qt.Key.Key_Return)
        dialog.save.click()  # no donor: refused, the field named
        seen["error"] = dialog.error_label.text()
        seen["focus"] = dialog.focusWidget() is dialog.supplier
        seen["unchanged"] = snapshot(db) == before
        type_text(dialog.supplier, "Bộ Tư pháp")
        dialog.save.click()

    with dialogs((IntakeDialog, fill)):
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen == {"error": _("Enter who gave, allocated or lent the books."), "focus": True,
                    "unchanged": True}
    (title,) = search_catalogue(db, "hoa giai")
    assert title.law_book and title.copies == 3 and title.price == 25000
    assert [c.code for c in tab.copies_model.records()] == ["1", "2", "3"]


def test_closing_with_lines_entered_asks_first(qtbot, db, villages, tab):
    small_cabinet(db, villages)
    before = snapshot(db)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IntakeDialog)
        dialog.title_search.setFocus()
        qtbot.keyClicks(dialog.title_search, "de men")
        qtbot.keyClick(dialog.title_search, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.copies, Qt.Key.Key_Return)
        assert len(dialog.lines()) == 1
        with dialogs((QMessageBox, click_button(_("Keep editing")))):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
        with dialogs((QMessageBox, click_button(_("Close without saving")))):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    with dialogs((IntakeDialog, fill)):
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert snapshot(db) == before


def test_a_copy_entered_by_mistake_is_deleted_after_confirmation(qtbot, db, villages, tab):
    small_cabinet(db, villages)
    tab.refresh()
    assert tab.copies_model.rowCount() == 15
    tab.copies.select_row(14)
    with dialogs((QMessageBox, click_button(_("Delete the copy")))) as texts:
        tab.copies.setFocus()
        qtbot.keyClick(tab.copies, Qt.Key.Key_Delete)
    assert "15" in texts[0]
    assert tab.copies_model.rowCount() == 14
    assert tab.current_batch().copies == 14
