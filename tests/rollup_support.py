"""A commune office with three centres and the province above it, for the roll-up tests: real
databases, keys and packages, built once per module and copied by each test that changes them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.services.sync.keys import export_own_key, register_key
from desktop.services.sync.mode import setup_office
from desktop.services.sync.receive import import_packages
from desktop.store.database import Database, open_database
from sync_support import centre_id_of, connect, new_centre, send

COMMUNE_OFFICE = "Phòng Văn hóa – Xã hội xã Tân Uyên"
PROVINCE = "Sở Giáo dục và Đào tạo Lai Châu"
CENTRES = (("Pắc Ta", "03601"), ("Nậm Cần", "03602"), ("Trung Đồng", "03603"))
DIRECT = ("Mường Kim", "03700")  # a centre reporting straight to the province


@dataclass(frozen=True)
class RollupWorld:
    folder: Path
    commune: Path
    province: Path
    centres: dict[str, Path]  # commune code → the centre's database
    direct: Path
    direct_package: Path  # the direct centre's package for the province

    def copy(self, target: Path) -> RollupWorld:
        shutil.copytree(self.folder, target)
        moved = {code: target / path.relative_to(self.folder) for code, path in self.centres.items()}
        return RollupWorld(target, target / self.commune.relative_to(self.folder),
                           target / self.province.relative_to(self.folder), moved,
                           target / self.direct.relative_to(self.folder),
                           target / self.direct_package.relative_to(self.folder))

    def open(self, path: Path) -> Database:
        return open_database(path)


def new_office_at(folder: Path, level: str, name: str, code: str) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "office.sqlite")
    setup_office(db, level=level, name=name, code=code)
    return db


def pin_upper(office: Database, upper: Database, folder: Path) -> None:
    """The province gives its key to the commune office, and registers the commune office's."""
    folder.mkdir(parents=True, exist_ok=True)
    export_own_key(upper, folder / "upper.clckey")
    register_key(office, folder / "upper.clckey")
    export_own_key(office, folder / "lower.clckey")
    register_key(upper, folder / "lower.clckey")


def build_world(folder: Path) -> RollupWorld:
    commune = new_office_at(folder / "commune", "commune-office", COMMUNE_OFFICE, "VHXH-036")
    province = new_office_at(folder / "province", "province", PROVINCE, "12")
    centres = {}
    try:
        pin_upper(commune, province, folder / "keys")
        for name, code in CENTRES:
            centre = new_centre(folder / "centres", name, code, learners=3)
            try:
                connect(commune, centre, folder / "keys")
                report = import_packages(commune, [send(centre, folder / "stick" / code)])
                assert report.packages[0].status == "imported"
                centres[code] = centre.path
            finally:
                centre.close()
        direct = new_centre(folder / "direct", *DIRECT, learners=2)
        try:
            connect(province, direct, folder / "keys")
            direct_package = send(direct, folder / "stick" / DIRECT[1])
            assert centre_id_of(direct)
            direct_path = direct.path
        finally:
            direct.close()
        return RollupWorld(folder, commune.path, province.path, centres, direct_path, direct_package)
    finally:
        commune.close()
        province.close()
