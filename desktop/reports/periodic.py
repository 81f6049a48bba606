"""The periodic report as plain data (what the PDF, the workbook, the JSON and the screen show),
and its JSON form for `clc report --format json` and for other tools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.reports.indicators import CentreReport, Split
from desktop.reports.periods import Period
from desktop.reports.society import WeekReport


@dataclass(frozen=True)
class ReportTexts:
    """What the user writes for a period and the app keeps: the situation (section I), the
    assessment (III), the direction (IV), and who receives the report."""

    situation: str = ""
    assessment: str = ""
    direction: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issuer:
    """Who signs the report: a centre (commune People's Committee over the centre) or an office."""

    body: str  # the line above the issuer's name, e.g. "UBND xã Tà Xùa"; "" for an office
    name: str
    place: str
    signer_title: str
    signer_name: str = ""


@dataclass(frozen=True)
class PeriodicReport:
    period: Period
    period_label: str
    counting: str  # reports.model.ATTENDED or ENROLMENT
    office: bool
    issuer: Issuer
    centres: tuple[CentreReport, ...]  # one per centre, in commune-code order
    total: CentreReport
    warnings: tuple[str, ...] = ()
    texts: ReportTexts = field(default_factory=ReportTexts)
    made_on: dt.date | None = None
    learning_week: WeekReport | None = None  # a centre's report of its Lifelong Learning Week


def _split(split: Split) -> dict[str, object]:
    return split.as_json()


def centre_json(report: CentreReport) -> dict[str, object]:
    """Every indicator of one centre (or of the total) with its breakdowns."""
    literacy = report.literacy
    return {
        "centres": list(report.codes),
        "name": report.name,
        "classes_total": report.classes_total,
        "talks_total": report.talks_total,
        "classes_by_kind": dict(sorted(report.classes_by_kind.items())),
        "classes_by_topic_group": dict(sorted(report.classes_by_topic.items())),
        "sessions_total": report.sessions_total,
        "sessions_by_kind": dict(sorted(report.sessions_by_kind.items())),
        "participant_times_total": report.participant_times.total,
        "participant_times": _split(report.participant_times),
        "participant_times_from_headcounts": report.headcount_times,
        "participant_times_from_walk_ins": report.walk_in_times,
        "participant_times_by_month": dict(sorted(report.by_month.items())),
        "unique_learners_total": report.unique_learners.total,
        "unique_learners": _split(report.unique_learners),
        "rural_workers": {"participant_times": report.participant_times.rural_workers,
                          "unique_learners": report.unique_learners.rural_workers},
        "topic_table": [{"topic_group": line.topic, "classes": line.classes, "sessions": line.sessions,
                         "participant_times": line.participant_times, "women": line.women,
                         "ethnic_minority": line.minority, "rural_workers": line.rural_workers}
                        for line in report.topic_lines],
        "literacy": {
            "classes": dict(sorted(literacy.classes.items())),
            "learners": dict(sorted(literacy.learners.items())),
            "completions": dict(sorted(literacy.completions.items())),
            "learners_by_term": literacy.learners_by_term,
            "classes_detail": [{"code": line.code, "name": line.name, "kind": line.kind,
                                "periods_in_period": line.periods_in_period,
                                "periods_to_date": line.periods_to_date,
                                "planned_periods": line.planned_periods,
                                "programme_periods": line.programme_periods} for line in literacy.lines],
        },
        "loans_total": report.books.loans,
        "books": {
            "titles_total": report.books.titles_total, "copies_total": report.books.copies_total,
            "titles_new": report.books.titles_new, "copies_new": report.books.copies_new,
            "loans": report.books.loans,
            "loans_by_subject": {item.code or "unclassified": item.loans for item in report.books.loans_by_class},
            "readers_total": report.books.readers_total, "readers_new": report.books.readers_new,
            "reader_visits": report.books.reader_visits, "lost_copies": report.books.lost_copies,
            "damaged_copies": report.books.damaged_copies,
        },
        # `target` is the target for recognition (a share of those registered); `eligible` the
        # households (families) or villages (communities) a register target is measured against
        "learning_models": {item.model: {"registered": item.registered, "recognised": item.recognised,
                                         "target": item.target, "target_met": item.met,
                                         "eligible": item.eligible, "register_target": item.register_target,
                                         "register_target_met": item.register_met}
                            for item in report.society.models},
        "learning_models_year": report.society.year,
        "fund": {"opening_balance": report.society.fund.opening, "receipts": report.society.fund.receipts,
                 "receipts_in_kind": report.society.fund.receipts_in_kind,
                 "payments": report.society.fund.payments, "advances": report.society.fund.advances,
                 "balance": report.society.fund.balance},
        "classes": [{"code": line.code, "name": line.name, "kind": line.kind, "topic_group": line.topic,
                     "sessions": line.sessions, "participant_times": line.participant_times}
                    for line in report.activity_lines],
        "poor_attendance": [{"learner": item.full_name, "village": item.village, "class": item.activity_code,
                             "attended": item.attended, "marked": item.marked}
                            for item in report.poor_attendance],
    }


def report_json(report: PeriodicReport) -> dict[str, object]:
    """The whole report: the totals at the top level, each centre under `per_centre`."""
    result: dict[str, object] = {
        "period": {"from": report.period.first.isoformat(), "to": report.period.last.isoformat(),
                   "key": report.period.key, "kind": report.period.kind, "label": report.period_label},
        "counting": report.counting,
        "as_of": report.made_on.isoformat() if report.made_on else None,  # sessions after it not held yet
        "office": report.office,
    }
    result.update(centre_json(report.total))
    result["centres"] = [code for centre in report.centres for code in centre.codes]
    result["per_centre"] = [centre_json(centre) for centre in report.centres]
    if report.learning_week is not None:
        result["learning_week"] = report.learning_week.as_json()
    result["warnings"] = list(report.warnings)
    result["texts"] = {"situation": report.texts.situation, "assessment": report.texts.assessment,
                       "direction": report.texts.direction, "recipients": list(report.texts.recipients)}
    return result
