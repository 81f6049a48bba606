"""The readers tab: search as you type, add with validation and the duplicate warning, remove
and undo, and learners made readers — with the keyboard."""

from __future__ import annotations

import pytest
from conftest import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from test_books_support import TODAY, snapshot
from test_ui_activities import click_button, modal

from desktop.i18n import _
from desktop.services.books.readers import (
    ReaderInput,
    create_reader,
    readers_of_learners,
    search_readers,
)
from desktop.services.learners import LearnerInput, create_learner
from desktop.ui.books.readers import LearnerReaderPicker, ReaderDialog, ReadersTab
from ui_support import show_ready

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def tab(qtbot, db) -> ReadersTab:  # type: ignore[no-untyped-def]
    return show_ready(qtbot, ReadersTab(db, today=TODAY), 1116, 660)


@pytest.fixture
def three(db, villages):  # type: ignore[no-untyped-def]
    return [create_reader(db, ReaderInput(name, villages[village], gender, year), today=TODAY)
            for name, village, gender, year in (
                ("Lò Thị Pấng", "Bản Nà Hạ", "female", 1990),
                ("Sùng A Páo", "Bản Pá Khoang", "male", 1985),
                ("Nguyễn Văn An", "Thôn Đông", "male", 2015))]


def names(tab: ReadersTab) -> list[str]:
    return [reader.full_name for reader in tab.model.readers]


def test_the_list_shows_card_village_gender_birth_year(qtbot, db, three, tab):
    assert names(tab) == ["Nguyễn Văn An", "Sùng A Páo", "Lò Thị Pấng"]  # Vietnamese name order
    row = [tab.model.index(2, column).data() for column in range(6)]
    assert row == ["BD00001", "Lò Thị Pấng", "Bản Nà Hạ", "Nữ", "1990", ""]
    assert "3" in tab.count_label.text()


def test_search_as_you_type_ignores_accents(qtbot, db, three, tab):
    qtbot.keyClicks(tab.search, "pang")
    assert names(tab) == ["Lò Thị Pấng"]
    tab.search.clear()
    type_text(tab.search, "Páo")
    assert names(tab) == ["Sùng A Páo"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "BD3")
    assert names(tab) == ["Nguyễn Văn An"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "xyz")
    assert names(tab) == [] and tab.stack.currentWidget() is tab.empty


def test_add_a_reader_with_the_keyboard(qtbot, db, villages, tab):
    assert tab.stack.currentWidget() is tab.empty  # a new cabinet says how to start

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReaderDialog)
        type_text(dialog.full_name, "Hà Thị Ơn")
        qtbot.keyClick(dialog.full_name, Qt.Key.Key_Tab)  # gender
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # year of birth
        assert QApplication.focusWidget() is dialog.birth_year
        qtbot.keyClicks(dialog.birth_year, "1972")
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Tab)  # village
        assert QApplication.focusWidget() in (dialog.village, dialog.village.lineEdit())
        qtbot.keyClicks(QApplication.focusWidget(), "dong")  # "Thôn Đông", by its name alone
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    with modal(ReaderDialog, fill):
        qtbot.keyClick(tab.search, Qt.Key.Key_N, CTRL)
    (reader,) = search_readers(db)
    assert (reader.full_name, reader.birth_year, reader.card_code) == ("Hà Thị Ơn", 1972, "BD00001")
    assert reader.village.startswith("Thôn")
    assert names(tab) == ["Hà Thị Ơn"] and "BD00001" in tab.status.text()


def test_the_dialog_shows_what_is_wrong_and_saves_nothing(qtbot, db, tab):
    before = snapshot(db)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReaderDialog)
        qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.error_label.text() == _("Enter the reader's full name.")
        assert QApplication.focusWidget() is dialog.full_name
        type_text(dialog.full_name, "Lò Văn Xiêng")
        dialog.birth_year.setFocus()
        qtbot.keyClicks(dialog.birth_year, "88")
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Return)
        assert dialog.error_label.text() == _("Write the year of birth with 4 digits, for example 1985.")
        assert QApplication.focusWidget() is dialog.birth_year
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.birth_year, "2025")  # a baby of one: not a reader yet
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Return)
        assert "2025" in dialog.error_label.text() and dialog.isVisible()
        errors: list[BaseException] = []
        QTimer.singleShot(0, lambda: answer_box(click_button(_("Close without saving")), errors))
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Escape)  # typed entries: asks first
        assert not errors, errors

    with modal(ReaderDialog, fill):
        qtbot.keyClick(tab.search, Qt.Key.Key_N, CTRL)
    assert snapshot(db) == before


def answer_box(handler, errors: list[BaseException],  # type: ignore[no-untyped-def]
               tries: int = 300) -> None:
    """Run `handler` on the message box a dialog opens from inside another modal dialog (the
    `modal` helper's own wait for activation is not safe that deep); the box is closed if the
    handler fails, and the error kept for the test."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox) or not box.isVisible():
        if tries:
            QTimer.singleShot(10, lambda: answer_box(handler, errors, tries - 1))
        return
    try:
        handler(box)
    except BaseException as error:  # noqa: BLE001 - re-raised by the test
        errors.append(error)
        box.reject()


def test_a_probable_duplicate_is_asked_about_and_can_be_saved_anyway(qtbot, db, villages, three, tab):
    errors: list[BaseException] = []
    texts: list[str] = []

    def go_back(box: QMessageBox) -> None:
        texts.append(box.text() + box.informativeText())
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # "Go back" is the default

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReaderDialog)
        type_text(dialog.full_name, "LÒ THỊ PẤNG")
        dialog.birth_year.setFocus()
        qtbot.keyClicks(dialog.birth_year, "1990")
        dialog.village.setCurrentIndex(dialog.village.findData(villages["Bản Nà Hạ"]))
        answer_box(go_back, errors)
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Return)
        assert dialog.isVisible() and len(search_readers(db)) == 3
        answer_box(click_button(_("Save anyway")), errors)
        qtbot.keyClick(dialog.birth_year, Qt.Key.Key_Return)

    with modal(ReaderDialog, fill, timeout=10):
        qtbot.keyClick(tab.search, Qt.Key.Key_N, CTRL)
    assert errors == []
    assert texts and "BD00001" in texts[0] and "1990" in texts[0] and "Bản Nà Hạ" in texts[0]
    assert sorted(r.card_code for r in search_readers(db, "lo thi pang")) == ["BD00001", "BD00004"]


def test_delete_asks_first_and_can_be_undone(qtbot, db, three, tab):
    qtbot.keyClicks(tab.search, "pao")
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)  # into the list
    assert tab.table.hasFocus()
    with modal(QMessageBox, click_button(_("Delete the reader"))):
        qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert [r.full_name for r in search_readers(db)] == ["Nguyễn Văn An", "Lò Thị Pấng"]
    assert tab.undo_bar.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert len(search_readers(db)) == 3 and not tab.undo_bar.isVisible()
    assert tab.selected_reader() is not None and tab.selected_reader().full_name == "Sùng A Páo"


def test_learners_are_made_readers_from_the_picker(qtbot, db, villages, tab):
    giang = create_learner(db, LearnerInput(full_name="Giàng Thị Mỷ", gender="female", birth_year=1995,
                                            ethnic_group_key="hmong",
                                            village_id=villages["Bản Pá Khoang"]), today=TODAY)
    vi = create_learner(db, LearnerInput(full_name="Vì Văn Inh", gender="male", birth_year=1980,
                                         ethnic_group_key="thai", village_id=villages["Bản Nà Hạ"]),
                        today=TODAY)
    from desktop.services.books.readers import reader_from_learner

    reader_from_learner(db, vi.id, today=TODAY)  # already has a card
    tab.refresh()

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, LearnerReaderPicker)
        states = {dialog.model.rows[row].full_name: dialog.model.index(row, 4).data()
                  for row in range(dialog.model.rowCount())}
        assert states["Vì Văn Inh"] == _("Has a card")
        qtbot.keyClicks(dialog.search, "giang")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # adds the highlighted learner
        assert dialog.chosen_ids() == [giang.id]
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # empty box: make the readers

    with modal(LearnerReaderPicker, pick):
        qtbot.keyClick(tab.search, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)
    made = readers_of_learners(db)
    assert giang.id in made and len(made) == 2
    assert "Giàng Thị Mỷ" in names(tab) and "BD00002" in tab.status.text()
    assert tab.selected_reader() is not None and tab.selected_reader().full_name == "Giàng Thị Mỷ"
