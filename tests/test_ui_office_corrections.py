"""The office asks a centre for corrections from its own screens (Browse records → Ctrl+E, or the
Corrections screen) and follows each to its answer; keyboard-driven, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.i18n import _, set_language
from desktop.services.learners import list_learners
from desktop.services.sync.corrections import answer_correction, office_corrections, received_corrections
from desktop.services.sync.receive import import_packages
from desktop.services.sync.return_centre import import_returns
from desktop.services.sync.return_office import write_returns
from desktop.ui.office.browse import BrowseScreen
from desktop.ui.office.correction_dialog import ProposeCorrectionDialog
from desktop.ui.office.corrections import CHANGE, STATE, CorrectionsScreen
from tests.sync_support import connected_pair, send
from tests.ui_support import answering_box


@pytest.fixture()
def pair(tmp_path):
    with connected_pair(tmp_path, learners=3) as (office, centre):
        yield office, centre


def _open_dialog(qtbot, screen) -> ProposeCorrectionDialog:  # type: ignore[no-untyped-def]
    dialog = screen.correction_dialog if isinstance(screen, BrowseScreen) else screen.dialog
    assert isinstance(dialog, ProposeCorrectionDialog)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.record.isEnabled(), timeout=20000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # its shortcuts work from the keyboard
    return dialog


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_correction_asked_from_browse_goes_out_and_its_decline_comes_back_with_the_reason(
        qtbot, pair, tmp_path, language):
    office, centre = pair
    set_language(language)
    learner = sorted(list_learners(centre), key=lambda item: item.full_name)[1]
    browse = BrowseScreen(office)
    qtbot.addWidget(browse)
    browse.resize(1366, 700)
    browse.show()
    browse.refresh()
    qtbot.waitUntil(lambda: browse.task is None and browse.learner_model.rowCount() == 3, timeout=20000)
    browse.learners.setFocus()
    browse.learners.setCurrentIndex(browse.learner_proxy.index(browse.learner_proxy.row_of(learner.id), 0))
    qtbot.keyClick(browse.learners, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = _open_dialog(qtbot, browse)
    assert dialog.chosen_record().id == learner.id  # the learner chosen in the list
    assert dialog.current_table() == "learner"

    dialog.field.setCurrentIndex(dialog.field.findData("birth_year"))
    assert dialog.current.text() == str(learner.birth_year)
    dialog.typed_value.clear()
    qtbot.keyClicks(dialog.typed_value, "19x2")
    dialog.reason.insert("Theo sổ hộ khẩu")  # as an input method hands it over (QTest types ASCII only)
    with answering_box(_("Ask for it")):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.message.text()), timeout=20000)
    assert dialog.message.text() == _("Enter a whole number.")  # the service's refusal, in words
    assert office_corrections(office) == []
    dialog.typed_value.setText("1962")
    dialog.activateWindow()  # offscreen, a closed message box gives the activation back to no window
    qtbot.waitUntil(dialog.isActiveWindow)
    with answering_box(_("Ask for it")) as texts:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.made is not None, timeout=20000)
    assert "1962" in texts[0] and learner.full_name in texts[0]
    [asked] = office_corrections(office)
    assert (asked.record_id, asked.field, asked.new, asked.reason) == (learner.id, "birth_year", 1962,
                                                                     "Theo sổ hộ khẩu")

    screen = CorrectionsScreen(office)
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.task is None and screen.table.rowCount() == 1, timeout=20000)
    assert screen.table.item(0, STATE).text() == _("Not sent yet: goes in the next return package")
    assert screen.table.item(0, CHANGE).text() == f"{learner.birth_year} → 1962"
    assert "Theo sổ hộ khẩu" in screen.details.text()

    (tmp_path / "back").mkdir()
    [written] = write_returns(office, tmp_path / "back")
    import_returns(centre, [written.path])
    [received] = received_corrections(centre)
    answer_correction(centre, received.id, accept=False, reason="Học viên sinh năm 1963, đã hỏi lại")
    import_packages(office, [send(centre, tmp_path / "s2")])
    screen.refresh()
    qtbot.waitUntil(lambda: screen.task is None and "1963" in screen.table.item(0, STATE).text(), timeout=20000)
    assert screen.table.item(0, STATE).text() == _("Declined: {reason}").format(
        reason="Học viên sinh năm 1963, đã hỏi lại")
    assert _("The centre's reason for declining: {reason}").format(
        reason="Học viên sinh năm 1963, đã hỏi lại") in screen.details.text()


def test_a_class_correction_offers_the_offices_topic_groups_and_asks_before_sending(qtbot, pair):
    office, _centre = pair
    set_language("vi")
    screen = CorrectionsScreen(office)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.task is None, timeout=20000)
    assert screen.empty.isVisible()
    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _open_dialog(qtbot, screen)
    dialog.table.setCurrentIndex(dialog.table.findData("activity"))
    qtbot.waitUntil(lambda: dialog.task is None and dialog.record.count() == 1, timeout=20000)
    dialog.field.setCurrentIndex(dialog.field.findData("topic_group"))
    assert dialog.values.currentWidget() is dialog.chosen_value
    assert dialog.current.text().startswith("Trồng trọt")
    dialog.chosen_value.set_key("law")
    dialog.propose_button.click()  # no reason yet: said, nothing asked
    assert dialog.message.text() == _("Say why the office asks for this correction.")
    dialog.reason.setText("Lớp phổ biến pháp luật")
    with answering_box(_("Don't ask")):  # the officer changes their mind
        dialog.propose_button.click()
    assert office_corrections(office) == [] and dialog.isVisible()
    with answering_box(_("Ask for it")):
        dialog.propose_button.click()
        qtbot.waitUntil(lambda: dialog.made is not None, timeout=20000)
    qtbot.waitUntil(lambda: screen.task is None and screen.table.rowCount() == 1, timeout=20000)
    assert screen.table.item(0, 2).text() == "nhóm chủ đề"
    assert screen.table.item(0, CHANGE).text().endswith("→ Phổ biến, giáo dục pháp luật")
