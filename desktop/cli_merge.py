"""`clc merge`: merge a former centre's database into this one (the communes merged in 2025)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from desktop.i18n import _

EXIT_OK, EXIT_FAILURE = 0, 1


def add_merge_parser(commands: argparse._SubParsersAction) -> dict[str, object]:  # type: ignore[type-arg]
    merge = commands.add_parser("merge", help=_("merge a former centre's database into this one (merged communes)"))
    merge.add_argument("--db", dest="sub_db", type=Path, metavar="NEW_FILE")
    merge.add_argument("former", type=Path, metavar="FORMER_FILE",
                       help=_("the former centre's database file (only read, never changed)"))
    merge.add_argument("--dry-run", action="store_true", help=_("show what would be merged, save nothing"))
    merge.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    merge.add_argument("--join-duplicates", action="store_true",
                       help=_("join every probable duplicate learner as one person"))
    merge.add_argument("--join", action="append", default=[], metavar="ID_COMING_IN=ID_HERE",
                       help=_("join one probable duplicate learner (repeat for more)"))
    merge.add_argument("--join-village", action="append", default=[], metavar="ID_COMING_IN=ID_HERE",
                       help=_("join a village of the former commune with one already here"))
    merge.add_argument("--rename-village", action="append", default=[], metavar="ID=NAME",
                       help=_("give a village of the former commune another name"))
    merge.add_argument("--prefix", help=_("letters put before the former cabinet's accession numbers "
                                          "(by default suggested when numbers collide)"))
    merge.add_argument("--merged-on", metavar="YYYY-MM-DD", help=_("the date of the merger (default: today)"))
    merge.add_argument("--report", type=Path, metavar="FILE.pdf", help=_("also write the merge report as PDF"))
    return {"merge": cmd_merge}


def _pairs(values: list[str]) -> dict[str, str]:
    from desktop.errors import UserError

    pairs = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise UserError(_("Write each pair as ID=VALUE: {value}").format(value=value))
        pairs[key.strip()] = target.strip()
    return pairs


def cmd_merge(args: argparse.Namespace) -> int:
    from desktop.cli import database_path_of, open_for_command
    from desktop.cli_progress import terminal_progress
    from desktop.errors import UserError
    from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
    from desktop.services.merger.documents import save_merge_report_pdf

    merged_on = None
    if args.merged_on:
        try:
            merged_on = dt.date.fromisoformat(args.merged_on)
        except ValueError:
            raise UserError(_("Write the date as YYYY-MM-DD: {value}").format(value=args.merged_on)) from None
    db = open_for_command(database_path_of(args))
    try:
        joins = _pairs(args.join)
        if args.join_duplicates:
            preview = preview_merge(db, args.former)
            joins.update({item.incoming_id: item.existing_id for item in preview.duplicates
                          if item.incoming_id not in joins})
        decisions = MergeDecisions(joins, _pairs(args.join_village), _pairs(args.rename_village), args.prefix,
                                   merged_on)
        report = merge_centre(db, args.former, decisions, dry_run=args.dry_run,
                              progress=terminal_progress(_("Merging")))
        if args.report:
            save_merge_report_pdf(report, args.report)
    finally:
        db.close()
    if args.json:
        print(json.dumps(_as_json(report), ensure_ascii=False, indent=2))
    else:
        _print(report)
    return EXIT_OK


def _as_json(report) -> dict[str, object]:  # type: ignore[no-untyped-def]
    preview = report.preview
    return {
        "former": vars(preview.former), "into": vars(preview.into), "file": preview.file, "dry_run": report.dry_run,
        "already_merged": preview.already_merged, "nothing_to_do": report.nothing_to_do,
        "merged_on": report.merged_on.isoformat(),
        "tables": {count.table: {"incoming": count.incoming, "held": count.held,
                                 "merged": report.written.get(count.table, 0)} for count in preview.tables},
        "records_merged": report.total_written,
        "duplicates": [vars(item) for item in preview.duplicates],
        "joined_learners": [{"incoming_id": item.incoming_id, "existing_id": item.existing_id}
                            for item in report.joined_learners],
        "villages": [vars(item) for item in preview.villages],
        "joined_villages": [{"incoming_id": item.incoming_id, "existing_id": item.existing_id}
                            for item in report.joined_villages],
        "accession_collisions": preview.accession_collision_count,
        "accession_prefix": report.accession_prefix, "prefixed_copies": report.prefixed_copies,
        "card_collisions": preview.card_collision_count,
        "renumbered_cards": [{"reader": name, "old": old, "new": new} for old, new, name in report.renumbered_cards],
        "class_code_collisions": list(preview.class_code_collisions),
    }


def _print(report) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.merger.documents import report_data

    data = report_data(report)
    print(data.title)
    for label, value in data.facts:
        print(f"  {label}: {value}")
    print(data.explanation)
    for section in data.sections:
        print()
        print(section.title)
        if section.note:
            print(f"  {section.note}")
        if section.rows:
            print("  " + " | ".join(section.headers))
            for row in section.rows:
                print("  " + " | ".join(row))
