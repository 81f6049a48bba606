"""`clc print …`: official documents as PDF from the command line (offices script these).

    clc print attendance --db FILE --class CODE --month YYYY-MM [--blank] --out FILE.pdf
    clc print signin     --db FILE --class CODE [--date YYYY-MM-DD] --out FILE.pdf
    clc print classlist  --db FILE --class CODE --out FILE.pdf
    clc print register   --db FILE (--from YYYY-MM-DD --to YYYY-MM-DD | --year YYYY) --out FILE.pdf
    clc print item-register | summary-register  --db FILE [--year YYYY] --out FILE.pdf
    clc print loan-book  --db FILE (--from YYYY-MM-DD --to YYYY-MM-DD | --year YYYY) --out FILE.pdf
    clc print overdue-slips | reader-cards  --db FILE --out FILE.pdf
    clc print spine-labels --db FILE (--batch N/YYYY | --codes C,C) [--sheet A4-3x8] [--start N] --out FILE.pdf
    clc print shelf-list --db FILE [--shelf S] --out FILE.pdf
    clc print fund-statement --db FILE --year YYYY --out FILE.pdf

On success the page count goes to stdout and the exit code is 0. On failure: a one-line reason
on stderr, a non-zero exit code, and no output file (the PDF is written to a temporary file
beside it and renamed at the end).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

from desktop.cli_progress import terminal_progress
from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread, ngettext
from desktop.progress import Progress

EXIT_OK = 0
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


DOCUMENTS = ("attendance", "signin", "classlist", "register", "item-register", "summary-register", "loan-book",
             "overdue-slips", "reader-cards", "spine-labels", "shelf-list", "fund-statement")


def add_print_parser(commands: Any) -> None:
    """Add `print` and its four documents to the `clc` subcommands."""
    printing = commands.add_parser("print", help=_("print a document as PDF")).add_subparsers(
        dest="print_command", metavar="DOCUMENT")

    def document(name: str, help_text: str, *, by_class: bool = True) -> argparse.ArgumentParser:
        parser = printing.add_parser(name, help=help_text)
        parser.add_argument("--db", dest="sub_db", type=Path, metavar="FILE", help=_("database file"))
        if by_class:
            parser.add_argument("--class", dest="class_code", required=True, metavar="CODE",
                                help=_("the class or talk code, e.g. 01234-2026-007"))
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        return parser

    attendance = document("attendance", _("monthly attendance sheet of a class"))
    attendance.add_argument("--month", required=True, metavar="YYYY-MM")
    attendance.add_argument("--blank", action="store_true",
                            help=_("names only, cells empty for ticking by hand"))
    attendance.add_argument("--extra-rows", type=int, default=0, help=_("empty rows for walk-ins"))
    signin = document("signin", _("sign-in sheet of a talk (the next session, or --date)"))
    signin.add_argument("--date", metavar="YYYY-MM-DD")
    document("classlist", _("class list with signatures and totals"))
    register = document("register", _("register of classes and talks for a period"),
                        by_class=False)
    register.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
    register.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
    register.add_argument("--year", type=int, metavar="YYYY", help=_("the whole calendar year"))

    # the book cabinet's registers, slips, cards and labels
    items = document("item-register", _("item accession register (sổ đăng ký cá biệt)"),
                     by_class=False)
    items.add_argument("--year", type=int, metavar="YYYY", help=_("only the copies received that year"))
    items.add_argument("--former", metavar="COMMUNE_CODE",
                       help=_("the register of a former centre merged into this one, as it was written"))
    summary = document("summary-register", _("summary accession register (sổ đăng ký tổng quát)"),
                       by_class=False)
    summary.add_argument("--year", type=int, metavar="YYYY", help=_("only that year's batches"))
    loans = document("loan-book", _("loan book for a period (sổ mượn sách)"), by_class=False)
    loans.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
    loans.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
    loans.add_argument("--year", type=int, metavar="YYYY", help=_("the whole calendar year"))
    document("overdue-slips", _("a reminder slip per reader with overdue books"), by_class=False)
    document("reader-cards", _("reader cards with a barcode, for every reader"), by_class=False)
    labels = document("spine-labels", _("spine labels with the accession number and a barcode"),
                      by_class=False)
    labels.add_argument("--batch", metavar="N/YYYY", help=_("the intake batch, as in the summary register"))
    labels.add_argument("--codes", metavar="CODE,CODE", help=_("accession numbers, comma separated"))
    labels.add_argument("--sheet", default="A4-3x8", choices=("A4-3x8", "A4-4x10", "A4-5x13"))
    labels.add_argument("--start", type=int, default=0,
                        help=_("labels already used on the first sheet (0: start top left)"))
    shelf = document("shelf-list", _("shelf list for counting without a scanner"), by_class=False)
    shelf.add_argument("--shelf", help=_("one shelf (default: every shelf)"))
    fund = document("fund-statement", _("the study-promotion fund's statement for a year"), by_class=False)
    fund.add_argument("--year", type=int, required=True, metavar="YYYY")


def _date(text: str, option: str) -> dt.date:
    from desktop.errors import UserError

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("{option} takes a date as YYYY-MM-DD, not “{text}”.").format(
            option=option, text=text)) from None


def _month(text: str) -> tuple[int, int]:
    from desktop.errors import UserError

    match = _MONTH.match(text)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise UserError(_("--month takes a month as YYYY-MM, for example 2026-03, not “{text}”.")
                        .format(text=text))
    return int(match[1]), int(match[2])


def _period(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    from desktop.errors import UserError

    if args.year is not None:
        if args.first or args.last:
            raise UserError(_("Give either --year or --from and --to, not both."))
        if not 1000 <= args.year <= 9999:
            raise UserError(_("--year takes a year such as 2026."))
        return dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    if not (args.first and args.last):
        raise UserError(_("Give the period as --from YYYY-MM-DD --to YYYY-MM-DD, or --year YYYY."))
    first, last = _date(args.first, "--from"), _date(args.last, "--to")
    if last < first:
        raise UserError(_("The end date is before the start date."))
    return first, last


def _check_output(path: Path) -> None:
    from desktop.errors import UserError

    if path.is_dir():
        raise UserError(_("{path} is a folder; give a file name ending in .pdf.").format(path=path))
    if not path.parent.is_dir():
        raise UserError(_("Cannot write {path}: the folder {folder} does not exist.").format(
            path=path, folder=path.parent))


def cmd_print(args: argparse.Namespace) -> int:
    """Run one `clc print` document; raises UserError (one line) on anything the user can fix."""
    import sys

    from desktop.cli import EXIT_USAGE, database_path_of, open_for_command
    from desktop.services import documents

    if args.print_command is None:
        print(_("clc print: choose a document ({documents}).").format(documents=", ".join(DOCUMENTS)),
              file=sys.stderr)
        return EXIT_USAGE
    out: Path = args.out
    _check_output(out)
    # check the arguments before opening the database, so a typo fails fast
    first: dt.date | None = None
    last: dt.date | None = None
    if args.print_command == "attendance":
        year, month = _month(args.month)
    elif args.print_command == "signin":
        day = _date(args.date, "--date") if args.date else None
    elif args.print_command in ("register", "loan-book"):
        first, last = _period(args)
    elif args.print_command == "spine-labels" and bool(args.batch) == bool(args.codes):
        from desktop.errors import UserError

        raise UserError(_("Give either --batch N/YYYY or --codes, not both."))
    path = database_path_of(args)
    if not path.is_file():
        from desktop.errors import UserError

        raise UserError(_("The database {path} does not exist.").format(path=path))
    db = open_for_command(path)
    # official documents are in Vietnamese whatever language (--lang) the messages are in
    bar = terminal_progress(_("Laying out the document"))
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        try:
            if args.print_command == "attendance":
                pages = documents.attendance_sheet(db, args.class_code, year, month, out,
                                                   blank=args.blank, extra_rows=args.extra_rows,
                                                   progress=bar)
            elif args.print_command == "signin":
                pages = documents.signin_sheet(db, args.class_code, day, out, progress=bar)
            elif args.print_command == "classlist":
                pages = documents.class_list(db, args.class_code, out, progress=bar)
            elif args.print_command == "register":
                pages = documents.register(db, first, last, out, progress=bar)
            elif args.print_command == "fund-statement":
                from desktop.services.society.fund import print_fund_statement

                with documents.safe_target(out) as target:
                    pages = print_fund_statement(db, args.year, target, progress=bar)
            else:
                with documents.safe_target(out) as target:
                    pages = _book_document(db, args, target, first, last, bar)
        finally:
            db.close()
    # in the user's language like every line; scripts read the file before the colon and the number
    print(ngettext("{file}: {count} page", "{file}: {count} pages", pages).format(file=out, count=pages))
    return EXIT_OK


def _book_document(db: Any, args: argparse.Namespace, out: Any, first: dt.date | None,
                   last: dt.date | None, progress: Progress) -> int:
    from desktop.errors import UserError
    from desktop.services import book_documents
    from desktop.services.books.intake import summary_register

    command = args.print_command
    if command == "item-register":
        return book_documents.print_item_register(db, out, year=args.year, progress=progress,
                                                  former_commune_code=args.former)
    if command == "summary-register":
        return book_documents.print_summary_register(db, out, year=args.year, progress=progress)
    if command == "loan-book":
        return book_documents.print_loan_book(db, out, first, last, progress=progress)
    if command == "overdue-slips":
        return book_documents.print_overdue_slips(db, out, progress=progress)
    if command == "reader-cards":
        return book_documents.print_reader_cards(db, out, progress=progress)
    if command == "spine-labels":
        sheet = book_documents.LABEL_SHEETS[args.sheet]
        if args.codes:
            codes = [code.strip() for code in args.codes.split(",") if code.strip()]
            return book_documents.print_spine_labels(db, out, codes, sheet=sheet, start=args.start,
                                                     progress=progress)
        batches = {batch.entry_label: batch.id for batch in summary_register(db)}
        if args.batch.strip() not in batches:
            raise UserError(_("There is no intake batch {batch} in the summary register.").format(
                batch=args.batch))
        return book_documents.print_spine_labels(db, out, intake_id=batches[args.batch.strip()],
                                                 sheet=sheet, start=args.start, progress=progress)
    return book_documents.print_shelf_list(db, out, args.shelf, progress=progress)
