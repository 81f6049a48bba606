"""Kill a writer with SIGKILL at random points, over and over, and check after each kill that the
database is sound and holds every transaction the writer reported as committed.

Shared by tests/test_crash_kill.py (CI, bounded) and tests/bench/bench_crash.py (more kills).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("crash_child.py")
TODAY = dt.date(2026, 11, 23)


def seed_database(path: Path, villages: dict[str, str], kills: int) -> dict[str, object]:
    """A centre with a class of learners and past sessions (a fresh (session, learner) pair for
    every mark the writers will make), a small book cabinet and its readers."""
    from crash_child import PAIRS_PER_WRITER
    from test_books_support import small_cabinet

    from desktop.services import activities
    from desktop.services.learners import LearnerInput, create_learner
    from desktop.store.database import open_database

    db = open_database(path)
    try:
        village = villages["Thôn Đông"]
        learners = [create_learner(db, LearnerInput(full_name=f"Lò Thị Học {n}", birth_year=1970 + n % 30,
                                                    gender="female", village_id=village), today=TODAY).id
                    for n in range(40)]
        course = activities.create_activity(db, activities.ActivityInput(
            name="Kỹ thuật trồng chè", kind="short_course", topic_group="agriculture",
            start_date=dt.date(2025, 1, 1), end_date=TODAY, status="running"))
        activities.enrol_learners(db, course.id, learners)
        needed = kills * PAIRS_PER_WRITER // len(learners) + 1
        start = TODAY - dt.timedelta(days=needed + 1)
        sessions = activities.generate_sessions(
            db, course.id, start, TODAY - dt.timedelta(days=1), set(range(7)),
            activities.SessionInput(date=start, start_time="19:00", end_time="21:00", periods=2),
            confirm_outside_period=True)
        cabinet = small_cabinet(db, villages)
    finally:
        db.close()
    pairs = [(session.id, learner) for session in sessions for learner in learners]
    random.Random(0).shuffle(pairs)
    return {"database": str(path), "today": TODAY.isoformat(), "pairs": pairs,
            "copies": [str(code) for code in range(1, 16)],
            "readers": [cabinet.pang, cabinet.pao], "village": "Thôn Đông"}


@dataclass
class Outcome:
    kills: int = 0
    transactions: dict[str, int] = field(default_factory=lambda: {"M": 0, "L": 0, "R": 0, "I": 0})
    seconds: float = 0.0


class WriterServer:
    """The forking server of tests/crash_child.py, talked to over its stdin and stdout."""

    def __init__(self, setup: Path) -> None:
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
        self.process = subprocess.Popen([sys.executable, str(CHILD), str(setup)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert self._answer() == "ready"

    def _answer(self) -> str:
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise RuntimeError("the crash writer server stopped")
        return line.strip()

    def _ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return self._answer()

    def start(self, index: int, report: Path) -> int:
        return int(self._ask(f"go {index} {report}"))

    def reap(self, pid: int) -> int:
        return int(self._ask(f"reap {pid}"))

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=30)


def reported(report: Path) -> list[str]:
    """Whole lines only: a writer killed inside its report write left no line, never half of one."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    return text.split("\n")[:-1]


def _wait_for_a_line(report: Path, patience: float = 30.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if report.exists() and b"\n" in report.read_bytes():
            return
        time.sleep(0.002)


def check_committed(path: Path, lines: list[str]) -> None:
    """integrity_check passes, and every reported transaction is in the file."""
    from desktop.store.book_models import BookLoan
    from desktop.store.database import open_database
    from desktop.store.register_models import Attendance, Learner

    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db = open_database(path, create=False, check_integrity=False)
    try:
        with db.reading() as session:
            for line in lines:
                kind, *rest = line.split(" ", 1)
                if kind == "M":
                    for mark in rest[0].split():
                        session_id, learner_id, value = mark.split(":")
                        found = session.execute(select(Attendance.mark).where(
                            Attendance.session_id == session_id, Attendance.learner_id == learner_id)).scalar()
                        assert found == value, f"mark {mark} reported committed, found {found}"
                elif kind in ("L", "R"):
                    loan = session.get(BookLoan, rest[0])
                    assert loan is not None, f"loan {rest[0]} reported committed, not found"
                    if kind == "R":
                        assert loan.state == "returned", f"return of {rest[0]} reported, loan {loan.state}"
                else:
                    assert session.execute(select(Learner.id).where(Learner.full_name == rest[0])).first(), \
                        f"import of {rest[0]} reported committed, not found"
    finally:
        db.close()


def kill_repeatedly(database: Path, villages: dict[str, str], folder: Path, kills: int, *,
                    max_delay: float = 0.15, seed: int = 1) -> Outcome:
    """`kills` fresh writers, each killed with SIGKILL after a random delay; checked after each."""
    setup = folder / "setup.json"
    warm_up = folder / "warm-up" / "scratch.sqlite"  # its backups go beside it, not among the real ones
    details = seed_database(database, villages, kills)
    warm_up.parent.mkdir()
    with contextlib.closing(sqlite3.connect(database)) as source, \
            contextlib.closing(sqlite3.connect(warm_up)) as copy:
        source.backup(copy)
    setup.write_text(json.dumps({**details, "warm_up": str(warm_up)}), encoding="utf-8")
    rng = random.Random(seed)
    outcome = Outcome()
    every_line: list[str] = []
    started = time.monotonic()
    server = WriterServer(setup)
    try:
        for index in range(kills):
            report = folder / f"report-{index}.txt"
            pid = server.start(index, report)
            if index % 2:  # half the kills land after a first commit, whatever the machine's load
                _wait_for_a_line(report)
            time.sleep(rng.uniform(0.0, max_delay))  # anywhere: opening, mid-transaction, mid-backup
            os.kill(pid, signal.SIGKILL)
            status = server.reap(pid)
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
                f"writer {index} stopped by itself (status {status}) before it was killed"
            lines = reported(report)
            check_committed(database, lines)
            outcome.kills += 1
            every_line += lines
            for line in lines:
                outcome.transactions[line[0]] += 1
    finally:
        server.close()
    check_committed(database, every_line)  # what was there after one kill is there after all of them
    outcome.seconds = time.monotonic() - started
    return outcome
