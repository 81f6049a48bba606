"""`clc activities import FILE --db FILE [--dry-run] [--json]`: classes and talks held before the
app, from the Excel or CSV list the centre kept, in one transaction."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.i18n import _, ngettext

EXIT_OK, EXIT_FAILURE = 0, 1


def add_activities_parser(commands: Any) -> None:
    activities = commands.add_parser("activities", help=_("classes and talks")).add_subparsers(
        dest="activities_command", metavar="ACTION")
    imp = activities.add_parser("import", help=_("import past classes and talks from .xlsx or .csv"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    imp.add_argument("--sheet", help=_("sheet name (default: the first with a table of activities)"))
    imp.add_argument("--dry-run", action="store_true", help=_("check and report, save nothing"))
    imp.add_argument("--json", action="store_true", help=_("print the report as JSON"))


def cmd_activities(args: argparse.Namespace) -> int:
    from desktop.cli import _database_path, _open, _print_rows
    from desktop.errors import UserError
    from desktop.services.activity_import import commit_activity_import, preview_activity_import

    if args.activities_command != "import":
        raise UserError(_("Choose an action: clc activities import FILE --db FILE"))
    path = _database_path(args)
    if not path.exists():
        raise UserError(_("There is no database at {path}.").format(path=path))
    db = _open(path)
    try:
        preview = preview_activity_import(db, args.file, sheet=args.sheet)
        imported = 0
        if not args.dry_run and preview.accepted:
            imported = commit_activity_import(db, preview)
    finally:
        db.close()
    warnings = [(row.row_number, list(row.warnings)) for row in preview.rows
                if row.warnings and not row.errors]
    if args.json:
        print(json.dumps({
            "file": str(args.file), "rows": preview.total, "accepted": preview.accepted,
            "rejected": preview.rejected, "duplicates": preview.duplicates,
            "imported": imported, "dry_run": bool(args.dry_run),
            "problems": [{"row": row, "errors": errors} for row, errors in preview.problems],
            "warnings": [{"row": row, "warnings": notes} for row, notes in warnings],
        }, ensure_ascii=False, indent=2))
    else:
        print(ngettext("{rows} row read: {accepted} accepted, {rejected} refused, {duplicates} "
                       "probably already in the register (not imported).",
                       "{rows} rows read: {accepted} accepted, {rejected} refused, {duplicates} "
                       "probably already in the register (not imported).", preview.total).format(
            rows=preview.total, accepted=preview.accepted, rejected=preview.rejected,
            duplicates=preview.duplicates)
            + " " + (ngettext("Dry run, nothing saved: {count} class or talk would be imported.",
                              "Dry run, nothing saved: {count} classes and talks would be "
                              "imported.", preview.accepted).format(count=preview.accepted)
                     if args.dry_run
                     else ngettext("{count} class or talk imported.",
                                   "{count} classes and talks imported.", imported).format(
                         count=imported)))
        _print_rows(preview.problems, warnings)
        if not preview.total:
            print(_("The list has no rows under its header: nothing to import."))
    return EXIT_OK if (preview.accepted if args.dry_run else imported) else EXIT_FAILURE
