"""At an office, by keyboard: the year's learning-society targets typed and published from
Settings (they go out in the return packages), and a centre's fund ledger in the browse screen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.services.society import fund as fund_service
from desktop.services.society import targets as target_service
from desktop.services.society.fund import FundDraft
from desktop.services.sync.office_browse import received_centres
from desktop.services.sync.receive import import_packages
from desktop.ui.office.browse import FUND_TAB, BrowseScreen
from desktop.ui.office.learning_targets import LearningTargetsDialog
from desktop.ui.office.settings import OfficeSettingsScreen
from conftest import type_text
from tests.sync_support import connect, new_centre, new_office, send

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture()
def office(tmp_path):
    db = new_office(tmp_path / "office")
    yield db
    db.close()


def type_cell(qtbot, view, text: str) -> None:
    type_text(view, text[0])
    editor = next(child for child in view.viewport().findChildren(QLineEdit) if child.isVisible())
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_the_office_types_and_publishes_the_years_targets_from_settings(qtbot, office):
    settings = OfficeSettingsScreen(office)
    qtbot.addWidget(settings)
    settings.resize(1366, 768)
    settings.show()
    settings.refresh()
    dialog = settings.open_targets()
    assert isinstance(dialog, LearningTargetsDialog)
    dialog.year_box.setValue(2026)
    table = dialog.table
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == 1  # families, register
    type_cell(qtbot, table, "100")
    table.setCurrentIndex(dialog.model.index(0, 2))
    type_cell(qtbot, table, "85")
    type_cell(qtbot, table, "70")  # Enter moved down: clans, recognition
    assert dialog.unpublished()
    qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)
    assert target_service.published_targets(office, 2026) == (1, {
        ("family", "registered"): 100, ("family", "recognised"): 85, ("clan", "recognised"): 70})
    assert "1" in dialog.state.text() and not dialog.unpublished()
    # Delete clears a target; the next version leaves it out
    table.setCurrentIndex(dialog.model.index(1, 2))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)
    assert target_service.published_targets(office, 2026)[1] == {("family", "registered"): 100,
                                                                 ("family", "recognised"): 85}
    dialog.year_box.setValue(2027)  # another year starts empty, 2026 stays published
    assert dialog.model.values == {}
    assert target_service.published_targets(office, 2026)[0] == 2
    dialog.reject()


def test_the_browse_screen_lists_a_centres_fund_entries(qtbot, office, tmp_path):
    centre = new_centre(tmp_path / "centre", "Mường Than", "04711", learners=1)
    try:
        connect(office, centre, tmp_path / "keys")
        fund_service.record_entry(centre, FundDraft("receipt", dt.date(2026, 3, 8), "Hội Cựu chiến binh xã",
                                                    5_000_000, in_kind="200 quyển vở"))
        fund_service.record_entry(centre, FundDraft("payment", dt.date(2026, 9, 5), "Học sinh nghèo", 1_500_000,
                                                    category="scholarship", decision_number="07/QĐ-HKH"))
        assert import_packages(office, [send(centre, tmp_path / "stick")]).packages[0].status == "imported"
    finally:
        centre.close()
    browse = BrowseScreen(office)
    qtbot.addWidget(browse)
    browse.resize(1366, 768)
    browse.show()
    browse.refresh()
    [received] = received_centres(office)
    qtbot.waitUntil(lambda: browse.loaded_centre == received.id and browse.task is None)
    browse.tabs.setCurrentIndex(FUND_TAB)
    model = browse.fund_model
    assert model.rowCount() == 2
    texts = [[model.index(row, column).data().replace("\xa0", " ") for column in range(model.columnCount())]
             for row in range(2)]
    assert texts[0][0] == "08/03/2026" and "200 quyển vở" in texts[0][1] and texts[0][3] == "5.000.000 ₫"
    assert texts[1][2] == "07/QĐ-HKH" and texts[1][4] == "1.500.000 ₫" and texts[1][5] == "3.500.000 ₫"
    assert "3.500.000 ₫" in browse.fund_note.text().replace("\xa0", " ")
