"""Build desktop/reference/communes_2025.csv from the statistics office's list of 1 July 2025.

The source is Appendix I of Official Letter 1027/CTK-CSCL (25 June 2025) of the General
Statistics Office, "Danh mục và mã số các đơn vị hành chính cấp xã", as transcribed into Markdown
by the dvhcvn project (desktop/reference/communes_2025.SOURCE.md says where). Run once when the
list changes:  python tools/build_commune_list.py 1027_CTK-CSCL.md
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.reference.provinces import find_province  # noqa: E402

TARGET = ROOT / "desktop" / "reference" / "communes_2025.csv"
EXPECTED = 3321  # communes, wards and special zones from 1 July 2025


def _clean(cell: str) -> str:
    text = unicodedata.normalize("NFC", cell.replace("<br>", " "))
    return " ".join(text.split())


def rows_of(markdown: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 4 or not cells[0].isdigit():
            continue
        number, code, name, province_name = cells
        province = find_province(_clean(province_name))
        if province is None or not re.fullmatch(r"\d{5}", code):
            raise SystemExit(f"line {number}: cannot read {line!r}")
        rows.append((code, _clean(name), province.code))
    codes = [code for code, _name, _province in rows]
    if len(rows) != EXPECTED or len(set(codes)) != EXPECTED:
        raise SystemExit(f"{len(rows)} rows, {len(set(codes))} codes: expected {EXPECTED}")
    return rows


def main(source: str) -> None:
    rows = rows_of(Path(source).read_text(encoding="utf-8"))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "province_code"))
        writer.writerows(sorted(rows, key=lambda row: (row[2], row[0])))
    print(f"{len(rows)} communes written to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1])
