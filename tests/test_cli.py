"""The headless `clc` command: exit codes, one-line reasons, and real files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_creates_a_centre_and_check_reports_it_sound(tmp_path: Path, capsys):
    path = tmp_path / "xa-tan-lap.sqlite"
    assert main(["init", str(path), "--centre-name", "TTHTCĐ xã Tân Lập", "--commune-code", "04321",
                 "--province-code", "14", "--village", "Bản Nà Hạ", "--village", "Thôn Đông",
                 "--unlisted-code"]) == 0
    capsys.readouterr()
    assert main(["check", "--db", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == "ok" and report["up_to_date"] is True
    assert report["journal_mode"] == "wal" and report["foreign_keys"] == 1
    assert main(["check", "--db", str(path)]) == 0  # the same, in the user's words
    lines = capsys.readouterr().out.splitlines()
    assert "Tính toàn vẹn: tốt" in lines
    assert "Kiểm tra liên kết mỗi lần ghi: có" in lines and "Mỗi lần lưu được ghi hẳn xuống đĩa: FULL" in lines
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT name FROM village ORDER BY name").fetchall() == [("Bản Nà Hạ",), ("Thôn Đông",)]
    connection.close()


@pytest.mark.parametrize(("arguments", "reason"), [
    (["--commune-code", "123", "--province-code", "14"], "5 digits"),
    (["--commune-code", "12345", "--province-code", "99"], "province"),
])
def test_init_refuses_bad_codes_with_one_line_and_leaves_no_file(tmp_path, capsys, arguments, reason):
    from desktop.i18n import set_language

    set_language("en")
    path = tmp_path / "bad.sqlite"
    assert main(["init", str(path), "--centre-name", "X", *arguments]) == 1
    error = capsys.readouterr().err.strip()
    assert reason in error and "\n" not in error
    assert not path.exists()


def test_init_will_not_overwrite_an_existing_database(db_path, capsys):
    before = db_path.read_bytes()
    assert main(["init", str(db_path), "--centre-name", "X", "--commune-code", "12345",
                 "--province-code", "01"]) == 1
    assert "đã có rồi; hãy chọn một tên tệp mới" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_check_fails_on_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database")
    assert main(["check", "--db", str(path)]) == 1
    assert capsys.readouterr().err.startswith("clc check:")


def test_backup_writes_a_copy_beside_the_database(db_path, capsys):
    assert main(["backup", "--db", str(db_path)]) == 0
    copies = list((db_path.parent / "backups").glob("*.sqlite"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_demo_builds_a_centre_with_its_book_cabinet(tmp_path: Path, capsys):
    path = tmp_path / "demo.sqlite"
    assert main(["demo", str(path), "--years", "1", "--seed", "3", "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "tủ sách:" in out and "bản sách" in out
    with sqlite3.connect(path) as raw:
        copies = raw.execute("SELECT count(*) FROM book_copy").fetchone()[0]
        loans = raw.execute("SELECT count(*) FROM book_loan").fetchone()[0]
        learners = raw.execute("SELECT count(*) FROM learner").fetchone()[0]
    assert copies > 100 and loans > 100 and learners > 100
    assert main(["demo", str(path)]) == 1  # never over an existing file
    assert "đã có rồi" in capsys.readouterr().err



def test_init_refuses_a_commune_code_not_on_the_2025_list_naming_the_nearest(tmp_path, capsys):
    from desktop.i18n import set_language

    set_language("en")
    try:
        path = tmp_path / "unlisted.sqlite"
        assert main(["init", str(path), "--centre-name", "X", "--commune-code", "01235", "--province-code", "08"]) == 1
        error = capsys.readouterr().err.strip()
        assert "01235 is not on the list" in error and "\n" not in error
        assert "01234 — Xã Yên Thành" in error  # the nearest listed code of the province
        assert "--unlisted-code" in error and not path.exists()
        # a listed code is taken as it is, an unlisted one only when the user says it is right
        assert main(["init", str(path), "--centre-name", "X", "--commune-code", "01234", "--province-code", "08"]) == 0
        other = tmp_path / "other.sqlite"
        assert main(["init", str(other), "--centre-name", "X", "--commune-code", "01235", "--province-code", "08",
                     "--unlisted-code"]) == 0
        with sqlite3.connect(other) as connection:
            assert connection.execute("SELECT commune_code FROM centre").fetchone() == ("01235",)
    finally:
        set_language("vi")


def test_init_takes_a_listed_codes_commune_and_province_and_refuses_another_province(tmp_path, capsys):
    path = tmp_path / "listed.sqlite"
    assert main(["init", str(path), "--centre-name", "TTHTCĐ xã Yên Thành", "--commune-code", "01234"]) == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT commune_name, province_code FROM centre").fetchone() == ("Xã Yên Thành", "08")
    capsys.readouterr()
    wrong = tmp_path / "wrong.sqlite"
    assert main(["init", str(wrong), "--centre-name", "X", "--commune-code", "01234", "--province-code", "14"]) == 1
    error = capsys.readouterr().err.strip()
    assert "Mã xã 01234 là Xã Yên Thành thuộc" in error and "không thuộc tỉnh có mã 14" in error
    assert not wrong.exists()
    # an unlisted code is named as such before any other missing flag
    assert main(["init", str(wrong), "--centre-name", "X", "--commune-code", "01235"]) == 1
    assert "01235 không có trong danh mục" in capsys.readouterr().err
