"""What goes wrong with a package, as errors a user can act on: a stable reason code and a message.

`PackageRefused` is raised while reading (nothing is written anywhere); `PackageWriteFailed` while
writing (no partial or half-written file is left). `detail` is technical, for the log only.
"""

from __future__ import annotations

import errno
from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _

REFUSAL_REASONS = (
    "not-a-file", "unreadable", "too-big", "not-a-package", "truncated", "damaged-file",
    "unsafe-member", "extra-member", "missing-member", "zip-bomb", "bad-manifest", "newer-format",
    "bad-signature", "hash-mismatch", "wrong-recipient", "damaged-data",
)


class PackageRefused(UserError):
    """A package that will not be read; `reason` is one of REFUSAL_REASONS."""

    def __init__(self, reason: str, message: str, path: Path | None = None, detail: str = "",
                 values: dict[str, object] | None = None) -> None:
        assert reason in REFUSAL_REASONS, reason
        super().__init__(message)
        self.reason = reason
        self.path = path
        self.detail = detail
        self.values = values  # what refuse() worded the message with, to word it again

    def from_office(self) -> PackageRefused:
        """The same refusal worded for a centre reading its office's package: ask the office, not a centre."""
        if self.values is None or self.path is None:
            return self
        message = _refusal_message(self.reason).format(**{**self.values, "sender": _("the sending office")})
        return PackageRefused(self.reason, message, self.path, self.detail, self.values)

    def __str__(self) -> str:
        return f"{self.message} [{self.reason}: {self.detail}]" if self.detail else self.message


def refuse(reason: str, path: Path, detail: str = "", **values: object) -> PackageRefused:
    """The refusal for `reason` about the file at `path`, its message in the user's language."""
    values = {"name": path.name, **values}
    message = _refusal_message(reason).format(**{"sender": _("the sending centre"), **values})
    return PackageRefused(reason, message, path, detail, values)


def _refusal_message(reason: str) -> str:
    messages = {
        "not-a-file": _("“{name}” is not a file."),
        "unreadable": _("“{name}” could not be read. Check that the USB stick is still plugged in, "
                        "then try again."),
        "too-big": _("“{name}” is too large to be a data package. Check that you chose the right file."),
        "not-a-package": _("“{name}” is not a CLC Ledger data package. Choose a file ending in "
                           ".clcsync made by CLC Ledger."),
        "truncated": _("“{name}” is incomplete: it was not copied to the end, or the USB stick was "
                       "removed too early. Ask {sender} to send the package again."),
        "damaged-file": _("“{name}” is damaged (the USB stick may be faulty). Ask {sender} to send "
                          "the package again."),
        "unsafe-member": _("“{name}” contains a file with a dangerous name and was refused for safety. "
                           "Do not import it; ask {sender} to export the package again."),
        "extra-member": _("“{name}” contains files that do not belong to a data package, so it may "
                          "have been altered. Ask {sender} to export the package again."),
        "missing-member": _("Part of “{name}” is missing, so it may have been altered. Ask {sender} "
                            "to export the package again."),
        "zip-bomb": _("“{name}” claims to hold far more data than a package can, and was refused for "
                      "safety. Do not import it."),
        "bad-manifest": _("The contents list of “{name}” is damaged. Ask {sender} to export the "
                          "package again."),
        "newer-format": _("“{name}” was made by a newer version of CLC Ledger ({version}). Install "
                          "CLC Ledger {version} or newer on this computer to import it."),
        "bad-signature": _("The signature of “{name}” does not match the registered key of {sender}: "
                           "the file was altered or made by someone else. Do not import it; call "
                           "{sender} to check."),
        "hash-mismatch": _("Part of “{name}” was altered after it was signed. Do not import it; ask "
                           "{sender} to export the package again."),
        "wrong-recipient": _("“{name}” was made for another office and cannot be opened here. Ask "
                             "the centre to send it to this office."),
        "damaged-data": _("The data in “{name}” cannot be read although its signature is valid. "
                          "Ask {sender} to update CLC Ledger and export the package again."),
    }
    return messages[reason]


WRITE_FAILURES = ("folder-missing", "disk-full", "read-only", "write-failed", "verify-failed")


class PackageWriteFailed(UserError):
    """A package that could not be written; nothing is left behind. `reason` in WRITE_FAILURES."""

    def __init__(self, reason: str, message: str, detail: str = "") -> None:
        assert reason in WRITE_FAILURES, reason
        super().__init__(message)
        self.reason = reason
        self.detail = detail


def write_failure(folder: Path, error: OSError) -> PackageWriteFailed:
    """Name what most likely happened to the stick or folder, from the operating system's error."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        reason, message = "disk-full", _(
            "The USB stick or folder “{folder}” is full. Free some space or use another stick, then "
            "try again. Nothing was left on it.")
    elif code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR,
                  getattr(errno, "ESTALE", -1)):
        reason, message = "folder-missing", _(
            "Could not write to “{folder}”: the USB stick was removed or the folder is gone. Plug the "
            "stick in again and try again.")
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason, message = "read-only", _(
            "CLC Ledger may not write to “{folder}”: it is read-only or protected. Unlock the USB "
            "stick or choose another folder.")
    else:
        reason, message = "write-failed", _(
            "The package could not be written to “{folder}”. Try again, or use another USB stick. "
            "Nothing was left on it.")
    return PackageWriteFailed(reason, message.format(folder=folder), f"{type(error).__name__}: {error}")


def verify_failure(folder: Path, detail: str) -> PackageWriteFailed:
    return PackageWriteFailed("verify-failed", _(
        "The package written to “{folder}” did not read back correctly, so it was removed. The USB "
        "stick may be faulty: try again with another stick.").format(folder=folder), detail)
