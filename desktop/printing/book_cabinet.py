"""Book cabinet documents: not written yet (they wait for the book cabinet issue).

Planned, on the same frame (frame.py, pages.py, grid.py) and the same calling convention
``render_xxx(data, out, *, progress=None, cancel=None) -> pages``: item and summary accession
registers and the loan book (A4 landscape tables), overdue slips and reader cards (small
portrait blocks, several per A4), and spine labels with the accession number and a Code 128
barcode (reportlab.graphics.barcode.code128) on a configurable label sheet.
"""
