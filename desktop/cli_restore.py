"""`clc restore`: list the backups, preview one against the current file, restore it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.formatting import format_datetime
from desktop.i18n import _

EXIT_OK, EXIT_FAILURE = 0, 1


def add_restore_parser(commands: argparse._SubParsersAction) -> dict[str, object]:  # type: ignore[type-arg]
    restore = commands.add_parser("restore", help=_("restore the database from a backup (or --list them)"))
    restore.add_argument("backup", nargs="?", type=Path,
                         help=_("the backup file (a path, or a name in the backups folder), or a "
                                "protected copy from a USB stick (the passphrase is asked for)"))
    restore.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    restore.add_argument("--list", action="store_true", help=_("list the backups, checked and counted"))
    restore.add_argument("--json", action="store_true", help=_("with --list: print JSON"))
    restore.add_argument("--yes", action="store_true", help=_("restore without asking"))
    return {"restore": cmd_restore}


def _counts_text(counts: dict[str, int] | None) -> str:
    from desktop.services.restore import COUNTED, count_label

    if counts is None:
        return _("cannot be read")
    return ", ".join(f"{count_label(key)} {counts.get(key, 0)}" for key, _table in COUNTED)


def _print_list(summaries, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.restore import kind_label

    if as_json:
        print(json.dumps([{"file": str(item.path), "made_at": item.made_at.isoformat(timespec="seconds"),
                           "kind": item.kind, "schema": item.revision, "size": item.size,
                           "restorable": item.restorable, "problem": item.problem,
                           "counts": item.counts} for item in summaries], ensure_ascii=False, indent=2))
        return
    if not summaries:
        print(_("There are no backups yet."))
    for item in summaries:
        state = _counts_text(item.counts) if item.restorable else _("NOT restorable: {problem}").format(
            problem=item.problem)
        print(f"{format_datetime(item.made_at)}  {kind_label(item.kind)}  "
              f"{_('schema')} {item.revision or '?'}  {item.path.name}\n    {state}")


def _resolve(database: Path, given: Path) -> Path:
    from desktop.errors import UserError
    from desktop.services.data_file import backup_folder

    if given.exists():
        return given
    beside = backup_folder(database) / given.name
    if beside.exists():
        return beside
    raise UserError(_("There is no backup {name} (clc restore --list shows them).").format(name=given))


def _passphrase() -> str:
    """Asked without echo at a terminal; otherwise the first line of the input (scripts, tests)."""
    prompt = _("Passphrase of the protected copy: ")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.cli import database_path_of
    from desktop.errors import UserError
    from desktop.services.backup_copies import is_sealed, open_copy
    from desktop.services.restore import list_restorable, preview_restore, restore_backup

    database = database_path_of(args)
    if args.list:
        summaries = list_restorable(database)
        _print_list(summaries, args.json)
        return EXIT_OK
    if args.backup is None:
        raise UserError(_("Name the backup to restore, or list them: clc restore --db FILE --list"))
    backup = _resolve(database, args.backup)
    if is_sealed(backup):
        backup = open_copy(backup, _passphrase(), database)
    preview = preview_restore(database, backup)
    if not preview.backup.restorable:
        raise UserError(_("The backup {name} cannot be restored: {problem}. Choose another backup.").format(
            name=backup.name, problem=preview.backup.problem))
    print(_("Backup of {time} (schema {revision}): {counts}").format(
        time=format_datetime(preview.backup.made_at), revision=preview.backup.revision,
        counts=_counts_text(preview.backup.counts)))
    print(_("Current file {file}: {counts}").format(file=database, counts=_counts_text(preview.current)))
    if not args.yes:
        answer = input(_("Replace the current data with this backup? The current data is backed up "
                         "first. [y/N] ")) if sys.stdin.isatty() else ""
        if answer.strip().lower() not in ("y", "yes", "c", "có", "co"):
            print(_("Nothing was changed (add --yes to restore without asking)."))
            return EXIT_FAILURE
    result = restore_backup(database, backup)
    if result.safety_copy is not None:
        print(_("The data as it was before is kept in {path}.").format(path=result.safety_copy))
    if result.migrated_from:
        print(_("The backup was upgraded from schema {old} to this version.").format(old=result.migrated_from))
    print(_("Restored from {name}.").format(name=backup.name))
    return EXIT_OK
