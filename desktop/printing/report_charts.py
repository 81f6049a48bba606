"""The report's charts as reportlab drawings: participant-times by month and by topic group, and
the shares of women and ethnic minorities. Every label in the document's font (the built-in
Helvetica has no Vietnamese letters)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from desktop.printing.fonts import SANS, font_name, register_fonts
from desktop.printing.text import nfc

register_fonts()

FONT = font_name(SANS)
BOLD = font_name(SANS, bold=True)
BAR = colors.Color(0.24, 0.45, 0.68)
OTHER = colors.Color(0.85, 0.85, 0.85)


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(String(width / 2, height - 12, nfc(text), fontName=BOLD, fontSize=9, textAnchor="middle"))


def _axis_fonts(chart: VerticalBarChart | HorizontalBarChart) -> None:
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.barLabelFormat = "%d"


def month_chart(title: str, months: Sequence[tuple[str, int]], width: float, height: float = 150) -> Drawing:
    """Vertical bars, one per month of the period."""
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 24, width - 48, height - 48
    chart.data = [[value for _label, value in months] or [0]]
    chart.categoryAxis.categoryNames = [nfc(label) for label, _value in months] or [""]
    _axis_fonts(chart)
    chart.barLabels.nudge = 5
    if len(months) > 14:
        chart.categoryAxis.labels.angle = 60
        chart.categoryAxis.labels.boxAnchor = "ne"
    top = max((value for _label, value in months), default=0)
    chart.valueAxis.valueMax = max(top * 1.15, 1)
    drawing.add(chart)
    return drawing


def topic_chart(title: str, topics: Sequence[tuple[str, int]], width: float) -> Drawing:
    """Horizontal bars, one per topic group, with the topic's name on the left."""
    rows = max(len(topics), 1)
    height = 40 + rows * 16
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    chart = HorizontalBarChart()
    label_width = min(width * 0.45, 220)
    chart.x, chart.y, chart.width, chart.height = label_width, 16, width - label_width - 30, height - 40
    # reportlab draws the first category at the bottom: reverse so the table's order reads down
    ordered = list(reversed(topics))
    chart.data = [[value for _label, value in ordered] or [0]]
    chart.categoryAxis.categoryNames = [nfc(_short(label)) for label, _value in ordered] or [""]
    _axis_fonts(chart)
    chart.barLabels.nudge = 8
    top = max((value for _label, value in topics), default=0)
    chart.valueAxis.valueMax = max(top * 1.2, 1)
    drawing.add(chart)
    return drawing


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip(" ,–") + "…"


def share_chart(title: str, part_label: str, part: int, rest_label: str, whole: int, width: float,
                height: float = 130) -> Drawing:
    """A pie: the part (women, ethnic minority) against the rest of the whole."""
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    pie = Pie()
    size = min(width * 0.32, height - 34)
    pie.x, pie.y, pie.width, pie.height = 14, 8, size, size
    rest = max(whole - part, 0)
    pie.data = [part, rest] if whole else [0, 1]
    share = round(100 * part / whole) if whole else 0
    pie.slices.strokeColor = colors.white
    pie.slices[0].fillColor = BAR
    pie.slices[1].fillColor = OTHER
    pie.startAngle = 90
    drawing.add(pie)
    # a legend beside the pie rather than labels around it, which collide on small slices
    left = 14 + size + 14
    for row, (fill, text) in enumerate(((BAR, f"{part_label}: {share}%"), (OTHER, f"{rest_label}: {100 - share}%"))):
        y = 8 + size / 2 + 8 - row * 16
        drawing.add(Rect(left, y - 1, 8, 8, fillColor=fill, strokeColor=None))
        drawing.add(String(left + 12, y, nfc(text), fontName=FONT, fontSize=8))
    return drawing
