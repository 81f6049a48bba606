"""A new centre's first learner list: a survey export naming villages the centre does not know."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
import pytest

from desktop.cli import main
from desktop.services.centre import CentreSetup, add_village, list_villages, setup_centre
from desktop.services.learner_import import commit_import, preview_import
from desktop.services.learners import list_learners
from desktop.store.database import open_database
from tests.firstweek_lists import SURVEY_FIRST_ROW, SURVEY_PEOPLE, SURVEY_VILLAGES, survey_export

TODAY = dt.date(2026, 3, 10)
REFUSED = {  # sheet row → the reason, in Vietnamese
    SURVEY_FIRST_ROW + 16: "“31/2/1984” không phải là ngày có thật: tháng 2 năm 1984 chỉ có 29 ngày.",
    SURVEY_FIRST_ROW + 17: "Năm sinh 1870 trước năm 1900.",
    SURVEY_FIRST_ROW + 18: "Họ tên đang để trống.",
    SURVEY_FIRST_ROW + 19: "Không rõ dân tộc “Tày Nùng”.",
}


@pytest.fixture
def new_centre(tmp_path: Path):
    """A centre just set up: no villages, no learners."""
    path = tmp_path / "new-centre.sqlite"
    db = open_database(path)
    setup_centre(db, CentreSetup(name="Trung tâm học tập cộng đồng xã Tân Lập",
                                 commune_name="Xã Tân Lập", commune_code="04321", province_code="14"))
    yield db
    db.close()


def test_the_survey_export_is_read_with_split_names_and_day_month_year(new_centre, tmp_path: Path):
    preview = preview_import(new_centre, survey_export(tmp_path / "survey.xlsx"), today=TODAY,
                             add_villages=True)
    assert preview.headers[1:6] == ["Họ đệm", "Tên", "Ngày sinh", "Tháng sinh", "Năm sinh"]
    assert (preview.total, preview.accepted, preview.rejected) == (21, 17, 4)
    assert dict(preview.problems) == {row: [reason] for row, reason in REFUSED.items()}


def test_new_villages_are_added_with_the_import_and_two_spellings_make_one(new_centre, tmp_path: Path):
    preview = preview_import(new_centre, survey_export(tmp_path / "survey.xlsx"), today=TODAY,
                             add_villages=True)
    assert len(preview.new_villages) == SURVEY_VILLAGES
    spelled_twice = {village.name: village.other_spellings for village in preview.new_villages
                     if village.other_spellings}
    # The spelling most rows use is kept; on a tie, the one typed with capitals and diacritics.
    assert spelled_twice == {"Bản Nà Hạ": ("Na Ha",), "Thôn 3": ("thôn 03",)}
    assert commit_import(new_centre, preview) == 17
    villages = sorted(village.name for village in list_villages(new_centre))
    assert len(villages) == SURVEY_VILLAGES and "Na Ha" not in villages and "thôn 03" not in villages

    learners = {learner.full_name: learner for learner in list_learners(new_centre)}
    expected = [person for offset, person in enumerate(SURVEY_PEOPLE)
                if SURVEY_FIRST_ROW + offset not in REFUSED]
    assert len(learners) == len(expected) == 17
    spelling = {"Na Ha": "Bản Nà Hạ", "thôn 03": "Thôn 3"}
    for family, given, day, month, year, gender, _ethnic, village, _schooling in expected:
        learner = learners[f"{family} {given}"]
        assert learner.birth_year == year
        assert learner.birth_date == (dt.date(year, month, day) if day else None)
        assert learner.gender == ("female" if gender == "Nữ" else "male")
        assert learner.village == spelling.get(village, village)


def test_without_adding_villages_every_row_is_refused_and_the_villages_are_named(new_centre,
                                                                                  tmp_path: Path):
    preview = preview_import(new_centre, survey_export(tmp_path / "survey.xlsx"), today=TODAY)
    assert preview.accepted == 0 and preview.rejected == 21
    assert len(preview.new_villages) == SURVEY_VILLAGES
    reasons = dict(preview.problems)
    assert reasons[SURVEY_FIRST_ROW] == ["Thôn “Bản Nà Hạ” không có trong danh sách thôn."]
    assert list_villages(new_centre) == []


def test_spelling_variants_match_the_villages_already_listed(db, tmp_path: Path):
    add_village(db, "Thôn 3")
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn"])
    for number, (name, village) in enumerate([
            ("Lò Thị Mai", "Na Ha"), ("Cầm Văn Ơn", "thôn đông"), ("Vàng Thị Dợ", "thôn 03"),
            ("Hà Văn Khiêm", "Xóm 3"), ("Quàng Văn Sinh", "Bản Pá Khoang, xã Tân Lập"),
            ("Lường Thị Xuân", "Bản Mới")], start=1):
        sheet.append([number, name, 1980 + number, "Nữ", village])
    workbook.save(path)
    preview = preview_import(db, path, today=TODAY, add_villages=True)
    assert [village.name for village in preview.new_villages] == ["Bản Mới"]
    commit_import(db, preview)
    by_name = {learner.full_name: learner.village for learner in list_learners(db)}
    assert by_name == {"Lò Thị Mai": "Bản Nà Hạ", "Cầm Văn Ơn": "Thôn Đông",
                       "Vàng Thị Dợ": "Thôn 3", "Hà Văn Khiêm": "Thôn 3",
                       "Quàng Văn Sinh": "Bản Pá Khoang", "Lường Thị Xuân": "Bản Mới"}
    assert len(list_villages(db)) == 6


def test_the_command_names_the_unknown_villages_and_the_flag_that_adds_them(new_centre,
                                                                             tmp_path: Path, capsys):
    survey = survey_export(tmp_path / "survey.xlsx")
    database = str(tmp_path / "new-centre.sqlite")
    assert main(["learners", "import", str(survey), "--db", database]) == 1
    out = capsys.readouterr().out
    assert "15 thôn chưa có trong danh sách của trung tâm" in out
    assert "--add-villages" in out and "Bản Noong Hẹt" in out
    assert main(["learners", "import", str(survey), "--db", database, "--add-villages",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["imported"] == 17 and report["villages_added"] is True
    kept = {village["name"]: village["other_spellings"] for village in report["new_villages"]}
    assert kept["Thôn 3"] == ["thôn 03"] and len(kept) == SURVEY_VILLAGES


def test_the_preview_lists_the_new_villages_and_adds_them_unless_untold(qtbot, new_centre,
                                                                        tmp_path: Path):
    from desktop.ui.import_dialog import ImportDialog

    dialog = ImportDialog(new_centre, path=survey_export(tmp_path / "survey.xlsx"), today=TODAY)
    qtbot.addWidget(dialog)
    box = dialog.new_villages
    assert not box.isHidden() and box.add.isChecked()
    text = box.text.text()
    assert "15 thôn chưa có trong danh sách của trung tâm" in text
    assert "Giữ tên “Bản Nà Hạ”; trong danh sách còn viết là “Na Ha”." in text
    assert dialog.import_button.text() == "Nhập 17 học viên"
    box.add.setChecked(False)  # the rows of unknown villages are refused instead
    assert dialog.preview.accepted == 0 and not dialog.import_button.isEnabled()
    box.add.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=10000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [17]
    qtbot.waitUntil(lambda: dialog.task is None)
    assert len(list_villages(new_centre)) == SURVEY_VILLAGES
