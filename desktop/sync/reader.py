"""Reading a package file, in the order that refuses a bad file before anything is trusted.

1. `read_envelope(path)`: the container (a file, not too big, a ZIP, safe and expected member names,
   no zip bomb, the canonical layout) and the manifest (JSON, format version, schema). Unverified:
   the caller looks up the sender's key by `envelope.manifest.origin.key_fingerprint`.
2. `verify_package(envelope, signer)`: the signature, the member list, every member's SHA-256.
3. `open_contents(verified, recipient)`: the content key; rows and media are then decrypted,
   decompressed and parsed one member at a time.
Every refusal is a PackageRefused with a reason code; nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from desktop.progress import Progress
from desktop.sync import sealing
from desktop.sync.container import END_RECORD_BYTES, Entry, LayoutError, check_layout
from desktop.sync.jsonio import strict_loads
from desktop.sync.keys import Identity, PublicKey
from desktop.sync.manifest import (
    DATA_MEMBER, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA_MEMBER, SIGNATURE, SUMMARY, Manifest,
    ManifestError, MemberEntry, parse_manifest, upgrade,
)
from desktop.sync.refusals import PackageRefused, refuse

MAX_PACKAGE_BYTES = 2 * 1024 ** 3
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 256 * 1024 ** 2
MAX_COMPRESSION_RATIO = 100
MAX_MANIFEST_BYTES = 16 * 1024 ** 2
MAX_SUMMARY_BYTES = 64 * 1024
SIGNATURE_BYTES = 64
_BLOCK = 1024 * 1024
_VERSION_TEXT = re.compile(r"[0-9A-Za-z.+-]{1,32}")


@dataclass(frozen=True)
class Envelope:
    """A package's container and manifest, checked but NOT yet verified against a key."""

    path: Path
    file_size: int
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    summary: str
    entries: dict[str, Entry]

    @property
    def package_hash(self) -> str:
        """The package's identity whatever its file name: SHA-256 of manifest.json's bytes."""
        return hashlib.sha256(self.manifest_bytes).hexdigest()


@dataclass(frozen=True)
class VerifiedPackage:
    """An envelope whose signature and every member hash were checked with the sender's key."""

    envelope: Envelope
    signer: PublicKey

    @property
    def manifest(self) -> Manifest:
        return self.envelope.manifest

    @property
    def package_hash(self) -> str:
        return self.envelope.package_hash


@dataclass(frozen=True)
class RowChunk:
    table: str
    rows: list[dict[str, Any]]


def read_envelope(path: Path) -> Envelope:
    path = Path(path)
    try:
        if not path.is_file():
            raise refuse("not-a-file", path)
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise refuse("too-big", path, f"{size} bytes")
        with open(path, "rb") as handle:
            return _read_envelope(handle, path, size)
    except OSError as error:
        raise refuse("unreadable", path, str(error)) from error


def _read_envelope(handle: BinaryIO, path: Path, size: int) -> Envelope:
    infos = _zip_directory(handle, path, size)
    names = _check_names(infos, path)
    for info in infos:
        if (info.file_size > MAX_MEMBER_BYTES
                or info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise refuse("zip-bomb", path, f"{info.orig_filename}: {info.file_size} bytes declared")
    if sum(info.file_size for info in infos) > MAX_PACKAGE_BYTES:
        raise refuse("zip-bomb", path, "total declared size")
    try:
        entries = check_layout(handle, size, [(info.orig_filename, info.header_offset, info.compress_size,
                                               info.CRC) for info in infos], infos[0].date_time)
    except (LayoutError, UnicodeEncodeError) as error:
        raise refuse("damaged-file", path, str(error)) from None
    by_name = {entry.name: entry for entry in entries}
    for required in (SIGNATURE, SUMMARY):
        if required not in names:
            raise refuse("missing-member", path, required)
    manifest_bytes = _read_small(handle, by_name[MANIFEST], MAX_MANIFEST_BYTES, path, "bad-manifest")
    signature = _read_small(handle, by_name[SIGNATURE], SIGNATURE_BYTES, path, "bad-signature")
    summary = _read_small(handle, by_name[SUMMARY], MAX_SUMMARY_BYTES, path, "bad-manifest")
    manifest = parse_manifest_bytes(manifest_bytes, path)
    return Envelope(path, size, manifest, manifest_bytes, signature,
                    summary.decode("utf-8", errors="replace"), by_name)


def _zip_directory(handle: BinaryIO, path: Path, size: int) -> list[zipfile.ZipInfo]:
    head = handle.read(4)
    try:
        handle.seek(0)
        infos = zipfile.ZipFile(handle).infolist()
    except OSError:
        raise  # the stick, not the file: read_envelope says "could not be read"
    except Exception as error:  # zipfile raises many kinds of errors on hostile bytes
        if head != b"PK\x03\x04":
            raise refuse("not-a-package", path, repr(error)) from None
        handle.seek(max(size - END_RECORD_BYTES, 0))
        ends_like_a_zip = handle.read(4) == b"PK\x05\x06"
        raise refuse("damaged-file" if ends_like_a_zip else "truncated", path, repr(error)) from None
    if not infos:
        raise refuse("not-a-package", path, "empty archive")
    if len(infos) > MAX_MEMBERS:
        raise refuse("zip-bomb", path, f"{len(infos)} members")
    return infos


def _unsafe_name(name: str) -> bool:
    if not name or len(name) > 255 or not name.isascii() or name.startswith("/"):
        return True
    if any(ord(char) < 32 or char in "\\:\x7f" for char in name):
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def _check_names(infos: list[zipfile.ZipInfo], path: Path) -> set[str]:
    names: set[str] = set()
    for info in infos:
        name = info.orig_filename
        if _unsafe_name(name) or name in names:
            raise refuse("unsafe-member", path, repr(name))
        names.add(name)
    if MANIFEST not in names:
        raise refuse("not-a-package", path, "no manifest.json")
    for name in names:
        if name not in (MANIFEST, SIGNATURE, SUMMARY) and not (
                DATA_MEMBER.fullmatch(name) or MEDIA_MEMBER.fullmatch(name)):
            raise refuse("extra-member", path, repr(name))
    return names


def _read_small(handle: BinaryIO, entry: Entry, limit: int, path: Path, reason: str) -> bytes:
    if entry.size > limit:
        raise refuse(reason, path, f"{entry.name}: {entry.size} bytes")
    handle.seek(entry.data_offset)
    data = handle.read(entry.size)
    if len(data) != entry.size:
        raise refuse("truncated", path, entry.name)
    if zlib.crc32(data) != entry.crc:
        raise refuse("damaged-file", path, f"CRC of {entry.name}")
    return data


def parse_manifest_bytes(manifest_bytes: bytes, path: Path) -> Manifest:
    """Parse and check manifest.json's bytes (refusals name the file at `path`)."""
    try:
        document = strict_loads(manifest_bytes)
    except (ValueError, RecursionError) as error:
        raise refuse("bad-manifest", path, str(error)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise refuse("not-a-package", path, "format marker")
    version = document.get("format_version")
    if type(version) is not int or version < 1:
        raise refuse("bad-manifest", path, "format_version")
    if version > FORMAT_VERSION:
        app_version = document.get("app_version")
        shown = app_version if isinstance(app_version, str) and _VERSION_TEXT.fullmatch(app_version) \
            else f"format {version}"
        raise refuse("newer-format", path, f"format_version {version}", version=shown)
    try:
        return parse_manifest(upgrade(document), scheme=sealing.SCHEME, ephemeral_bytes=sealing.KEY_BYTES,
                              wrapped_bytes=sealing.WRAPPED_KEY_BYTES)
    except ManifestError as error:
        raise refuse("bad-manifest", path, str(error)) from None


def verify_package(envelope: Envelope, signer: PublicKey, progress: Progress | None = None) -> VerifiedPackage:
    """Check the signature with the sender's key (looked up by the caller), then every member."""
    manifest, path = envelope.manifest, envelope.path
    sender = manifest.origin.centre_name or manifest.origin.key_fingerprint
    if not signer.verify(envelope.signature, envelope.manifest_bytes):
        raise refuse("bad-signature", path, "signature does not verify", sender=sender)
    if signer.fingerprint.text != manifest.origin.key_fingerprint:
        raise refuse("bad-signature", path, "signed by a key other than the one it names", sender=sender)
    listed = {member.name for member in manifest.members} | {MANIFEST, SIGNATURE}
    present = set(envelope.entries)
    if listed - present:
        raise refuse("missing-member", path, ", ".join(sorted(listed - present)))
    if present - listed:
        raise refuse("extra-member", path, ", ".join(sorted(present - listed)))
    total = sum(member.size for member in manifest.members)
    done = 0
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            if handle.tell() != envelope.file_size:
                raise refuse("damaged-file", path, "the file changed while it was read")
            for member in manifest.members:
                if progress is not None:
                    progress.check()
                _read_member(handle, envelope.entries[member.name], member, path)
                done += member.size
                if progress is not None:
                    progress.report(done, total)
    except OSError as error:
        raise refuse("unreadable", path, str(error)) from error
    return VerifiedPackage(envelope, signer)


def _read_member(handle: BinaryIO, entry: Entry, member: MemberEntry, path: Path) -> bytes:
    """The stored bytes of a member, checked against its CRC and its signed SHA-256."""
    if entry.size != member.size:
        raise refuse("hash-mismatch", path, f"{member.name}: size")
    handle.seek(entry.data_offset)
    data = handle.read(entry.size)
    if len(data) != entry.size:
        raise refuse("truncated", path, member.name)
    if hashlib.sha256(data).hexdigest() != member.sha256:
        reason = "damaged-file" if zlib.crc32(data) != entry.crc else "hash-mismatch"
        raise refuse(reason, path, member.name)
    return data


def open_contents(package: VerifiedPackage, recipient: Identity) -> PackageContents:
    """Unwrap the content key with the recipient's identity (refused if the package is for another)."""
    manifest, path = package.manifest, package.envelope.path
    if manifest.recipient != recipient.fingerprint.text:
        raise refuse("wrong-recipient", path, f"for {manifest.recipient}")
    wrapped = sealing.WrappedKey(manifest.encryption.ephemeral_public, manifest.encryption.wrapped_key)
    try:
        content_key = sealing.unwrap_content_key(wrapped, recipient, manifest.package_id)
    except sealing.CannotUnseal as error:
        raise refuse("wrong-recipient", path, str(error)) from None
    return PackageContents(package, content_key)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"JSON constant {name}")


class PackageContents:
    """The decrypted rows and media of a verified package, read one member at a time.

    A package whose signature and hashes are valid can still fail here (a faulty exporter): each
    iterator raises PackageRefused("damaged-data") at the first bad member, so stage rows and apply
    them only after the iteration has finished."""

    def __init__(self, package: VerifiedPackage, content_key: bytes) -> None:
        self.package = package
        self.manifest = package.manifest
        self.path = package.envelope.path
        self._key = content_key

    @property
    def package_hash(self) -> str:
        return self.package.package_hash

    def _open_member(self, handle: BinaryIO, member: MemberEntry) -> bytes:
        try:
            stored = _read_member(handle, self.package.envelope.entries[member.name], member, self.path)
        except OSError as error:
            raise refuse("unreadable", self.path, str(error)) from error
        try:
            return sealing.unseal_member(self._key, self.manifest.package_id, member.name, stored)
        except sealing.CannotUnseal as error:
            raise refuse("damaged-data", self.path, str(error)) from None

    def chunks(self, progress: Progress | None = None, *, tables: frozenset[str] | None = None
               ) -> Iterator[RowChunk]:
        """Rows chunk by chunk (at most one chunk in memory), in table order; only those of
        `tables` when given."""
        members = [item for item in self.manifest.data_members() if tables is None or item[0] in tables]
        total = sum(member.rows for _, _, member in members)
        done = 0
        with self._opened() as handle:
            for table, _index, member in members:
                if progress is not None:
                    progress.check()
                rows = self._decode_rows(member, self._open_member(handle, member))
                done += len(rows)
                yield RowChunk(table, rows)
                if progress is not None:
                    progress.report(done, total)

    def rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for chunk in self.chunks():
            for row in chunk.rows:
                yield chunk.table, row

    def media(self) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of each media member, one at a time."""
        with self._opened() as handle:
            for name, member in self.manifest.media_members():
                data = self._open_member(handle, member)
                if len(data) != member.plain_size:
                    raise refuse("damaged-data", self.path, f"{member.name}: size")
                yield name, data

    def media_names(self) -> list[str]:
        return [name for name, _ in self.manifest.media_members()]

    def _opened(self) -> Any:
        try:
            return open(self.path, "rb")
        except OSError as error:
            raise refuse("unreadable", self.path, str(error)) from error

    def _decode_rows(self, member: MemberEntry, compressed: bytes) -> list[dict[str, Any]]:
        decompressor = zlib.decompressobj()
        try:
            plain = decompressor.decompress(compressed, member.plain_size + 1)
        except zlib.error as error:
            raise refuse("damaged-data", self.path, f"{member.name}: {error}") from None
        if (len(plain) != member.plain_size or not decompressor.eof or decompressor.unconsumed_tail
                or decompressor.unused_data):
            raise refuse("damaged-data", self.path, f"{member.name}: plain size")
        if not plain.endswith(b"\n") or plain.count(b"\n") != member.rows:
            raise refuse("damaged-data", self.path, f"{member.name}: line count")
        try:
            # One parse of all lines as an array: twice as fast as a parse per line. Lines hold
            # no raw newline (JSON escapes it), and the counts below catch a line that is not one row.
            rows = json.loads(b"[" + plain[:-1].replace(b"\n", b",") + b"]", parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise refuse("damaged-data", self.path, f"{member.name}: {error}") from None
        if len(rows) != member.rows or not all(type(row) is dict for row in rows):
            raise refuse("damaged-data", self.path, f"{member.name}: rows")
        return rows


def open_package(path: Path, signer: PublicKey, recipient: Identity) -> PackageContents:
    """All three steps, when the caller already knows the sender's key."""
    return open_contents(verify_package(read_envelope(path), signer), recipient)
