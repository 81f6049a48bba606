"""Two demo centres (a year of classes, talks, attendance and a book cabinet each) round-trip into
one office through real `clc` commands: every record arrives, the states match, a second import
changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.services.sync.receive import import_packages
from desktop.services.sync.rows import codecs
from desktop.store.database import open_database
from tests.sync_support import centre_id_of, connect, new_office, state_of, table_counts

ROOT = Path(__file__).resolve().parents[1]


def _demo(path: Path, commune: str, seed: int) -> None:
    subprocess.run([sys.executable, "-m", "desktop", "demo", str(path), "--years", "1", "--seed", str(seed),
                    "--commune-code", commune], cwd=ROOT, check=True, capture_output=True)


def _counts_of(db, centre_id: str) -> dict[str, int]:
    from desktop.services.sync.office import centre_node_of

    with db.reading() as session:
        node = centre_node_of(session, centre_id)
        return {name: session.execute(select(func.count()).select_from(codec.table)
                                      .where(codec.table.c.origin == node)).scalar_one()
                for name, codec in codecs().items()}


def test_two_demo_centres_round_trip_into_one_office(tmp_path: Path):
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
        assert all(package.digest_matches and not package.set_aside for package in report.packages)
        for centre in centres:
            centre_id = centre_id_of(centre)
            assert state_of(office, centre_id) == state_of(centre, centre_id)
            assert _counts_of(office, centre_id) == _counts_of(centre, centre_id)
            assert _counts_of(centre, centre_id)["attendance"] > 1000
        before = table_counts(office)
        again = import_packages(office, [stick])
        assert [package.status for package in again.packages] == ["already-imported"] * 2
        assert table_counts(office) == before
    finally:
        for db in (*centres, office):
            db.close()
