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
    """The database file cannot be used: corrupt, locked, read-only, full disk, too new.

    `kind` tells callers which ("damaged", "read_only", "network", "full", "busy", "disk", "other"): a check
    reports damage as its finding, and anything else as why it could not look."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


def os_error_reason(error: OSError) -> str:
    """Why the system refused a file, in the user's language: never the system's English text
    ("Is a directory") inside a Vietnamese sentence. The number stays for support."""
    import errno

    from desktop.i18n import _

    reasons = {
        errno.ENOENT: lambda: _("it does not exist"),
        errno.EACCES: lambda: _("access is refused (it may be open in another program, or "
                                "this account may not use it)"),
        errno.EPERM: lambda: _("access is refused (it may be open in another program, or "
                               "this account may not use it)"),
        errno.EISDIR: lambda: _("it is a folder, not a file"),
        errno.EEXIST: lambda: _("a file of that name is in the way"),
        errno.ENOTDIR: lambda: _("a part of its path is not a folder"),
        errno.ENOSPC: lambda: _("the disk is full"),
        errno.EDQUOT: lambda: _("the disk is full"),
        errno.EFBIG: lambda: _("the file would be larger than the disk allows"),
        errno.EROFS: lambda: _("the disk or folder can only be read, not written"),
        errno.ENAMETOOLONG: lambda: _("its name is too long"),
        errno.EIO: lambda: _("the disk could not be read or written (a removed USB stick or a "
                             "failing disk)"),
    }
    reason = reasons.get(error.errno or -1)
    if reason is not None:
        return reason()
    return _("the system refused it (error {number})").format(number=error.errno or "?")
