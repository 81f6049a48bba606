"""The `clc` command: the window when called alone, every non-GUI operation as a subcommand.

Exit code 0 on success; on failure a one-line reason on stderr and a non-zero code, so the
office can script batches against it. An import that imports nothing (an empty list, every row
refused) is a failure too. Everything it prints is in the user's language: `--lang`, else the
language saved in the database, else Vietnamese. An unexpected error is one line on stderr and
its traceback in the data folder's log file, never a traceback on the screen.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.cli_init import cmd_init
from desktop.cli_progress import terminal_progress
from desktop.i18n import _, ngettext

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

log = logging.getLogger("clc")


def _parser() -> argparse.ArgumentParser:
    from desktop.cli_parser import ClcParser

    parser = ClcParser(prog="clc", description=_("CLC Ledger — Sổ Trung tâm học tập cộng đồng. Without a "
                                                 "subcommand, opens the window."))
    parser.add_argument("--version", action="version", version=f"CLC Ledger {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", type=Path, help=_("database file (default: the user's data folder)"))
    parser.add_argument("--lang", choices=("vi", "en"), help=_("interface language"))
    parser.add_argument("--open", type=Path, metavar="PACKAGE",
                        help=_("open the window on a data package (.clcsync) to import it (an office)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help=_("create a new centre (or, with --aggregator, office) database"))
    init.add_argument("file", type=Path)
    init.add_argument("--centre-name")
    init.add_argument("--commune-code", help=_("5-digit commune code"))
    init.add_argument("--province-code", help=_("2-digit province code"))
    init.add_argument("--aggregator", action="store_true", help=_("an office's database that imports packages"))
    init.add_argument("--level", choices=("district", "commune-office", "province"))
    init.add_argument("--name", help=_("the office's name"))
    init.add_argument("--code", default="", help=_("the office's code"))
    init.add_argument("--commune-name", default="")
    init.add_argument("--director", default="")
    init.add_argument("--village", action="append", default=[], help=_("a village (repeatable)"))
    init.add_argument("--unlisted-code", action="store_true",
                      help=_("accept a commune code that is not on the list of 1 July 2025"))

    demo = commands.add_parser("demo", help=_("create a realistic demo centre"))
    demo.add_argument("file", type=Path)
    demo.add_argument("--years", type=int, default=1)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--commune-code", default="01234")
    demo.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)

    learners = commands.add_parser("learners", help=_("learner register")).add_subparsers(
        dest="learners_command", metavar="ACTION")
    imp = learners.add_parser("import", help=_("import a learner list from .xlsx or .csv"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    imp.add_argument("--sheet", help=_("sheet name (default: the first)"))
    imp.add_argument("--dry-run", action="store_true", help=_("check and report, save nothing"))
    imp.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    imp.add_argument("--add-villages", action="store_true",
                     help=_("add the villages the centre does not know yet"))
    learners.add_parser("list", help=_("list learners")).add_argument("--db", dest="sub_db", type=Path, metavar="FILE")

    books = commands.add_parser("books", help=_("book cabinet")).add_subparsers(
        dest="books_command", metavar="ACTION")
    books_import = books.add_parser("import", help=_("import a catalogue list from .xlsx or .csv"))
    books_import.add_argument("file", type=Path)
    books_import.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    books_import.add_argument("--sheet", help=_("sheet name (default: the first with a book table)"))
    books_import.add_argument("--dry-run", action="store_true", help=_("check and report, save nothing"))
    books_import.add_argument("--json", action="store_true", help=_("print the report as JSON"))

    check = commands.add_parser("check", help=_("integrity and schema report"))
    check.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    check.add_argument("--json", action="store_true")

    backup = commands.add_parser("backup", help=_("write a backup of the database now"))
    backup.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    backup.add_argument("--out", type=Path, help=_("folder (default: backups/ beside the database)"))

    from desktop.cli_activities import add_activities_parser, cmd_activities
    from desktop.cli_print import add_print_parser
    from desktop.cli_report import add_report_parser
    from desktop.cli_sync import add_sync_parsers

    from desktop.cli_merge import add_merge_parser
    from desktop.cli_person import add_person_parser
    from desktop.cli_restore import add_restore_parser

    add_activities_parser(commands)
    COMMANDS["activities"] = cmd_activities
    add_print_parser(commands)
    COMMANDS.update(add_sync_parsers(commands))
    COMMANDS.update(add_report_parser(commands))
    COMMANDS.update(add_restore_parser(commands))
    COMMANDS.update(add_person_parser(commands))
    COMMANDS.update(add_merge_parser(commands))
    return parser


def database_path_of(args: argparse.Namespace) -> Path:
    from desktop.store.paths import default_database

    return getattr(args, "sub_db", None) or args.db or default_database()


_state: dict[str, bool] = {"language_given": False}


def open_for_command(path: Path, *, create: bool = False):  # type: ignore[no-untyped-def]
    from desktop.store.database import needs_upgrade, open_database
    from desktop.store.paths import backup_folder_for

    progress = None
    if needs_upgrade(path):  # years of records take a while: say what is happening
        progress = terminal_progress(_("Upgrading the database to this version of CLC Ledger"))
    db = open_database(path, create=create, backup_folder=backup_folder_for(path), progress=progress)
    if not _state["language_given"]:
        _use_saved_language(db)
    from desktop.services.reference_lists import learn_office_names

    learn_office_names(db)
    return db


def _use_saved_language(db) -> None:  # type: ignore[no-untyped-def]
    """The language chosen in the window's Settings, so the command speaks like the window."""
    from desktop.i18n import LANGUAGES, set_language
    from desktop.services.centre import get_setting

    saved = get_setting(db, "language", "")
    if saved in LANGUAGES:
        set_language(saved)


def already_exists(path: Path) -> Exception:
    from desktop.errors import UserError

    return UserError(_("{path} already exists; choose a new file name.").format(path=path))


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.demo.books import build_book_demo
    from desktop.demo.centre import build_demo
    from desktop.demo.society import build_society_demo

    if args.file.exists() and args.file.stat().st_size > 0:
        raise already_exists(args.file)
    if not 1 <= args.years <= 30:
        raise UserError(_("--years takes a number from 1 to 30."))
    db = open_for_command(args.file, create=True)
    try:
        summary = build_demo(db, years=args.years, seed=args.seed, commune_code=args.commune_code,
                             today=args.today, progress=terminal_progress(_("Making the demo centre")))
        books = build_book_demo(db, years=args.years, seed=args.seed, today=args.today,
                                progress=terminal_progress(_("Making the demo book cabinet")))
        build_society_demo(db, years=args.years, seed=args.seed, today=args.today)
    except BaseException:
        db.close()
        args.file.unlink(missing_ok=True)
        raise
    db.close()
    print(_("Created {path}: {villages} villages, {learners} learners, {activities} classes and talks, "
            "{sessions} sessions, {marks} attendance marks; book cabinet: {titles} titles, {copies} copies, "
            "{readers} readers, {loans} loans.").format(
        path=args.file, villages=summary.villages, learners=summary.learners, activities=summary.activities,
        sessions=summary.sessions, marks=summary.marks, titles=books.titles, copies=books.copies,
        readers=books.readers, loans=books.loans))
    return EXIT_OK


def cmd_learners(args: argparse.Namespace) -> int:
    if args.learners_command == "import":
        return _learners_import(args)
    if args.learners_command == "list":
        from desktop.services.learners import list_learners

        db = open_for_command(database_path_of(args))
        for learner in list_learners(db):
            print(f"{learner.full_name}\t{learner.birth_year or ''}\t{learner.village}")
        db.close()
        return EXIT_OK
    print(_("clc learners: choose an action (import, list)."), file=sys.stderr)
    return EXIT_USAGE


def _learners_import(args: argparse.Namespace) -> int:
    from desktop.cli_lists import exit_code, list_report, print_outcome, read_and_import, row_warnings
    from desktop.services.learner_import import commit_import, preview_import

    preview, imported = read_and_import(
        args, lambda db: preview_import(db, args.file, sheet=args.sheet, add_villages=args.add_villages),
        lambda db, preview: commit_import(db, preview,
                                          progress=terminal_progress(_("Importing the learners"))),
        lambda _preview: True, must_exist=False)
    warnings = row_warnings(preview.rows)
    if args.json:
        print(json.dumps(list_report(
            args, preview, imported, warnings, legacy_encoding=preview.legacy_encoding,
            new_villages=[{"name": village.name, "other_spellings": list(village.other_spellings),
                           "rows": list(village.rows)} for village in preview.new_villages],
            villages_added=bool(args.add_villages and preview.new_villages and not args.dry_run)),
            ensure_ascii=False, indent=2))
        return exit_code(args, preview.accepted, imported)
    print(ngettext("{rows} row read: {accepted} accepted, {rejected} refused, {duplicates} "
                   "probably already registered (not imported).",
                   "{rows} rows read: {accepted} accepted, {rejected} refused, {duplicates} "
                   "probably already registered (not imported).", preview.total).format(
        rows=preview.total, accepted=preview.accepted, rejected=preview.rejected,
        duplicates=preview.duplicates)
        + " " + (ngettext("Dry run, nothing saved: {count} learner would be imported.",
                          "Dry run, nothing saved: {count} learners would be imported.",
                          preview.accepted).format(count=preview.accepted) if args.dry_run
                 else ngettext("{count} learner imported.", "{count} learners imported.",
                               imported).format(count=imported)))
    _print_new_villages(preview.new_villages, added=args.add_villages, dry_run=args.dry_run)
    print_outcome(None, preview.problems, warnings, preview.total)
    return exit_code(args, preview.accepted, imported)


def _print_new_villages(villages: list, *, added: bool, dry_run: bool) -> None:  # type: ignore[type-arg]
    """The villages the list names that the centre does not know: added, or how to add them."""
    if not villages:
        return
    names = ", ".join(village.name for village in villages)
    if not added:
        print(ngettext("{count} village is not in the centre's list, so its rows were refused: "
                       "{names}. Run the command again with --add-villages to add it.",
                       "{count} villages are not in the centre's list, so their rows were "
                       "refused: {names}. Run the command again with --add-villages to add them.",
                       len(villages)).format(count=len(villages), names=names))
        return
    print((ngettext("{count} new village would be added: {names}.",
                    "{count} new villages would be added: {names}.", len(villages)) if dry_run
           else ngettext("{count} new village added: {names}.",
                         "{count} new villages added: {names}.", len(villages))).format(
        count=len(villages), names=names))
    for village in villages:
        if village.other_spellings:
            print(_("  “{name}” is kept; also written {others} in the list.").format(
                name=village.name, others=", ".join(f"“{s}”" for s in village.other_spellings)))


SYNCHRONOUS_NAMES = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}  # SQLite's own names


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.services.data_file import health_report, is_healthy

    report = health_report(database_path_of(args))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        labels = {"database": _("Database"), "integrity": _("Integrity"),
                  "foreign_keys_check": _("Links between records"), "schema": _("Schema"),
                  "app_schema": _("Schema of this version"), "up_to_date": _("Up to date"),
                  "journal_mode": _("Journal (WAL keeps the file whole after a power cut)"),
                  "foreign_keys": _("Links checked on every write"),
                  "synchronous": _("Each save written to disk before going on")}
        shown = {**report, "foreign_keys": report.get("foreign_keys") == 1,
                 "synchronous": SYNCHRONOUS_NAMES.get(report.get("synchronous"), report.get("synchronous"))}
        for key, label in labels.items():
            if key in report:
                print(f"{label}: {_format_value(shown[key])}")
        for problem in report["problems"]:  # type: ignore[attr-defined]
            print(_("Problem: {problem}").format(problem=problem))
    return EXIT_OK if is_healthy(report) else EXIT_FAILURE


def _format_value(value: object) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value == "ok":
        return _("ok")
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "—" if value is None else str(value)


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.services.data_file import back_up

    path = database_path_of(args)
    db = open_for_command(path)
    try:
        target = back_up(db, reason="manual", folder=args.out)
    finally:
        db.close()
    print(_("Backup written: {path}").format(path=target))
    return EXIT_OK


def cmd_books(args: argparse.Namespace) -> int:
    """`clc books import FILE --db FILE`: an existing catalogue list, in one transaction."""
    from desktop.cli_lists import exit_code, print_outcome, read_and_import
    from desktop.errors import UserError
    from desktop.services.books.book_import import commit_book_import, preview_book_import

    if args.books_command != "import":
        raise UserError(_("Choose an action: clc books import FILE --db FILE"))
    preview, imported = read_and_import(
        args, lambda db: preview_book_import(db, args.file, args.sheet),
        lambda db, preview: commit_book_import(
            db, preview, progress=terminal_progress(_("Importing the books"))).copies,
        lambda preview: bool(preview.accepted))
    problems = [{"row": row, "errors": errors} for row, errors in preview.problems]
    report = {"file": str(args.file), "rows": len(preview.rows), "accepted": len(preview.accepted),
              "rejected": len(problems), "copies": preview.copies, "imported": imported,
              "dry_run": args.dry_run, "problems": problems}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_outcome(ngettext("{rows} row read: {accepted} accepted, {rejected} refused.",
                               "{rows} rows read: {accepted} accepted, {rejected} refused.",
                               len(preview.rows)).format(rows=len(preview.rows),
                                                         accepted=len(preview.accepted),
                                                         rejected=len(problems))
                      + " " + (ngettext("Dry run, nothing saved: {count} copy would be imported.",
                                        "Dry run, nothing saved: {count} copies would be imported.",
                                        preview.copies).format(count=preview.copies) if args.dry_run
                               else ngettext("{count} copy imported.", "{count} copies imported.",
                                             imported).format(count=imported)),
                      preview.problems, [], len(preview.rows))
    return exit_code(args, preview.copies, imported)


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "learners": cmd_learners, "books": cmd_books,
            "check": cmd_check, "backup": cmd_backup}


def cmd_print(args: argparse.Namespace) -> int:
    from desktop.cli_print import cmd_print as run

    return run(args)


COMMANDS["print"] = cmd_print


def _log_unexpected(command: str) -> str:
    """The traceback of the error being handled, into the data folder's log file; returns where
    it went (or, when the log cannot be written either, that it is printed below)."""
    from desktop.logfile import file_handler

    crash_log = logging.getLogger("clc.unexpected")
    crash_log.propagate = False  # the console gets one line, the file the whole story
    try:
        handler, path = file_handler()
    except OSError:
        handler, path = logging.StreamHandler(), None
    crash_log.addHandler(handler)
    try:
        crash_log.exception("clc %s failed unexpectedly (version %s)", command, __version__)
    finally:
        crash_log.removeHandler(handler)
        handler.close()
    return str(path) if path is not None else _("the error output")


def _log_to_the_file() -> None:
    """Libraries' warnings (openpyxl's about a workbook's extensions, say) go to the log file, not
    between the command's own lines in English."""
    from desktop.logfile import file_handler

    if _state.get("logging_to_file"):  # main() runs many times in one process under the tests
        return
    _state["logging_to_file"] = True
    logging.captureWarnings(True)
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    try:
        handler, _path = file_handler(delay=True)
    except OSError:
        handler = logging.NullHandler()
    root.addHandler(handler)


def _silence_stdout() -> None:
    """Python would report the broken pipe again when it flushes standard output at exit."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    from desktop.cli_parser import language_asked
    from desktop.i18n import set_language

    arguments = list(sys.argv[1:] if argv is None else argv)
    asked = language_asked(arguments)
    if asked in ("vi", "en"):
        set_language(asked)  # before the parser is built: its help and errors speak it
    args = _parser().parse_args(arguments)

    _state["language_given"] = bool(args.lang)
    if args.lang:
        set_language(args.lang)
    if args.command is None:
        from desktop.ui.app import run_app

        return run_app(database=args.db, language=args.lang, package=args.open)
    from desktop.errors import UserError, os_error_reason

    _log_to_the_file()
    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        print(f"clc {args.command}: {error.message}", file=sys.stderr)
    except BrokenPipeError:  # the reader of the output went away (`clc learners list | head`)
        _silence_stdout()
    except OSError as error:  # a file the system refused: say which, in the user's language
        if error.filename is None:
            print(_("clc {command}: {reason}.").format(command=args.command, reason=os_error_reason(error)),
                  file=sys.stderr)
        else:
            print(_("clc {command}: {file}: {reason}.").format(
                command=args.command, file=error.filename, reason=os_error_reason(error)), file=sys.stderr)
    except KeyboardInterrupt:
        print(_("clc {command}: interrupted.").format(command=args.command), file=sys.stderr)
    except Exception as error:  # a bug: one line here, the traceback in the log
        where = _log_unexpected(args.command)
        print(_("clc {command}: an unexpected error stopped the command ({kind}); nothing more "
                "was done. The details are in {log}.").format(
            command=args.command, kind=type(error).__name__, log=where), file=sys.stderr)
    return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
