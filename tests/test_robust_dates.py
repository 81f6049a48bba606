"""A date that cannot exist ("31/02/2020") is named as such everywhere: the window's date fields
and the list imports share one message builder (desktop.formatting.date_from_parts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.formatting import DateError, parse_date
from desktop.i18n import set_language
from desktop.importing.learner_sheet import preview_file
from desktop.services.activities import ActivityInput, create_activity, list_sessions

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("typed", "vietnamese", "english"), [
    ("31/02/2020", "“31/02/2020” không phải là ngày có thật: tháng 2 năm 2020 chỉ có 29 ngày.",
     "“31/02/2020” is not a date: month 2 of 2020 has 29 days."),
    ("29.02.2021", "“29.02.2021” không phải là ngày có thật: tháng 2 năm 2021 chỉ có 28 ngày.",
     "“29.02.2021” is not a date: month 2 of 2021 has 28 days."),
    ("31-04-2026", "“31-04-2026” không phải là ngày có thật: tháng 4 năm 2026 chỉ có 30 ngày.",
     "“31-04-2026” is not a date: month 4 of 2026 has 30 days."),
    ("0/5/2026", "“0/5/2026” không phải là ngày có thật: tháng 5 năm 2026 chỉ có 31 ngày.",
     "“0/5/2026” is not a date: month 5 of 2026 has 31 days."),
    ("12/13/2020", "“12/13/2020” không phải là ngày có thật: không có tháng 13.",
     "“12/13/2020” is not a date: there is no month 13."),
    ("5 tháng 3", "“5 tháng 3” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy, ví dụ 05/03/1985.",
     "“5 tháng 3” is not a date: write it as dd/mm/yyyy, for example 05/03/1985."),
    ("05/03/85", "“05/03/85” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy, ví dụ 05/03/1985.",
     "“05/03/85” is not a date: write it as dd/mm/yyyy, for example 05/03/1985."),
])
def test_a_date_that_cannot_exist_is_named_as_such_in_both_languages(typed, vietnamese, english):
    with pytest.raises(DateError) as caught:
        parse_date(typed)
    assert caught.value.message == vietnamese
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still work
    set_language("en")
    with pytest.raises(DateError) as caught:
        parse_date(typed)
    assert caught.value.message == english


def test_real_dates_still_read_in_every_spelling():
    assert parse_date(" 29/02/2020 ") == dt.date(2020, 2, 29)
    assert parse_date("5-9-2026") == dt.date(2026, 9, 5)
    assert parse_date("05.09.2026") == dt.date(2026, 9, 5)
    assert parse_date("") is None


def test_an_imported_birth_date_that_cannot_exist_says_so(tmp_path: Path):
    path = tmp_path / "danh-sach.csv"
    path.write_text("Họ và tên,Ngày sinh,Thôn\n"
                    "Lò Thị Ban,31/02/1990,Thôn Đông\n"
                    "Lò Văn Cầm,1990-13-01,Thôn Đông\n"
                    "Quàng Thị Đôi,13/1990,Thôn Đông\n"
                    "Lường Văn Ém,29/02/1992,Thôn Đông\n", encoding="utf-8")
    preview = preview_file(path, villages=["Thôn Đông"], today=TODAY)
    errors = {row.row_number: row.errors for row in preview.rows}
    assert errors[2] == ["“31/02/1990” không phải là ngày có thật: tháng 2 năm 1990 chỉ có 28 ngày."]
    assert errors[3] == ["“1990-13-01” không phải là ngày có thật: không có tháng 13."]
    assert errors[4] == ["“13/1990” không phải là ngày có thật: không có tháng 13."]
    assert errors[5] == []


@pytest.mark.gui
def test_the_session_dialog_says_the_day_does_not_exist(qtbot, db, villages):
    from desktop.ui.session_dialogs import SessionDialog

    activity = create_activity(db, ActivityInput(
        name="Xóa mù chữ Thôn Đông", kind="literacy_1", topic_group="literacy",
        village_id=villages["Thôn Đông"], start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2020, 12, 31))).id
    dialog = SessionDialog(db, activity)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.date.setText("31/02/2020")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible() and list_sessions(db, activity) == []
    assert dialog.error_label.text() == (
        "“31/02/2020” không phải là ngày có thật: tháng 2 năm 2020 chỉ có 29 ngày.")
    assert dialog.date.hasFocus()
