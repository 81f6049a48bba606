"""A backup sealed with a passphrase, for a USB stick or another folder that may be lost or shared.

File format, version 1 (all integers big-endian):

    offset  size  field
    0       8     magic  b"CLCBKENC"
    8       1     format version (1)
    9       1     key derivation: 1 = scrypt
    10      1     scrypt log2(N)
    11      1     scrypt r
    12      1     scrypt p
    13      16    salt
    29      8     nonce prefix (random for each file)
    37      2     length L of the backup's own file name (UTF-8)
    39      L     the backup's own file name (clc-backup-….sqlite)
    39+L    16    passphrase check: AES-GCM tag over nothing, nonce = prefix + FFFFFFFF
    then chunks, each: 4 bytes ciphertext length, then AES-256-GCM ciphertext with its tag;
    nonce = prefix + chunk index (4 bytes); associated data = the header (bytes 0 .. 39+L),
    the chunk index and a final flag (1 for the last chunk), so chunks cannot be cut, dropped,
    reordered or moved to another file without the tag failing.

The key is scrypt(passphrase, salt). A wrong passphrase fails the check before any chunk is read.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.progress import Progress

MAGIC = b"CLCBKENC"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # about 32 MB and a tenth of a second on a commune PC
SALT_BYTES, PREFIX_BYTES, KEY_BYTES, TAG_BYTES = 16, 8, 32, 16
CHUNK_BYTES = 1024 * 1024
SUFFIX = ".clcenc"
_FIXED = struct.Struct(">8sBBBBB16s8sH")
_CHECK_INDEX = 0xFFFFFFFF
MAX_NAME_BYTES = 255


class SealProblem(Exception):
    """Why a sealed copy cannot be opened: `reason` is one of not-sealed, newer-format,
    wrong-passphrase, damaged (the services turn it into the user's message)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class SealingKey:
    """A key derived from a passphrase, with the salt that made it (kept so copies can be made
    without keeping the passphrase itself)."""

    salt: bytes
    key: bytes
    log2_n: int = SCRYPT_LOG2_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


def derive_key(passphrase: str, salt: bytes | None = None, *, log2_n: int = SCRYPT_LOG2_N,
               r: int = SCRYPT_R, p: int = SCRYPT_P) -> SealingKey:
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = Scrypt(salt=salt, length=KEY_BYTES, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return SealingKey(salt, key, log2_n, r, p)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _chunk_data(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">IB", index, 1 if final else 0)


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def seal(source: Path, target: BinaryIO, sealing: SealingKey, progress: Progress | None = None) -> None:
    """Write `source` sealed into the open file `target` (the caller names and syncs it)."""
    name = source.name.encode("utf-8")[:MAX_NAME_BYTES]
    prefix = os.urandom(PREFIX_BYTES)
    header = _FIXED.pack(MAGIC, FORMAT_VERSION, KDF_SCRYPT, sealing.log2_n, sealing.r, sealing.p,
                         sealing.salt, prefix, len(name)) + name
    cipher = AESGCM(sealing.key)
    target.write(header)
    target.write(cipher.encrypt(_nonce(prefix, _CHECK_INDEX), b"", header))
    total = max(source.stat().st_size, 1)
    done = 0
    with open(source, "rb") as handle:
        index = 0
        chunk = handle.read(CHUNK_BYTES)
        while True:
            following = handle.read(CHUNK_BYTES) if chunk else b""
            final = not following
            sealed = cipher.encrypt(_nonce(prefix, index), chunk, _chunk_data(header, index, final))
            target.write(struct.pack(">I", len(sealed)) + sealed)
            done += len(chunk)
            if progress is not None:
                progress.report(min(done, total), total)
                progress.check()
            if final:
                return
            chunk, index = following, index + 1


@dataclass(frozen=True)
class SealedHeader:
    original_name: str
    header: bytes
    log2_n: int
    r: int
    p: int
    salt: bytes
    prefix: bytes
    check: bytes


def read_header(handle: BinaryIO) -> SealedHeader:
    fixed = handle.read(_FIXED.size)
    if len(fixed) < len(MAGIC) or fixed[:len(MAGIC)] != MAGIC:
        raise SealProblem("not-sealed")
    if len(fixed) < _FIXED.size:
        raise SealProblem("damaged", "header cut short")
    magic, version, kdf, log2_n, r, p, salt, prefix, name_length = _FIXED.unpack(fixed)
    if version != FORMAT_VERSION:
        raise SealProblem("newer-format" if version > FORMAT_VERSION else "damaged", f"version {version}")
    if kdf != KDF_SCRYPT or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise SealProblem("damaged", "key derivation")
    if name_length > MAX_NAME_BYTES:
        raise SealProblem("damaged", "name length")
    name = handle.read(name_length)
    check = handle.read(TAG_BYTES)
    if len(name) < name_length or len(check) < TAG_BYTES:
        raise SealProblem("damaged", "header cut short")
    try:
        original = name.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SealProblem("damaged", "name") from error
    if "/" in original or "\\" in original or original in ("", ".", ".."):
        raise SealProblem("damaged", "name")
    return SealedHeader(original, fixed + name, log2_n, r, p, salt, prefix, check)


def unseal(source: BinaryIO, target: BinaryIO, passphrase: str, progress: Progress | None = None,
           total: int = 0) -> str:
    """Write the backup sealed in `source` into `target`; its own file name. SealProblem if the
    passphrase is wrong or the file is damaged, cut short or not a sealed backup."""
    head = read_header(source)
    sealing = derive_key(passphrase, head.salt, log2_n=head.log2_n, r=head.r, p=head.p)
    cipher = AESGCM(sealing.key)
    try:
        cipher.decrypt(_nonce(head.prefix, _CHECK_INDEX), head.check, head.header)
    except InvalidTag as error:
        raise SealProblem("wrong-passphrase") from error
    index, done = 0, len(head.header) + TAG_BYTES
    while True:
        length_bytes = source.read(4)
        if len(length_bytes) < 4:
            raise SealProblem("damaged", "cut short")
        (length,) = struct.unpack(">I", length_bytes)
        if not TAG_BYTES <= length <= CHUNK_BYTES + TAG_BYTES:
            raise SealProblem("damaged", "chunk length")
        sealed = source.read(length)
        if len(sealed) < length:
            raise SealProblem("damaged", "cut short")
        plain = None
        for final in (False, True):
            try:
                plain = cipher.decrypt(_nonce(head.prefix, index), sealed, _chunk_data(head.header, index, final))
            except InvalidTag:
                continue
            break
        if plain is None:
            raise SealProblem("damaged", f"chunk {index}")
        target.write(plain)
        done += 4 + length
        if progress is not None:
            progress.report(min(done, max(total, done)), max(total, done))
            progress.check()
        if final:
            if source.read(1):
                raise SealProblem("damaged", "data after the end")
            return head.original_name
        index += 1
