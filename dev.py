#!/usr/bin/env python3
"""Set-up in one command, on any machine with Python 3.11+ and nothing else.

    python3 dev.py app [--demo]   install into .venv and start CLC Ledger (on a demo centre)
    python3 dev.py setup [--test] install into .venv (with the test tools), nothing else
    python3 dev.py test [ARGS]    the same as setup --test, then pytest with Qt offscreen

Uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DATABASE = ROOT / "demo" / "demo-centre.sqlite"


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def install(extras: str = "") -> Path:
    python = venv_python()
    if not python.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-e", target], cwd=ROOT, check=True)
    return python


def run_app(arguments: list[str]) -> int:
    python = install()
    command = [str(python), "-m", "desktop"]
    if "--demo" in arguments:
        arguments = [a for a in arguments if a != "--demo"]
        if not DEMO_DATABASE.exists():
            DEMO_DATABASE.parent.mkdir(exist_ok=True)
            subprocess.run([str(python), "-m", "desktop", "demo", str(DEMO_DATABASE)], check=True)
        command += ["--db", str(DEMO_DATABASE)]
    return subprocess.call(command + arguments, cwd=ROOT)


def run_tests(arguments: list[str]) -> int:
    python = install("test")
    environment = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(python), "-m", "pytest", *arguments], cwd=ROOT, env=environment)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("app", "setup", "test"):
        print(__doc__)
        return 2
    action, rest = sys.argv[1], sys.argv[2:]
    if action == "setup":
        install("test" if "--test" in rest else "")
        return 0
    return run_app(rest) if action == "app" else run_tests(rest)


if __name__ == "__main__":
    sys.exit(main())
