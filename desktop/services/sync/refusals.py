"""How reading a package stops short: refused with a reason the user reads, or a dry run's
transaction rolled back. Shared by centres' packages, roll-ups and return packages."""

from __future__ import annotations


class Refused(Exception):
    """A package refused as a whole: `code` for tools and tests, `message` for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class DryRunRollBack(Exception):
    """Ends a dry run's transaction without committing it."""
