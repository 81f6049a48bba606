"""The CLI's progress bar: long commands draw one on stderr when it is a terminal, else stay quiet
(a script or a log file reads only the result lines)."""

from __future__ import annotations

import sys
from typing import TextIO

from desktop.progress import Progress

BAR_WIDTH = 30


def terminal_progress(label: str, stream: TextIO | None = None) -> Progress:
    """A Progress that draws `label [######......]  40%` on the terminal, one line redrawn."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        return Progress()

    def draw(done: int, total: int, _message: str) -> None:
        share = min(max(done / total, 0.0), 1.0) if total > 0 else 1.0
        filled = round(BAR_WIDTH * share)
        end = "\n" if share >= 1.0 else ""
        out.write(f"\r{label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {round(share * 100):3d}%{end}")
        out.flush()

    return Progress(draw)
