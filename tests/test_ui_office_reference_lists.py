"""The office's Reference lists screen: every registered kind of list, edited from the keyboard and
published as the next version after a question; and its Settings: a new key for the office and the
minimum version centres must run, each confirmed before anything is sent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.i18n import _, set_language
from desktop.services.activities import list_activities
from desktop.services.reference_lists import topic_group_choices
from desktop.services.sync.keys import own_key
from desktop.services.sync.receive import import_packages
from desktop.services.sync.reference_kinds import (
    ReferenceListKind, reference_list_kind, reference_list_kinds, register_reference_list,
)
from desktop.services.sync.reference_versions import current_reference
from desktop.services.sync.return_centre import import_returns
from desktop.services.sync.return_office import minimum_app_version, write_returns
from desktop.sync.returns import ReferenceEntry
from desktop.ui.office.key_change import ChangeKeyDialog
from desktop.ui.office.reference_lists import NAME_ROLE, NAME_VI, ReferenceListsScreen
from desktop.ui.office.settings import OfficeSettingsScreen
from tests.sync_support import connect, new_centre, new_office, send
from tests.ui_support import answering_box


@pytest.fixture()
def office(tmp_path):
    db = new_office(tmp_path / "office")
    yield db
    db.close()


def _screen(qtbot, office) -> ReferenceListsScreen:  # type: ignore[no-untyped-def]
    screen = ReferenceListsScreen(office)
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.task is None and screen.table.rowCount() > 0, timeout=20000)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    return screen


def test_every_registered_kind_of_list_is_offered_a_new_one_too(qtbot, office):
    set_language("en")
    targets = register_reference_list(ReferenceListKind(
        "learning_model_targets", lambda: "Learning-model targets", lambda: "Targets per village.",
        lambda: (ReferenceEntry("family", "Gia đình học tập", "Learning family"),)))
    try:
        screen = _screen(qtbot, office)
        names = [screen.lists.item(row).data(NAME_ROLE) for row in range(screen.lists.count())]
        assert names == [kind.name for kind in reference_list_kinds()]
        assert {"topic_groups", "activity_kinds", "partner_bodies", "admin_codes", "learning_model_targets"} <= set(names)
        screen.lists.setCurrentRow(names.index("learning_model_targets"))
        assert screen.table.item(0, NAME_VI).text() == "Gia đình học tập"
        assert screen.list_box.title() == "Learning-model targets"
    finally:
        from desktop.services.sync import reference_kinds

        del reference_kinds._KINDS[targets.name]
    assert reference_list_kind("learning_model_targets") is None


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_office_adds_a_topic_group_publishes_it_and_a_centre_gets_it(qtbot, office, tmp_path, language):
    set_language(language)
    centre = new_centre(tmp_path / "centre", "Mường Than", "04711", learners=1)
    try:
        connect(office, centre, tmp_path / "keys")
        import_packages(office, [send(centre, tmp_path / "s1")])
        screen = _screen(qtbot, office)
        assert screen.current_kind().name == "topic_groups"
        national = current_reference(office, "topic_groups").entries
        assert screen.table.rowCount() == len(national) and not screen.discard_button.isEnabled()
        assert screen.publish_button.text() == _("Publish version {version}…").format(version=1)

        qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a new row, typing its name
        row = screen.table.currentRow()
        assert row == len(national) and screen.table.currentColumn() == NAME_VI
        screen.table.item(row, NAME_VI).setText("Chuyển đổi số nông nghiệp")
        screen.table.item(row, NAME_VI + 1).setText("Digital farming")
        assert screen.discard_button.isEnabled()
        with answering_box(_("Don't publish")):
            qtbot.keyClick(screen.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert current_reference(office, "topic_groups").version == 0  # nothing published
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)
        with answering_box(_("Publish")) as texts:
            qtbot.keyClick(screen.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: current_reference(office, "topic_groups").version == 1, timeout=20000)
        assert str(len(national) + 1) in texts[0]
        qtbot.waitUntil(lambda: screen.task is None and "1" in screen.version.text() and
                        screen.table.rowCount() == len(national) + 1, timeout=20000)
        published = current_reference(office, "topic_groups").entries
        assert published[-1] == ReferenceEntry("chuyen_doi_so_nong_nghiep", "Chuyển đổi số nông nghiệp",
                                               "Digital farming")  # its key made from the name
        assert not screen.table.item(len(national), 0).flags() & Qt.ItemFlag.ItemIsEditable  # keys stay once sent
        assert screen.publish_button.text() == _("Publish version {version}…").format(version=2)
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)
        qtbot.keyClick(screen.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing changed: said
        assert screen.message.text() == _("Nothing has changed since version {version}.").format(version=1)

        (tmp_path / "back").mkdir()
        [written] = write_returns(office, tmp_path / "back")
        import_returns(centre, [written.path])
        assert "chuyen_doi_so_nong_nghiep" in {choice.value for choice in topic_group_choices(centre)}
        assert list_activities(centre)[0].topic_group == "agriculture"  # kept
    finally:
        centre.close()


def test_a_removed_entry_and_a_duplicate_key_show_the_services_words(qtbot, office):
    set_language("vi")
    screen = _screen(qtbot, office)
    screen.lists.setCurrentRow([screen.lists.item(r).data(NAME_ROLE) for r in range(screen.lists.count())]
                               .index("admin_codes"))
    assert screen.table.rowCount() == 0  # no national list of codes: the office makes it
    screen.add_entry()
    screen.table.item(0, NAME_VI).setText("Xã Mường Than")
    screen.publish()  # a code is the key of this list: asked for before any question
    assert screen.message.text() == _("Each entry of this list needs its official code as the key.")
    screen.table.item(0, 0).setText("04711")
    screen.add_entry()
    screen.table.item(1, 0).setText("04711")
    screen.table.item(1, NAME_VI).setText("Xã Mường Kim")
    with answering_box(_("Publish")):
        screen.publish()
        qtbot.waitUntil(lambda: screen.task is None and bool(screen.message.text()), timeout=20000)
    assert screen.message.text() == _("A key is listed twice.")
    assert current_reference(office, "admin_codes").version == 0
    screen.table.item(1, 0).setText("04714")
    with answering_box(_("Publish")):
        screen.publish()
        qtbot.waitUntil(lambda: current_reference(office, "admin_codes").version == 1, timeout=20000)
    qtbot.waitUntil(lambda: screen.task is None and screen.table.rowCount() == 2, timeout=20000)
    screen.table.setCurrentCell(0, NAME_VI)
    screen.remove_entry()
    assert screen.table.rowCount() == 1 and screen.discard_button.isEnabled()
    screen.discard()
    assert screen.table.rowCount() == 2


@pytest.mark.parametrize("language", ["vi", "en"])
def test_settings_change_the_offices_key_after_a_reason_and_set_the_minimum_version(qtbot, office, language):
    set_language(language)
    screen = OfficeSettingsScreen(office)
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    screen.refresh()
    before = own_key(office).fingerprint

    def no_reason_then_keep(dialog: ChangeKeyDialog) -> None:
        def act() -> None:
            dialog.change_button.click()  # no reason: refused in words, still open
            assert dialog.message.text() == _("Say why the office's key is changed.") and dialog.isVisible()
            dialog.keep_button.click()
        QTimer.singleShot(0, act)

    screen._change_key(no_reason_then_keep)
    assert own_key(office).fingerprint == before

    def with_reason(dialog: ChangeKeyDialog) -> None:
        def act() -> None:
            dialog.reason.setText("Máy tính của phòng bị mất")
            dialog.change_button.click()
        QTimer.singleShot(0, act)

    with answering_box(_("OK")) as texts:  # what to do next, once the key is changed
        screen._change_key(with_reason)
        qtbot.waitUntil(lambda: bool(texts), timeout=20000)
    assert own_key(office).fingerprint != before
    assert screen.own_digits.text() == own_key(office).digits

    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.minimum_version.setText("1.x")
    qtbot.keyClick(screen.minimum_version, Qt.Key.Key_Return)  # said at once, before any question
    assert screen.minimum_message.text() == _("Write the version as numbers with dots, such as 1.4.0.")
    assert minimum_app_version(office) == ""
    screen.minimum_version.setText("9.1")
    with answering_box(_("Don't save")):
        screen.save_minimum.click()
    assert minimum_app_version(office) == "" and screen.minimum_version.text() == ""
    screen.minimum_version.setText("9.1")
    with answering_box(_("Save")) as texts:
        screen.save_minimum.click()
        qtbot.waitUntil(lambda: minimum_app_version(office) == "9.1", timeout=20000)
    assert "9.1" in texts[0]
    qtbot.waitUntil(lambda: "9.1" in screen.minimum_message.text(), timeout=20000)
