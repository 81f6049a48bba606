"""Benchmark of backups and restore on the 10-year demo centre (issue 11). Prints figures;
asserts nothing.

    .venv/bin/python tests/bench/bench_backup.py [--years 10] [--db FILE] [--runs 3]

Measures, on a copy of the demo database: a backup (the online copy, then the integrity_check
that must pass before it gets its name), the quick_check and counts behind each line of the
list, the full check before a restore, and a whole restore (check, staging copy, the backup of
the current state, the swap); then opening the restored file as the window does.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", type=Path, help="reuse a demo database instead of building one")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from desktop.services.restore import list_restorable, restore_backup, summarise
    from desktop.store import backup
    from desktop.store.database import open_database
    from desktop.store.paths import backup_folder_for

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "centre" / "clc-ledger.sqlite"
        path.parent.mkdir()
        if args.db:
            shutil.copyfile(args.db, path)
        else:
            seconds, _ = timed(lambda: subprocess.run(
                [sys.executable, "-m", "desktop", "demo", str(path), "--years", str(args.years)],
                check=True, cwd=ROOT, capture_output=True))
            print(f"built the {args.years}-year demo centre in {seconds:.1f} s")
        print(f"database: {path.stat().st_size / 1e6:.1f} MB")
        db = open_database(path)
        backups_folder = backup_folder_for(path)
        made, copies, checks = [], [], []
        for _run in range(args.runs):
            seconds, target = timed(lambda: backup.make_backup(db.engine, backups_folder, reason="manual"))
            made.append(seconds)
            check, _ = timed(lambda: backup.integrity_problems(target))
            checks.append(check)
            copies.append(seconds - check)
        print(f"backup (copy + integrity_check + rename): median {statistics.median(made):.2f} s "
              f"(copy ≈ {statistics.median(copies):.2f} s, integrity_check {statistics.median(checks):.2f} s); "
              f"{target.stat().st_size / 1e6:.1f} MB")
        listed, summaries = timed(lambda: list_restorable(path))
        print(f"list of {len(summaries)} backups (quick_check + counts each): {listed:.2f} s "
              f"({listed / len(summaries):.2f} s a backup); counts {summaries[0].counts}")
        full, _ = timed(lambda: summarise(target, full_check=True))
        print(f"full check of one backup before a restore: {full:.2f} s")
        restored, result = timed(lambda: restore_backup(path, target, db=db))
        print(f"restore (full check, staging copy, backup of the current state, swap): {restored:.2f} s")
        db.close()
        opened, again = timed(lambda: open_database(path))
        again.close()
        print(f"opening the restored file with the full start-up check: {opened:.2f} s")
        assert result.safety_copy is not None
    return 0


if __name__ == "__main__":
    sys.exit(main())
