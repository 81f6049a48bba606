"""A merge killed part-way (SIGKILL, a real `clc merge` process) leaves the new centre's database as it
was, or fully merged: never half a merge. The former file is never written."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.store.database import open_database
from tests.merger_support import ROOT, copy_file, file_hash, fresh_copies, make_former_centres, rows_of

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


@pytest.fixture(scope="module")
def merged_world(tmp_path_factory):
    """The former centres, the new centre before the merge, and the same after a merge run to its end."""
    root = tmp_path_factory.mktemp("merge-power")
    a, _b = make_former_centres(root / "formers")
    new, a, _b = fresh_copies(a, _b, root / "world")
    before = rows_of(new)
    done = root / "done.sqlite"
    copy_file(new, done)
    subprocess.run([sys.executable, "-m", "desktop", "merge", "--db", str(done), str(a), "--merged-on", "2026-11-01"],
                   cwd=ROOT, check=True, capture_output=True)
    return new, a, before, _counts(done)


def _counts(path: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in rows_of(path).items()}


@pytest.mark.parametrize("after", [0.8, 1.6, 2.4, 3.2, 4.5, 6.0, 120])  # the last one runs to its end
def test_a_merge_killed_part_way_leaves_the_new_database_unchanged_or_merged(merged_world, tmp_path, after):
    new, former, before, merged = merged_world
    target = tmp_path / "new.sqlite"
    copy_file(new, target)
    former_hash = file_hash(former)
    process = subprocess.Popen([sys.executable, "-m", "desktop", "merge", "--db", str(target), str(former),
                                "--merged-on", "2026-11-01"], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    db = open_database(target)
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.close()
    state = rows_of(target)
    counts = {table: len(rows) for table, rows in state.items()}
    if after == 120:
        assert counts == merged
    else:
        assert state == before or counts == merged
    assert file_hash(former) == former_hash
