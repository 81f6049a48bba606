"""`clc return | corrections`, and `clc import` of a return package at a centre (the flags and
JSON keys are fixed: offices script them).

    clc return --db OFFICE_FILE --centre CODE|--all --out DIR     one return package per centre
    clc corrections propose --db OFFICE_FILE --table learner|activity --record ID --field F --value V --reason R
    clc corrections list --db FILE [--json]                        asked (office) or received (centre)
    clc corrections answer --db CENTRE_FILE ID --accept|--decline [--reason R]
    clc import --db CENTRE_FILE RETURN_FILE... [--json] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli_progress import terminal_progress
from desktop.i18n import _

EXIT_OK, EXIT_FAILURE = 0, 1


def add_return_parsers(commands: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    back = commands.add_parser("return", help=_("write return packages from an office to its centres"))
    back.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    which = back.add_mutually_exclusive_group(required=True)
    which.add_argument("--centre", metavar="CODE", help=_("the centre's commune code"))
    which.add_argument("--all", action="store_true", help=_("every centre that sent data"))
    back.add_argument("--out", type=Path, required=True, help=_("folder (a USB stick)"))

    corrections = commands.add_parser("corrections", help=_("corrections the office asks centres for")) \
        .add_subparsers(dest="corrections_command", metavar="ACTION")
    propose = corrections.add_parser("propose", help=_("ask a centre to correct one field of a record"))
    propose.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    propose.add_argument("--table", required=True, choices=("learner", "activity"))
    propose.add_argument("--record", required=True, metavar="ID")
    propose.add_argument("--field", required=True)
    propose.add_argument("--value", required=True)
    propose.add_argument("--reason", required=True)
    listing = corrections.add_parser("list", help=_("corrections asked for (office) or received (centre)"))
    listing.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    listing.add_argument("--json", action="store_true")
    answer = corrections.add_parser("answer", help=_("accept or decline a correction at a centre"))
    answer.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    answer.add_argument("correction", metavar="ID")
    choice = answer.add_mutually_exclusive_group(required=True)
    choice.add_argument("--accept", action="store_true")
    choice.add_argument("--decline", action="store_true")
    answer.add_argument("--reason", default="")
    return {"return": cmd_return, "corrections": cmd_corrections}


def _database(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desktop.cli_sync import database_of_args as open_named

    return open_named(args)


def cmd_return(args: argparse.Namespace) -> int:
    from desktop.services.sync.return_office import write_returns

    args.out.mkdir(parents=True, exist_ok=True)
    db = _database(args)
    try:
        written = write_returns(db, args.out, centre_code=None if args.all else args.centre,
                                progress=terminal_progress(_("Writing return packages")))
    finally:
        db.close()
    for item in written:
        print(item.path)
    return EXIT_OK


def cmd_corrections(args: argparse.Namespace) -> int:
    from desktop.services.sync import corrections
    from desktop.services.sync.mode import database_is_office

    if args.corrections_command is None:
        print("clc corrections: choose propose, list or answer", file=sys.stderr)
        return 2
    db = _database(args)
    try:
        if args.corrections_command == "propose":
            made = corrections.propose_correction(db, table=args.table, record_id=args.record, field=args.field,
                                                  value=args.value, reason=args.reason)
            print(made.id)
        elif args.corrections_command == "answer":
            corrections.answer_correction(db, args.correction, accept=args.accept, reason=args.reason)
        elif database_is_office(db):
            asked = corrections.office_corrections(db)
            if args.json:
                print(json.dumps({"corrections": [item.as_json() for item in asked]}, ensure_ascii=False, indent=1))
            for item in asked if not args.json else ():
                print(f"{item.id}\t{item.commune_code}\t{item.record_label}\t{item.field}\t{item.new}\t{item.status}"
                      f"\t{item.answer_reason}")
        else:
            received = corrections.received_corrections(db)
            if args.json:
                print(json.dumps({"corrections": [
                    {"id": item.id, "table": item.table, "record_id": item.record_id, "record": item.record_label,
                     "field": item.field, "old": item.old, "new": item.new, "current": item.current,
                     "reason": item.reason, "status": item.status, "answer_reason": item.answer_reason}
                    for item in received]}, ensure_ascii=False, indent=1))
            for item in received if not args.json else ():
                print(f"{item.id}\t{item.record_label}\t{item.field}\t{item.new}\t{item.status}\t{item.reason}")
    finally:
        db.close()
    return EXIT_OK


def import_return_packages(args: argparse.Namespace, db: Any) -> int:
    """`clc import` on a centre's database: return packages from the office."""
    from desktop.services.sync.return_centre import REFUSED, import_returns

    report = import_returns(db, args.paths, dry_run=args.dry_run,
                            progress=terminal_progress(_("Reading the packages")))
    from desktop.cli_sync import print_import_report

    return print_import_report(report, args.json, lambda package: package.office)
