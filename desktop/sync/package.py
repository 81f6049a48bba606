"""The package API the export and import services build on (see the package docstring)."""

from __future__ import annotations

from desktop.sync.digest import StateDigest, state_digest
from desktop.sync.manifest import FORMAT_VERSION, Manifest, MemberEntry, Origin
from desktop.sync.reader import (
    MAX_PACKAGE_BYTES, Envelope, PackageContents, RowChunk, VerifiedPackage, open_contents, open_package,
    read_envelope, verify_package,
)
from desktop.sync.refusals import REFUSAL_REASONS, WRITE_FAILURES, PackageRefused, PackageWriteFailed
from desktop.sync.writer import (
    CHUNK_ROWS, PARTIAL_SUFFIX, SUFFIX, PackageHeader, WrittenPackage, package_file_stem, write_package,
)

__all__ = [
    "CHUNK_ROWS", "FORMAT_VERSION", "MAX_PACKAGE_BYTES", "PARTIAL_SUFFIX", "REFUSAL_REASONS", "SUFFIX",
    "WRITE_FAILURES", "Envelope", "Manifest", "MemberEntry", "Origin", "PackageContents", "PackageHeader",
    "PackageRefused", "PackageWriteFailed", "RowChunk", "StateDigest", "VerifiedPackage", "WrittenPackage",
    "open_contents", "open_package", "package_file_stem", "read_envelope", "state_digest",
    "verify_package", "write_package",
]
