"""The `clc` argument parser in the user's language: its headings, usage line, -h and errors.

argparse writes its own words in English; the parts a user reads on every `--help` and every
mistake are given here in the language chosen before the parser is built, the details of its
errors (which argument is missing, which value is wrong) included.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from desktop.i18n import _


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("usage:") + " ")


def _argparse_words() -> dict[str, str]:
    """argparse's own error phrases (its msgids, placeholders kept) in the user's language."""
    return {
        "argument %(argument_name)s: %(message)s": _("argument %(argument_name)s: %(message)s"),
        "unrecognized arguments: %s": _("unrecognized arguments: %s"),
        "the following arguments are required: %s": _("the following arguments are required: %s"),
        "one of the arguments %s is required": _("one of the arguments %s is required"),
        "expected one argument": _("expected one argument"),
        "expected at most one argument": _("expected at most one argument"),
        "expected at least one argument": _("expected at least one argument"),
        "ambiguous option: %(option)s could match %(matches)s":
            _("ambiguous option: %(option)s could match %(matches)s"),
        "invalid %(type)s value: %(value)r": _("invalid %(type)s value: %(value)r"),
        "invalid choice: %(value)r (choose from %(choices)s)":
            _("invalid choice: %(value)r (choose from %(choices)s)"),
        "not allowed with argument %s": _("not allowed with argument %s"),
        "ignored explicit argument %r": _("ignored explicit argument %r"),
    }


def _argparse_gettext(message: str) -> str:
    return _argparse_words().get(message, message)


@contextlib.contextmanager
def _speaking() -> Iterator[None]:
    """argparse looks its phrases up through its module's gettext: ours answers while clc parses."""
    previous, argparse._ = argparse._, _argparse_gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = previous  # type: ignore[attr-defined]


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

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _speaking():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _speaking():
            return super().parse_args(*args, **kwargs)

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
