"""Encryption of a package's members to one recipient (all primitives from `cryptography`).

A fresh 32-byte content key per package, wrapped for the recipient's X25519 key: an ephemeral
X25519 key agreement, HKDF-SHA256 to a wrapping key, AES-256-GCM over the content key. Each member
is AES-256-GCM under the content key with its own random nonce, its associated data binding it to
the package id and its member name, so members cannot be moved between packages or positions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.sync.keys import Identity, PublicKey

SCHEME = "x25519-hkdf-sha256-aes256gcm"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
WRAPPED_KEY_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES
_WRAP_INFO = b"clc-sync content key wrap v1"
_MEMBER_LABEL = b"clc-sync member v1"


class CannotUnseal(Exception):
    """A key or member that does not open with the keys given (wrong recipient or altered data)."""


@dataclass(frozen=True)
class WrappedKey:
    ephemeral_public: bytes
    wrapped_key: bytes


def new_content_key() -> bytes:
    return AESGCM.generate_key(bit_length=8 * KEY_BYTES)


def _wrapping_key(shared_secret: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_public + recipient_public,
                info=_WRAP_INFO).derive(shared_secret)


def wrap_content_key(content_key: bytes, recipient: PublicKey, package_id: str) -> WrappedKey:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(recipient.encryption_key())
    key = _wrapping_key(shared, ephemeral_public, recipient.encryption_public)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, content_key, package_id.encode("utf-8"))
    return WrappedKey(ephemeral_public, nonce + sealed)


def unwrap_content_key(wrapped: WrappedKey, recipient: Identity, package_id: str) -> bytes:
    if len(wrapped.ephemeral_public) != KEY_BYTES or len(wrapped.wrapped_key) != WRAPPED_KEY_BYTES:
        raise CannotUnseal("wrapped key of the wrong size")
    try:
        shared = recipient.key_agreement(wrapped.ephemeral_public)
        key = _wrapping_key(shared, wrapped.ephemeral_public, recipient.public.encryption_public)
        nonce, sealed = wrapped.wrapped_key[:NONCE_BYTES], wrapped.wrapped_key[NONCE_BYTES:]
        return AESGCM(key).decrypt(nonce, sealed, package_id.encode("utf-8"))
    except (InvalidTag, ValueError) as error:  # ValueError: a low-order (all-zero) shared secret
        raise CannotUnseal("the content key does not open with this identity") from error


def _associated_data(package_id: str, member_name: str) -> bytes:
    return b"\0".join((_MEMBER_LABEL, package_id.encode("utf-8"), member_name.encode("utf-8")))


def seal_member(content_key: bytes, package_id: str, member_name: str, plain: bytes) -> bytes:
    """nonce + AES-256-GCM ciphertext and tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(content_key).encrypt(nonce, plain, _associated_data(package_id, member_name))


def unseal_member(content_key: bytes, package_id: str, member_name: str, stored: bytes) -> bytes:
    if len(stored) < NONCE_BYTES + TAG_BYTES:
        raise CannotUnseal("member too short")
    try:
        return AESGCM(content_key).decrypt(stored[:NONCE_BYTES], stored[NONCE_BYTES:],
                                           _associated_data(package_id, member_name))
    except InvalidTag as error:
        raise CannotUnseal(f"member {member_name} does not open") from error
