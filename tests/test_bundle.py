"""The frozen app (issue 12): installer/build.py builds the PyInstaller bundle, and its `clc` runs a
whole sync round trip, prints, upgrades an old database with the bundled migrations, and its window
opens offscreen on a demo centre and quits cleanly.

Slow (a minute or two for a first build; PyInstaller's work folder under build/ is reused, and
under xdist the workers share one build per run).
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "test-bundle"  # ignored by git; PyInstaller's work folder is reused between runs
EXE = ".exe" if os.name == "nt" else ""
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex  # one build per pytest run
LOCK_STALE_S = 1800

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time: under xdist each worker asks for the bundle; the first builds it."""
    BUILD.mkdir(parents=True, exist_ok=True)
    lock = BUILD / "lock"
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                if time.time() - lock.stat().st_mtime > LOCK_STALE_S:  # left by a run that was killed
                    lock.unlink()
            time.sleep(1)
            continue
        os.close(descriptor)
        break
    try:
        yield
    finally:
        lock.unlink()


@pytest.fixture(scope="module")
def bundle() -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed: run `python3 dev.py setup --test`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    dist, stamp = BUILD / "dist", BUILD / "built-for-run"
    with build_lock():
        if not stamp.exists() or stamp.read_text() != RUN:
            stamp.unlink(missing_ok=True)
            shutil.rmtree(dist, ignore_errors=True)
            done = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(dist),
                                   "--work", str(BUILD / "work")], cwd=ROOT, capture_output=True, text=True,
                                  timeout=900)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
            stamp.write_text(RUN)
    folder = dist / "CLC Ledger"
    assert (folder / f"clc{EXE}").is_file() and (folder / f"clc-ledger{EXE}").is_file()
    return folder


@pytest.fixture
def frozen_env(tmp_path: Path) -> dict[str, str]:
    """The frozen app on its own: no source tree on the path, its data folder in tmp_path."""
    environment = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}
    environment.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
                       LOCALAPPDATA=str(tmp_path / "data"))
    return environment


def clc(bundle: Path, environment: dict[str, str], *args: str, expect: int = 0) -> str:
    done = subprocess.run([str(bundle / f"clc{EXE}"), *args], capture_output=True, text=True,
                          env=environment, timeout=300, cwd=bundle.parent)
    assert done.returncode == expect, f"clc {' '.join(args)}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_bundle_holds_what_the_app_reads_and_not_the_unused_qt(bundle: Path):
    inside = bundle / "_internal"
    names = {path.relative_to(inside).as_posix() for path in inside.rglob("*")}
    assert "desktop/store/migrations/versions/0001_initial_schema.py" in names
    assert {"i18n/vi/LC_MESSAGES/clc.mo", "i18n/en/LC_MESSAGES/clc.mo"} <= names
    assert "desktop/reference/communes_2025.csv" in names  # the 2025 communes, read beside the module
    assert {"resources/fonts/DejaVuSerif.ttf", "resources/fonts/LICENSE-DejaVu.txt",
            "resources/icons/clc-ledger.png", "resources/icons/LICENSE.txt"} <= names
    assert any(name.startswith("pypdfium2_raw/") and "pdfium" in name for name in names)
    assert any("/plugins/printsupport/" in name for name in names) or os.name == "nt"
    assert not any(part in name for name in names for part in ("QtQml", "QtQuick", "QtWebEngine", "QtNetworkAuth",
                                                                 "Qt/translations/", "pytest", "hypothesis"))
    assert any("QtNetwork" in name for name in names)  # a second start hands its package to the open window
    size = sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"\nbundle: {size / 2**20:.0f} MiB")


def test_the_frozen_clc_runs_a_whole_sync_round_trip_and_prints(bundle: Path, frozen_env, tmp_path: Path):
    assert clc(bundle, frozen_env, "--version").strip() == f"CLC Ledger {__version__}"
    centre, office, stick = tmp_path / "centre.sqlite", tmp_path / "office.sqlite", tmp_path / "stick"
    assert "353" in clc(bundle, frozen_env, "--lang", "en", "demo", str(centre), "--years", "1")
    clc(bundle, frozen_env, "init", str(office), "--aggregator", "--level", "district", "--name", "Phòng GD&ĐT")
    clc(bundle, frozen_env, "keys", "export", "--db", str(office), "--out", str(tmp_path / "office.clckey"))
    clc(bundle, frozen_env, "keys", "register", "--db", str(centre), str(tmp_path / "office.clckey"))
    clc(bundle, frozen_env, "keys", "export", "--db", str(centre), "--out", str(tmp_path / "centre.clckey"))
    clc(bundle, frozen_env, "keys", "register", "--db", str(office), str(tmp_path / "centre.clckey"))
    stick.mkdir()
    exported = clc(bundle, frozen_env, "export", "--db", str(centre), "--out", str(stick))
    package = Path(exported.strip().splitlines()[-1])
    assert package.suffix == ".clcsync" and package.exists()
    [imported] = json.loads(clc(bundle, frozen_env, "import", "--db", str(office), str(stick), "--json"))["packages"]
    assert imported["status"] == "imported" and imported["digest_matches"]
    assert imported["tables"]["learner"]["new"] == 353
    [again] = json.loads(clc(bundle, frozen_env, "import", "--db", str(office), str(package), "--json"))["packages"]
    assert again["status"] == "already-imported"
    [board] = json.loads(clc(bundle, frozen_env, "centres", "--db", str(office), "--json"))["centres"]
    assert board["packages"] == 1
    # printing: the fonts, the QR code, reportlab's barcode modules loaded by name
    with sqlite3.connect(centre) as connection:
        code = connection.execute("SELECT code FROM activity WHERE kind = 'short_course' ORDER BY code").fetchone()[0]
    out = tmp_path / "attendance.pdf"
    clc(bundle, frozen_env, "print", "attendance", "--db", str(centre), "--class", code, "--month", "2025-11",
        "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF") and b"DejaVu" in out.read_bytes()


def test_the_frozen_clc_upgrades_an_old_database_with_the_bundled_migrations(bundle: Path, frozen_env,
                                                                             tmp_path: Path):
    old = tmp_path / "old.sqlite"
    with gzip.open(ROOT / "tests" / "fixtures" / "centre-rev0002.sqlite.gz") as packed, old.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    before = json.loads(clc(bundle, frozen_env, "check", "--db", str(old), "--json"))
    assert before["schema"] == "0002" and not before["up_to_date"]
    learners = clc(bundle, frozen_env, "learners", "list", "--db", str(old))  # opening it upgrades it
    after = json.loads(clc(bundle, frozen_env, "check", "--db", str(old), "--json"))
    assert after["schema"] == after["app_schema"] and after["up_to_date"] and after["integrity"] == "ok"
    with sqlite3.connect(old) as connection:
        count = connection.execute("SELECT count(*) FROM learner WHERE deleted = 0").fetchone()[0]
    assert count and len(learners.strip().splitlines()) >= count
    assert list((tmp_path / "backups").glob("*before-migration*"))


def test_the_frozen_window_opens_on_the_demo_centre_and_quits_cleanly(bundle: Path, frozen_env, tmp_path: Path):
    centre = tmp_path / "centre.sqlite"
    clc(bundle, frozen_env, "demo", str(centre), "--years", "1")
    environment = dict(frozen_env, CLC_LEDGER_QUIT_AFTER_PAINT="1")
    done = subprocess.run([str(bundle / f"clc-ledger{EXE}"), "--db", str(centre)], capture_output=True, text=True,
                          env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FIRST_PAINT "), done.stdout + done.stderr
    log = tmp_path / "data" / "CLC Ledger" / "logs" / "clc-ledger.log"
    assert not log.exists() or "Traceback" not in log.read_text(encoding="utf-8")
