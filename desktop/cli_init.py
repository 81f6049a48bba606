"""`clc init`: a new centre's database (its code checked against the 2025 list), or an office's."""

from __future__ import annotations

import argparse

from desktop.i18n import _

EXIT_OK = 0


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.cli import already_exists, open_for_command
    from desktop.errors import UserError
    from desktop.services.centre import CentreSetup, UnlistedCommuneCode, check_listed_code, setup_centre

    if args.file.exists() and args.file.stat().st_size > 0:
        raise already_exists(args.file)
    if args.aggregator:
        return init_office(args)
    from desktop.reference.communes import commune_by_code

    # as the centre form does: a code of the 2025 list names its commune and province
    listed = commune_by_code(args.commune_code.strip()) if args.commune_code else None
    if (args.commune_code and listed is None and not args.unlisted_code and not args.province_code
            and args.commune_code.strip().isdigit()):
        try:
            check_listed_code(args.commune_code, args.province_code or "")
        except UnlistedCommuneCode as error:  # said before any other missing flag: the code may be a typo
            raise UserError(error.message + " " + _("If the code is right, add --unlisted-code.")) from error
    if listed is not None:
        args.province_code = args.province_code or listed.province_code
        args.commune_name = args.commune_name or listed.name
    missing = [flag for flag, value in (("--centre-name", args.centre_name), ("--commune-code", args.commune_code),
                                        ("--province-code", args.province_code)) if not value]
    if missing:
        raise UserError(_("A centre needs {flags} (or --aggregator for an office).").format(
            flags=", ".join(missing)))
    db = open_for_command(args.file, create=True)
    try:
        info = setup_centre(db, CentreSetup(
            name=args.centre_name, commune_name=args.commune_name, commune_code=args.commune_code,
            province_code=args.province_code, director=args.director, villages=tuple(args.village)),
            listed_code=not args.unlisted_code)
    except UnlistedCommuneCode as error:
        db.close()
        args.file.unlink(missing_ok=True)
        raise UserError(error.message + " " + _("If the code is right, add --unlisted-code.")) from error
    except UserError:
        db.close()
        args.file.unlink(missing_ok=True)
        raise
    db.close()
    print(_("Created {path}: {centre} ({code}).").format(path=args.file, centre=info.name,
                                                         code=info.commune_code))
    return EXIT_OK


def init_office(args: argparse.Namespace) -> int:
    from desktop.cli import open_for_command
    from desktop.errors import UserError
    from desktop.services.sync.mode import level_label, setup_office

    if not args.level or not args.name:
        raise UserError(_("An office needs --level district|commune-office|province and --name NAME."))
    db = open_for_command(args.file, create=True)
    try:
        office = setup_office(db, level=args.level, name=args.name, code=args.code)
    except UserError:
        db.close()
        args.file.unlink(missing_ok=True)
        raise
    db.close()
    print(_("Created {path}: {centre} ({code}).").format(path=args.file, centre=office.name,
                                                         code=level_label(office.level)))
    return EXIT_OK
