"""Code 128 barcodes drawn straight on the canvas as filled rectangles.

reportlab's Code128 encodes (start code, code sets, checksum); drawing its Drawing through
renderPDF would pull Helvetica into the file, so the bars are drawn here from its pattern.
"""

from __future__ import annotations

import functools

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

QUIET_MODULES = 10  # the blank margin each side that a scanner needs, in modules
MAX_MODULE = 0.40 * mm


@functools.lru_cache(maxsize=1024)
def code128_bars(value: str) -> tuple[tuple[int, int], ...]:
    """The bars of value as (offset, width) in modules from the first bar, start to stop code."""
    from reportlab.graphics.barcode.code128 import Code128

    code = Code128(value, quiet=0)
    code.validate()
    if not code.valid:
        raise ValueError(f"cannot encode {value!r} in Code 128")
    code.encode()
    code.decompose()
    bars: list[tuple[int, int]] = []
    position = 0
    for element in code.decomposed:  # upper case: a bar, lower case: a space; A = 1 module
        width = ord(element.lower()) - ord("a") + 1
        if element.isupper():
            bars.append((position, width))
        position += width
    return tuple(bars)


def code128_modules(value: str) -> int:
    """Width of the symbol in modules, quiet zones excluded."""
    offset, width = code128_bars(value)[-1]
    return offset + width


def module_for(value: str, room: float) -> float:
    """The widest module (within the printable range) that fits value, quiet zones included."""
    module = room / (code128_modules(value) + 2 * QUIET_MODULES)
    return min(module, MAX_MODULE)


def draw_code128(
    canvas: Canvas, value: str, x: float, y: float, height: float, module: float
) -> float:
    """Draw the bars with their left edge at x (the quiet zone is the caller's); returns width."""
    path = canvas.beginPath()
    for offset, width in code128_bars(value):
        path.rect(x + offset * module, y, width * module, height)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return code128_modules(value) * module
