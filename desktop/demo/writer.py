"""Writing a demo plan: ORM rows added in flushed batches, with progress and cancel between them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session as OrmSession

from desktop.progress import Cancelled, Progress

BATCH = 250  # rows per flush: the identity hook costs more per row in larger flushes


class BatchWriter:
    """Adds rows in batches within one transaction; raises `cancelled` when the user stops."""

    def __init__(self, session: OrmSession, progress: Progress, total: int, done: int = 0, *,
                 cancelled: type[Cancelled] = Cancelled) -> None:
        self.session = session
        self.progress = progress
        self.total = total
        self.done = done
        self.cancelled = cancelled

    def check(self) -> None:
        if self.progress.cancelled:
            raise self.cancelled()

    def put(self, rows: Sequence[object]) -> list[str]:
        ids: list[str] = []
        for first in range(0, len(rows), BATCH):
            part = list(rows[first:first + BATCH])
            self.check()
            self.session.add_all(part)
            self.session.flush()
            ids.extend(row.id for row in part)  # type: ignore[attr-defined]
            self.session.expunge_all()  # keep memory flat: the rows are written
            self.done += len(part)
            self.progress.report(self.done, self.total)
        return ids

