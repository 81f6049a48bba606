"""The writer the crash tests kill: marks, loans and learner imports through the real services,
each committed transaction reported on its own line to a report file after the commit returned.

Run as `python tests/crash_child.py SETUP.json`: a small server that imports the services once
and then, for each `go INDEX REPORT` line on stdin, forks a fresh writer process and answers with
its pid; `reap PID` waits for it once the test has killed it. Forking from a process that has
already paid for the imports is what lets a test kill hundreds of fresh writers in seconds; each
writer opens the database itself, as the window does after a power cut.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.services.attendance import MARKS, MarkChange, save_marks  # noqa: E402
from desktop.services.books.loans import ScanAction, apply_plan, plan_scan  # noqa: E402
from desktop.services.learner_import import commit_import, preview_import  # noqa: E402
from desktop.store.database import open_database  # noqa: E402

PAIRS_PER_WRITER = 12


def _report(handle: int, line: str) -> None:
    os.write(handle, (line + "\n").encode("utf-8"))  # one write: a line is there whole or not at all


def write_until_killed(setup: dict, index: int, report_path: str, *, database: str | None = None,
                       transactions: int | None = None) -> None:
    """Write until killed (or, warming up, `transactions` times into a scratch `database`)."""
    rng = random.Random(index)
    today = dt.date.fromisoformat(setup["today"])
    pairs = setup["pairs"][index * PAIRS_PER_WRITER:(index + 1) * PAIRS_PER_WRITER]
    folder = Path(report_path).parent
    report = os.open(report_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    db = open_database(Path(database or setup["database"]), create=False, check_integrity=False)
    imported = 0
    for step in range(transactions) if transactions is not None else iter(int, 1):
        # the first transaction's kind by turns (mark, import, mark, loan, mark, loan): with
        # the test waiting for the first commit of odd writers, every kind is committed
        roll = (0.3, 0.99, 0.3, 0.7, 0.3, 0.7)[index % 6] if step == 0 else rng.random()
        if roll < 0.55 and pairs:
            batch = pairs[:rng.randint(1, 3)]
            pairs = pairs[len(batch):]
            marks = [(session, learner, rng.choice(MARKS)) for session, learner in batch]
            save_marks(db, [MarkChange(*mark) for mark in marks], today=today)
            _report(report, "M " + " ".join(":".join(mark) for mark in marks))
        elif roll < 0.93:
            plan = plan_scan(db, rng.choice(setup["copies"]), rng.choice(setup["readers"]), today=today)
            if plan.action in (ScanAction.LEND, ScanAction.RETURN):
                event = apply_plan(db, plan)
                _report(report, f"{'L' if event.kind == 'lent' else 'R'} {event.loan_id}")
        else:
            imported += 1
            name = f"Lò Văn Thử {index} {imported}"
            listing = folder / f"import-{index}.csv"
            listing.write_text(f"Họ và tên,Năm sinh,Thôn\n{name},1980,{setup['village']}\n", encoding="utf-8")
            if commit_import(db, preview_import(db, listing, today=today)) == 1:
                _report(report, f"I {name}")
    db.close()  # only after a warm-up: a writer never gets here


def warm_up(setup: dict) -> None:
    """Every code path once, on a scratch copy the test made: each writer then starts with its
    mappers configured and its modules loaded, and reaches its first commit within milliseconds.
    This process never opens the real database: a writer forked from it must inherit no SQLite
    state of that file (its locks and shared memory belong to the process that opened them)."""
    scratch = Path(setup["warm_up"])
    write_until_killed({**setup, "pairs": setup["pairs"][-PAIRS_PER_WRITER:]}, 0,
                       str(scratch.with_suffix(".txt")), database=str(scratch), transactions=40)


def serve(setup_path: str) -> None:
    setup = json.loads(Path(setup_path).read_text(encoding="utf-8"))
    warm_up(setup)
    print("ready", flush=True)
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    write_until_killed(setup, int(arguments[0]), arguments[1])
                finally:
                    os._exit(3)  # only reached on an error: the test sees a writer that stopped
            print(pid, flush=True)
        elif command == "reap":
            _pid, status = os.waitpid(int(arguments[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
