"""Draws CLC Ledger's application icon: an open register on a teal tile, with a red ribbon.

    python tools/make_icon.py      writes resources/icons/clc-ledger.png and clc-ledger.ico

Drawn from plain shapes with Pillow (no font, no picture taken from elsewhere), so the icon is the
project's own work; resources/icons/LICENSE.txt says so. Run again only to change the drawing.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 1024  # drawn large, then scaled down smoothly to each icon size
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
TEAL, DEEP_TEAL, PAPER, LINES, RIBBON = "#1f7a78", "#145857", "#fbf8ef", "#9bb9c4", "#d1372f"


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    u = size / 64  # one unit of a 64-unit grid
    pen.rounded_rectangle((2 * u, 2 * u, 62 * u, 62 * u), radius=12 * u, fill=TEAL)
    pen.rounded_rectangle((2 * u, 40 * u, 62 * u, 62 * u), radius=12 * u, fill=DEEP_TEAL)
    pen.rectangle((2 * u, 40 * u, 62 * u, 48 * u), fill=DEEP_TEAL)
    # the open register: two pages meeting at the spine, their outer edges a little higher
    left = [(8 * u, 16 * u), (31 * u, 20 * u), (31 * u, 52 * u), (8 * u, 48 * u)]
    right = [(33 * u, 20 * u), (56 * u, 16 * u), (56 * u, 48 * u), (33 * u, 52 * u)]
    pen.polygon([(x, y + 2 * u) for x, y in left], fill=DEEP_TEAL)  # shadow under the pages
    pen.polygon([(x, y + 2 * u) for x, y in right], fill=DEEP_TEAL)
    pen.polygon(left, fill=PAPER)
    pen.polygon(right, fill=PAPER)
    for row in range(5):  # ruled lines of the register
        drop = row * 5 * u
        pen.line((12 * u, 24 * u + drop, 28 * u, 26.8 * u + drop), fill=LINES, width=max(1, round(1.4 * u)))
        pen.line((36 * u, 26.8 * u + drop, 52 * u, 24 * u + drop), fill=LINES, width=max(1, round(1.4 * u)))
    pen.polygon([(44 * u, 17.6 * u), (50 * u, 16.5 * u), (50 * u, 32 * u), (47 * u, 29 * u), (44 * u, 32 * u)],
                fill=RIBBON)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    large = draw()
    large.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "clc-ledger.png", optimize=True)
    large.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "clc-ledger.ico", sizes=ICO_SIZES)
    print(f"wrote {ICONS / 'clc-ledger.png'} and {ICONS / 'clc-ledger.ico'}")


if __name__ == "__main__":
    main()
