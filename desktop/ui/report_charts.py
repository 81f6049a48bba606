"""The Reports screen's charts, drawn with QPainter (QtCharts is not in the PySide6 Essentials
wheel): participant-times by month and by topic group, and the shares of women and ethnic
minorities among them."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.formatting import format_integer
from desktop.i18n import _

BAR = QColor("#3d73ad")
TRACK = QColor("#e3e3e3")


def draw_title(widget: QWidget, painter: QPainter, title: str) -> int:
    """The chart's title in bold across its top; returns the height of a line of its font."""
    line = QFontMetrics(widget.font()).height()
    bold = widget.font()
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(QRectF(0, 0, widget.width(), line * 1.4), Qt.AlignmentFlag.AlignHCenter, title)
    painter.setFont(widget.font())
    return line


class BarChart(QWidget):
    """Labelled bars, vertical (months) or horizontal (topic groups), each with its number."""

    def __init__(self, title: str, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        line = QFontMetrics(self.font()).height()
        if self.horizontal:
            return QSize(420, line * 2 + max(len(self.bars), 1) * int(line * 1.6))
        return QSize(420, line * 12)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()  # squeezed, the bars' labels overlapped; the tab scrolls instead

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = draw_title(self, painter, self.title)
        area = QRectF(4, line * 1.6, self.width() - 8, self.height() - line * 1.6 - 4)
        top = max((value for _label, value in self.bars), default=0)
        if not self.bars or top <= 0:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("Nothing counted in this period."))
            return
        if self.horizontal:
            self._horizontal(painter, metrics, area, top)
        else:
            self._vertical(painter, metrics, area, top)

    def _horizontal(self, painter: QPainter, metrics: QFontMetrics, area: QRectF, top: int) -> None:
        label_width = min(max(metrics.horizontalAdvance(label) for label, _value in self.bars) + 8,
                          area.width() * 0.45)
        number_width = metrics.horizontalAdvance(format_integer(top)) + 8
        step = area.height() / len(self.bars)
        for row, (label, value) in enumerate(self.bars):
            y = area.top() + row * step
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(area.left(), y, label_width - 6, step),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            room = area.width() - label_width - number_width
            bar = QRectF(area.left() + label_width, y + step * 0.2, max(room * value / top, 1), step * 0.6)
            painter.fillRect(bar, BAR)
            painter.drawText(QRectF(bar.right() + 4, y, number_width, step),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, format_integer(value))

    def _vertical(self, painter: QPainter, metrics: QFontMetrics, area: QRectF, top: int) -> None:
        line = metrics.height()
        step = area.width() / len(self.bars)
        room = area.height() - line * 2.4
        for column, (label, value) in enumerate(self.bars):
            x = area.left() + column * step
            height = room * value / top
            width = min(step * 0.7, line * 3.0)  # one month alone is a bar, not a wall
            bar = QRectF(x + (step - width) / 2, area.top() + line + room - height, width, height)
            painter.fillRect(bar, BAR)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(x, bar.top() - line, step, line), Qt.AlignmentFlag.AlignHCenter,
                             format_integer(value))
            painter.drawText(QRectF(x, area.bottom() - line * 1.2, step, line * 1.2), Qt.AlignmentFlag.AlignHCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(step)))


class ShareBars(QWidget):
    """Shares of a whole as filled tracks: "Women 67%", "Ethnic minority 87%"."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.shares: list[tuple[str, int, int]] = []  # label, part, whole

    def set_shares(self, shares: list[tuple[str, int, int]]) -> None:
        self.shares = list(shares)
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()  # squeezed, the last bars were cut off; the tab scrolls instead

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        line = QFontMetrics(self.font()).height()
        return QSize(420, int(line * (2 + 2.2 * max(len(self.shares), 1))))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        line = draw_title(self, painter, self.title)
        y = line * 1.8
        for label, part, whole in self.shares:
            share = round(100 * part / whole) if whole else 0
            painter.drawText(QRectF(4, y, self.width() - 8, line), Qt.AlignmentFlag.AlignLeft,
                             _("{label}: {share}% ({part} of {whole})").format(
                                 label=label, share=share, part=format_integer(part), whole=format_integer(whole)))
            track = QRectF(4, y + line * 1.1, self.width() - 8, line * 0.7)
            painter.fillRect(track, TRACK)
            painter.fillRect(QRectF(track.left(), track.top(), track.width() * share / 100, track.height()), BAR)
            y += line * 2.2
