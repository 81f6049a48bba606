"""At a centre, the class form's pick lists follow the office's reference lists once a return
package brought them (topic groups, kinds), and records keep the values a newer list dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.i18n import set_language
from desktop.services import activities
from desktop.services.reference_lists import topic_group_choices
from desktop.services.sync.reference_versions import current_reference, publish_reference_version
from desktop.services.sync.return_centre import import_returns
from desktop.services.sync.return_office import write_returns
from desktop.sync.returns import ReferenceEntry
from desktop.ui.activity_dialog import ActivityDialog
from tests.sync_support import connected_pair


@pytest.fixture()
def pair(tmp_path):
    with connected_pair(tmp_path, learners=2) as (office, centre):
        yield office, centre


def _send_back(office, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    [written] = write_returns(office, folder)
    return written.path


def _combo_items(combo) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(combo.itemText(index), combo.itemData(index)) for index in range(combo.count())]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_topic_groups_the_office_publishes_reach_the_class_form_and_a_new_class_can_use_them(
        qtbot, pair, tmp_path, language):
    office, centre = pair
    set_language(language)
    entries = [*current_reference(office, "topic_groups").entries,
               ReferenceEntry("digital_farming", "Chuyển đổi số nông nghiệp", "Digital farming")]
    assert publish_reference_version(office, "topic_groups", entries) == 1
    before = ActivityDialog(centre)
    qtbot.addWidget(before)
    assert before.topic_group.findData("digital_farming") < 0  # not before the return package
    [package] = import_returns(centre, [_send_back(office, tmp_path / "back")]).packages
    assert package.status == "imported"

    dialog = ActivityDialog(centre)
    qtbot.addWidget(dialog)
    label = "Chuyển đổi số nông nghiệp" if language == "vi" else "Digital farming"
    assert (label, "digital_farming") in _combo_items(dialog.topic_group)
    dialog.name.setText("Ứng dụng điện thoại trong bán chè")
    dialog.topic_group.setCurrentIndex(dialog.topic_group.findData("digital_farming"))
    saved = activities.create_activity(centre, dialog.collect())
    assert activities.get_activity(centre, saved.id).topic_group == "digital_farming"


def test_a_class_keeps_a_topic_group_the_office_dropped_and_a_new_class_cannot_take_it(qtbot, pair, tmp_path):
    office, centre = pair
    set_language("vi")
    [existing] = activities.list_activities(centre)
    assert existing.topic_group == "agriculture"
    kept = [entry for entry in current_reference(office, "topic_groups").entries if entry.key != "agriculture"]
    publish_reference_version(office, "topic_groups", kept)
    import_returns(centre, [_send_back(office, tmp_path / "back")])
    assert "agriculture" not in {choice.value for choice in topic_group_choices(centre)}

    dialog = ActivityDialog(centre, existing.id)
    qtbot.addWidget(dialog)
    assert dialog.topic_group.currentData() == "agriculture"  # shown and kept, under its own name
    assert "Trồng trọt" in dialog.topic_group.currentText()
    dialog.venue.setText("Nhà văn hóa bản Nà Hạ")
    activities.update_activity(centre, existing.id, dialog.collect())
    assert activities.get_activity(centre, existing.id).topic_group == "agriculture"

    fresh = ActivityDialog(centre)
    qtbot.addWidget(fresh)
    assert fresh.topic_group.findData("agriculture") < 0
    with pytest.raises(ValidationError):
        activities.create_activity(centre, activities.ActivityInput(
            name="Lớp mới", kind="short_course", topic_group="agriculture"))


def test_a_correction_to_a_topic_group_the_office_published_is_read_by_name_and_applies(pair, tmp_path):
    from desktop.services.sync.corrections import answer_correction, propose_correction, received_corrections

    office, centre = pair
    set_language("vi")
    [course] = activities.list_activities(centre)
    entries = [*current_reference(office, "topic_groups").entries,
               ReferenceEntry("digital_farming", "Chuyển đổi số nông nghiệp", "Digital farming")]
    publish_reference_version(office, "topic_groups", entries)
    propose_correction(office, table="activity", record_id=course.id, field="topic_group", value="digital_farming",
                       reason="Lớp dạy bán chè qua điện thoại")
    import_returns(centre, [_send_back(office, tmp_path / "back")])
    [asked] = received_corrections(centre)
    assert asked.value_text(asked.new) == "Chuyển đổi số nông nghiệp"
    assert asked.value_text(asked.current).startswith("Trồng trọt")
    answer_correction(centre, asked.id, accept=True)
    assert activities.get_activity(centre, course.id).topic_group == "digital_farming"


def test_the_names_of_an_offices_own_kinds_and_groups_show_in_lists_and_reports_not_their_keys(pair, tmp_path):
    from desktop.reports.labels import kind_label, topic_label
    from desktop.services.data_file import open_data_file
    from desktop.ui.models.activity_tables import kind_label as list_kind_label

    office, centre = pair
    set_language("vi")
    publish_reference_version(office, "activity_kinds", [*current_reference(office, "activity_kinds").entries,
                                                         ReferenceEntry("field_school", "Lớp học hiện trường", "")])
    publish_reference_version(office, "topic_groups", [*current_reference(office, "topic_groups").entries,
                                                       ReferenceEntry("digital_farming", "Chuyển đổi số nông nghiệp",
                                                                      "Digital farming")])
    assert kind_label("field_school") == "Lớp học hiện trường"  # at the office that published it
    [package] = import_returns(centre, [_send_back(office, tmp_path / "back")]).packages
    assert package.status == "imported"
    assert topic_label("digital_farming") == "Chuyển đổi số nông nghiệp"
    assert list_kind_label("field_school") == "Lớp học hiện trường"
    set_language("en")
    assert topic_label("digital_farming") == "Digital farming"
    assert kind_label("field_school") == "Lớp học hiện trường"  # no English name sent: the Vietnamese one

    from desktop.reference.activities import learn_received_names

    learn_received_names("topic_groups", [])  # as a fresh start knows nothing yet…
    assert topic_label("digital_farming") == "digital_farming"
    again = open_data_file(centre.path, check_integrity=False)  # …until the centre's file is opened
    try:
        assert topic_label("digital_farming") == "Digital farming"
    finally:
        again.close()
