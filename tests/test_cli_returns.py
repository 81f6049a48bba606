"""`clc return`, `clc corrections` and `clc import` of a return package at a centre: the flags,
printed paths and JSON keys offices script against."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main
from desktop.services.centre import list_villages
from desktop.services.learners import LearnerInput, create_learner, list_learners
from desktop.store.database import open_database


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main([*arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _centre(capsys, tmp_path: Path, code: str, office: Path) -> Path:
    centre = tmp_path / f"centre-{code}.sqlite"
    assert run(capsys, "init", str(centre), "--centre-name", f"TTHTCĐ {code}", "--commune-code", code,
               "--province-code", "14", "--village", "Bản Nà Hạ", "--unlisted-code")[0] == 0
    assert run(capsys, "keys", "register", "--db", str(centre), str(tmp_path / "office.clckey"))[0] == 0
    return centre


def test_return_packages_go_from_the_office_to_each_centre_from_the_command_line(tmp_path: Path, capsys):
    office = tmp_path / "office.sqlite"
    assert run(capsys, "init", str(office), "--aggregator", "--level", "commune-office",
               "--name", "Phòng Văn hóa – Xã hội xã Tân Lập", "--code", "VHXH-04321")[0] == 0
    assert run(capsys, "keys", "export", "--db", str(office), "--out", str(tmp_path / "office.clckey"))[0] == 0
    centres = [_centre(capsys, tmp_path, code, office) for code in ("04321", "04322")]
    stick = tmp_path / "stick"
    stick.mkdir()
    for centre in centres:
        db = open_database(centre)
        create_learner(db, LearnerInput(full_name="Lò Thị Hoa", birth_year=1980, village_id=list_villages(db)[0].id))
        db.close()
        assert run(capsys, "export", "--db", str(centre), "--out", str(stick))[0] == 0
    assert run(capsys, "import", "--db", str(office), str(stick), "--register-new")[0] == 0

    db = open_database(centres[0])
    learner = list_learners(db)[0].id
    db.close()
    code, out, _error = run(capsys, "corrections", "propose", "--db", str(office), "--table", "learner",
                            "--record", learner, "--field", "birth_year", "--value", "1979",
                            "--reason", "Theo sổ hộ khẩu")
    assert code == 0 and len(out.strip()) == 36

    back = tmp_path / "back"  # made by the command
    code, out, _error = run(capsys, "return", "--db", str(office), "--all", "--out", str(back))
    paths = [Path(line) for line in out.splitlines()]
    assert code == 0 and len(paths) == 2 and all(path.exists() for path in paths)
    assert [path.name.split("_")[2] for path in paths] == ["04321", "04322"]  # named for their centres
    code, out, _error = run(capsys, "return", "--db", str(office), "--centre", "04321", "--out", str(back))
    [one] = [Path(line) for line in out.splitlines()]
    assert code == 0 and "04321" in one.name and one.exists()
    code, _out, error = run(capsys, "return", "--db", str(office), "--centre", "99999", "--out", str(back))
    assert code == 1 and "99999" in error

    code, out, _error = run(capsys, "import", "--db", str(centres[0]), str(one), "--json")
    report = json.loads(out)
    [applied] = report["packages"]
    assert code == 0 and report["status"] == "imported" and report["corrections"] == 1
    assert {"file", "centre", "status", "reason", "reason_code", "tables", "notes", "corrections",
            "acknowledged", "reference_changes"} <= set(applied)
    assert applied["status"] == "imported" and applied["corrections"] == 1 and applied["acknowledged"] == 1

    code, out, error = run(capsys, "import", "--db", str(centres[0]), str(paths[0]), "--json")
    [old] = json.loads(out)["packages"]
    assert code == 1 and old["status"] == "refused" and old["reason_code"] == "old-return" and error
    code, out, _error = run(capsys, "import", "--db", str(centres[0]), str(paths[1]), "--json")
    [other] = json.loads(out)["packages"]
    assert code == 1 and other["reason_code"] == "another-centre"
    # the whole stick at the second centre: its own return applies, the others' are refused
    code, out, _error = run(capsys, "import", "--db", str(centres[1]), str(back), "--json")
    mixed = json.loads(out)
    assert code == 1 and mixed["status"] == "partial"
    assert sorted(package["status"] for package in mixed["packages"]) == ["imported", "refused", "refused"]

    code, out, _error = run(capsys, "corrections", "list", "--db", str(centres[0]), "--json")
    [waiting] = json.loads(out)["corrections"]
    assert code == 0 and waiting["status"] == "pending" and waiting["new"] == 1979
    assert run(capsys, "corrections", "answer", "--db", str(centres[0]), waiting["id"], "--decline")[0] == 1
    assert run(capsys, "corrections", "answer", "--db", str(centres[0]), waiting["id"], "--decline",
               "--reason", "Năm sinh đã đúng")[0] == 0
    (tmp_path / "stick2").mkdir()
    assert run(capsys, "export", "--db", str(centres[0]), "--out", str(tmp_path / "stick2"))[0] == 0
    assert run(capsys, "import", "--db", str(office), str(tmp_path / "stick2"))[0] == 0
    code, out, _error = run(capsys, "corrections", "list", "--db", str(office), "--json")
    [answered] = json.loads(out)["corrections"]
    assert (answered["status"], answered["answer_reason"]) == ("declined", "Năm sinh đã đúng")
