"""`clc init --aggregator`, `clc keys`, `clc export`, `clc import`, `clc centres`: the flags and JSON
keys offices script against."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main

CATEGORIES = {"new", "updated", "unchanged", "older", "deleted", "conflict", "set_aside"}


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main([*arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_office_and_a_centre_exchange_keys_and_a_package_from_the_command_line(tmp_path: Path, capsys):
    office, centre = tmp_path / "office.sqlite", tmp_path / "centre.sqlite"
    stick = tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, "init", str(office), "--aggregator", "--level", "commune-office",
               "--name", "Phòng Văn hóa – Xã hội xã Tân Lập", "--code", "VHXH-04321")[0] == 0
    assert run(capsys, "init", str(centre), "--centre-name", "TTHTCĐ xã Tân Lập", "--commune-code", "04321",
               "--province-code", "14", "--village", "Bản Nà Hạ", "--unlisted-code")[0] == 0

    code, _out, error = run(capsys, "export", "--db", str(centre), "--out", str(stick))
    assert code == 1 and "khóa" in error and error.count("\n") == 1  # refused with one line: no office key
    assert not list(stick.iterdir())

    assert run(capsys, "keys", "export", "--db", str(office), "--out", str(tmp_path / "office.clckey"))[0] == 0
    code, out, _error = run(capsys, "keys", "register", "--db", str(centre), str(tmp_path / "office.clckey"))
    assert code == 0 and "Phòng Văn hóa" in out
    digits = [line for line in out.splitlines() if any(ch.isdigit() for ch in line) and " " in line][-1]
    code, out, _error = run(capsys, "keys", "show", "--db", str(office))
    assert code == 0 and digits.split(":")[-1].strip() in out  # the same fingerprint read at both ends

    code, out, _error = run(capsys, "export", "--db", str(centre), "--out", str(stick))
    package = Path(out.strip().splitlines()[-1])
    assert code == 0 and package.exists() and package.suffix == ".clcsync"

    code, out, error = run(capsys, "import", "--db", str(office), str(stick), "--json")
    report = json.loads(out)
    assert code == 1  # the centre's key is not registered yet
    [refused] = report["packages"]
    assert {"file", "centre", "status", "reason", "tables"} <= set(refused)
    assert refused["status"] == "refused" and "--register-new" in refused["reason"]

    code, out, _error = run(capsys, "import", "--db", str(office), str(package), "--json", "--register-new",
                            "--dry-run")
    [preview] = json.loads(out)["packages"]
    assert code == 0 and preview["status"] == "imported" and set(preview["tables"]["village"]) == CATEGORIES
    code, out, _error = run(capsys, "import", "--db", str(office), str(package), "--json", "--register-new")
    [imported] = json.loads(out)["packages"]
    assert code == 0 and imported["status"] == "imported" and imported["tables"]["village"]["new"] == 1
    code, out, _error = run(capsys, "import", "--db", str(office), str(stick), "--json")
    assert code == 0 and json.loads(out)["packages"][0]["status"] == "already-imported"

    code, out, _error = run(capsys, "centres", "--db", str(office), "--json")
    [centre_status] = json.loads(out)["centres"]
    assert code == 0 and centre_status["commune_code"] == "04321" and centre_status["packages"] == 1
    code, out, _error = run(capsys, "centres", "--db", str(office))
    assert code == 0 and "04321" in out


def test_init_aggregator_needs_a_level_and_a_name(tmp_path: Path, capsys):
    code, _out, error = run(capsys, "init", str(tmp_path / "o.sqlite"), "--aggregator", "--name", "Sở GD&ĐT")
    assert code == 1 and "--level" in error
    assert not (tmp_path / "o.sqlite").exists()


def test_a_centre_database_does_not_import_packages(tmp_path: Path, capsys):
    centre = tmp_path / "centre.sqlite"
    run(capsys, "init", str(centre), "--centre-name", "TTHTCĐ xã Tân Lập", "--commune-code", "04321",
        "--province-code", "14", "--unlisted-code")
    code, _out, error = run(capsys, "import", "--db", str(centre), str(tmp_path))
    assert code == 1 and "aggregator" in error
