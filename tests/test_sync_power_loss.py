"""Power cuts: `clc export` and `clc import` killed part-way (SIGKILL, a real process). No file on
the stick looks complete but is not; the office database is unchanged or fully updated, and sound."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.store.database import open_database
from tests.sync_support import centre_id_of, connect, new_office, state_of, table_counts

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory):
    """A year of a demo centre (about 20,000 records), an office, keys exchanged, one package."""
    root = tmp_path_factory.mktemp("power")
    subprocess.run([sys.executable, "-m", "desktop", "demo", str(root / "centre.sqlite"), "--years", "1"],
                   cwd=ROOT, check=True, capture_output=True)
    centre = open_database(root / "centre.sqlite")
    office = new_office(root / "office")
    connect(office, centre, root / "keys")
    centre_id = centre_id_of(centre)
    expected = state_of(centre, centre_id)
    centre.close()
    office.close()
    stick = root / "stick"
    stick.mkdir()
    done = subprocess.run([sys.executable, "-m", "desktop", "export", "--db", str(root / "centre.sqlite"),
                           "--out", str(stick)], cwd=ROOT, check=True, capture_output=True, text=True)
    return root, Path(done.stdout.strip().splitlines()[-1]), centre_id, expected


def _run_and_kill(arguments: list[str], after: float) -> int | None:
    process = subprocess.Popen([sys.executable, "-m", "desktop", *arguments], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        return process.wait()


@pytest.mark.parametrize("after", [0.6, 1.0, 1.5, 2.2])
def test_an_export_killed_part_way_leaves_no_package_that_looks_complete(demo_world, tmp_path, after):
    from desktop.sync.package import read_envelope

    root, _package, _centre_id, _expected = demo_world
    centre = tmp_path / "centre.sqlite"
    _copy(root / "centre.sqlite", centre)
    stick = tmp_path / "stick"
    stick.mkdir()
    _run_and_kill(["export", "--db", str(centre), "--out", str(stick), "--full"], after)
    for written in stick.glob("*.clcsync"):
        read_envelope(written)  # a file with the final name is whole (or this raises)
    assert all(path.name.endswith((".clcsync", ".clcsync.partial")) for path in stick.iterdir())


@pytest.mark.parametrize("after", [1.0, 2.0, 3.0, 120])  # the last one runs to its end
def test_an_import_killed_part_way_leaves_the_office_unchanged_or_complete(demo_world, tmp_path, after):
    root, package, centre_id, expected = demo_world
    office_path = tmp_path / "office.sqlite"
    _copy(root / "office" / "office.sqlite", office_path)
    _run_and_kill(["import", "--db", str(office_path), str(package)], after)
    office = open_database(office_path)
    try:
        with office.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        state = state_of(office, centre_id)
        assert state == expected if after == 120 else state in ("", expected)
        if state == "":
            assert table_counts(office)["attendance"] == 0
    finally:
        office.close()


def _copy(source: Path, target: Path) -> None:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(source)) as a, contextlib.closing(sqlite3.connect(target)) as b:
        a.backup(b)
