"""What the list imports of the command line share (`clc learners|books|activities import`):
open the data file, read and check the list, import it unless a dry run, report the rows."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TypeVar

from desktop.i18n import _

EXIT_OK, EXIT_FAILURE = 0, 1
Preview = TypeVar("Preview")


def read_and_import(args: argparse.Namespace, read: Callable[[Any], Preview],
                    save: Callable[[Any, Preview], int], has_rows: Callable[[Preview], bool],
                    *, must_exist: bool = True) -> tuple[Preview, int]:
    """The list read and checked; imported (one transaction) unless --dry-run or nothing fits."""
    from desktop.cli import database_path_of, open_for_command
    from desktop.errors import UserError

    path = database_path_of(args)
    if must_exist and not path.exists():
        raise UserError(_("There is no database at {path}.").format(path=path))
    db = open_for_command(path)
    try:
        preview = read(db)
        imported = save(db, preview) if not args.dry_run and has_rows(preview) else 0
    finally:
        db.close()
    return preview, imported


def row_warnings(rows: Any) -> list[tuple[int, list[str]]]:
    """The notes on rows that will be imported (refused rows are listed with their errors)."""
    return [(row.row_number, list(row.warnings)) for row in rows if row.warnings and not row.errors]


def list_report(args: argparse.Namespace, preview: Any, imported: int,
                warnings: list[tuple[int, list[str]]], **more: object) -> dict[str, object]:
    """The --json report of a learner or activity list."""
    return {"file": str(args.file), "rows": preview.total, "accepted": preview.accepted,
            "rejected": preview.rejected, "duplicates": preview.duplicates, **more,
            "imported": imported, "dry_run": bool(args.dry_run),
            "problems": [{"row": row, "errors": errors} for row, errors in preview.problems],
            "warnings": [{"row": row, "warnings": notes} for row, notes in warnings]}


def print_rows(problems: list[tuple[int, list[str]]], warnings: list[tuple[int, list[str]]]) -> None:
    for row, errors in problems:
        print(_("  row {row}, refused: {problems}").format(row=row, problems="; ".join(errors)))
    for row, notes in warnings:
        print(_("  row {row}, check: {warnings}").format(row=row, warnings="; ".join(notes)))


def print_outcome(summary: str | None, problems: list[tuple[int, list[str]]],
                  warnings: list[tuple[int, list[str]]], rows: int) -> None:
    """The summary line (None: already printed), then each refused row and each row to check."""
    if summary is not None:
        print(summary)
    print_rows(problems, warnings)
    if not rows:
        print(_("The list has no rows under its header: nothing to import."))


def exit_code(args: argparse.Namespace, would_import: int, imported: int) -> int:
    """Success when something was (or, in a dry run, would be) imported."""
    return EXIT_OK if (would_import if args.dry_run else imported) else EXIT_FAILURE
