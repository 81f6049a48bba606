"""The roll-up's commands, exactly as offices script them: `clc keys register` of the level above's
key at an office, `clc export` on an office database, `clc import` at the province, `clc centres`,
`clc keys revoke --centre`, `clc keys new` and `clc duplicates`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from rollup_support import CENTRES, COMMUNE_OFFICE, build_world


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main([*arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("cli-rollup") / "world")


def test_an_office_pins_the_province_key_and_its_rollup_is_imported_there(built, tmp_path, capsys):
    world = built.copy(tmp_path / "world")
    commune, province = str(world.commune), str(world.province)
    # the keys the offices exchanged say their levels; registering again is harmless
    assert run(capsys, "keys", "export", "--db", province, "--out", str(tmp_path / "province.clckey"))[0] == 0
    assert json.loads((tmp_path / "province.clckey").read_text())["level"] == "province"
    code, out, _error = run(capsys, "keys", "register", "--db", commune, str(tmp_path / "province.clckey"))
    assert code == 0 and "Sở Giáo dục" in out
    code, out, _error = run(capsys, "keys", "show", "--db", commune)
    assert code == 0 and "upper-office\tSở Giáo dục và Đào tạo Lai Châu" in out

    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _error = run(capsys, "export", "--db", commune, "--out", str(stick))
    package = Path(out.strip().splitlines()[-1])
    assert code == 0 and package.exists() and package.parent == stick and package.name.startswith("clc_rollup_")

    code, out, _error = run(capsys, "import", "--db", province, str(stick), "--dry-run", "--json")
    [preview] = json.loads(out)["packages"]
    assert code == 0 and preview["status"] == "imported" and preview["centre"] == COMMUNE_OFFICE
    code, out, _error = run(capsys, "import", "--db", province, str(package), "--json")
    [imported] = json.loads(out)["packages"]
    assert code == 0 and imported["status"] == "imported" and imported["set_aside"] == []
    assert imported["tables"]["learner"]["new"] == 9 and imported["digest_matches"] is True
    code, out, _error = run(capsys, "import", "--db", province, str(package), "--json")
    assert code == 0 and json.loads(out)["packages"][0]["status"] == "already-imported"

    code, out, _error = run(capsys, "centres", "--db", province, "--json")
    under = [(centre["office"], centre["commune_code"]) for centre in json.loads(out)["centres"] if centre["office"]]
    assert code == 0 and under == [(COMMUNE_OFFICE, code) for _name, code in CENTRES]


def test_export_on_an_office_without_the_upper_key_is_refused_with_one_line(tmp_path, capsys):
    office = tmp_path / "office.sqlite"
    assert run(capsys, "init", str(office), "--aggregator", "--level", "commune-office",
               "--name", "Phòng Văn hóa – Xã hội xã Tân Lập", "--code", "VHXH-04321")[0] == 0
    (tmp_path / "stick").mkdir()
    code, _out, error = run(capsys, "export", "--db", str(office), "--out", str(tmp_path / "stick"))
    assert code == 1 and "cấp trên" in error and error.count("\n") == 1
    assert not list((tmp_path / "stick").iterdir())


def test_keys_revoke_by_commune_code_then_the_centre_makes_a_new_key(built, tmp_path, capsys):
    world = built.copy(tmp_path / "world")
    code_of_centre = CENTRES[2][1]
    code, out, _error = run(capsys, "keys", "revoke", "--db", str(world.commune), "--centre", code_of_centre,
                            "--reason", "máy bị mất")
    assert code == 0 and code_of_centre in out
    code, out, _error = run(capsys, "keys", "show", "--db", str(world.commune))
    assert any(line.startswith("centre\t") and f"\t{code_of_centre}\t" in line and line.endswith("\tđã thu hồi")
               for line in out.splitlines())
    code, _out, error = run(capsys, "keys", "revoke", "--db", str(world.commune), "--centre", "99999")
    assert code == 1 and "99999" in error

    centre = str(world.centres[code_of_centre])
    code, out, _error = run(capsys, "keys", "new", "--db", centre)
    assert code == 0 and "clc keys export" in out
    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _error = run(capsys, "export", "--db", centre, "--out", str(stick))
    package = out.strip().splitlines()[-1]
    code, out, _error = run(capsys, "import", "--db", str(world.commune), package, "--json", "--register-new")
    [imported] = json.loads(out)["packages"]
    assert code == 0 and imported["status"] == "imported" and imported["registered_key"]


def test_duplicates_lists_pairs_as_json_and_text(built, tmp_path, capsys):
    world = built.copy(tmp_path / "world")
    code, out, _error = run(capsys, "duplicates", "--db", str(world.commune), "--json")
    assert code == 0 and json.loads(out) == {"pairs": []}  # three centres with different learners
    code, _out, error = run(capsys, "duplicates", "--db", str(world.centres[CENTRES[0][1]]))
    assert code == 1 and error.count("\n") == 1
