"""`clc report`: the periodic report of a centre, or an office's consolidated report.

    clc report --db FILE --period 2026-10|2026-Q3|2025-2026|2026|2026-01-01..2026-03-31
               --format pdf|xlsx|json --out FILE [--centre CODE] [--counting attended|enrolment]

On success one line "FILE: N pages" (pdf) or "FILE" goes to stdout and the exit code is 0; on
failure a one-line reason on stderr, a non-zero exit code, and no output file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.i18n import _

EXIT_OK = 0


def add_report_parser(commands: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    report = commands.add_parser("report", help=_("the periodic report (or an office's consolidated one)"))
    report.add_argument("--db", dest="sub_db", type=Path, metavar="FILE", help=_("database file"))
    report.add_argument("--period", required=True,
                        help=_("2026-10, 2026-Q3, 2025-2026, 2025-2026-HK1, 2026, 2026-LLW or 2026-01-01..2026-03-31"))
    report.add_argument("--format", dest="fmt", required=True, choices=("pdf", "xlsx", "json"))
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    report.add_argument("--centre", metavar="CODE", help=_("at an office: only the centre with this commune code"))
    report.add_argument("--counting", choices=("attended", "enrolment"),
                        help=_("a participant-time is an attended session (default: the saved setting) or an enrolment"))
    return {"report": cmd_report}


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.cli import database_path_of, open_for_command
    from desktop.errors import UserError
    from desktop.reports.periods import parse_period
    from desktop.services.reports import read_period
    from desktop.services.reports.export import export_report

    period = parse_period(args.period)  # a typo fails before the database is opened
    out: Path = args.out
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name.").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("Cannot write {path}: the folder {folder} does not exist.").format(
            path=out, folder=out.parent))
    path = database_path_of(args)
    if not path.is_file():
        raise UserError(_("The database {path} does not exist.").format(path=path))
    db = open_for_command(path)
    try:
        period = read_period(db, args.period)  # with this centre's term and Learning Week dates
        pages = export_report(db, period, args.fmt, out, centre_code=args.centre, counting=args.counting)
    finally:
        db.close()
    # not translated: offices' scripts read this line
    print(f"{out}: {pages} {'page' if pages == 1 else 'pages'}" if args.fmt == "pdf" else str(out),
          file=sys.stdout)
    return EXIT_OK
