"""Builds CLC Ledger's one-folder bundle with PyInstaller, the same way on Linux and on Windows.

    python installer/build.py [--dist DIR] [--work DIR] [--installer]

Writes DIST/CLC Ledger/ (default dist/) holding clc-ledger(.exe), the window, and clc(.exe), the
command line, and build/installer/version.iss, the version the Inno Setup script reads. With
--installer (Windows, Inno Setup 6 installed) it then compiles the installer into dist/ too.
Standard library and PyInstaller only: run it with the Python that has the app installed
(`python3 dev.py setup --test` installs PyInstaller with the test tools).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "clc-ledger.spec"
ISS = ROOT / "installer" / "clc-ledger.iss"
BUNDLE_NAME = "CLC Ledger"
INNO_COMPILER = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"


def app_version() -> str:
    """The one place the version is written: desktop/__init__.py."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match, "desktop/__init__.py has no __version__"
    return match.group(1)


def build_bundle(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the bundle's folder. The work folder is reused by
    the next build, which then only redoes what changed."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, cwd=ROOT, check=True)
    bundle = dist / BUNDLE_NAME
    # Windows keeps the window's executable name; tell the Inno Setup script which version it ships
    version_file = ROOT / "build" / "installer" / "version.iss"
    version_file.parent.mkdir(parents=True, exist_ok=True)
    version_file.write_text(f'#define AppVersion "{app_version()}"\n'
                            f'#define BundleDir "{bundle}"\n', encoding="utf-8")
    return bundle


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def compile_installer() -> Path:
    compiler = Path(shutil.which("ISCC") or INNO_COMPILER)
    if not compiler.exists():
        sys.exit(f"Inno Setup's compiler was not found at {compiler}: install Inno Setup 6 "
                 "(https://jrsoftware.org/isdl.php) or put ISCC.exe on the PATH.")
    subprocess.run([str(compiler), str(ISS)], cwd=ROOT, check=True)
    return ROOT / "dist" / f"clc-ledger-{app_version()}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build CLC Ledger's bundle (and, on Windows, its installer).")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder, reused between builds (default build/pyinstaller/)")
    parser.add_argument("--installer", action="store_true", help="then compile the installer with Inno Setup")
    args = parser.parse_args(argv)
    bundle = build_bundle(args.dist.resolve(), args.work.resolve())
    print(f"CLC Ledger {app_version()}: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    if args.installer:
        print(f"installer: {compile_installer()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
