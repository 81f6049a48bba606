"""Checking the lines of an intake batch before any copy is made: the counts, the titles, and the
lender's codes or old accession numbers a line brings, none taken twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.books.accession import Accession, bare, read_accession
from desktop.services.books.catalogue import TitleInput, validate_price, validate_title
from desktop.services.books.common import normalise_external_code
from desktop.store.book_models import BookCopy, BookTitle
from desktop.text.vietnamese import clean_name

if TYPE_CHECKING:
    from desktop.services.books.intake import IntakeInput, IntakeLine

MAX_COPIES_PER_LINE = 1000
MAX_COPIES_PER_BATCH = 10_000


@dataclass(frozen=True)
class CheckedLine:
    title_id: str | None
    title: TitleInput | None
    copies: int
    price: int | None
    shelf: str
    external_codes: tuple[str, ...]
    accession_numbers: tuple[Accession, ...]


def accession_of(value: int | str | Accession) -> Accession:
    if isinstance(value, Accession):
        return value
    if isinstance(value, int):
        if value < 1:
            raise ValidationError(_("Accession numbers start at 1."), "accession_numbers")
        return bare(value)
    try:
        return read_accession(value)
    except ValueError as error:
        raise ValidationError(_("“{value}” is not an accession number.").format(value=value),
                              "accession_numbers") from error


def check_lines(session: OrmSession, intake: IntakeInput, lines: Sequence[IntakeLine],
                 today: dt.date) -> list[CheckedLine]:
    if not lines:
        raise ValidationError(_("Add at least one title to the batch."), "lines")
    checked: list[CheckedLine] = []
    total = 0
    seen_codes: set[str] = set()
    seen_numbers: set[tuple[str, int]] = set()
    for line in lines:
        if not 1 <= line.copies <= MAX_COPIES_PER_LINE:
            raise ValidationError(_("The number of copies is between 1 and {count}.").format(
                count=MAX_COPIES_PER_LINE), "copies")
        total += line.copies
        price = validate_price(line.price)
        title_input = None
        if line.title_id is not None:
            title = session.get(BookTitle, line.title_id)
            if title is None or title.deleted:
                raise NotFoundError(_("This title is no longer in the catalogue."))
        elif line.title is not None:
            title_input = validate_title(line.title, today=today)
        else:
            raise ValidationError(_("Choose a title or enter a new one."), "title")
        codes = tuple(normalise_external_code(code) for code in line.external_codes)
        if codes:
            if intake.source != "rotation":
                raise ValidationError(_("Only rotated copies carry the lender's codes."), "codes")
            if len(codes) != line.copies or not all(codes):
                raise ValidationError(_("Give one lender's code for each rotated copy."), "codes")
            check_codes_free(session, codes, seen_codes)
        numbers = tuple(accession_of(value) for value in line.accession_numbers)
        if numbers:
            if intake.source != "opening":
                raise ValidationError(_("Only opening stock keeps the accession numbers already "
                                        "on its labels; new copies are numbered automatically."),
                                      "accession_numbers")
            if len(numbers) != line.copies:
                raise ValidationError(_("Give one accession number for each copy."),
                                      "accession_numbers")
            check_numbers_free(session, numbers, seen_numbers)
        checked.append(CheckedLine(line.title_id, title_input, line.copies, price,
                                    clean_name(line.shelf)[:60], codes, numbers))
    if total > MAX_COPIES_PER_BATCH:
        raise ValidationError(_("A batch has at most {count} copies.").format(
            count=MAX_COPIES_PER_BATCH), "copies")
    return checked


def check_codes_free(session: OrmSession, codes: tuple[str, ...], seen: set[str]) -> None:
    for code in codes:
        if code in seen:
            raise ValidationError(_("The lender's code {code} appears twice.").format(code=code),
                                  "codes")
        seen.add(code)
    taken = session.execute(select(BookCopy.external_code).where(
        BookCopy.external_code.in_(codes))).scalars().first()
    if taken:
        raise ValidationError(_("A copy with the lender's code {code} is already registered.")
                              .format(code=taken), "codes")


def check_numbers_free(session: OrmSession, numbers: tuple[Accession, ...],
                        seen: set[tuple[str, int]]) -> None:
    for accession in numbers:
        if accession.key in seen:
            raise ValidationError(_("The accession number {number} appears twice.").format(
                number=accession.text), "accession_numbers")
        seen.add(accession.key)
    wanted = {accession.key: accession for accession in numbers}
    taken = session.execute(select(BookCopy.accession_number,
                                   func.coalesce(BookCopy.accession_prefix, "")).where(
        BookCopy.accession_number.in_({number for _prefix, number in wanted}))).all()
    for number, prefix in taken:
        if (prefix, number) in wanted:
            raise ValidationError(_("The accession number {number} is already in the register; "
                                    "a number is never given twice.").format(
                number=wanted[prefix, number].text), "accession_numbers")
