"""The report screen's pieces that hold no state: the period key a choice means, and which
learners a double-clicked figure stands for."""

from __future__ import annotations

import datetime as dt

from desktop.errors import UserError
from desktop.i18n import _
from desktop.reports.behind_figures import LearnerLine


def period_text(kind: str, year: int, part: int, first: dt.date | None, last: dt.date | None) -> str:
    """What the picker's choice means as a period key (read by services.reports.read_period)."""
    if kind == "month":
        return f"{year}-{part:02d}"
    if kind == "quarter":
        return f"{year}-Q{part}"
    if kind == "term":
        return f"{year}-{year + 1}-HK{part}"
    if kind == "school_year":
        return f"{year}-{year + 1}"
    if kind == "learning_week":
        return f"{year}-LLW"
    if kind == "custom":
        if first is None or last is None:
            raise UserError(_("Type both dates of the period."))
        return f"{first.isoformat()}..{last.isoformat()}"
    return str(year)


def keeps_learner(meaning: tuple[str, str], line: LearnerLine) -> bool:
    """Whether a learner belongs to the figure double-clicked in the participants table."""
    kind, value = meaning
    return {"all": True, "woman": line.woman, "minority": line.minority, "rural": line.rural,
            "band": value in line.bands, "village": line.village == value}.get(kind, True)
