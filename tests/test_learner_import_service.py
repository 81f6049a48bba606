"""Importing learner lists through the service and the `clc learners import` command."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main
from desktop.errors import ValidationError
from desktop.importing.learner_sheet import SheetError
from desktop.progress import Cancelled, Progress
from desktop.services.learner_import import commit_import, preview_import
from desktop.services.learners import (
    LearnerInput,
    create_learner,
    get_learner,
    list_learners,
    normalise_input,
)

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Số điện thoại"]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: bool = True) -> Path:
    """A workbook as a commune keeps it: a title line, a blank line, then the table."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    if title:
        sheet.append(["DANH SÁCH HỌC VIÊN LỚP XÓA MÙ CHỮ"])
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def good_rows() -> list[list[object]]:
    return [HEADER,
            [1, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Nà Hạ", "912345678"],
            [2, "Sùng A Páo", "02/04/1979", "Nam", "H'Mông", "Bản Pá Khoang", None],
            [3, "Nguyễn Văn An", 1985, "Nam", "Kinh", "thon dong", None]]


def names(db) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(learner.full_name for learner in list_learners(db))


# ---- preview --------------------------------------------------------------------------------

def test_preview_counts_and_writes_nothing(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    preview = preview_import(db, path, today=today)
    assert (preview.total, preview.accepted, preview.rejected, preview.duplicates) == (3, 3, 0, 0)
    assert preview.problems == [] and preview.legacy_encoding is None
    assert preview.sheets == ["Danh sách"] and preview.sheet == "Danh sách"
    assert preview.headers == HEADER
    assert preview.mapping["full_name"] == 1 and preview.mapping["village"] == 5
    assert [row.row_number for row in preview.rows] == [4, 5, 6]  # as the sheet shows them
    assert list_learners(db) == []


def test_imported_learners_are_identical_to_hand_entered_ones(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    assert commit_import(db, preview_import(db, path, today=today)) == 3
    by_name = {learner.full_name: learner for learner in list_learners(db)}
    assert set(by_name) == {"Lò Thị Pấng", "Sùng A Páo", "Nguyễn Văn An"}
    pang = get_learner(db, by_name["Lò Thị Pấng"].id)
    typed = normalise_input(
        LearnerInput(full_name="Lò Thị Pấng", gender="female", birth_year=1990,
                     ethnic_group_key="thai", village_id=villages["Bản Nà Hạ"], phone="0912345678"),
        today=today, known_villages=set(villages.values()), villages_required=True)
    assert pang == typed
    pao = by_name["Sùng A Páo"]
    assert (pao.birth_date.isoformat(), pao.birth_year, pao.ethnic_group_key) == ("1979-04-02", 1979,
                                                                                   "hmong")
    # Villages are matched ignoring accents, case and the "Thôn"/"Bản" prefix.
    assert by_name["Nguyễn Văn An"].village == "Thôn Đông"
    assert by_name["Nguyễn Văn An"].name_sort and by_name["Nguyễn Văn An"].name_folded == "nguyen van an"


def test_empty_file_is_refused_with_a_clear_reason(db, villages, today, tmp_path):
    empty_xlsx = write_xlsx(tmp_path / "empty.xlsx", [], title=False)
    with pytest.raises(SheetError, match="empty"):
        preview_import(db, empty_xlsx, today=today)
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    with pytest.raises(SheetError, match="empty"):
        preview_import(db, empty_csv, today=today)


def test_wrong_columns_are_refused_naming_what_is_expected(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "wrong.xlsx", [["Mã hàng", "Số lượng", "Đơn giá"],
                                                 ["A01", 3, 15000]])
    with pytest.raises(SheetError) as raised:
        preview_import(db, path, today=today)
    assert "Họ và tên" in raised.value.message


def test_a_mapping_without_a_name_column_is_refused(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    with pytest.raises(SheetError):
        preview_import(db, path, mapping={"birth_year": 2, "village": 5}, today=today)


def test_a_40_character_decomposed_name_is_stored_nfc(db, villages, today, tmp_path):
    name = "Nguyễn Thị Hoàng Phương Thảo Nguyên Xuân"
    assert len(name) == 40
    decomposed = unicodedata.normalize("NFD", name)
    assert len(decomposed) > 40
    path = write_xlsx(tmp_path / "nfd.xlsx", [HEADER, [1, decomposed, 1990, "Nữ", "Kinh", "Thôn Tây"]])
    preview = preview_import(db, path, today=today)
    assert preview.accepted == 1, preview.problems
    commit_import(db, preview)
    [learner] = list_learners(db)
    assert learner.full_name == name and unicodedata.is_normalized("NFC", learner.full_name)


def test_bad_rows_are_rejected_with_reasons_and_the_rest_imported(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [
        HEADER,
        [1, "Cụ Già Nhất", 1890, "Nam", "Kinh", "Thôn Đông"],
        [2, "Hà Văn Sinh", 1978, "Nam", "Người Sao Hỏa", "Thôn Tây"],
        [3, "Vì Văn Bình", 1980, "Nam", "Thái", "Thôn Bắc"],
        [4, "Lò Văn Thiếu Thôn", 1980, "Nam", "Thái", None],
        [5, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Bản Nà Hạ"],
    ])
    preview = preview_import(db, path, today=today)
    problems = dict(preview.problems)
    assert (preview.total, preview.accepted, preview.rejected) == (5, 1, 4)
    assert "1890" in problems[4][0]
    assert "Người Sao Hỏa" in problems[5][0]
    assert "Thôn Bắc" in problems[6][0]
    assert problems[7]  # no village while the centre has villages
    assert {preview.status(row) for row in preview.rows if row.row_number in problems} == {"rejected"}
    assert commit_import(db, preview) == 1
    assert names(db) == ["Lò Thị Pấng"]


def test_a_default_village_fills_rows_without_one(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "one_village.xlsx", [
        ["STT", "Họ và tên", "Năm sinh", "Dân tộc"], [1, "Lò Thị Pấng", 1990, "Thái"]])
    assert preview_import(db, path, today=today).rejected == 1
    preview = preview_import(db, path, today=today, default_village_id=villages["Bản Nà Hạ"])
    assert preview.accepted == 1
    commit_import(db, preview)
    assert list_learners(db)[0].village == "Bản Nà Hạ"


def test_duplicates_are_flagged_and_not_imported_twice(db, villages, today, tmp_path):
    create_learner(db, LearnerInput(full_name="Nguyễn Văn An", birth_year=1985,
                                    village_id=villages["Thôn Đông"]), today=today)
    path = write_xlsx(tmp_path / "dups.xlsx", [
        HEADER,
        [1, "NGUYỄN VĂN AN", 1985, "Nam", "Kinh", "Thôn Đông"],  # already registered
        [2, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Bản Nà Hạ"],
        [3, "Lò  thị Pấng", 1990, "Nữ", "Thái", "Nà Hạ"],  # the same person as row 5
    ])
    preview = preview_import(db, path, today=today)
    assert (preview.total, preview.accepted, preview.rejected, preview.duplicates) == (3, 1, 0, 2)
    statuses = {row.row_number: preview.status(row) for row in preview.rows}
    assert statuses == {4: "duplicate", 5: "accepted", 6: "duplicate"}
    assert any("Nguyễn Văn An" in warning for warning in preview.rows[0].warnings)
    assert commit_import(db, preview) == 1
    assert names(db) == ["Lò Thị Pấng", "Nguyễn Văn An"]
    # The same file again: everyone is already registered, nothing is imported twice.
    again = preview_import(db, path, today=today)
    assert (again.accepted, again.duplicates) == (0, 3)
    assert commit_import(db, again) == 0
    assert len(list_learners(db)) == 2


def test_duplicates_are_imported_when_the_user_says_so(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "twins.xlsx", [
        HEADER, [1, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Bản Nà Hạ"],
        [2, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Bản Nà Hạ"]])
    preview = preview_import(db, path, today=today)
    assert commit_import(db, preview, include_duplicates=True) == 2
    assert names(db) == ["Lò Thị Pấng", "Lò Thị Pấng"]


def test_a_duplicate_of_a_rejected_row_is_kept(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "fixed.xlsx", [
        HEADER, [1, "Lò Thị Pấng", 1990, "Nữ", "Người Sao Hỏa", "Bản Nà Hạ"],
        [2, "Lò Thị Pấng", 1990, "Nữ", "Thái", "Bản Nà Hạ"]])
    preview = preview_import(db, path, today=today)
    assert (preview.accepted, preview.rejected, preview.duplicates) == (1, 1, 0)


def test_a_user_mapping_overrides_the_guess(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "odd.xlsx", [
        ["STT", "Họ và tên", "Năm sinh", "Thôn", "Ghi chú 2"],
        [1, "Lò Thị Pấng", 1990, "Bản Nà Hạ", "Bản Pá Khoang"]])
    guessed = preview_import(db, path, today=today)
    preview = preview_import(db, path, today=today, mapping={**guessed.mapping, "village": 4})
    assert preview.mapping["village"] == 4
    commit_import(db, preview)
    assert list_learners(db)[0].village == "Bản Pá Khoang"


def test_csv_lists_import_too(db, villages, today, tmp_path):
    path = write_csv(tmp_path / "list.csv", good_rows())
    preview = preview_import(db, path, today=today)
    assert preview.accepted == 3 and preview.sheets == ["list"]
    assert commit_import(db, preview) == 3


TCVN3_ROWS = [
    ["STT", "Hä vµ tªn", "N¨m sinh", "Giíi tÝnh", "D©n téc", "Th«n"],
    [1, "NguyÔn V¨n An", 1980, "Nam", "Kinh", "§«ng"],
    [2, "Lß ThÞ Hoa", 1985, "N÷", "Th¸i", "T©y"],
]


def test_a_tcvn3_file_is_converted_to_unicode(db, villages, today, tmp_path):
    pytest.importorskip("desktop.text.legacy_encoding")
    path = write_xlsx(tmp_path / "tcvn3.xlsx", TCVN3_ROWS)
    preview = preview_import(db, path, today=today)
    assert preview.legacy_encoding == "tcvn3"
    assert preview.accepted == 2, preview.problems
    commit_import(db, preview)
    assert names(db) == ["Lò Thị Hoa", "Nguyễn Văn An"]
    assert {learner.village for learner in list_learners(db)} == {"Thôn Đông", "Thôn Tây"}


# ---- one transaction ------------------------------------------------------------------------

def many_rows(count: int) -> list[list[object]]:
    return [HEADER] + [[number, f"Lường Thị Xuân {number}", 1960 + number % 40, "Nữ", "Thái",
                        "Thôn Tây"] for number in range(1, count + 1)]


def test_cancelling_half_way_leaves_nothing(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "many.xlsx", many_rows(30))
    preview = preview_import(db, path, today=today)
    reports: list[tuple[int, int]] = []
    progress = Progress()

    def report(done: int, total: int, _message: str) -> None:
        reports.append((done, total))
        if done == 15:
            progress.cancel()

    progress._on_report = report
    with pytest.raises(Cancelled):
        commit_import(db, preview, progress=progress)
    assert list_learners(db) == []
    assert reports[0] == (0, 30) and (15, 30) in reports


def test_a_failure_mid_way_leaves_nothing(db, villages, today, tmp_path):
    path = write_xlsx(tmp_path / "many.xlsx", many_rows(30))
    preview = preview_import(db, path, today=today)

    def fail(done: int, _total: int, _message: str) -> None:
        if done == 20:
            raise OSError("USB stick pulled out")

    with pytest.raises(OSError):
        commit_import(db, preview, progress=Progress(fail))
    assert list_learners(db) == []
    assert commit_import(db, preview, progress=Progress()) == 30


def test_a_row_that_became_invalid_after_the_preview_stops_the_whole_import(db, villages, today,
                                                                           tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    preview = preview_import(db, path, today=today)
    # Pretend the preview was made long ago: one learner is now out of the age range.
    number = preview.rows[2].row_number
    preview.inputs[number] = LearnerInput(full_name="Nguyễn Văn An", birth_year=1890,
                                          village_id=villages["Thôn Đông"])
    with pytest.raises(ValidationError, match=f"{number}"):
        commit_import(db, preview)
    assert list_learners(db) == []


# ---- the command ----------------------------------------------------------------------------

def test_cli_dry_run_reports_and_writes_nothing(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows() + [[4, "Cụ Già Nhất", 1890, "Nam", "Kinh",
                                                             "Thôn Đông"]])
    code = main(["learners", "import", str(path), "--db", str(db_path), "--dry-run", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 4 and report["accepted"] == 3 and report["rejected"] == 1
    assert report["imported"] == 0 and report["dry_run"] is True
    assert report["problems"][0]["row"] == 7 and "1890" in report["problems"][0]["errors"][0]
    assert main(["learners", "list", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == ""


def test_cli_imports_and_a_second_run_finds_duplicates(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "list.xlsx", good_rows())
    assert main(["learners", "import", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Đã đọc 3 dòng: 3 dòng nhận, 0 dòng không nhận" in out and "Đã nhập 3 học viên." in out
    # all three are already registered: nothing imported, which a script must see
    assert main(["learners", "import", str(path), "--db", str(db_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["duplicates"], report["imported"]) == (3, 0)
    assert main(["learners", "list", "--db", str(db_path)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3


def test_cli_fails_with_a_one_line_reason(db_path, tmp_path, capsys):
    wrong = write_xlsx(tmp_path / "wrong.xlsx", [["Mã hàng", "Số lượng"], ["A01", 3]])
    assert main(["learners", "import", str(wrong), "--db", str(db_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("clc learners: ") and len(error.strip().splitlines()) == 1
    assert main(["learners", "import", str(tmp_path / "missing.xlsx"), "--db", str(db_path)]) == 1
    assert "missing.xlsx" in capsys.readouterr().err
