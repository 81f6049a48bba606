"""`clc activities import FILE --db FILE [--dry-run] [--json]`: classes and talks held before the
app, from the Excel or CSV list the centre kept, in one transaction."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop.i18n import _, ngettext

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
    from desktop.cli_lists import exit_code, list_report, print_outcome, read_and_import, row_warnings
    from desktop.errors import UserError
    from desktop.services.activity_import import commit_activity_import, preview_activity_import

    if args.activities_command != "import":
        raise UserError(_("Choose an action: clc activities import FILE --db FILE"))
    preview, imported = read_and_import(
        args, lambda db: preview_activity_import(db, args.file, sheet=args.sheet),
        commit_activity_import, lambda preview: bool(preview.accepted))
    warnings = row_warnings(preview.rows)
    if args.json:
        print(json.dumps(list_report(args, preview, imported, warnings), ensure_ascii=False, indent=2))
    else:
        print_outcome(ngettext(
            "{rows} row read: {accepted} accepted, {rejected} refused, {duplicates} "
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
                         count=imported)), preview.problems, warnings, preview.total)
    return exit_code(args, preview.accepted, imported)
