"""The study-promotion fund (quỹ khuyến học – khuyến tài): a ledger of receipts and payments in
whole đồng, its balance per year, corrections that keep what they replaced.

An entry, once written, is never changed: a correction is a new entry naming the one it replaces
(`replaces_id`), and cancelling is a correction marked cancelled. The ledger counts the newest
entry of each chain; the history shows every version, when it was recorded and what changed. A
payment (or a correction) that would take the balance below zero on any day is refused unless it
is recorded as an advance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace

from sqlalchemy import select

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.formatting import format_date, format_money
from desktop.i18n import _
from desktop.reports.society import FundFigures
from desktop.store.database import Database
from desktop.store.identity import id_time
# the entry kinds and payment purposes are read from here by the window, which reads no store module
from desktop.store.society_models import PAYMENT, PAYMENT_PURPOSES, RECEIPT, FundEntry


MAX_AMOUNT = 10**13  # ten thousand billion đồng: any larger figure is a typing slip


class BalanceWouldGoNegative(UserError):
    """The entry would leave the fund short on some day; it may be recorded as an advance."""

    def __init__(self, message: str, day: dt.date, balance: int) -> None:
        super().__init__(message)
        self.day, self.balance = day, balance


@dataclass(frozen=True)
class FundDraft:
    """An entry as typed: a receipt (donor, purpose, in kind: what was given) or a payment
    (who received it, its category: scholarship, award, support, other; the decision number)."""

    kind: str
    date: dt.date
    party: str
    amount: int
    in_kind: str = ""
    purpose: str = ""
    category: str = ""
    decision_number: str = ""


@dataclass(frozen=True)
class FundLine:
    """An entry in force, with the balance after it."""

    id: str
    draft: FundDraft
    advance: bool
    corrected: bool  # it replaces an earlier version
    recorded_at: dt.datetime
    balance_after: int


@dataclass(frozen=True)
class FundYear:
    year: int
    figures: FundFigures
    lines: tuple[FundLine, ...]


@dataclass(frozen=True)
class Revision:
    """One version of an entry: when it was recorded, why, and what it changed from the one before."""

    id: str
    recorded_at: dt.datetime
    draft: FundDraft
    cancelled: bool
    advance: bool
    reason: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)




def parse_amount(text: str) -> int:
    """A typed amount in đồng: '1.500.000', '1 500 000', '1500000 ₫' → 1500000; never a fraction."""
    cleaned = text.strip()
    for suffix in ("đồng", "VNĐ", "vnđ", "VND", "vnd", "₫", "đ"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    cleaned = re.sub(r"[\s._]", "", cleaned)
    if "," in cleaned:
        head, _sep, tail = cleaned.rpartition(",")
        if tail.strip("0") and len(tail) != 3:
            raise ValidationError(_("An amount is whole đồng, without a fraction: “{text}”.").format(text=text),
                                  "amount")
        cleaned = head.replace(",", "") + (tail if len(tail) == 3 else "")
    if not cleaned.isdigit() or not cleaned.isascii():
        raise ValidationError(_("“{text}” is not an amount: write the đồng as digits, for example 1.500.000.")
                              .format(text=text), "amount")
    return int(cleaned)


def _check(draft: FundDraft) -> FundDraft:
    if draft.kind not in (RECEIPT, PAYMENT):
        raise ValidationError(_("An entry is a receipt or a payment."))
    if type(draft.amount) is not int or not 0 < draft.amount <= MAX_AMOUNT:
        raise ValidationError(_("Enter the amount in whole đồng, more than 0."), "amount")
    party = " ".join(draft.party.split())
    if not party:
        raise ValidationError(_("Enter who gave the money or goods.") if draft.kind == RECEIPT
                              else _("Enter who received the payment (a person or a group)."), "party")
    if draft.kind == PAYMENT:
        if draft.category not in PAYMENT_PURPOSES:
            raise ValidationError(_("Choose what the payment was: a scholarship, an award, support or other."),
                                  "category")
        if draft.in_kind.strip():
            raise ValidationError(_("A payment is in money; goods given out are recorded with their value."),
                                  "in_kind")
    if not 1990 <= draft.date.year <= 2100:
        raise ValidationError(_("The date {date} is not a date the fund can have.").format(
            date=format_date(draft.date)), "date")
    return replace(draft, party=party[:200], in_kind=" ".join(draft.in_kind.split())[:300],
                   purpose=" ".join(draft.purpose.split())[:300],
                   category=draft.category if draft.kind == PAYMENT else "",
                   decision_number=" ".join(draft.decision_number.split())[:60])


def _draft(entry: FundEntry) -> FundDraft:
    return FundDraft(entry.kind, entry.date, entry.party, entry.amount, entry.in_kind, entry.purpose,
                     entry.category, entry.decision_number)


@dataclass(frozen=True)
class _Live:
    id: str
    date: dt.date
    signed: int  # + receipt, - payment


def _in_force(entries: Sequence[FundEntry]) -> list[FundEntry]:
    """The newest version of each chain, not cancelled, in ledger order (date, then recording)."""
    replaced = {entry.replaces_id for entry in entries if entry.replaces_id}
    live = [entry for entry in entries if entry.id not in replaced and not entry.cancelled]
    by_id = {entry.id: entry for entry in entries}

    def first_recorded(entry: FundEntry) -> str:  # a correction keeps the place of what it corrects
        seen = {entry.id}
        while entry.replaces_id in by_id and entry.replaces_id not in seen:
            entry = by_id[entry.replaces_id]  # type: ignore[index]
            seen.add(entry.id)
        return entry.id

    return sorted(live, key=lambda entry: (entry.date, first_recorded(entry)))


def _lowest(items: Iterable[_Live]) -> tuple[int, dt.date | None]:
    """The lowest balance at the end of any day, and that day."""
    per_day: dict[dt.date, int] = {}
    for item in items:
        per_day[item.date] = per_day.get(item.date, 0) + item.signed
    balance, lowest, when = 0, 0, None
    for day in sorted(per_day):
        balance += per_day[day]
        if balance < lowest:
            lowest, when = balance, day
    return lowest, when


def _signed(entry: FundEntry | FundDraft) -> int:
    return entry.amount if entry.kind == RECEIPT else -entry.amount


def _guard_balance(entries: Sequence[FundEntry], replacing: str | None, new: FundDraft | None) -> None:
    before = [_Live(entry.id, entry.date, _signed(entry)) for entry in _in_force(entries)]
    after = [item for item in before if item.id != replacing]
    if new is not None:
        after.append(_Live("", new.date, _signed(new)))
    lowest_after, day = _lowest(after)
    lowest_before, _day = _lowest(before)
    if lowest_after < 0 and lowest_after < lowest_before and day is not None:
        raise BalanceWouldGoNegative(
            _("This would take the fund's balance below zero: {balance} on {date}. If the money was paid "
              "ahead of receipts on purpose, record it as an advance.").format(
                balance=format_money(lowest_after), date=format_date(day)), day, lowest_after)


def _all_entries(session: object) -> list[FundEntry]:
    return list(session.execute(select(FundEntry).where(FundEntry.deleted.is_(False))).scalars())  # type: ignore[attr-defined]


def record_entry(db: Database, draft: FundDraft, *, as_advance: bool = False) -> str:
    """Write a receipt or a payment; BalanceWouldGoNegative unless `as_advance`."""
    draft = _check(draft)
    with db.unit_of_work() as session:
        if not as_advance:
            _guard_balance(_all_entries(session), None, draft)
        entry = FundEntry(**_columns(draft), advance=as_advance and draft.kind == PAYMENT)
        session.add(entry)
        session.flush()
        return entry.id


def _columns(draft: FundDraft) -> dict[str, object]:
    return {item.name: getattr(draft, item.name) for item in fields(draft)}


def _current(session: object, entries: Sequence[FundEntry], entry_id: str) -> FundEntry:
    entry = next((item for item in entries if item.id == entry_id), None)
    if entry is None:
        raise NotFoundError(_("This entry is no longer in the ledger."))
    if any(item.replaces_id == entry_id for item in entries):
        raise ValidationError(_("This entry was already corrected; correct its newest version."))
    if entry.cancelled:
        raise ValidationError(_("This entry was cancelled."))
    return entry


def correct_entry(db: Database, entry_id: str, draft: FundDraft, reason: str, *, as_advance: bool = False) -> str:
    """A new version of an entry; the old one stays in its history. Returns the new entry's id."""
    draft = _check(draft)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the entry is corrected (it is kept with the ledger)."), "reason")
    with db.unit_of_work() as session:
        entries = _all_entries(session)
        old = _current(session, entries, entry_id)
        if draft.kind != old.kind:
            raise ValidationError(_("A receipt stays a receipt and a payment a payment; cancel it and "
                                    "record the other instead."))
        if draft == _draft(old):
            raise ValidationError(_("Nothing was changed."))
        if not as_advance:
            _guard_balance(entries, entry_id, draft)
        entry = FundEntry(**_columns(draft), advance=(as_advance or old.advance) and draft.kind == PAYMENT,
                          replaces_id=entry_id, reason=reason)
        session.add(entry)
        session.flush()
        return entry.id


def cancel_entry(db: Database, entry_id: str, reason: str, *, as_advance: bool = False) -> str:
    """End an entry recorded by mistake: a cancelling version, kept in its history."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the entry is cancelled (it is kept with the ledger)."), "reason")
    with db.unit_of_work() as session:
        entries = _all_entries(session)
        old = _current(session, entries, entry_id)
        if not as_advance:
            _guard_balance(entries, entry_id, None)
        entry = FundEntry(**_columns(_draft(old)), advance=old.advance, cancelled=True, replaces_id=entry_id,
                          reason=reason)
        session.add(entry)
        session.flush()
        return entry.id


def fund_year(db: Database, year: int) -> FundYear:
    """The year's entries in force with the running balance, and its figures (the opening balance
    carries everything before 1 January)."""
    with db.reading() as session:
        entries = _all_entries(session)
        live = _in_force(entries)
        corrected = {entry.id for entry in live if entry.replaces_id}
        drafts = [(entry.id, _draft(entry), entry.advance) for entry in live]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = figures_of(((draft, advance) for _id, draft, advance in drafts), first, last)
    balance = figures.opening
    lines = []
    for entry_id, draft, advance in drafts:
        if first <= draft.date <= last:
            balance += _signed(draft)
            lines.append(FundLine(entry_id, draft, advance, entry_id in corrected, id_time(entry_id), balance))
    return FundYear(year, figures, tuple(lines))


def ledger_of_origin(session: object, origin: int) -> list[FundLine]:
    """At an office: one centre's entries in force, in ledger order, with the running balance."""
    entries = list(session.execute(select(FundEntry).where(  # type: ignore[attr-defined]
        FundEntry.deleted.is_(False), FundEntry.origin == origin)).scalars())
    balance, lines = 0, []
    for entry in _in_force(entries):
        balance += _signed(entry)
        lines.append(FundLine(entry.id, _draft(entry), entry.advance, bool(entry.replaces_id), id_time(entry.id),
                              balance))
    return lines


def figures_of(entries: Iterable[tuple[FundDraft, bool]], first: dt.date, last: dt.date) -> FundFigures:
    """Entries in force (draft, advance) summed over a period."""
    opening = receipts = in_kind = payments = advances = 0
    for draft, advance in entries:
        if draft.date < first:
            opening += _signed(draft)
        elif draft.date <= last:
            if draft.kind == RECEIPT:
                receipts += draft.amount
                in_kind += draft.amount if draft.in_kind else 0
            else:
                payments += draft.amount
                advances += draft.amount if advance else 0
    return FundFigures(opening, receipts, in_kind, payments, advances)


def fund_figures(session: object, first: dt.date, last: dt.date, keys: list[int | None]) -> dict[int | None, FundFigures]:
    """The fund over a period per origin centre at an office (None: the whole database)."""
    by_origin = None not in keys
    grouped: dict[int | None, list[FundEntry]] = {key: [] for key in keys}
    for entry in _all_entries(session):
        key = entry.origin if by_origin else None
        if key in grouped:
            grouped[key].append(entry)
    return {key: figures_of(((_draft(entry), entry.advance) for entry in _in_force(entries)), first, last)
            for key, entries in grouped.items()}


_FIELD_LABELS = {"date": lambda: _("Date"), "party": lambda: _("Donor or recipient"), "amount": lambda: _("Amount"),
                 "in_kind": lambda: _("In kind"), "purpose": lambda: _("Purpose"), "category": lambda: _("For"),
                 "decision_number": lambda: _("Decision number")}


def _shown(name: str, value: object) -> str:
    if name == "date":
        return format_date(value)  # type: ignore[arg-type]
    if name == "amount":
        return format_money(value)  # type: ignore[arg-type]
    if name == "category":
        return category_label(str(value))
    return str(value)


def category_label(category: str) -> str:
    return {"scholarship": _("Scholarship"), "award": _("Award"), "support": _("Support"),
            "other": _("Other")}.get(category, category)


def entry_history(db: Database, entry_id: str) -> list[Revision]:
    """Every version of the entry's chain, oldest first, with what each changed and when."""
    with db.reading() as session:
        entries = {entry.id: entry for entry in _all_entries(session)}
        if entry_id not in entries:
            raise NotFoundError(_("This entry is no longer in the ledger."))
        chain = [entries[entry_id]]
        while chain[0].replaces_id and chain[0].replaces_id in entries:
            chain.insert(0, entries[chain[0].replaces_id])
        newer = {entry.replaces_id: entry for entry in entries.values() if entry.replaces_id}
        while chain[-1].id in newer:
            chain.append(newer[chain[-1].id])
        versions = [(entry.id, _draft(entry), entry.cancelled, entry.advance, entry.reason) for entry in chain]
    revisions: list[Revision] = []
    previous: FundDraft | None = None
    for version_id, draft, cancelled, advance, reason in versions:
        changes = () if previous is None else tuple(
            (_FIELD_LABELS[name](), _shown(name, getattr(previous, name)), _shown(name, getattr(draft, name)))
            for name in _FIELD_LABELS if getattr(previous, name) != getattr(draft, name))
        revisions.append(Revision(version_id, id_time(version_id), draft, cancelled, advance, reason, changes))
        previous = draft
    return revisions


def fund_statement_data(db: Database, year: int, *, today: dt.date | None = None) -> object:
    """The printed statement's data (printing.fund_statement.FundStatementData) for the year."""
    from desktop.printing.fund_statement import FundStatementData, FundStatementRow
    from desktop.services.documents import document_header

    with db.reading() as session:
        header = document_header(session, today or dt.date.today())
    found = fund_year(db, year)
    rows, counters = [], {RECEIPT: 0, PAYMENT: 0}
    for line in found.lines:
        draft = line.draft
        counters[draft.kind] += 1
        number = f"{'PT' if draft.kind == RECEIPT else 'PC'}{counters[draft.kind]:02d}"
        if draft.kind == RECEIPT:
            content = _("Received from {party}").format(party=draft.party)
            if draft.in_kind:
                content += " — " + _("in kind: {goods}").format(goods=draft.in_kind)
        else:
            content = _("{category} to {party}").format(category=category_label(draft.category), party=draft.party)
            if line.advance:
                content += " (" + _("advance") + ")"
        if draft.purpose:
            content += f"; {draft.purpose}"
        rows.append(FundStatementRow(draft.date, number, content, draft.decision_number,
                                     draft.amount if draft.kind == RECEIPT else None,
                                     draft.amount if draft.kind == PAYMENT else None, line.balance_after))
    figures = found.figures
    return FundStatementData(header, year, figures.opening, tuple(rows), figures.receipts,
                             figures.receipts_in_kind, figures.payments, figures.balance)


def print_fund_statement(db: Database, year: int, out: object, *, today: dt.date | None = None,
                         progress: object = None, cancel: object = None) -> int:
    from desktop.printing.fund_statement import render_fund_statement

    return render_fund_statement(fund_statement_data(db, year, today=today), out,  # type: ignore[arg-type]
                                 progress=progress, cancel=cancel)  # type: ignore[arg-type]
