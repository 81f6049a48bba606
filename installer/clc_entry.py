"""The frozen app's entry point: both executables of the bundle (the window and `clc`) start here."""

import os
import sys

if sys.stdout is None or sys.stderr is None:  # the windowed executable on Windows has no console
    _sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stdout = sys.stdout or _sink
    sys.stderr = sys.stderr or _sink

from desktop.cli import main  # noqa: E402 - after the streams exist

sys.exit(main())
