"""The Send-up screen says whether the next consolidated package is a full copy or only what is
new since the level above's acknowledgement (issue 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.services.sync.receive import IMPORTED, import_packages
from desktop.services.sync.return_office import write_returns
from desktop.services.sync.rollup import export_rollup
from desktop.store.database import open_database
from desktop.ui.office.window import OfficeWindow
from rollup_support import build_world

SHOTS = os.environ.get("CLC_SCREENSHOTS")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("ui-increment") / "world")


def test_the_send_up_screen_says_full_then_only_what_is_new_after_the_acknowledgement(qtbot, built, tmp_path):
    world = built.copy(tmp_path / "world")
    commune, province = open_database(world.commune), open_database(world.province)
    try:
        window = OfficeWindow(commune)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        screen = window.show_screen("upper")
        assert "bản đầy đủ" in screen.plan.text()
        (tmp_path / "up").mkdir()
        assert import_packages(province, [export_rollup(commune, tmp_path / "up").path]).packages[0].status == IMPORTED
        (tmp_path / "back").mkdir()
        [written] = write_returns(province, tmp_path / "back")
        assert import_packages(commune, [written.path]).packages[0].status == IMPORTED
        screen.refresh()
        assert "chỉ gồm những gì thay đổi kể từ gói số 1" in screen.plan.text()
        qtbot.wait(50)  # the label's new height is laid out
        if SHOTS:
            window.grab().save(str(Path(SHOTS) / "upper-increment-vi.png"))
        window.close()
    finally:
        commune.close()
        province.close()
