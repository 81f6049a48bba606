"""The report written out: `clc report` JSON keys, the PDF read back, and the workbook checked
cell by cell with its totals as formulas. The centre is the hand-counted one of
test_report_indicators (October 2026)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.reports.periodic import ReportTexts
from desktop.reports.periods import parse_period
from desktop.services.reports import load_report_texts, save_report_texts
from tests.test_report_indicators import centre  # noqa: F401  (the fixture)

OCTOBER = parse_period("2026-10")
TOP_LEVEL = ("period", "centres", "classes_total", "sessions_total", "participant_times_total",
             "unique_learners_total", "loans_total")


def _clc(*args: str) -> int:
    return main(list(args))


def test_the_json_carries_every_indicator_at_its_top_level(db_path, centre, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "report.json"
    assert _clc("report", "--db", str(db_path), "--period", "2026-10", "--format", "json", "--out", str(out)) == 0
    assert capsys.readouterr().out.strip() == str(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(key in data for key in TOP_LEVEL)
    assert data["period"] == {"from": "2026-10-01", "to": "2026-10-31", "key": "2026-10", "kind": "month",
                              "label": "Tháng 10/2026"}
    assert data["centres"] == ["04321"] and data["counting"] == "attended"
    assert (data["classes_total"], data["sessions_total"], data["participant_times_total"],
            data["unique_learners_total"], data["loans_total"]) == (4, 7, 51, 4, 0)
    times = data["participant_times"]
    assert (times["women"], times["ethnic_minority"], times["rural_workers"]) == (33, 34, 6)
    assert times["age_bands"] == {"15-25": 5, "15-35": 6, "15-60": 9, "over-60": 2}
    assert times["topic_groups"] == {"literacy": 5, "agriculture": 3, "law": 40, "health": 3}
    assert data["participant_times_by_month"] == {"2026-10": 51}
    assert data["literacy"]["completions"] == {"literacy_1": 1}
    assert len(data["per_centre"]) == 1 and data["per_centre"][0]["participant_times_total"] == 51
    assert {"books", "poor_attendance", "topic_table", "unique_learners", "classes_by_kind"} <= set(data)


def test_the_counting_rule_can_be_chosen(db_path, centre, tmp_path):  # noqa: F811
    out = tmp_path / "report.json"
    _clc("report", "--db", str(db_path), "--period", "2026-10-01..2026-10-31", "--format", "json",
         "--out", str(out), "--counting", "enrolment")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["counting"], data["participant_times_total"]) == ("enrolment", 48)


@pytest.mark.parametrize(("args", "says"), [
    (("--period", "2026-13"), "Không có tháng 13"),
    (("--period", "2026-10", "--centre", "09999"), "09999"),
])
def test_bad_input_fails_in_one_line_and_writes_nothing(db_path, centre, tmp_path, capsys, args, says):  # noqa: F811
    out = tmp_path / "report.pdf"
    assert _clc("report", "--db", str(db_path), "--format", "pdf", "--out", str(out), *args) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("clc report: ") and says in error and "\n" not in error
    assert not out.exists() and not list(tmp_path.glob(".report-*"))


def test_the_pdf_has_the_four_sections_the_figures_and_the_texts_kept_for_the_period(db, db_path, centre,  # noqa: F811
                                                                                   tmp_path, capsys):
    texts = ReportTexts(situation="Xã có 9 thôn, bản; đồng bào dân tộc Mông chiếm đa số.",
                        assessment="Các lớp duy trì sĩ số tốt.", direction="Mở thêm lớp tin học.",
                        recipients=("Phòng Văn hóa – Xã hội xã", "Lưu: VT."))
    save_report_texts(db, OCTOBER, texts)
    assert load_report_texts(db, parse_period("2026-10-01..2026-10-31")) == texts  # by dates, not by spelling
    out = tmp_path / "report.pdf"
    assert _clc("--lang", "en", "report", "--db", str(db_path), "--period", "2026-10", "--format", "pdf",
                "--out", str(out)) == 0
    pages = len(PdfReader(out).pages)
    assert capsys.readouterr().out.strip() == f"{out}: {pages} pages"
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(out).pages)
    for expected in ("BÁO CÁO", "Tháng 10/2026", "I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ",
                     "IV. PHƯƠNG HƯỚNG", texts.situation, texts.assessment, texts.direction,
                     "Phòng Văn hóa – Xã hội xã", "Lượt người được tính mỗi người một lượt cho mỗi buổi có mặt",
                     "Lượt người tham gia theo nhóm chủ đề", "Phổ biến, giáo dục pháp luật"):
        assert expected in text, expected
    # the organisation sentence with the hand-counted figures (the document is Vietnamese under --lang en)
    assert "Trong kỳ đã tổ chức 4 lớp học và chuyên đề (trong đó 2 chuyên đề) với 7 buổi, thu hút 51 lượt" in text


def test_the_workbook_cell_by_cell_with_totals_as_formulas(db_path, centre, tmp_path):  # noqa: F811
    out = tmp_path / "report.xlsx"
    assert _clc("report", "--db", str(db_path), "--period", "2026-10", "--format", "xlsx", "--out", str(out)) == 0
    book = load_workbook(out)
    assert book.sheetnames[:4] == ["Tổng hợp", "Theo trung tâm", "Theo nhóm chủ đề", "Theo loại hình"]
    topics = book["Theo nhóm chủ đề"]
    assert [cell.value for cell in topics[2]] == ["Nhóm chủ đề", "Lớp học và chuyên đề", "Buổi học",
                                                  "Lượt người tham gia", "Nữ", "Dân tộc thiểu số",
                                                  "Lao động nông thôn"]
    rows = [[cell.value for cell in row] for row in topics.iter_rows(min_row=3, max_row=6)]
    assert rows == [
        ["Xóa mù chữ", 1, 3, 5, 5, 2, 3],
        ["Trồng trọt, chăn nuôi, lâm nghiệp, thủy sản, khuyến nông – lâm – ngư", 1, 2, 3, 2, 0, 2],
        ["Phổ biến, giáo dục pháp luật", 1, 1, 40, 25, 30, 0],
        ["Y tế, dinh dưỡng, dân số", 1, 1, 3, 1, 2, 1],
    ]
    assert [cell.value for cell in topics[7]] == ["Tổng số", "=SUM(B3:B6)", "=SUM(C3:C6)", "=SUM(D3:D6)",
                                                  "=SUM(E3:E6)", "=SUM(F3:F6)", "=SUM(G3:G6)"]
    summary = book["Tổng hợp"]
    assert [(row[0].value, row[1].value) for row in summary.iter_rows(min_row=3, max_row=6)] == [
        ("Số lớp học và chuyên đề đã tổ chức", 4), ("trong đó chuyên đề", 2), ("Số buổi đã học", 7),
        ("Lượt người tham gia", 51)]
    centres = book["Theo trung tâm"]
    assert [cell.value for cell in centres[3]][:5] == ["04321", "Trung tâm học tập cộng đồng xã Tân Lập", 4, 7, 51]
    assert centres["E4"].value == "=SUM(E3:E3)"
    months = book["Theo tháng"]
    assert [(months["A3"].value, months["B3"].value), months["B4"].value] == [("10/2026", 51), "=SUM(B3:B3)"]
    poor = book["Đi học không đều"]
    assert [cell.value for cell in poor[3]][:1] == ["Giàng Thị Mỷ"] and poor["D4"].value == 0


def test_the_learning_week_takes_the_dates_set_for_the_province(db, db_path, centre, tmp_path):  # noqa: F811
    from desktop.services.centre import set_setting

    set_setting(db, "learning_week_starts", "10-09")
    set_setting(db, "learning_week_days", "7")
    out = tmp_path / "week.json"
    assert _clc("report", "--db", str(db_path), "--period", "2026-LLW", "--format", "json", "--out", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["period"]["from"], data["period"]["to"]) == ("2026-10-09", "2026-10-15")
    assert data["sessions_total"] == 3  # Y's two (10 and 12/10) and X's of 15/10
