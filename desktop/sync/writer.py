"""Writing a package to a USB stick or folder so that a file with the final name is always whole.

The package is written to `<name>.clcsync.partial`, flushed and fsynced, renamed (never over an
existing file), the folder fsynced where the system allows, then read back and verified. Any failure
or Cancel removes what was written and raises; only a verified package keeps its final name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import uuid
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from desktop.i18n import _
from desktop.progress import Progress
from desktop.sync import sealing
from desktop.sync.container import ContainerWriter
from desktop.sync.jsonio import canonical_bytes, readable_bytes
from desktop.sync.keys import Identity, PublicKey
from desktop.sync.manifest import (
    HEX_HASH, KIND, MANIFEST, MAX_CHUNK_PLAIN_BYTES, MAX_MEDIA_BYTES, MEDIA_NAME, SIGNATURE, SUMMARY,
    TABLE_NAME, Encryption, Manifest, MemberEntry, Origin, build_manifest, data_member, media_member,
)
from desktop.sync.reader import MAX_SUMMARY_BYTES, parse_manifest_bytes, read_envelope, verify_package
from desktop.sync.refusals import PackageRefused, verify_failure, write_failure
from desktop.text.vietnamese import fold

SUFFIX = ".clcsync"
PARTIAL_SUFFIX = ".clcsync.partial"
CHUNK_ROWS = 20_000
CHUNK_PLAIN_BYTES = 16 * 1024 * 1024
COMPRESSION_LEVEL = 3  # about twice as fast as 6 for a tenth more bytes


@dataclass(frozen=True)
class PackageHeader:
    """What the caller says about a package; the writer adds ids, keys, counts and hashes."""

    kind: str
    schema_version: str
    app_version: str
    origin: Origin
    sequence_from: int
    sequence_to: int
    full: bool
    previous_package_hash: str | None
    state_digest: str
    summary: str
    extra: dict[str, Any] = field(default_factory=dict)
    package_id: str | None = None
    created_at: dt.datetime | None = None
    file_stem: str | None = None  # the file's name without suffix, when not package_file_stem's


@dataclass(frozen=True)
class WrittenPackage:
    path: Path
    package_hash: str
    manifest: Manifest
    size: int


def package_file_stem(header: PackageHeader, created: dt.datetime) -> str:
    """`clc_04321_2026-11-23_101-250` (+ `_full`; the kind first when not a centre's package)."""
    commune = re.sub(r"[^A-Za-z0-9-]", "", header.origin.commune_code)[:20] or name_slug(header.origin.centre_name)
    kind = "" if header.kind == "centre" else re.sub(r"[^a-z0-9-]", "", header.kind) + "_"
    full = "_full" if header.full else ""
    return f"clc_{kind}{commune}_{created:%Y-%m-%d}_{header.sequence_from}-{header.sequence_to}{full}"


def name_slug(name: str) -> str:
    """An office without a code is named by its name, folded: "Phòng VH-XH xã Tân Hợp" → "phong-vh-xh-xa-tan-hop"."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))[:40].strip("-") or "clc"


def _check_header(header: PackageHeader) -> None:
    if not KIND.fullmatch(header.kind):
        raise ValueError(f"kind {header.kind!r}")
    if not (type(header.sequence_from) is int and type(header.sequence_to) is int
            and 0 <= header.sequence_from <= header.sequence_to + 1):
        raise ValueError("sequence range")
    if header.previous_package_hash is not None and not HEX_HASH.fullmatch(header.previous_package_hash):
        raise ValueError("previous_package_hash must be a SHA-256 hex digest")
    if header.file_stem is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,150}", header.file_stem):
        raise ValueError("file_stem")
    if len(header.summary.encode("utf-8")) > MAX_SUMMARY_BYTES:
        raise ValueError("summary too long")


def write_package(folder: Path, header: PackageHeader,
                  tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]], *,
                  signer: Identity, recipient: PublicKey,
                  media: Iterable[tuple[str, bytes]] = (), progress: Progress | None = None,
                  total_rows: int | None = None, chunk_rows: int = CHUNK_ROWS) -> WrittenPackage:
    """Write, fsync, rename, read back and verify one package in `folder`.

    `tables` yields (table name, rows) with each row a dict of JSON values; `media` yields
    (name, bytes). Raises PackageWriteFailed (nothing left behind), or Cancelled after
    `progress.cancel()` (nothing left behind); ValueError for a caller's mistake."""
    _check_header(header)
    folder = Path(folder)
    progress = progress or Progress()
    package_id = header.package_id or str(uuid.uuid4())
    created = header.created_at or dt.datetime.now(dt.timezone.utc).astimezone()
    stem = header.file_stem or package_file_stem(header, created)
    if not folder.is_dir():
        raise write_failure(folder, FileNotFoundError(2, "No such folder", str(folder)))
    partial: Path | None = None
    final: Path | None = None
    try:
        partial, handle = _create_partial(folder, stem)
        with handle:
            manifest_bytes, manifest = _write_members(
                handle, created, header, package_id, tables, signer, recipient, media, progress,
                total_rows, chunk_rows)
            handle.flush()
            os.fsync(handle.fileno())
        progress.check()
        final = _rename_to_free_name(partial, folder, stem)
        partial = None
        _fsync_folder(folder)
        progress.report(0, 0, _("Checking the package…"))
        size = _verify_written(final, signer.public, manifest_bytes, folder)
        return WrittenPackage(final, hashlib.sha256(manifest_bytes).hexdigest(), manifest, size)
    except OSError as error:
        _remove(partial, final)
        raise write_failure(folder, error) from error
    except BaseException:
        _remove(partial, final)
        raise


def _create_partial(folder: Path, stem: str) -> tuple[Path, BinaryIO]:
    for attempt in range(1, 1000):
        name = stem + (f"-{attempt}" if attempt > 1 else "") + PARTIAL_SUFFIX
        try:
            return folder / name, open(folder / name, "xb")
        except FileExistsError:
            continue
    raise FileExistsError(17, "too many partial files", str(folder))


def _write_members(handle: BinaryIO, created: dt.datetime, header: PackageHeader, package_id: str,
                   tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]], signer: Identity,
                   recipient: PublicKey, media: Iterable[tuple[str, bytes]], progress: Progress,
                   total_rows: int | None, chunk_rows: int) -> tuple[bytes, Manifest]:
    container = ContainerWriter(handle, created)
    content_key = sealing.new_content_key()
    members: list[MemberEntry] = []
    counts: dict[str, int] = {}
    done = 0
    message = _("Writing the package…")
    total = total_rows or 0

    def add(name: str, stored: bytes, plain_size: int, rows: int) -> None:
        container.add(name, stored)
        members.append(MemberEntry(name, hashlib.sha256(stored).hexdigest(), len(stored), plain_size, rows))

    progress.report(0, total, message)
    for table, rows in tables:
        if not TABLE_NAME.fullmatch(table) or table in counts:
            raise ValueError(f"table name {table!r} is not valid or given twice")
        counts[table] = 0
        for index, (plain, row_count) in enumerate(_chunks(rows, chunk_rows)):
            progress.check()
            name = data_member(table, index)
            add(name, sealing.seal_member(content_key, package_id, name,
                                          zlib.compress(plain, COMPRESSION_LEVEL)), len(plain), row_count)
            counts[table] += row_count
            done += row_count
            progress.report(done, max(total, done), message)
    for media_name, data in media:
        progress.check()
        if not MEDIA_NAME.fullmatch(media_name) or len(data) > MAX_MEDIA_BYTES:
            raise ValueError(f"media {media_name!r}: bad name or larger than {MAX_MEDIA_BYTES} bytes")
        name = media_member(media_name)
        add(name, sealing.seal_member(content_key, package_id, name, bytes(data)), len(data), 0)
        progress.report(done, max(total, done), message)
    summary = header.summary.encode("utf-8")
    add(SUMMARY, summary, len(summary), 0)

    wrapped = sealing.wrap_content_key(content_key, recipient, package_id)
    origin = replace(header.origin, key_fingerprint=signer.fingerprint.text)
    document = build_manifest(
        kind=header.kind, schema_version=header.schema_version, app_version=header.app_version,
        package_id=package_id, created_at=created.isoformat(timespec="seconds"), origin=origin,
        recipient=recipient.fingerprint.text, sequence_from=header.sequence_from,
        sequence_to=header.sequence_to, full=header.full,
        previous_package_hash=header.previous_package_hash, tables=counts,
        state_digest=header.state_digest, members=members,
        encryption=Encryption(sealing.SCHEME, wrapped.ephemeral_public, wrapped.wrapped_key),
        extra=dict(header.extra))
    manifest_bytes = readable_bytes(document)
    container.add(MANIFEST, manifest_bytes)
    container.add(SIGNATURE, signer.sign(manifest_bytes))
    progress.check()
    container.finish()
    # the writer's own manifest must pass the reader's checks
    return manifest_bytes, parse_manifest_bytes(manifest_bytes, Path(MANIFEST))


def _chunks(rows: Iterable[Mapping[str, Any]], chunk_rows: int) -> Iterable[tuple[bytes, int]]:
    """JSON lines, cut at `chunk_rows` rows or CHUNK_PLAIN_BYTES, whichever comes first."""
    lines: list[bytes] = []
    size = 0
    for row in rows:
        if not isinstance(row, Mapping):
            raise ValueError("a row must be a dict")
        line = canonical_bytes(row)
        if len(line) + 1 > MAX_CHUNK_PLAIN_BYTES:
            raise ValueError("a row larger than a chunk")
        if lines and (len(lines) >= chunk_rows or size + len(line) + 1 > CHUNK_PLAIN_BYTES):
            yield b"\n".join(lines) + b"\n", len(lines)
            lines, size = [], 0
        lines.append(line)
        size += len(line) + 1
    if lines:
        yield b"\n".join(lines) + b"\n", len(lines)


def _rename_to_free_name(partial: Path, folder: Path, stem: str) -> Path:
    """Rename to the first free `<stem>[-n].clcsync`; never replaces an existing file."""
    for attempt in range(1, 1000):
        final = folder / (stem + (f"-{attempt}" if attempt > 1 else "") + SUFFIX)
        if final.exists():
            continue
        try:
            _rename_without_replacing(partial, final)
        except FileExistsError:
            continue
        return final
    raise FileExistsError(17, "no free file name", str(folder))


def _rename_without_replacing(source: Path, target: Path) -> None:
    if os.name == "nt":
        os.rename(source, target)  # fails on Windows when the target exists
        return
    try:
        os.link(source, target)  # fails when the target exists
    except FileExistsError:
        raise
    except OSError:
        # FAT and exFAT sticks have no hard links: a plain rename, just after checking the name
        if target.exists():
            raise FileExistsError(17, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder to fsync it
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems do not support it
    finally:
        os.close(descriptor)


def _verify_written(final: Path, signer: PublicKey, manifest_bytes: bytes, folder: Path) -> int:
    try:
        envelope = read_envelope(final)
        verify_package(envelope, signer)
    except PackageRefused as refusal:
        if refusal.reason == "unreadable" and not folder.is_dir():
            raise write_failure(folder, FileNotFoundError(2, "folder gone", str(folder))) from refusal
        raise verify_failure(folder, f"{refusal.reason}: {refusal.detail}") from refusal
    if envelope.manifest_bytes != manifest_bytes:
        raise verify_failure(folder, "manifest differs")
    return envelope.file_size


def _remove(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # the stick is gone: nothing of ours is left on it either
