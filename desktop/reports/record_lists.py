"""The records behind a figure (the drill-down) as a table of texts and numbers, in the current
language: what the Reports screen shows, saves as Excel and prints, from one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.reports import labels
from desktop.reports.behind_figures import LearnerLine, SessionLine
from desktop.reports.indicators import ActivityLine

Cell = str | int | None


@dataclass(frozen=True)
class RecordTable:
    """Columns and rows; the last `numbers` columns hold counts (right-aligned, totalled)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numbers: int = 0
    summary: str = ""

    def totals(self) -> tuple[int, ...]:
        """The sum of each count column (empty cells count nothing)."""
        first = len(self.columns) - self.numbers
        return tuple(sum(row[column] for row in self.rows if isinstance(row[column], int))  # type: ignore[misc]
                     for column in range(first, len(self.columns)))


def classes_table(lines: Sequence[ActivityLine]) -> RecordTable:
    """The classes and talks behind a figure."""
    rows = tuple((line.code, line.name, labels.kind_label(line.kind), line.sessions, line.participant_times)
                 for line in lines)
    summary = _("{count} classes and talks: {sessions} sessions, {times} participant-times.").format(
        count=format_integer(len(lines)), sessions=format_integer(sum(line.sessions for line in lines)),
        times=format_integer(sum(line.participant_times for line in lines)))
    return RecordTable((_("Code"), _("Class or talk"), _("Kind"), _("Sessions"), _("Participant-times")),
                       rows, 2, summary)


def learners_table(lines: Sequence[LearnerLine]) -> RecordTable:
    """The learners behind a figure, by village and name."""
    yes = _("yes")
    rows = tuple(
        (line.full_name, labels.village_label(line.village), "" if line.age is None else str(line.age),
         yes if line.woman else "", yes if line.minority else "", yes if line.rural else "", line.activities,
         line.participant_times) for line in sorted(lines, key=lambda line: (line.village, line.full_name)))
    return RecordTable((_("Learner"), _("Village"), _("Age"), _("Woman"), _("Ethnic minority"), _("Rural worker"),
                        _("Classes and talks"), _("Participant-times")), rows, 2,
                       _("{count} learners.").format(count=format_integer(len(lines))))


def sessions_table(lines: Sequence[SessionLine]) -> RecordTable:
    """The held sessions behind a figure, in date order."""
    rows = tuple((format_date(line.date), f"{line.activity_code} {line.activity_name}", line.periods, line.present,
                  line.headcount, line.walk_ins) for line in lines)
    return RecordTable((_("Date"), _("Class or talk"), _("Periods"), _("Present"), _("Headcount"), _("Walk-ins")),
                       rows, 4)


def learners_figure_label(meaning: tuple[str, str]) -> str:
    """The participants table's line a learners list was opened from: ("woman", ""), ("band", key)…"""
    kind, value = meaning
    if kind == "band":
        return labels.band_label(value)
    if kind == "village":
        return labels.village_label(value)
    return {"woman": _("Women"), "minority": _("Ethnic minority"), "rural": _("Rural workers")}.get(kind, _("Total"))
