"""Known errors: things a user can act on, shown as a clear message in their language.

Anything else is a bug: logged with its traceback, never shown as one.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is already translated and safe to show as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Input that cannot be saved; `field` names the offending field for the form to focus."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(UserError):
    """A record the user asked for no longer exists (deleted, or a wrong code)."""


class DatabaseProblem(UserError):
    """The database file cannot be used: corrupt, locked, read-only, full disk, too new."""
