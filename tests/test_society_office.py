"""The learning society at an office: two demo centres exported with `clc export` and imported
into one office; the office's learning-model and fund totals are the sum of the centres' own,
and it shows each centre's figures as the centre does."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from desktop.reports.periodic import report_json
from desktop.reports.periods import year_period
from desktop.services.reports import build_report
from desktop.services.sync.receive import import_packages
from desktop.store.database import open_database
from tests.sync_support import connect, new_office

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 23)


def _demo(path: Path, commune: str, seed: int) -> None:
    subprocess.run([sys.executable, "-m", "desktop", "demo", str(path), "--years", "1", "--seed", str(seed),
                    "--commune-code", commune, "--today", TODAY.isoformat()], cwd=ROOT, check=True,
                   capture_output=True)


def _society(report: dict) -> tuple[dict, dict]:
    return report["learning_models"], report["fund"]


def test_the_office_totals_are_the_sum_of_the_centres(tmp_path: Path):
    _demo(tmp_path / "chieng-hoa.sqlite", "04321", 1)
    _demo(tmp_path / "ban-xeo.sqlite", "04567", 2)
    office = new_office(tmp_path / "office")
    centres = [open_database(tmp_path / "chieng-hoa.sqlite"), open_database(tmp_path / "ban-xeo.sqlite")]
    try:
        for centre in centres:
            connect(office, centre, tmp_path / "keys")
        stick = tmp_path / "stick"
        stick.mkdir()
        for centre in centres:
            subprocess.run([sys.executable, "-m", "desktop", "export", "--db", str(centre.path), "--out", str(stick)],
                           cwd=ROOT, check=True, capture_output=True)
        report = import_packages(office, [stick])
        assert [package.status for package in report.packages] == ["imported", "imported"]
        assert all(not package.set_aside for package in report.packages)
        for year in (2025, 2026):
            period = year_period(year)
            own = [report_json(build_report(centre, period, as_of=TODAY)) for centre in centres]
            at_office = report_json(build_report(office, period, as_of=TODAY))
            assert [_society(item) for item in at_office["per_centre"]] == [_society(item) for item in own]
            models, fund = _society(at_office)
            for model, figures in models.items():
                assert figures["registered"] == sum(item["learning_models"][model]["registered"] for item in own)
                assert figures["recognised"] == sum(item["learning_models"][model]["recognised"] for item in own)
                assert figures["registered"] > 0
            for name in ("opening_balance", "receipts", "receipts_in_kind", "payments", "advances", "balance"):
                assert fund[name] == sum(item["fund"][name] for item in own)
            assert fund["receipts"] > 0 and fund["payments"] > 0
            # the demo's centres share their targets, so the total keeps them
            assert models["family"]["target"] == own[0]["learning_models"]["family"]["target"]
        # the office's workbook: a line per centre, its fund balance as the centre has it
        from openpyxl import load_workbook

        from desktop.reports.workbook import write_workbook

        write_workbook(build_report(office, year_period(2026), as_of=TODAY), tmp_path / "office.xlsx")
        sheet = load_workbook(tmp_path / "office.xlsx")["Xã hội học tập theo trung tâm"]
        lines = [row for row in sheet.iter_rows(min_row=3, values_only=True) if str(row[0] or "").isdigit()]
        assert [(row[0], row[-1]) for row in lines] == [(item["centres"][0], item["fund"]["balance"]) for item in own]
    finally:
        for db in (*centres, office):
            db.close()
