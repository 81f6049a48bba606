"""A full disk while saving a mark, exporting a package, printing a PDF and backing up: a clear
message, the database unchanged and usable, nothing half-written left under its real name.

The disk is real: a small tmpfs mounted in a private mount namespace (`unshare -r -m`, no root
needed), filled to the last byte before the action."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.activities import list_activities
from desktop.store.database import open_database
from tests.sync_support import connect, new_centre, new_office

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("disk_full_child.py")


def _namespaces_work() -> bool:
    try:
        return subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


pytestmark = pytest.mark.skipif(sys.platform == "win32" or not _namespaces_work(),
                                reason="needs user and mount namespaces for a small real disk")
FULL = "ổ đĩa đã đầy"


def on_a_small_disk(disk: Path, command: list[str], *, size: str = "4m", before: str = "",
                    fill: bool = False, list_after: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `command` with a `size` tmpfs mounted on `disk` (after the shell `before`, and filled
    up first when `fill`); with `list_after`, the disk's files follow on stdout after a line
    "--" (the disk goes with the namespace)."""
    disk.mkdir(exist_ok=True)
    steps = [f"mount -t tmpfs -o size={size} tmpfs '{disk}'"]
    if before:
        steps.append(before)
    if fill:
        steps.append(f"(dd if=/dev/zero of='{disk}/filler' bs=4k 2>/dev/null; "
                     f"dd if=/dev/zero of='{disk}/filler2' bs=512 2>/dev/null; true)")
    quoted = " ".join(f"'{part}'" for part in command)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = (f"{quoted}; code=$?; echo --; ls -A '{disk}'; exit $code" if list_after else f"exec {quoted}")
    return subprocess.run(["unshare", "-r", "-m", "sh", "-c", " && ".join(steps) + f" && {run}"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def run_child(action: str, database: Path, disk: Path, *, before: str = "") -> dict[str, object]:
    result = on_a_small_disk(disk, [sys.executable, str(CHILD), action, str(database), str(disk)],
                             before=before)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_mark_saved_on_a_full_disk_is_refused_clearly_and_nothing_is_lost(tmp_path):
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    source = centre.path
    centre.close()
    disk = tmp_path / "disk"
    outcome = run_child("mark", disk / source.name, disk, before=f"cp '{source}' '{disk}/'")
    assert "saved_on_full_disk" not in outcome
    assert outcome["message"] == "Ổ đĩa đã đầy. Hãy giải phóng bớt dung lượng rồi thử lại; dữ liệu không bị mất."
    assert outcome["unchanged"] and outcome["sound"] and outcome["saved_after"]


def test_a_package_exported_to_a_full_stick_leaves_no_package_and_no_outbox_entry(tmp_path):
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    connect(office, centre, tmp_path / "keys")
    office.close()
    centre.close()
    stick = tmp_path / "stick"
    outcome = run_child("export", centre.path, stick)
    assert "exported_on_full_disk" not in outcome
    assert FULL in outcome["message"].lower() or "đầy" in outcome["message"], outcome["message"]
    assert outcome["left_on_stick"] == [] and outcome["outbox"] == 0
    assert outcome["exported_after"] and outcome["sound"]


def test_a_backup_on_a_full_disk_leaves_no_backup_and_the_database_usable(tmp_path):
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    centre.close()
    outcome = run_child("backup", centre.path, tmp_path / "disk")
    assert "backed_up_on_full_disk" not in outcome
    assert outcome["message"].startswith("Chưa sao lưu được vào ") and FULL in outcome["message"]
    assert outcome["left"] == []  # neither a .partial nor anything under a backup's name
    assert outcome["backed_up_after"] and outcome["sound"]


def test_a_pdf_printed_to_a_full_disk_is_refused_clearly_and_not_left_half_written(tmp_path):
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    code = list_activities(centre)[0].code
    centre.close()
    disk = tmp_path / "disk"
    result = on_a_small_disk(disk, [sys.executable, "-m", "desktop", "--lang", "vi", "print", "attendance", "--db",
                                    str(centre.path), "--class", code, "--month", "2026-11",
                                    "--out", str(disk / "diem-danh.pdf")],
                             size="256k", fill=True, list_after=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"clc print: Không ghi được {disk / 'diem-danh.pdf'}: {FULL}"
    assert result.stdout.split("--\n")[1].split() == ["filler", "filler2"]  # no PDF, no .part
    db = open_database(centre.path)  # the full check at opening: sound, and it prints once there is room
    db.close()
