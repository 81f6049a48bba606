"""An optional PIN asked when the window starts, kept only as a slow scrypt hash.

It keeps a passer-by at a shared commune PC out of the register; it does not encrypt the file
(anyone who can copy the file can read it), which the Settings text says plainly. The hash is a
local setting: settings never travel to the office.
"""

from __future__ import annotations

import base64
import hmac
import os

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.centre import get_setting, set_setting
from desktop.store.database import Database

PIN_KEY = "start_pin"
# scrypt with 32 MiB of memory: about a tenth of a second per try here, so guessing the
# 10,000 four-digit PINs from a stolen hash takes hours, not milliseconds.
N, R, P, LENGTH = 2**15, 8, 1, 32
MIN_DIGITS, MAX_DIGITS = 4, 8


def _kdf(salt: bytes, n: int = N, r: int = R, p: int = P) -> Scrypt:
    return Scrypt(salt=salt, length=LENGTH, n=n, r=r, p=p)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = _kdf(salt).derive(pin.encode("utf-8"))
    return "$".join(["scrypt", str(N), str(R), str(P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        _kdf(base64.b64decode(salt), int(n), int(r), int(p)).verify(pin.encode("utf-8"), base64.b64decode(digest))
    except (ValueError, InvalidKey):
        return False
    return True


def validate_pin(pin: str, again: str) -> str:
    pin = pin.strip()
    if not (pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise ValidationError(_("A PIN is {low} to {high} digits.").format(low=MIN_DIGITS, high=MAX_DIGITS), "pin")
    if not hmac.compare_digest(pin, again.strip()):
        raise ValidationError(_("The two PINs are not the same; type it again."), "again")
    return pin


def has_pin(db: Database) -> bool:
    return bool(get_setting(db, PIN_KEY))


def set_pin(db: Database, pin: str, again: str) -> None:
    set_setting(db, PIN_KEY, hash_pin(validate_pin(pin, again)))


def clear_pin(db: Database) -> None:
    set_setting(db, PIN_KEY, "")


def check_pin(db: Database, pin: str) -> bool:
    stored = get_setting(db, PIN_KEY)
    return not stored or pin_matches(pin.strip(), stored)
