"""`clc print …`: official documents as PDF from the command line (offices script these).

    clc print attendance --db FILE --class CODE --month YYYY-MM [--blank] --out FILE.pdf
    clc print signin     --db FILE --class CODE [--date YYYY-MM-DD] --out FILE.pdf
    clc print classlist  --db FILE --class CODE --out FILE.pdf
    clc print register   --db FILE (--from YYYY-MM-DD --to YYYY-MM-DD | --year YYYY) --out FILE.pdf

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

from desktop.i18n import _

EXIT_OK = 0
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def add_print_parser(commands: Any) -> None:
    """Add `print` and its four documents to the `clc` subcommands."""
    printing = commands.add_parser("print", help="print a document as PDF").add_subparsers(
        dest="print_command", metavar="DOCUMENT")

    def document(name: str, help_text: str, *, by_class: bool = True) -> argparse.ArgumentParser:
        parser = printing.add_parser(name, help=help_text)
        parser.add_argument("--db", dest="sub_db", type=Path, help="database file")
        if by_class:
            parser.add_argument("--class", dest="class_code", required=True, metavar="CODE",
                                help="the class or talk code, e.g. 01234-2026-007")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        return parser

    attendance = document("attendance", "monthly attendance sheet of a class")
    attendance.add_argument("--month", required=True, metavar="YYYY-MM")
    attendance.add_argument("--blank", action="store_true",
                            help="names only, cells empty for ticking by hand")
    attendance.add_argument("--extra-rows", type=int, default=0, help="empty rows for walk-ins")
    signin = document("signin", "sign-in sheet of a talk (the next session, or --date)")
    signin.add_argument("--date", metavar="YYYY-MM-DD")
    document("classlist", "class list with signatures and totals")
    register = document("register", "register of classes and talks for a period",
                        by_class=False)
    register.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
    register.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
    register.add_argument("--year", type=int, metavar="YYYY", help="the whole calendar year")


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

    from desktop.cli import EXIT_USAGE, _database_path, _open
    from desktop.services import documents

    if args.print_command is None:
        print("clc print: choose a document (attendance, signin, classlist, register)",
              file=sys.stderr)
        return EXIT_USAGE
    out: Path = args.out
    _check_output(out)
    # check the arguments before opening the database, so a typo fails fast
    if args.print_command == "attendance":
        year, month = _month(args.month)
    elif args.print_command == "signin":
        day = _date(args.date, "--date") if args.date else None
    elif args.print_command == "register":
        first, last = _period(args)
    path = _database_path(args)
    if not path.is_file():
        from desktop.errors import UserError

        raise UserError(_("The database {path} does not exist.").format(path=path))
    db = _open(path)
    try:
        if args.print_command == "attendance":
            pages = documents.attendance_sheet(db, args.class_code, year, month, out,
                                               blank=args.blank, extra_rows=args.extra_rows)
        elif args.print_command == "signin":
            pages = documents.signin_sheet(db, args.class_code, day, out)
        elif args.print_command == "classlist":
            pages = documents.class_list(db, args.class_code, out)
        else:
            pages = documents.register(db, first, last, out)
    finally:
        db.close()
    # not translated: offices' scripts read this line
    print(f"{out}: {pages} {'page' if pages == 1 else 'pages'}")
    return EXIT_OK
