"""A data file in a network folder is refused with advice; this computer's own disks are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import DatabaseProblem
from desktop.store.database import open_database
from desktop.store.location import file_system_of, is_network_path

# /proc/mounts as an office PC running Linux shows it, a Windows share mounted with CIFS among them
MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 /boot/efi vfat rw,relatime 0 0
//may-chu/du\\040lieu /mnt/du\\040lieu cifs rw,relatime,vers=3.0 0 0
nas:/srv/tthtcd /srv/tthtcd nfs4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
/dev/sdb1 /media/usb vfat rw,relatime 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/can-bo/clc.sqlite", "ext4"),
    ("/mnt/du lieu/clc.sqlite", "cifs"),
    ("/srv/tthtcd/xa/clc.sqlite", "nfs4"),
    ("/srv/tthtcd2/clc.sqlite", "ext4"),  # a sibling folder is not inside the mount
    ("/media/usb/clc.sqlite", "vfat"),
])
def test_the_file_system_of_a_path_is_its_longest_mount_point(path, kind):
    assert file_system_of(Path(path), MOUNTS) == kind


@pytest.mark.parametrize(("path", "network"), [
    ("/mnt/du lieu/clc.sqlite", True),
    ("/srv/tthtcd/clc.sqlite", True),
    ("/media/usb/clc.sqlite", False),  # a USB stick is a disk of this computer
    ("/home/can-bo/clc.sqlite", False),
])
def test_network_mounts_are_told_apart_from_local_disks(path, network):
    assert is_network_path(Path(path), mounts=MOUNTS, windows=False) is network


def test_a_windows_share_path_is_a_network_path():
    assert is_network_path(Path(r"\\MAY-CHU\TTHTCD\clc.sqlite"), windows=True)
    assert is_network_path(Path("//may-chu/tthtcd/clc.sqlite"), windows=True)


def test_a_database_in_a_network_folder_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    import desktop.store.location as location

    share = tmp_path / "share"
    share.mkdir()
    table = MOUNTS + f"//may-chu/tthtcd {share} cifs rw 0 0\n"
    real = location.is_network_path
    monkeypatch.setattr(location, "is_network_path", lambda path, **kw: real(path, mounts=table, windows=False))
    with pytest.raises(DatabaseProblem) as refused:
        open_database(share / "clc.sqlite")
    assert refused.value.kind == "network"
    assert "thư mục mạng" in refused.value.message and "Documents" in refused.value.message
    assert list(share.iterdir()) == []  # nothing created there
    open_database(tmp_path / "local.sqlite").close()  # this computer's own disk opens as before
