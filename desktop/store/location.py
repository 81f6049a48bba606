"""Whether a data file sits on a network folder (a shared folder of another PC, a NAS).

SQLite keeps a file safe through a power cut only on a disk of this computer: its write-ahead log
needs memory shared between the programs using the file, which a network folder cannot give, and
network file systems do not honour its locks reliably (sqlite.org/wal.html, "WAL does not work
over a network filesystem"). Such a file is refused with advice, before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FILE_SYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs",
                                  "ncpfs", "davfs", "fuse.davfs2", "ceph", "glusterfs", "fuse.glusterfs"})
DRIVE_REMOTE = 4  # GetDriveTypeW


def file_system_of(path: Path, mounts: str) -> str | None:
    """The type of the file system holding `path`, from a /proc/mounts table (longest mount point)."""
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def is_network_path(path: Path, *, mounts: str | None = None, windows: bool | None = None) -> bool:
    """True for a UNC path (\\\\server\\share), a mapped network drive, or a network mount."""
    windows = os.name == "nt" if windows is None else windows
    text = str(path)
    if windows:
        if text.startswith(("\\\\", "//")):
            return True
        return _windows_drive_is_remote(text)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False  # no mount table (macOS): nothing to tell
    return file_system_of(Path(os.path.abspath(text)), mounts) in NETWORK_FILE_SYSTEMS


def _windows_drive_is_remote(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]
