"""A writer killed with SIGKILL at random points, 200 times: after each kill the database passes
integrity_check and holds every mark, loan, return and import the writer reported as committed;
every backup it finished is sound (one cut short is never under a backup's name)."""

from __future__ import annotations

import sys

import pytest
from crash_support import kill_repeatedly

from desktop.store.backup import backup_files, integrity_problems

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")

KILLS = 200


def test_two_hundred_kills_lose_no_committed_transaction(db_path, villages, tmp_path):
    folder = tmp_path / "crash"
    folder.mkdir()
    outcome = kill_repeatedly(db_path, villages, folder, KILLS)
    print(f"\n{outcome.kills} kills in {outcome.seconds:.1f} s; committed and found: {outcome.transactions}")
    assert outcome.kills == KILLS
    assert all(count > 0 for count in outcome.transactions.values()), outcome.transactions
    backups = backup_files(db_path.parent / "backups")  # each import is preceded by one
    assert backups and all(integrity_problems(backup.path) == [] for backup in backups)
