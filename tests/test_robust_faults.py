"""Faults of the machine, not of the data: a damaged file, a read-only folder, a full disk, a bug.
`clc` reports each in one clear line (or its check report) and never shows a traceback.

The read-only folder and the full disk are real: the command runs in a private mount namespace
(`unshare -r -m`, no root needed) on a read-only bind mount or on a 64 KB tmpfs. Where user
namespaces are not available the full disk is made with RLIMIT_FSIZE instead (writes past the
limit fail as on a full disk), and the read-only folder with chmod when not running as root.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.centre import set_setting
from desktop.store.database import open_database

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts and limits")


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True).returncode == 0


NAMESPACES = _namespaces_work()


def clc(*arguments: str, setup: str = "", limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `clc` in a child process; `setup` is shell run first in a private mount
    namespace (mounting there touches nothing outside the test)."""
    command = [sys.executable, "-m", "desktop", *arguments]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if setup:
        quoted = " ".join(f"'{part}'" for part in command)
        command = ["unshare", "-r", "-m", "sh", "-c", f"{setup} && exec {quoted}"]

    def limit() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                          preexec_fn=limit if limit_file_size else None)


def read_only_folder(folder: Path) -> str:
    """Shell setup making `folder` read-only for the command, or a skip."""
    if NAMESPACES:
        return f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' '{folder}'"
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return ""
    pytest.skip("root without user namespaces: a folder cannot be made read-only")


def assert_one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr + result.stdout
    assert "sqlalche.me" not in result.stderr + result.stdout
    return result.stderr.strip()


def damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(2, size // 4096, 3):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xde\xad\xbe\xef" * 200)


# --- clc check ---------------------------------------------------------------------------------------

def test_check_reports_a_damaged_file_and_fails(db_path):
    damage(db_path)
    result = clc("check", "--db", str(db_path))
    assert result.returncode == 1 and assert_one_clear_line(result) == ""
    lines = result.stdout.splitlines()
    assert "Tính toàn vẹn: database disk image is malformed" in lines
    assert ("Vấn đề: Tệp dữ liệu bị hỏng. Hãy khôi phục từ một bản sao lưu (trong thư mục "
            "“backups” cạnh tệp).") in lines


def test_check_in_a_read_only_folder_reports_instead_of_crashing(db_path):
    setup = read_only_folder(db_path.parent)
    result = clc("check", "--db", str(db_path), "--json", setup=setup)
    assert result.returncode == 1 and assert_one_clear_line(result) == ""
    import json

    report = json.loads(result.stdout)
    assert report["integrity"] == "ok" and report["schema"] == report["app_schema"]
    [problem] = report["problems"]
    assert "chỉ đọc được, không ghi được" in problem and "Tệp không bị hỏng" in problem


def test_a_database_in_a_read_only_folder_is_not_called_damaged(db_path, tmp_path):
    listing = tmp_path / "list" / "hoc-vien.csv"
    listing.parent.mkdir()
    listing.write_text("Họ và tên,Năm sinh,Thôn\nLò Văn A,1980,Thôn Đông\n", encoding="utf-8")
    setup = read_only_folder(db_path.parent)
    result = clc("learners", "import", str(listing), "--db", str(db_path), setup=setup)
    message = assert_one_clear_line(result)
    assert result.returncode == 1 and len(message.splitlines()) == 1
    assert message == (
        f"clc learners: Tệp dữ liệu centre.sqlite chỉ đọc được, không ghi được: thư mục "
        f"{db_path.parent} chứa nó ở chế độ chỉ đọc (đĩa CD, thư mục được bảo vệ hoặc USB đã gạt "
        f"khóa), hoặc tài khoản này không được ghi vào đó. Tệp không bị hỏng. Hãy chép tệp sang "
        f"một thư mục ghi được, ví dụ Documents, rồi mở bản chép đó.")


# --- clc backup on a full disk --------------------------------------------------------------------------

@pytest.mark.parametrize(("full_disk", "reason"), [
    ("tmpfs", "ổ đĩa đã đầy"),
    # SQLite reports a write past the file-size limit as an I/O error, not as a full disk
    ("file-size-limit", "không ghi được vào ổ đĩa (có thể ổ đã đầy, đã bị rút ra hoặc bị hỏng)"),
])
def test_backup_on_a_full_disk_says_so_and_leaves_nothing_behind(db_path, tmp_path, full_disk,
                                                                  reason):
    target = tmp_path / "usb"
    target.mkdir()
    if full_disk == "tmpfs":
        if not NAMESPACES:
            pytest.skip("no user namespaces to mount a small disk in")
        result = clc("backup", "--db", str(db_path), "--out", str(target),
                     setup=f"mount -t tmpfs -o size=64k tmpfs '{target}'")
    else:
        # the database file is written too (its WAL), so the limit sits above those writes
        result = clc("backup", "--db", str(db_path), "--out", str(target),
                     limit_file_size=db_path.stat().st_size // 2)
    message = assert_one_clear_line(result)
    assert result.returncode == 1
    assert message == (f"clc backup: Chưa sao lưu được vào {target}: {reason}. Tệp dữ liệu "
                       f"vẫn nguyên vẹn; hãy giải phóng bớt chỗ trống hoặc sao lưu sang ổ đĩa khác.")
    assert list(target.iterdir()) == []  # no zero-byte .partial
    assert sqlite3.connect(db_path).execute("PRAGMA quick_check").fetchone() == ("ok",)


# --- the command line's language, exit codes and unexpected errors ----------------------------------------

def test_the_command_speaks_the_saved_language_unless_told(db_path, tmp_path, capsys):
    db = open_database(db_path)
    set_setting(db, "language", "en")
    db.close()
    listing = tmp_path / "hoc-vien.csv"
    listing.write_text("Họ và tên,Năm sinh,Thôn\nLò Văn A,1980,Thôn Đông\nLò Văn B,1880,Thôn Đông\n",
                       encoding="utf-8")
    assert main(["learners", "import", str(listing), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("2 rows read: 1 accepted, 1 refused, 0 probably already "
                                   "registered (not imported). Dry run, nothing saved: 1 learner "
                                   "would be imported.")
    assert out.splitlines()[1].startswith("  row 3, refused: ")
    assert main(["--lang", "vi", "learners", "import", str(listing), "--db", str(db_path),
                 "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith("Đã đọc 2 dòng: 1 dòng nhận, 1 dòng không nhận")


def test_an_import_that_imports_nothing_fails(db_path, tmp_path, capsys):
    header_only = tmp_path / "trong.csv"
    header_only.write_text("Họ và tên,Năm sinh,Thôn\n", encoding="utf-8")
    assert main(["learners", "import", str(header_only), "--db", str(db_path)]) == 1
    assert "không có gì để nhập" in capsys.readouterr().out
    refused = tmp_path / "sai.csv"
    refused.write_text("Họ và tên,Năm sinh,Thôn\nLò Văn A,1880,Thôn Đông\n", encoding="utf-8")
    assert main(["learners", "import", str(refused), "--db", str(db_path)]) == 1
    assert main(["learners", "import", str(refused), "--db", str(db_path), "--dry-run"]) == 1
    books = tmp_path / "sach.csv"
    books.write_text("Tên sách,Tác giả,Năm xuất bản\nA,B,1200\n", encoding="utf-8")
    assert main(["books", "import", str(books), "--db", str(db_path)]) == 1
    books.write_text("Tên sách,Tác giả,Năm xuất bản\n", encoding="utf-8")
    assert main(["books", "import", str(books), "--db", str(db_path)]) == 1
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM learner").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM book_copy").fetchone() == (0,)


def test_an_unexpected_error_is_one_line_and_a_logged_traceback(db_path, tmp_path, monkeypatch,
                                                                 capsys):
    import desktop.cli as cli

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def broken(_args):  # stands for a bug anywhere below the command line
        raise KeyError("village")

    monkeypatch.setitem(cli.COMMANDS, "check", broken)
    assert main(["check", "--db", str(db_path)]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    log = tmp_path / "data" / "CLC Ledger" / "logs" / "clc-ledger.log"
    assert line == (f"clc check: một lỗi không lường trước đã làm lệnh dừng lại (KeyError); không "
                    f"làm thêm gì nữa. Chi tiết được ghi trong {log}.")
    text = log.read_text(encoding="utf-8")
    assert "clc check failed unexpectedly" in text and "Traceback" in text
    assert "raise KeyError(\"village\")" in text


def test_a_file_the_system_refuses_is_named_in_the_users_language(db_path, tmp_path, capsys):
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    target = tmp_path / "missing-folder" / "backups"
    assert main(["backup", "--db", str(db_path), "--out", str(folder / "x")]) == 0  # made for it
    capsys.readouterr()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["backup", "--db", str(db_path), "--out", str(blocker / "backups")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"clc backup: Chưa sao lưu được vào {blocker / 'backups'}: ")
    assert "Not a directory" not in line and "File exists" not in line
    assert not target.exists()


def clc_writing_to(stdout: int, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *arguments], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_output_to_a_reader_that_went_away_ends_quietly(db, db_path, villages):
    """`clc learners list | head -1`: the pipe closes early; no traceback, no odd message."""
    from desktop.services.learners import LearnerInput, create_learner

    for number in range(3):
        create_learner(db, LearnerInput(full_name=f"Lò Văn {number}", village_id=villages["Thôn Đông"]))
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line
    try:
        result = clc_writing_to(write_end, "learners", "list", "--db", str(db_path))
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_a_full_disk_says_so_without_an_empty_file_name(db, db_path, villages):
    from desktop.services.learners import LearnerInput, create_learner

    create_learner(db, LearnerInput(full_name="Lò Văn Thắng", village_id=villages["Thôn Đông"]))
    with open("/dev/full", "w") as full:
        result = clc_writing_to(full.fileno(), "learners", "list", "--db", str(db_path))
    assert result.returncode == 1
    assert result.stderr.strip() == "clc learners: ổ đĩa đã đầy."


def test_the_window_offers_a_restore_only_for_a_damaged_file_with_backups(db, db_path):
    from desktop.store.backup import make_backup
    from desktop.store.database import translate_operational_error
    from desktop.ui.restore_offer import restore_can_help

    damaged = translate_operational_error(
        sqlite3.DatabaseError("database disk image is malformed"), db_path)
    assert not restore_can_help(damaged, db_path)  # nothing to restore from yet
    make_backup(db.engine, db_path.parent / "backups", reason="daily")
    read_only = translate_operational_error(
        sqlite3.OperationalError("attempt to write a readonly database"), db_path)
    assert read_only.kind == "read_only" and not restore_can_help(read_only, db_path)
    assert restore_can_help(damaged, db_path)
