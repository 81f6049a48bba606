"""Book cabinet settings: loan periods, the copies limit, opening days and closures.

Stored as text in the local `setting` table (keys "books.*") through `centre.get_settings` and
`centre.set_setting`. Closures are a list of date ranges (Tết, a flood week); fixed-date public
holidays recur every year. The calendar functions here are pure, so the UI can preview a due date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.books.accession import NumberingScheme, scheme_problem
from desktop.services.centre import get_settings, set_setting
from desktop.store.database import Database

AUDIENCES = ("adult", "children")
_MAX_SEARCH_DAYS = 800  # a due date is never pushed further than this past its nominal day

SCHEME_PREFIX_KEY = "books.accession_prefix"
SCHEME_WIDTH_KEY = "books.accession_width"
_KEYS = {
    "loan_days_adult": "books.loan_days_adult",
    "loan_days_children": "books.loan_days_children",
    "max_copies_per_reader": "books.max_copies_per_reader",
    "max_renewals": "books.max_renewals",
    "opening_weekdays": "books.opening_weekdays",
    "annual_holidays": "books.annual_holidays",
    "closures": "books.closures",
    "weeding_warning_percent": "books.weeding_warning_percent",
    "accession_prefix": "books.accession_prefix",
    "accession_width": "books.accession_width",
}


@dataclass(frozen=True)
class Closure:
    """Days the cabinet is closed, first to last inclusive (Tết, a flood, a power cut)."""

    first: dt.date
    last: dt.date
    label: str = ""

    def contains(self, day: dt.date) -> bool:
        """True if the cabinet is closed on this day because of this closure."""
        return self.first <= day <= self.last


@dataclass(frozen=True)
class CabinetSettings:
    """How the cabinet lends; the defaults are what most CLC rules posted on the wall say."""

    loan_days_adult: int = 14
    loan_days_children: int = 7
    max_copies_per_reader: int = 3
    max_renewals: int = 2
    # Monday = 0 … Sunday = 6.
    opening_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4, 5})
    # (month, day) closed every year: New Year, Reunification Day, Labour Day, National Day.
    annual_holidays: tuple[tuple[int, int], ...] = ((1, 1), (4, 30), (5, 1), (9, 2))
    closures: tuple[Closure, ...] = field(default_factory=tuple)
    weeding_warning_percent: int = 10
    # How new copies are numbered: plain numbers, or a prefix as written ("TS-") with the number
    # padded to `accession_width` digits ("TS-0013"). Imported numbers keep their own writing.
    accession_prefix: str = ""
    accession_width: int = 0

    @property
    def numbering(self) -> NumberingScheme:
        return NumberingScheme(self.accession_prefix, self.accession_width)

    def loan_days(self, audience: str) -> int:
        """The loan period for a book of this audience ("adult" or "children")."""
        return self.loan_days_children if audience == "children" else self.loan_days_adult

    def is_open(self, day: dt.date) -> bool:
        """True if the cabinet opens on this day."""
        if day.weekday() not in self.opening_weekdays:
            return False
        if (day.month, day.day) in self.annual_holidays:
            return False
        return not any(closure.contains(day) for closure in self.closures)

    def next_open_day(self, day: dt.date) -> dt.date:
        """This day if the cabinet opens on it, else the first opening day after it."""
        candidate = day
        for _step in range(_MAX_SEARCH_DAYS):
            if self.is_open(candidate):
                return candidate
            candidate += dt.timedelta(days=1)
        return day  # validation makes this unreachable: some weekday is always open

    def due_date(self, loaned_on: dt.date, audience: str) -> dt.date:
        """Loan day plus the audience's period, moved on to the next day the cabinet opens."""
        return self.next_open_day(loaned_on + dt.timedelta(days=self.loan_days(audience)))


def validate_settings(settings: CabinetSettings) -> CabinetSettings:
    """Check the settings; the cleaned settings (closures sorted) or a ValidationError."""
    for name in ("loan_days_adult", "loan_days_children"):
        if not 1 <= getattr(settings, name) <= 365:
            raise ValidationError(_("A loan period is between 1 and 365 days."), name)
    if not 1 <= settings.max_copies_per_reader <= 50:
        raise ValidationError(_("The limit of copies per reader is between 1 and 50."),
                              "max_copies_per_reader")
    if not 0 <= settings.max_renewals <= 20:
        raise ValidationError(_("The number of renewals is between 0 and 20."), "max_renewals")
    if not settings.opening_weekdays or not settings.opening_weekdays <= set(range(7)):
        raise ValidationError(_("Choose at least one opening day of the week."), "opening_weekdays")
    for month, day in settings.annual_holidays:
        try:
            dt.date(2024, month, day)  # a leap year, so 29 February is allowed
        except ValueError as error:
            raise ValidationError(_("{day}/{month} is not a date.").format(day=day, month=month),
                                  "annual_holidays") from error
    for closure in settings.closures:
        if closure.last < closure.first:
            raise ValidationError(_("A closure ends before it begins."), "closures")
        if (closure.last - closure.first).days > 366:
            raise ValidationError(_("A closure is at most a year long."), "closures")
    if not 1 <= settings.weeding_warning_percent <= 100:
        raise ValidationError(_("The weeding warning is between 1 and 100 percent."),
                              "weeding_warning_percent")
    # A trailing space is the prefix's separator ("GK 45"), so only the front is trimmed.
    prefix = settings.accession_prefix.lstrip() if settings.accession_prefix.strip() else ""
    if problem := scheme_problem(NumberingScheme(prefix, settings.accession_width)):
        raise ValidationError(problem, "accession_prefix")
    return replace(settings, closures=tuple(sorted(settings.closures, key=lambda c: c.first)),
                   annual_holidays=tuple(sorted(set(settings.annual_holidays))),
                   accession_prefix=prefix)


def _int(stored: dict[str, str], name: str, default: int) -> int:
    raw = stored.get(_KEYS[name], "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        return default


def load_cabinet_settings(db: Database) -> CabinetSettings:
    """The stored settings; defaults for anything unset or unreadable."""
    defaults = CabinetSettings()
    stored = get_settings(db, list(_KEYS.values()))  # one read: the loan desk asks on every scan
    weekdays_raw = stored.get(_KEYS["opening_weekdays"], "")
    try:
        weekdays = frozenset(int(part) for part in weekdays_raw.split(",") if part.strip())
    except ValueError:
        weekdays = defaults.opening_weekdays
    holidays_raw = stored.get(_KEYS["annual_holidays"], "")
    try:
        holidays = tuple((int(item[:2]), int(item[3:5])) for item in holidays_raw.split(",")
                         if item.strip()) if holidays_raw.strip() else defaults.annual_holidays
    except ValueError:
        holidays = defaults.annual_holidays
    closures_raw = stored.get(_KEYS["closures"], "")
    try:
        closures = tuple(Closure(dt.date.fromisoformat(first), dt.date.fromisoformat(last), label)
                         for first, last, label in json.loads(closures_raw or "[]"))
    except (ValueError, TypeError):
        closures = ()
    loaded = CabinetSettings(
        loan_days_adult=_int(stored, "loan_days_adult", defaults.loan_days_adult),
        loan_days_children=_int(stored, "loan_days_children", defaults.loan_days_children),
        max_copies_per_reader=_int(stored, "max_copies_per_reader", defaults.max_copies_per_reader),
        max_renewals=_int(stored, "max_renewals", defaults.max_renewals),
        opening_weekdays=weekdays or defaults.opening_weekdays,
        annual_holidays=holidays,
        closures=closures,
        weeding_warning_percent=_int(stored, "weeding_warning_percent",
                                     defaults.weeding_warning_percent),
        accession_prefix=stored.get(_KEYS["accession_prefix"], ""),
        accession_width=_int(stored, "accession_width", defaults.accession_width),
    )
    try:
        return validate_settings(loaded)
    except ValidationError:  # a hand-edited database: fall back rather than stop the desk
        return defaults


def save_cabinet_settings(db: Database, settings: CabinetSettings) -> CabinetSettings:
    """Check and store the settings; returns them as stored."""
    clean = validate_settings(settings)
    values = {
        "loan_days_adult": str(clean.loan_days_adult),
        "loan_days_children": str(clean.loan_days_children),
        "max_copies_per_reader": str(clean.max_copies_per_reader),
        "max_renewals": str(clean.max_renewals),
        "opening_weekdays": ",".join(str(day) for day in sorted(clean.opening_weekdays)),
        "annual_holidays": ",".join(f"{month:02d}-{day:02d}" for month, day in clean.annual_holidays),
        "closures": json.dumps([[c.first.isoformat(), c.last.isoformat(), c.label]
                                for c in clean.closures], ensure_ascii=False),
        "weeding_warning_percent": str(clean.weeding_warning_percent),
        "accession_prefix": clean.accession_prefix,
        "accession_width": str(clean.accession_width),
    }
    for name, value in values.items():
        set_setting(db, _KEYS[name], value)
    return clean


def add_closure(db: Database, closure: Closure) -> CabinetSettings:
    """Add a closure (Tết, an unplanned closure) to the stored settings."""
    settings = load_cabinet_settings(db)
    return save_cabinet_settings(db, replace(settings, closures=(*settings.closures, closure)))
