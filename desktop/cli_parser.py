"""The `clc` argument parser in the user's language: its headings, usage line, -h and errors.

argparse writes its own words in English; the parts a user reads on every `--help` and every
mistake are given here in the language chosen before the parser is built. The details of an
argparse error (which argument, which value) stay as argparse words them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from desktop.i18n import _


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("usage:") + " ")


class ClcParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are translated; its subcommands are built alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help and exit"))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: the command is not written right: {detail}. See {prog} --help.").format(
            prog=self.prog, detail=message) + "\n")


def language_asked(argv: Sequence[str]) -> str | None:
    """The --lang given on the command line, read before the parser exists (it speaks it)."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None
