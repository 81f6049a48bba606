"""Finding every translatable message in the code (used by the catalog tool and its test)."""

from __future__ import annotations

from pathlib import Path

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PACKAGE = Path(__file__).resolve().parent


def extract_messages() -> dict[str, tuple[str, ...]]:
    """msgid → (msgid_plural,) for plurals or () — from every module of the package."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True):
        if isinstance(message, tuple):
            if message[0]:
                found[message[0]] = tuple(part for part in message[1:] if part)
        elif message:
            found.setdefault(message, ())
    return found
