"""Identities and public key files: who signs a package, and to whom it is encrypted.

An identity is an Ed25519 signing key plus an X25519 encryption key. Its public half travels as a
small JSON key file; a fingerprint (SHA-256 over both public keys) is checked by phone or on paper
when a key is registered, read as digits or as Vietnamese words.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from desktop.errors import UserError
from desktop.i18n import _
from desktop.sync.jsonio import readable_bytes, strict_loads
from desktop.sync.wordlist import WORDS

KEY_FILE_FORMAT = "clc-key"
KEY_FILE_VERSION = 1
KEY_FILE_SUFFIX = ".clckey"
ROLES = ("centre", "office")
# An office's key file says its level (sync roll-up goes from a lower level to a higher one);
# a centre's says none. Older key files have no level: read as "".
OFFICE_LEVELS = ("commune-office", "district", "province")
MAX_KEY_FILE_BYTES = 64 * 1024
FINGERPRINT_TEXT_BYTES = 16   # 32 hex characters: the stable form used for look-ups
FINGERPRINT_DIGIT_GROUPS = 8  # 8 groups of 4 digits, about 106 bits
FINGERPRINT_WORDS = 8         # 8 words, 64 bits

_PRIVATE_MAGIC = b"CLCID\x01"
_RAW = 32


class KeyRefused(UserError):
    """A key file or stored key that cannot be used; `reason` is a stable machine code."""

    def __init__(self, reason: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Fingerprint:
    """SHA-256 over both public keys, in the forms people compare and programs look up."""

    digest: bytes

    @property
    def text(self) -> str:
        """Short stable hex form, for look-ups and for the manifest."""
        return self.digest[:FINGERPRINT_TEXT_BYTES].hex()

    @property
    def digits(self) -> str:
        """`4821 0937 5512 …`: 32 digits in groups of four, to read over the phone."""
        number = int.from_bytes(self.digest[:16], "big") % 10 ** (4 * FINGERPRINT_DIGIT_GROUPS)
        text = f"{number:0{4 * FINGERPRINT_DIGIT_GROUPS}d}"
        return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

    @property
    def words(self) -> tuple[str, ...]:
        """Eight Vietnamese words, one per byte of the digest."""
        return tuple(WORDS[byte] for byte in self.digest[:FINGERPRINT_WORDS])

    @property
    def words_text(self) -> str:
        return " · ".join(self.words)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PublicKey:
    """The public half of an identity: verifies signatures, receives encrypted packages."""

    signing_public: bytes
    encryption_public: bytes

    def __post_init__(self) -> None:
        if len(self.signing_public) != _RAW or len(self.encryption_public) != _RAW:
            raise ValueError("a public key is 32 bytes")

    @property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint(hashlib.sha256(self.signing_public + self.encryption_public).digest())

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.signing_public).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def encryption_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.encryption_public)


class Identity:
    """A private identity (centre or office). Keep it in the database; never in a key file."""

    def __init__(self, signing: Ed25519PrivateKey, encryption: X25519PrivateKey) -> None:
        self._signing = signing
        self._encryption = encryption
        self.public = PublicKey(
            signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
            encryption.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    @classmethod
    def generate(cls) -> Identity:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def private_bytes(self) -> bytes:
        """A versioned 70-byte form for the database (secret: never write it to a package)."""
        raw = (self._signing.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
               + self._encryption.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
        return _PRIVATE_MAGIC + raw

    @classmethod
    def from_private_bytes(cls, data: bytes) -> Identity:
        if (not isinstance(data, bytes) or len(data) != len(_PRIVATE_MAGIC) + 2 * _RAW
                or not data.startswith(_PRIVATE_MAGIC)):
            raise KeyRefused("damaged-key", _(
                "The stored key of this database is damaged. Restore a backup, or make a new key "
                "and register it again at the office."), "bad private key bytes")
        raw = data[len(_PRIVATE_MAGIC):]
        return cls(Ed25519PrivateKey.from_private_bytes(raw[:_RAW]),
                   X25519PrivateKey.from_private_bytes(raw[_RAW:]))

    @property
    def fingerprint(self) -> Fingerprint:
        return self.public.fingerprint

    def sign(self, data: bytes) -> bytes:
        return self._signing.sign(data)

    def key_agreement(self, peer_public: bytes) -> bytes:
        """X25519 shared secret with a peer's public key (used to unwrap a package key)."""
        return self._encryption.exchange(X25519PublicKey.from_public_bytes(peer_public))

    def __repr__(self) -> str:  # never show secrets in logs
        return f"Identity({self.fingerprint.text})"


@dataclass(frozen=True)
class KeyFile:
    """What a public key file says: whose key it is, and the key."""

    role: str
    name: str
    code: str
    public_key: PublicKey
    level: str = ""  # an office's: commune-office, district or province

    @property
    def fingerprint(self) -> Fingerprint:
        return self.public_key.fingerprint


def key_file_bytes(key_file: KeyFile) -> bytes:
    if key_file.role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if key_file.level not in ("", *OFFICE_LEVELS) or (key_file.level and key_file.role != "office"):
        raise ValueError(f"level must be an office's, one of {OFFICE_LEVELS}")
    level = {"level": key_file.level} if key_file.level else {}
    return readable_bytes({
        "format": KEY_FILE_FORMAT,
        "format_version": KEY_FILE_VERSION,
        "role": key_file.role,
        "name": key_file.name,
        "code": key_file.code,
        "signing_public": base64.b64encode(key_file.public_key.signing_public).decode("ascii"),
        "encryption_public": base64.b64encode(key_file.public_key.encryption_public).decode("ascii"),
        "fingerprint": key_file.fingerprint.text,
        **level,
    })


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Write a public key file (to a temporary name, then renamed: never half a key file)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(key_file_bytes(key_file))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise KeyRefused("write-failed", _("The key file could not be written to “{path}”: {error}").format(
            path=path, error=error.strerror or error), str(error)) from error


def read_key_file(path: Path, expected_role: str | None = None) -> KeyFile:
    """Read and check a public key file; anything wrong is a KeyRefused with a clear message."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            raise KeyRefused("not-a-file", _("“{name}” is not a file.").format(name=name))
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise _not_a_key_file(name, "too large")
        data = path.read_bytes()
    except OSError as error:
        raise KeyRefused("unreadable", _("“{name}” could not be read: {error}").format(
            name=name, error=error.strerror or error), str(error)) from error
    return parse_key_file(data, name, expected_role)


def parse_key_file(data: bytes, name: str = "", expected_role: str | None = None) -> KeyFile:
    try:
        document = strict_loads(data)
    except ValueError as error:
        raise _not_a_key_file(name, str(error)) from None
    if not isinstance(document, dict) or document.get("format") != KEY_FILE_FORMAT:
        raise _not_a_key_file(name, "no clc-key format marker")
    version = document.get("format_version")
    if type(version) is not int or version < 1:
        raise _damaged(name, "format_version")
    if version > KEY_FILE_VERSION:
        raise KeyRefused("newer-format", _(
            "“{name}” was made by a newer version of CLC Ledger. Update CLC Ledger on this computer, "
            "then open the key file again.").format(name=name), f"format_version {version}")
    role = document.get("role")
    if role not in ROLES:
        raise _damaged(name, "role")
    text_fields = {}
    for field, limit in (("name", 300), ("code", 40)):
        value = document.get(field)
        if not isinstance(value, str) or len(value) > limit:
            raise _damaged(name, field)
        text_fields[field] = value
    level = document.get("level", "")
    if level not in ("", *OFFICE_LEVELS) or (level and role != "office"):
        raise _damaged(name, "level")
    public_key = PublicKey(_decode_key(document.get("signing_public"), name),
                           _decode_key(document.get("encryption_public"), name))
    try:
        Ed25519PublicKey.from_public_bytes(public_key.signing_public)
        public_key.encryption_key()
    except ValueError:
        raise _damaged(name, "key bytes") from None
    if document.get("fingerprint") != public_key.fingerprint.text:
        raise _damaged(name, "fingerprint does not match the keys")
    if expected_role is not None and role != expected_role:
        if expected_role == "office":
            message = _("“{name}” is the key of a centre, not of an office. Ask the office for its "
                        "key file.").format(name=name)
        else:
            message = _("“{name}” is the key of an office, not of a centre. Ask the centre for its "
                        "key file.").format(name=name)
        raise KeyRefused("wrong-role", message, f"role {role}")
    return KeyFile(role, text_fields["name"], text_fields["code"], public_key, level)


def _decode_key(value: Any, name: str) -> bytes:
    if not isinstance(value, str):
        raise _damaged(name, "key missing")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise _damaged(name, "key not base64") from None
    if len(raw) != _RAW:
        raise _damaged(name, "key length")
    return raw


def _not_a_key_file(name: str, detail: str) -> KeyRefused:
    return KeyRefused("not-a-key-file", _(
        "“{name}” is not a CLC Ledger key file. Choose the key file (ending in .clckey) that the "
        "office or the centre gave you.").format(name=name), detail)


def _damaged(name: str, detail: str) -> KeyRefused:
    return KeyRefused("damaged-key", _(
        "The key file “{name}” is damaged. Ask for a new copy of the key file.").format(name=name), detail)
