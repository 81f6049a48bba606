"""The drives this PC has mounted, USB sticks first: where a centre's package goes and where the
office finds the packages sticks bring in."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo

from desktop.formatting import format_decimal, format_integer
from desktop.i18n import _

# Filesystems that are never a place to hand data over (memory, kernel and container mounts).
_PSEUDO_FILESYSTEMS = {
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts", "devtmpfs",
    "efivarfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc", "pstore", "ramfs",
    "securityfs", "shm", "squashfs", "sysfs", "tmpfs", "tracefs",
}
_SYSTEM_MOUNTS = ("/boot", "/dev", "/proc", "/sys", "/run", "/snap", "/var", "/tmp", "/usr", "/etc")
_REMOVABLE_MOUNTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
_STICK_FILESYSTEMS = {"vfat", "fat", "fat16", "fat32", "msdos", "exfat"}
DRIVE_REMOVABLE = 2  # Windows GetDriveTypeW


@dataclass(frozen=True)
class Drive:
    name: str
    root: Path
    free_bytes: int
    removable: bool

    def label(self) -> str:
        kind = _("USB stick") if self.removable else _("Drive")
        shown = f"{self.name} ({self.root})" if self.name and self.name != str(self.root) else str(self.root)
        return _("{kind}: {drive} — {free} free").format(kind=kind, drive=shown, free=format_size(self.free_bytes))


def format_size(size: int) -> str:
    """Sizes as people read them on a stick: "1,4 MB", "15,2 GB", "830 KB"."""
    if size >= 1024 ** 3:
        return _("{size} GB").format(size=format_decimal(size / 1024 ** 3))
    if size >= 1024 ** 2:
        return _("{size} MB").format(size=format_decimal(size / 1024 ** 2))
    return _("{size} KB").format(size=format_integer(max(1, round(size / 1024))))


def ordered(drives: list[Drive]) -> list[Drive]:
    """USB sticks first, then the others, each by name."""
    return sorted(drives, key=lambda drive: (not drive.removable, str(drive.root).lower()))


def looks_like_a_stick(root: str, file_system: str, system_drive: str = "") -> bool:
    """A FAT or exFAT drive, or one mounted where desktops mount USB sticks, that is not the
    system's (for when the system does not say a drive is removable)."""
    root_text = root.replace("\\", "/")
    if system_drive and root_text.upper().startswith(system_drive.upper()):
        return False
    if root_text == "/":
        return False
    return file_system.lower() in _STICK_FILESYSTEMS or root_text.startswith(_REMOVABLE_MOUNTS)


def mounted_drives(*, writable: bool = True) -> list[Drive]:
    """The drives mounted now (only the writable ones unless told), USB sticks first."""
    system_drive = os.environ.get("SystemDrive", "")
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or (writable and volume.isReadOnly()):
            continue
        root = volume.rootPath()
        filesystem = bytes(volume.fileSystemType().data()).decode("ascii", "replace").lower()
        if filesystem in _PSEUDO_FILESYSTEMS or _is_system_mount(root):
            continue
        device = bytes(volume.device().data()).decode("utf-8", "replace")
        removable = _is_removable(root, device) or looks_like_a_stick(root, filesystem, system_drive)
        drives.append(Drive(volume.displayName(), Path(root), volume.bytesAvailable(), removable))
    return ordered(drives)


def _is_system_mount(root: str) -> bool:
    if sys.platform == "win32" or root == "/":
        return False
    if any(root.startswith(prefix) for prefix in _REMOVABLE_MOUNTS):
        return False
    return any(root == prefix or root.startswith(prefix + "/") for prefix in _SYSTEM_MOUNTS)


def _is_removable(root: str, device: str) -> bool:
    if sys.platform == "win32":
        import ctypes

        return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE)  # type: ignore[attr-defined]
    if any(root.startswith(prefix) for prefix in _REMOVABLE_MOUNTS):
        return True
    block = Path(device).name.rstrip("0123456789")  # /dev/sdb1 -> sdb
    flag = Path("/sys/block") / block / "removable"
    try:
        return block != "" and flag.read_text().strip() == "1"
    except OSError:
        return False
