"""Benchmark (a script, not a test): printed documents against a bare reportlab table.

    /tmp/venvtest/bin/python tests/bench/bench_printing.py [--runs 9]

Times the 60-learner monthly attendance sheet (20 sessions, filled) and a 12-month register of
600 classes and talks, each against a bare platypus Table holding the same cells, built in the
same run (same DejaVu Sans font, so both pay for embedding it). Target: at most 2x the bare figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

from desktop.i18n import set_language
from desktop.printing import (
    AttendanceSheetData,
    DocumentHeader,
    LearnerRow,
    RegisterData,
    RegisterRow,
    SessionColumn,
    render_attendance_sheet,
    render_register,
)
from desktop.printing.fonts import register_fonts

HEADER = DocumentHeader(
    "UBND xã Tà Xùa",
    "Trung tâm học tập cộng đồng",
    "Xã Tà Xùa",
    "Giám đốc",
    "Vàng A Chư",
    date=dt.date(2026, 3, 5),
)
SURNAMES = ["Nguyễn", "Lò", "Sùng", "Giàng", "Vàng", "Hờ", "Lý", "Đặng"]
GIVENS = ["Thị Pấng", "A Páo", "Thị Mỷ", "Văn Dính", "Seo Chứ", "Thị Hoàng Phương Thảo", "A Ước"]
VILLAGES = ["Háng Đồng", "Tà Xùa", "Pá Hốc", "Nậm Khắt"]
TOPICS = ["Trồng trọt", "Chăn nuôi", "Pháp luật", "Sức khỏe", "Chuyển đổi số"]


def attendance_data() -> AttendanceSheetData:
    learners = [
        LearnerRow(
            f"{SURNAMES[i % 8]} {GIVENS[i % 7]}", birth_year=1950 + i, village=VILLAGES[i % 4]
        )
        for i in range(60)
    ]
    sessions = [SessionColumn(f"s{i}", dt.date(2026, 3, 1 + i)) for i in range(20)]
    marks = {(r, s): "CCCPKM"[(r * 7 + s) % 6] for r in range(60) for s in range(20)}
    return AttendanceSheetData(
        HEADER,
        "XA01234-L2026-003",
        "Xóa mù chữ giai đoạn 1",
        "Lò Văn Dũng",
        "Nhà văn hóa bản Pá Hốc",
        2026,
        3,
        learners,
        sessions,
        marks,
    )


def register_data() -> RegisterData:
    rows = []
    for i in range(600):
        start = dt.date(2025, 1 + i % 12, 1 + i % 28)
        rows.append(
            RegisterRow(
                f"XA01234-CD2025-{i + 1:03d}",
                f"Chuyên đề {TOPICS[i % 5].lower()} số {i + 1}",
                TOPICS[i % 5],
                start,
                start,
                VILLAGES[i % 4],
                "Hội Nông dân",
                "Hờ A Của",
                1,
                40 + i % 90,
                20 + i % 30,
                10 + i % 40,
                1_500_000 if i % 3 == 0 else None,
            )
        )
    return RegisterData(HEADER, "01/2025 – 12/2025", rows)


def bare(blocks: list[list[list[str]]], header_rows: int) -> None:
    """The same cells as plain strings in a bare platypus Table on A4 landscape."""
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=23 * mm,
    )
    style = TableStyle(
        [("FONT", (0, 0), (-1, -1), "DejaVuSans", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
    )
    story: list[object] = []
    for block in blocks:
        if story:
            story.append(PageBreak())
        table = Table(block, repeatRows=header_rows)
        table.setStyle(style)
        story.append(table)
    document.build(story)


def attendance_cells(data: AttendanceSheetData) -> list[list[list[str]]]:
    blocks = []
    for start in (0, 10):
        rows = [
            [
                "STT",
                "Họ và tên",
                "Năm sinh",
                "Thôn",
                *(f"{d:02d}/03" for d in range(start + 1, start + 11)),
                "C",
                "P",
                "K",
                "Ghi chú",
            ]
        ]
        for r, learner in enumerate(data.learners):
            marks = [data.marks[(r, s)] for s in range(start, start + 10)]
            rows.append(
                [
                    str(r + 1),
                    learner.full_name,
                    str(learner.birth_year),
                    learner.village,
                    *marks,
                    "15",
                    "3",
                    "2",
                    "",
                ]
            )
        blocks.append(rows)
    return blocks


def register_cells(data: RegisterData) -> list[list[list[str]]]:
    rows = [
        [
            "STT",
            "Mã số",
            "Tên",
            "Chủ đề",
            "Thời gian",
            "Địa điểm",
            "Phối hợp",
            "GV",
            "Buổi",
            "Tổng",
            "Nữ",
            "DTTS",
            "Kinh phí",
        ]
    ] * 2
    for i, row in enumerate(data.rows):
        rows.append(
            [
                str(i + 1),
                row.code,
                row.name,
                row.topic,
                row.start.strftime("%d/%m/%Y") if row.start else "",
                row.venue,
                row.partner,
                row.teacher,
                str(row.sessions),
                str(row.participants),
                str(row.women),
                str(row.minority),
                str(row.funding or ""),
            ]
        )
    return [rows]


def timed(
    ours: Callable[[], object], bare_table: Callable[[], object], runs: int
) -> tuple[float, float, float]:
    """Best time of each and the median ratio, the two run in turns so machine load hits both."""
    ours(), bare_table()  # warm-up: imports, font registration, caches
    mine: list[float] = []
    plain: list[float] = []
    for _run in range(runs):
        for work, samples in ((ours, mine), (bare_table, plain)):
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
    ratio = statistics.median(a / b for a, b in zip(mine, plain, strict=True))
    return min(mine), min(plain), ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    set_language("vi")
    register_fonts()
    attendance, register = attendance_data(), register_data()
    cases = [
        (
            "attendance 60 learners x 20 sessions",
            lambda: render_attendance_sheet(attendance, io.BytesIO()),
            lambda: bare(attendance_cells(attendance), 1),
        ),
        (
            "register 600 rows (12 months)",
            lambda: render_register(register, io.BytesIO()),
            lambda: bare(register_cells(register), 2),
        ),
    ]
    print(f"best of {runs} runs each, taken in turns; ratio = median of the paired ratios")
    for label, ours, baseline in cases:
        mine, plain, ratio = timed(ours, baseline, runs)
        verdict = "ok" if ratio <= 2 else "OVER TARGET"
        figures = f"ours {mine * 1000:7.1f} ms  bare {plain * 1000:7.1f} ms  ratio {ratio:4.2f}"
        print(f"{label:38s} {figures}  {verdict}")


if __name__ == "__main__":
    main()
