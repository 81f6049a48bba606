"""`clc keys | export | import | centres`: sync packages from the command line (offices script
these: the flags and JSON keys are fixed).

    clc keys export --db FILE --out KEYFILE      this database's public key
    clc keys register --db FILE KEYFILE          pin the office's key (centre) / register a centre's (office)
    clc keys show --db FILE
    clc export --db FILE --out DIR [--full]      one .clcsync package; its path is the last line
    clc import --db OFFICE_FILE PATH... [--dry-run] [--json] [--register-new]
    clc centres --db OFFICE_FILE [--json]        the completeness board
    clc export --db OFFICE_FILE --out DIR        an office's consolidated package for the level above
    clc keys register --db OFFICE_FILE UPPER_KEYFILE   pin the level above's key at an office
    clc keys revoke --db OFFICE_FILE --centre CODE     revoke a centre's key (a lost or stolen PC)
    clc keys new --db FILE                       a new key for this database (after a revocation)
    clc duplicates --db OFFICE_FILE [--json]     possible duplicate learners across centres
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


def add_sync_parsers(commands: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    keys = commands.add_parser("keys", help=_("sync keys: export, register, show")).add_subparsers(
        dest="keys_command", metavar="ACTION")
    key_export = keys.add_parser("export", help=_("write this database's public key file"))
    key_export.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    key_export.add_argument("--out", type=Path, required=True)
    key_register = keys.add_parser("register", help=_("pin the office's key, or register a centre's key"))
    key_register.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    key_register.add_argument("keyfile", type=Path)
    keys.add_parser("show", help=_("this database's key and the keys it trusts")).add_argument(
        "--db", dest="sub_db", type=Path, metavar="FILE")
    key_revoke = keys.add_parser("revoke", help=_("at an office: revoke a centre's key (a lost or stolen PC)"))
    key_revoke.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    key_revoke.add_argument("--centre", required=True, metavar="CODE", help=_("the centre's commune code"))
    key_revoke.add_argument("--reason", default="", help=_("why (kept with the key)"))
    keys.add_parser("new", help=_("make a new key for this database (its old one was revoked)")).add_argument(
        "--db", dest="sub_db", type=Path, metavar="FILE")

    export = commands.add_parser("export", help=_("write a sync package for the office"))
    export.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    export.add_argument("--out", type=Path, required=True, help=_("folder (a USB stick)"))
    export.add_argument("--full", action="store_true", help=_("a full snapshot, not only what is new"))

    receive = commands.add_parser("import", help=_("import centres' packages into an office database, or the "
                                                   "office's return packages into a centre's"))
    receive.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    receive.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    receive.add_argument("--dry-run", action="store_true", help=_("check and report, save nothing"))
    receive.add_argument("--json", action="store_true")
    receive.add_argument("--register-new", action="store_true",
                         help=_("register unknown centres' keys on first contact (check their fingerprints)"))

    centres = commands.add_parser("centres", help=_("the office's completeness board"))
    centres.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    centres.add_argument("--json", action="store_true")

    duplicates = commands.add_parser("duplicates", help=_("at an office: possible duplicate learners across "
                                                          "centres, for review"))
    duplicates.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    duplicates.add_argument("--json", action="store_true")
    from desktop.cli_return import add_return_parsers

    return {"keys": cmd_keys, "export": cmd_export, "import": cmd_import, "centres": cmd_centres,
            "duplicates": cmd_duplicates, **add_return_parsers(commands)}


def database_of_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desktop.cli import database_path_of, open_for_command

    path = database_path_of(args)
    if not path.exists():
        from desktop.errors import UserError

        raise UserError(_("There is no database at {path}.").format(path=path))
    return open_for_command(path)


def cmd_keys(args: argparse.Namespace) -> int:
    from desktop.services.sync.keys import export_own_key, own_key, register_key, trusted_keys

    if args.keys_command is None:
        print("clc keys: choose export, register, show, revoke or new", file=sys.stderr)
        return 2
    db = database_of_args(args)
    try:
        if args.keys_command == "revoke":
            from desktop.services.sync.office_keys import revoke_centre_key

            for revoked in revoke_centre_key(db, args.centre, args.reason):
                print(_("Revoked the key of {name} ({code}): {digits}").format(
                    name=revoked.name, code=revoked.code, digits=revoked.digits))
            return EXIT_OK
        if args.keys_command == "new":
            from desktop.services.sync.office_keys import make_new_own_key

            info = make_new_own_key(db)
            print(_("This database has a new key. Give the new key file to the office (clc keys export) and "
                    "read them its fingerprint."))
        elif args.keys_command == "export":
            info = export_own_key(db, args.out)
            print(_("Key written: {path}").format(path=args.out))
        elif args.keys_command == "register":
            info = register_key(db, args.keyfile)
            print(_("Registered the key of {name} ({code}).").format(name=info.name, code=info.code))
        else:
            info = own_key(db)
            for trusted in trusted_keys(db):
                state = _("revoked") if trusted.revoked else _("trusted")
                print(f"{trusted.role}\t{trusted.name}\t{trusted.code}\t{trusted.fingerprint}\t{state}")
            print(_("This database's key: {name}").format(name=info.name))
        print(_("Fingerprint: {digits}").format(digits=info.digits))
        print(_("In words: {words}").format(words=info.words))
    finally:
        db.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.sync.export import export_package
    from desktop.services.sync.mode import database_is_office

    db = database_of_args(args)
    if database_is_office(db):
        return _export_rollup(db, args)
    try:
        result = export_package(db, args.out, full=args.full,
                                progress=terminal_progress(_("Making the package")))
    finally:
        db.close()
    if result.new_installation:
        print(_("This database is a copy or a restored backup: it took a new identity, and sent everything."),
              file=sys.stderr)
    print(_("{rows} records, changes {first} to {last}; the package was checked and the USB stick may be "
            "removed.").format(rows=result.rows, first=result.sequence_from, last=result.sequence_to))
    print(result.path)
    return EXIT_OK


def _export_rollup(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from desktop.services.sync.rollup import export_rollup

    try:
        result = export_rollup(db, args.out, full=args.full,
                               progress=terminal_progress(_("Making the consolidated package")))
    finally:
        db.close()
    for name in result.left_out:
        print(_("Left out: {centre} (no package of it was imported since this version).").format(centre=name),
              file=sys.stderr)
    print(_("{centres} centres, {rows} records; the package was checked and the USB stick may be removed.").format(
        centres=result.centres, rows=result.rows))
    print(result.path)
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    from desktop.services.sync.duplicates import possible_duplicates

    db = database_of_args(args)
    try:
        pairs = possible_duplicates(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"pairs": [pair.as_json() for pair in pairs]}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for pair in pairs:
        print("\t".join((pair.first.full_name, str(pair.first.birth_year or ""), pair.first.centre,
                         pair.first.village, pair.second.centre, pair.second.village,
                         _("same village name") if pair.same_village else _("different village names"))))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.sync.receive import REFUSED, import_packages

    db = database_of_args(args)
    if not _is_office(db):  # a centre imports the office's return packages
        from desktop.cli_return import import_return_packages

        try:
            return import_return_packages(args, db)
        finally:
            db.close()
    try:
        report = import_packages(db, args.paths, dry_run=args.dry_run, register_new=args.register_new,
                                 progress=terminal_progress(_("Reading the packages")))
    finally:
        db.close()
    return print_import_report(report, args.json, lambda package: package.centre)


def print_import_report(report, as_json: bool, sender) -> int:  # type: ignore[no-untyped-def]
    """An import's report as `clc import` prints it, at an office or a centre (`sender` names who
    sent each package); refusals also on stderr. The exit code says whether any was refused."""
    from desktop.services.sync.receive import REFUSED

    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    else:
        for package in report.packages:
            print(f"{package.file}\t{sender(package)}\t{package.status}\t{package.reason}")
            for note in package.notes:
                print(f"\t{note}")
    for package in report.packages:
        if package.status == REFUSED:
            print(f"clc import: {package.file}: {package.reason}", file=sys.stderr)
    return EXIT_FAILURE if report.refused else EXIT_OK


def _is_office(db) -> bool:  # type: ignore[no-untyped-def]
    from desktop.services.sync.mode import database_is_office

    return database_is_office(db)


def cmd_centres(args: argparse.Namespace) -> int:
    from desktop.services.sync.office import completeness_board

    db = database_of_args(args)
    try:
        board = completeness_board(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"centres": [status.as_json() for status in board]}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for status in board:
        runs_to = status.data_runs_to.strftime("%d/%m/%Y") if status.data_runs_to else "—"
        last = status.last_package_at.strftime("%d/%m/%Y") if status.last_package_at else _("never")
        flags = []
        if status.held_gaps:
            flags.append(_("waiting for changes {ranges}").format(
                ranges=", ".join(f"{first}–{last}" for first, last in status.held_gaps)))
        if status.cloned:
            flags.append(_("two databases claim one installation"))
        if status.silent:
            flags.append(_("silent"))
        print(f"{status.commune_code}\t{status.name}\t{runs_to}\t{last}\t{'; '.join(flags)}")
    return EXIT_OK
