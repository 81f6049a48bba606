"""The window's kit (desktop/ui/widgets), tested without a screen around it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.text.vietnamese import fold
from desktop.ui.widgets.actions import action_button, shortcut_action
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_model import ID_ROLE, RIGHT, SORT_ROLE, Column, RecordModel
from desktop.ui.widgets.search_box import SearchBox, contains_words
from desktop.ui.widgets.undo_bar import UndoBar

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    born: dt.date | None
    loans: int


PEOPLE = [Person("a", "Nguyễn Thị Hoa", dt.date(1985, 3, 2), 2), Person("b", "Lò Văn Pấng", None, 0),
          Person("c", "Đặng Thu Hà", dt.date(1979, 12, 1), 11)]


def people_model() -> RecordModel:
    return RecordModel([
        Column("Name", lambda p: p.name, lambda p: fold(p.name)),
        Column("Born", lambda p: p.born.strftime("%d/%m/%Y") if p.born else "", lambda p: p.born),
        Column("Books", lambda p: str(p.loans), lambda p: p.loans, RIGHT, "00"),
    ])


def test_the_record_model_sorts_on_real_values_and_keeps_what_was_chosen(qapp) -> None:
    model = people_model()
    model.set_rows(PEOPLE)
    chosen = QPersistentModelIndex(model.index(0, 0))  # Nguyễn Thị Hoa
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [model.index(row, 2).data() for row in range(3)] == ["11", "2", "0"]  # not "2" > "11"
    assert model.index(chosen.row(), 0).data() == "Nguyễn Thị Hoa"
    model.sort(1)
    assert [p.name for p in model.records()] == ["Đặng Thu Hà", "Nguyễn Thị Hoa", "Lò Văn Pấng"]  # no date last
    assert model.index(0, 1).data(SORT_ROLE) == dt.date(1979, 12, 1)
    assert model.index(0, 0).data(ID_ROLE) == "c"
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    model.set_rows(list(reversed(PEOPLE)))  # new rows keep the chosen order
    assert [p.name for p in model.records()] == ["Đặng Thu Hà", "Nguyễn Thị Hoa", "Lò Văn Pấng"]
    assert model.row_of("b") == 2 and model.row_of("nobody") == -1


def test_the_search_box_finds_names_without_their_accents(qtbot) -> None:
    box = SearchBox()
    qtbot.addWidget(box)
    box.setText("nguyen  HOA")
    assert box.words() == ["nguyen", "hoa"]
    assert contains_words(fold("Nguyễn Thị Hoa"), box.words())
    assert not contains_words(fold("Nguyễn Văn Bình"), box.words())
    box.setText("dang")
    assert contains_words(fold("Đặng Thu Hà"), box.words())  # đ is d
    with qtbot.waitSignal(box.move_down, timeout=1000):
        qtbot.keyClick(box, Qt.Key.Key_Down)


def test_a_shortcut_action_names_its_keys_and_its_button_follows_it(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    calls: list[str] = []
    action = shortcut_action(owner, "Renew", "Ctrl+R", lambda: calls.append("renew"),
                             tip="Renew the highlighted loan", extra=("F4",))
    assert action.toolTip() == "Renew the highlighted loan (Ctrl+R, F4)"
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    button = action_button("Renew", action)
    button.click()
    assert calls == ["renew"] and button.toolTip() == action.toolTip()
    action.setEnabled(False)
    assert not button.isEnabled()
    bound = QPushButton("Again")
    shortcut_action(owner, "Again", "Ctrl+G", lambda: calls.append("again"), button=bound)
    bound.click()
    assert calls == ["renew", "again"] and bound.toolTip() == "Again (Ctrl+G)"


def test_list_and_detail_never_collapses_a_part(qtbot) -> None:
    top, bottom = QLabel("list"), QLabel("details")
    splitter = list_and_detail([(top, 3), (bottom, 2)])
    qtbot.addWidget(splitter)
    assert splitter.orientation() == Qt.Orientation.Vertical and not splitter.childrenCollapsible()
    assert splitter.widget(0) is top and splitter.widget(1) is bottom


def test_the_undo_bar_offers_undo_only_after_a_delete(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    undo = QAction("Undo delete", owner)
    bar = UndoBar(undo)
    assert not undo.isEnabled() and bar.isHidden()
    bar.offer("Nguyễn Thị Hoa was deleted.")
    assert undo.isEnabled() and not bar.isHidden() and bar.label.text() == "Nguyễn Thị Hoa was deleted."
    bar.withdraw()
    assert not undo.isEnabled() and bar.isHidden()
