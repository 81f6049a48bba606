"""`clc person export|erase`: a learner's personal data on request (Decree 13/2023)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.i18n import _

EXIT_OK, EXIT_FAILURE = 0, 1


def add_person_parser(commands: argparse._SubParsersAction) -> dict[str, object]:  # type: ignore[type-arg]
    person = commands.add_parser("person", help=_("one learner's personal data: export it, or erase it on request"))
    actions = person.add_subparsers(dest="person_command", metavar="ACTION")
    for name, description in (("export", "write everything held about one learner to a JSON file"),
                              ("erase", "erase one learner's identifying data, keeping the counts")):
        action = actions.add_parser(name, help=description)
        action.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
        action.add_argument("--name", help=_("the learner's full name"))
        action.add_argument("--birth-year", type=int, help=_("when two learners share a name"))
        action.add_argument("--id", dest="learner_id", help=_("the learner's id (as an earlier message gave it)"))
        if name == "export":
            action.add_argument("--out", type=Path, required=True, metavar="FILE.json")
        else:
            action.add_argument("--yes", action="store_true", help=_("erase without asking"))
    pin = commands.add_parser("pin", help=_("remove a forgotten PIN asked at start (--clear)"))
    pin.add_argument("--db", dest="sub_db", type=Path, metavar="FILE")
    pin.add_argument("--clear", action="store_true", required=True)
    return {"person": cmd_person, "pin": cmd_pin}


def cmd_pin(args: argparse.Namespace) -> int:
    """Whoever can run commands on this PC can read the file anyway: the PIN guards the window."""
    from desktop.cli import database_path_of, open_for_command
    from desktop.services.pin import clear_pin

    path = database_path_of(args)
    db = open_for_command(path)
    try:
        clear_pin(db)
    finally:
        db.close()
    print(_("Removed the PIN of {file}.").format(file=path))
    return EXIT_OK


def _find(db, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    from desktop.errors import UserError
    from desktop.services.learners import list_learners
    from desktop.text.vietnamese import fold

    if args.learner_id:
        return str(args.learner_id)
    if not args.name:
        raise UserError(_("Name the learner: --name \"FULL NAME\" [--birth-year YYYY], or --id ID."))
    wanted = fold(args.name)
    found = [learner for learner in list_learners(db) if fold(learner.full_name) == wanted
             and (args.birth_year is None or learner.birth_year == args.birth_year)]
    if not found:
        raise UserError(_("No learner is registered as {name}.").format(name=args.name))
    if len(found) > 1:
        choices = "; ".join(f"{learner.full_name} ({learner.birth_year or '?'}, {learner.village}): --id {learner.id}"
                            for learner in found)
        raise UserError(_("Several learners are registered as {name}; say which: {choices}").format(
            name=args.name, choices=choices))
    return found[0].id


def cmd_person(args: argparse.Namespace) -> int:
    from desktop.cli import database_path_of, open_for_command
    from desktop.errors import UserError
    from desktop.services.personal_data import erase_learner, learner_record, write_learner_record

    if args.person_command not in ("export", "erase"):
        raise UserError(_("Choose an action: clc person export|erase --db FILE --name NAME"))
    db = open_for_command(database_path_of(args))
    try:
        learner_id = _find(db, args)
        if args.person_command == "export":
            write_learner_record(db, learner_id, args.out)
            print(_("Everything held about this learner was written to {path}.").format(path=args.out))
            return EXIT_OK
        name = learner_record(db, learner_id)["learner"]["full_name"]
        if not args.yes:
            answer = input(_("Erase the name, birth date, phone, citizen ID, religion, occupation and notes "
                             "of {name}? Marks and loans stay, without the name. [y/N] ").format(name=name)) \
                if sys.stdin.isatty() else ""
            if answer.strip().lower() not in ("y", "yes", "c", "có", "co"):
                print(_("Nothing was changed (add --yes to erase without asking)."))
                return EXIT_FAILURE
        erase_learner(db, learner_id)
        print(_("The personal data of {name} was erased; it reaches the office with the next package.").format(
            name=name))
        return EXIT_OK
    finally:
        db.close()
