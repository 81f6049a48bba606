"""Crash bench (issue 11): many more SIGKILLs than CI's 200. Prints figures; a lost committed
transaction or a failed integrity_check stops it with the reason.

    .venv/bin/python tests/bench/bench_crash.py [--kills 1000] [--max-delay 0.2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--max-delay", type=float, default=0.2)
    args = parser.parse_args()
    from crash_support import kill_repeatedly

    from desktop.services.centre import CentreSetup, list_villages, setup_centre
    from desktop.store.backup import backup_files, integrity_problems
    from desktop.store.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "centre.sqlite"
        db = open_database(path)
        setup_centre(db, CentreSetup(name="Trung tâm học tập cộng đồng xã Tân Lập", commune_name="Xã Tân Lập",
                                     commune_code="04321", province_code="14",
                                     villages=("Bản Nà Hạ", "Thôn Đông", "Bản Pá Khoang", "Thôn Tây")))
        villages = {village.name: village.id for village in list_villages(db)}
        db.close()
        work = Path(folder) / "crash"
        work.mkdir()
        outcome = kill_repeatedly(path, villages, work, args.kills, max_delay=args.max_delay)
        backups = backup_files(path.parent / "backups")
        sound = sum(1 for backup in backups if integrity_problems(backup.path) == [])
    print(f"{outcome.kills} SIGKILLs in {outcome.seconds:.1f} s ({outcome.seconds / outcome.kills * 1000:.0f} ms "
          f"each, checked after each): integrity_check ok every time; committed and found: "
          f"{outcome.transactions}; backups kept {len(backups)}, sound {sound}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
