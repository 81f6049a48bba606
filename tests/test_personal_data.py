"""A learner's personal data on request: everything held about them, and erasure that keeps the
counts and reaches the office in the next package."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.cli import main
from desktop.services.activities import list_activities
from desktop.services.attendance import load_grid
from desktop.services.learners import list_learners
from desktop.services.personal_data import ERASED_NAME, erase_learner, learner_record, mask_citizen_id
from desktop.services.sync.receive import import_packages
from desktop.store.register_models import Learner
from tests.sync_support import connect, new_centre, new_office, send


def test_a_citizen_id_shows_its_last_four_digits_only():
    assert mask_citizen_id("001234567890") == "••••••••7890"
    assert mask_citizen_id(" 123 ") == "123" and mask_citizen_id("") == ""


def test_the_record_of_one_learner_holds_their_details_classes_and_marks(tmp_path):
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    try:
        learner = list_learners(centre)[0]
        record = learner_record(centre, learner.id)
        assert record["learner"]["full_name"] == learner.full_name and record["learner"]["village"] == "Bản Nà Hạ"
        assert [entry["name"] for entry in record["classes"]] == ["Kỹ thuật trồng chè Chiềng Ly"]
        assert [entry["mark"] for entry in record["attendance"]] == ["C", "C"]
        assert record["reader"] is None and record["loans"] == []
        out = tmp_path / "hoc-vien.json"
        assert main(["person", "export", "--db", str(centre.path), "--name", learner.full_name.upper(),
                     "--out", str(out)]) == 0
        assert json.loads(out.read_text(encoding="utf-8")) == record
    finally:
        centre.close()


def test_erasure_keeps_the_counts_and_travels_to_the_office(tmp_path):
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    try:
        connect(office, centre, tmp_path / "keys")
        import_packages(office, [send(centre, tmp_path / "first", acknowledge=True)])
        learner = list_learners(centre)[0]
        course = learner_record(centre, learner.id)["classes"][0]
        with office.reading() as session:
            assert session.get(Learner, learner.id).full_name == learner.full_name
        assert main(["person", "erase", "--db", str(centre.path), "--id", learner.id, "--yes"]) == 0
        after = learner_record(centre, learner.id)
        assert after["learner"]["full_name"] == ERASED_NAME and after["learner"]["citizen_id"] == ""
        assert after["learner"]["birth_year"] == learner.birth_year and after["learner"]["gender"] == "female"
        assert [entry["mark"] for entry in after["attendance"]] == ["C", "C"]  # the counts stay
        assert course == after["classes"][0]
        import_packages(office, [send(centre, tmp_path / "second")])
        with office.reading() as session:
            held = session.execute(select(Learner).where(Learner.id == learner.id)).scalar_one()
            assert (held.full_name, held.citizen_id, held.phone, held.birth_year) == (
                ERASED_NAME, "", "", learner.birth_year)
        grid = load_grid(centre, list_activities(centre)[0].id, 2026, 11)
        assert sum(1 for mark in grid.marks.values() if mark == "C") == 12
    finally:
        centre.close()
        office.close()


def test_erasure_asks_first_and_needs_one_learner(tmp_path, capsys):
    centre = new_centre(tmp_path / "centre", "Chiềng Ly", "03001")
    path = centre.path
    name = list_learners(centre)[0].full_name
    centre.close()
    assert main(["person", "erase", "--db", str(path), "--name", name]) == 1
    assert "Không thay đổi gì" in capsys.readouterr().out
    assert main(["person", "erase", "--db", str(path), "--name", "Không Có Ai"]) == 1
    assert "Không có học viên nào tên là Không Có Ai" in capsys.readouterr().err
