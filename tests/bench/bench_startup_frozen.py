"""Start-up of the frozen app (issue 12). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_startup_frozen.py [--years 10] [--db FILE] [--bundle DIR] [--runs 7]

Seconds from spawning a process to its window's first paint, on the 10-year demo centre, for the
PyInstaller bundle's `clc-ledger`, the same app from source (`python -m desktop`), and a bare
PySide6 window with sqlalchemy.orm imported; the three are interleaved in one run so that a busy
moment of the machine weighs on all alike. The app stamps its first paint itself
(CLC_LEDGER_QUIT_AFTER_PAINT=1, see desktop/ui/app.py), then closes and quits; the bare window
stamps it as tests/bench/bench_foundation.py does. Builds the bundle (installer/build.py) and the
demo database under build/bench/ unless given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_foundation import BARE_CHILD  # noqa: E402 - the same bare window as the foundation's bench

BENCH = ROOT / "build" / "bench"
EXE = ".exe" if os.name == "nt" else ""


def stamp_of(command: list[str], environment: dict[str, str], marker: str) -> float:
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    for line in done.stdout.splitlines():
        name, _space, moment = line.partition(" ")
        if name == marker:
            return float(moment) - started
    raise SystemExit(f"no {marker} from {command}:\n{done.stdout[-2000:]}")


def ensure_demo(years: int) -> Path:
    path = BENCH / f"demo-{years}y.sqlite"
    if not path.exists():
        BENCH.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(path), "--years", str(years)], cwd=ROOT,
                       check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        print(f"demo centre of {years} years built in {time.perf_counter() - started:.0f} s: {path}")
    return path


def ensure_bundle() -> Path:
    dist = BENCH / "dist"
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(dist)], cwd=ROOT, check=True)
    print(f"bundle built in {time.perf_counter() - started:.0f} s")
    return dist / "CLC Ledger"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", type=Path, help="a demo database to reuse")
    parser.add_argument("--bundle", type=Path, help="a built bundle folder (dist/CLC Ledger) to reuse")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    database = args.db or ensure_demo(args.years)
    bundle = args.bundle or ensure_bundle()
    base = {name: value for name, value in os.environ.items()
            if name not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONHOME")}  # bytecode cached, as installed
    base["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    app_environment = dict(base, CLC_LEDGER_QUIT_AFTER_PAINT="1")
    contenders = {
        "bare PySide6 window + sqlalchemy.orm": (
            [sys.executable, "-c", BARE_CHILD], dict(base, PYTHONPATH=str(ROOT)), "READY"),
        "CLC Ledger from source": (
            [sys.executable, "-m", "desktop", "--db", str(database)], dict(app_environment, PYTHONPATH=str(ROOT)),
            "FIRST_PAINT"),
        "CLC Ledger frozen (PyInstaller)": (
            [str(bundle / f"clc-ledger{EXE}"), "--db", str(database)], app_environment, "FIRST_PAINT"),
    }
    for command, environment, marker in contenders.values():  # the first runs fill the disk caches
        stamp_of(command, environment, marker)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _run in range(args.runs):
        for name, (command, environment, marker) in contenders.items():
            times[name].append(stamp_of(command, environment, marker))
    size = database.stat().st_size
    print(f"\nstart-up to the first paint, {database.name} ({size / 2**20:.0f} MB), median of {args.runs} "
          f"(min–max), {os.cpu_count()} cores:")
    for name, values in times.items():
        print(f"  {name:38s} {statistics.median(values) * 1000:6.0f} ms  "
              f"({min(values) * 1000:.0f}–{max(values) * 1000:.0f})")
    print(f"\nbundle: {bundle} {folder_size(bundle) / 2**20:.0f} MiB "
          f"({sum(1 for path in bundle.rglob('*') if path.is_file())} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
