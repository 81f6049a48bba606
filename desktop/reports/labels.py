"""Names of the report's rows and columns in the current language (documents: Vietnamese)."""

from __future__ import annotations

from desktop.i18n import _, pick
from desktop.reference.activities import AGE_BANDS, activity_kind, age_band, topic_group
from desktop.reference.ddc import DDC_MAIN_CLASSES
from desktop.reports.model import ATTENDED, UNKNOWN


def kind_label(key: str) -> str:
    found = activity_kind(key)
    return pick(found.name_vi, found.name_en) if found else key


def topic_label(key: str) -> str:
    found = topic_group(key)
    return pick(found.name_vi, found.name_en) if found else (key or _("Not recorded"))


def band_label(key: str) -> str:
    found = age_band(key)
    return pick(found.name_vi, found.name_en) if found else key


def band_keys() -> list[str]:
    return [band.key for band in AGE_BANDS]


def village_label(name: str) -> str:
    return name if name != UNKNOWN else _("Village not recorded")


def subject_label(code: str) -> str:
    found = next((item for item in DDC_MAIN_CLASSES if item.code == code), None)
    if found is None:
        return _("Not classified") if not code else code
    return f"{code} {pick(found.name_vi, found.name_en)}"


def phase_label(kind: str) -> str:
    return kind_label(kind)


def term_label(key: str) -> str:
    """A programme term of the literacy report ("1" … "5"), or the sessions that recorded none."""
    return _("Term {number}").format(number=key) if key.isdigit() else _("Term not recorded")


def term_rows(learners_by_term: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """(phase, term, learners) lines of the literacy learners by phase and term, in order."""
    return [(phase_label(phase), term_label(term), count)
            for phase, terms in sorted(learners_by_term.items()) for term, count in terms.items()]


def counting_rule(counting: str) -> str:
    """The sentence every report carries about how participant-times were counted."""
    if counting == ATTENDED:
        return _("Participant-times count each person at each session attended (present or late); "
                 "talks recorded by headcount count their headcount; walk-ins count once each. "
                 "Ages are as of the period's last day.")
    return _("Participant-times count each enrolment in a class held in the period; talks recorded "
             "by headcount count their headcount; walk-ins count once each. "
             "Ages are as of the period's last day.")


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{int(month):02d}/{year}"
