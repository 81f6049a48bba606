"""Texts that do not fit their widget: labels, buttons, check boxes, tabs, group titles and column
headers whose words are cut off at the window's size. Used by the layout tests and by
tools/screens.py, which photographs every screen (in the pseudo-locale too) and lists them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QCheckBox, QGroupBox, QHeaderView, QLabel,
                               QPushButton, QRadioButton, QStyle, QTabBar, QTabWidget, QToolButton, QWidget)

SLACK = 2  # pixels of rounding a style may take without a letter going


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if (not text or label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText
            or (label.textFormat() == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(text))
            or label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    metrics = label.fontMetrics()
    need = max(metrics.horizontalAdvance(line) for line in _plain(text).split("\n"))
    room = label.contentsRect().width() - 2 * max(label.margin(), 0) - max(label.indent(), 0)
    return f"needs {need} px, has {room}" if need > room + SLACK else None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text() or isinstance(button.parentWidget(), QTabBar):
        return None
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    need = button.sizeHint().width()
    if isinstance(button, (QCheckBox, QRadioButton)):  # only its text must show
        need = min(need, button.fontMetrics().horizontalAdvance(_plain(button.text())) + 24)
    elif isinstance(button, QPushButton):  # the style's generous padding may go; the letters may not
        need = button.fontMetrics().horizontalAdvance(_plain(button.text())) + 8 + (
            button.iconSize().width() + 4 if not button.icon().isNull() else 0)
    return f"needs {need} px, has {button.width()}" if need > button.width() + SLACK else None


def _tab_problems(bar: QTabBar) -> Iterator[tuple[str, str]]:
    for index in range(bar.count()):
        if bar.isTabVisible(index) and bar.tabRect(index).width() + SLACK < bar.tabSizeHint(index).width():
            # tabSizeHint is the elided size when eliding: measure the text itself
            need = bar.fontMetrics().horizontalAdvance(_plain(bar.tabText(index)))
            if need > bar.tabRect(index).width() - 8:
                yield bar.tabText(index), f"needs {need} px, has {bar.tabRect(index).width()}"


def _header_problems(view: QAbstractItemView, header: QHeaderView) -> Iterator[tuple[str, str]]:
    scrolls = view.horizontalScrollBar().isVisible()  # a column beyond the edge is scrolled to
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    metrics = header.fontMetrics()
    last_visual = max((header.visualIndex(i) for i in range(header.count()) if not header.isSectionHidden(i)),
                      default=-1)
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        need = max(metrics.horizontalAdvance(line) for line in str(text).split("\n")) + 2 * margin
        size = header.sectionSize(section)
        stretched_to_edge = header.stretchLastSection() and header.visualIndex(section) == last_visual
        if need > size + SLACK and not stretched_to_edge:
            yield str(text), f"needs {need} px, has {size}"
        elif stretched_to_edge and not scrolls and header.sectionViewportPosition(section) + need > header.viewport().width() + SLACK:
            yield str(text), f"needs {need} px, has {header.viewport().width() - header.sectionViewportPosition(section)}"


def cut_texts(window: QWidget) -> list[str]:
    """Every text shown in `window` (as laid out now) that its widget cuts, with where it is."""
    problems: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        found: list[tuple[str, str]] = []
        if isinstance(widget, QLabel):
            found += [(widget.text(), reason)] if (reason := _label_problem(widget)) else []
        elif isinstance(widget, QAbstractButton):
            found += [(widget.text(), reason)] if (reason := _button_problem(widget)) else []
        elif isinstance(widget, QTabBar):
            found += list(_tab_problems(widget))
        elif isinstance(widget, QGroupBox) and widget.title():
            need = widget.fontMetrics().horizontalAdvance(_plain(widget.title())) + 16
            if need > widget.width() + SLACK:
                found.append((widget.title(), f"needs {need} px, has {widget.width()}"))
        elif isinstance(widget, QAbstractItemView):
            header = getattr(widget, "horizontalHeader", lambda: None)()
            if header is not None and header.isVisibleTo(window):
                found += list(_header_problems(widget, header))
        for text, reason in found:
            problems.append(f"{type(widget).__name__} {text!r} ({widget.objectName() or _owner(widget)}): {reason}")
    return problems


def _owner(widget: QWidget) -> str:
    """The nearest named or screen-like ancestor, to say where a cut text is."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() or type(parent).__name__.endswith(("Screen", "Tab", "Dialog", "Panel")):
            return parent.objectName() or type(parent).__name__
        parent = parent.parentWidget()
    return "?"


def every_tab(root: QWidget) -> Iterator[str]:
    """Show each page of each tab widget under `root` in turn (nested ones too), yielding its path."""
    def walk(widget: QWidget, path: str) -> Iterator[str]:
        tabs = [tab for tab in widget.findChildren(QTabWidget) if _nearest_tabs(tab, widget)]
        if not tabs:
            yield path
            return
        for tab in tabs:
            for index in range(tab.count()):
                if not tab.isTabEnabled(index) or not tab.isTabVisible(index):
                    continue
                tab.setCurrentIndex(index)
                yield from walk(tab.widget(index), f"{path}/{_plain(tab.tabText(index))}")
    yield from walk(root, "")


def _nearest_tabs(tab: QTabWidget, root: QWidget) -> bool:
    """A tab widget directly under `root` (not inside another tab widget below it)."""
    parent = tab.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QTabWidget):
            return False
        parent = parent.parentWidget()
    return parent is root
