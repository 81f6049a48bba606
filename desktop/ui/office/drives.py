"""The drives a stick of packages may be on, USB sticks first (Qt reports no 'removable' flag,
so where and how a drive is mounted decides)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo

from desktop.formatting import format_decimal

STICK_FILE_SYSTEMS = {"vfat", "fat", "fat16", "fat32", "msdos", "exfat"}
STICK_MOUNT_PARENTS = ("/media/", "/run/media/", "/Volumes/", "/mnt/")
PSEUDO_FILE_SYSTEMS = {"tmpfs", "devtmpfs", "proc", "sysfs", "overlay", "squashfs", "ramfs", "cgroup", "cgroup2",
                       "devpts", "autofs", "efivarfs", "securityfs", "debugfs", "tracefs", "fusectl", "nsfs", "bpf",
                       "pstore", "configfs", "hugetlbfs", "mqueue", "binfmt_misc", "shm"}


@dataclass(frozen=True)
class Drive:
    root: Path
    name: str
    file_system: str
    size_bytes: int
    likely_stick: bool

    def label(self) -> str:
        size = format_decimal(self.size_bytes / 1e9, 1) + " GB" if self.size_bytes else ""
        details = ", ".join(part for part in (self.name, size) if part)
        shown = str(self.root)
        return f"{shown} ({details})" if details else shown


def looks_like_a_stick(root: str, file_system: str, system_drive: str = "") -> bool:
    """A FAT or exFAT drive, or one mounted where desktops mount USB sticks, that is not the system's."""
    root_text = root.replace("\\", "/")
    if system_drive and root_text.upper().startswith(system_drive.upper()):
        return False
    if root_text == "/":
        return False
    return file_system.lower() in STICK_FILE_SYSTEMS or root_text.startswith(STICK_MOUNT_PARENTS)


def order_drives(drives: list[Drive]) -> list[Drive]:
    """USB sticks first, then the others, each group by its path."""
    return sorted(drives, key=lambda drive: (not drive.likely_stick, str(drive.root)))


def mounted_drives() -> list[Drive]:
    system_drive = os.environ.get("SystemDrive", "")
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady():
            continue
        file_system = bytes(volume.fileSystemType().data()).decode("ascii", "replace")
        if file_system.lower() in PSEUDO_FILE_SYSTEMS:
            continue
        root = volume.rootPath()
        drives.append(Drive(Path(root), volume.displayName() if volume.displayName() != root else "",
                            file_system, int(volume.bytesTotal()),
                            looks_like_a_stick(root, file_system, system_drive)))
    return order_drives(drives)
