"""Python's cycle collector, run only on the GUI thread.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed: a background export or import could then destroy a forgotten dialog's Qt object off the
GUI thread, and the window crashed later at some unrelated moment. So automatic collection is
turned off and a timer on the GUI thread collects, generation by generation, as often as the
thresholds ask for. Full collections walk every object, so they are paced by what they cost
(CPython paces them by the heap's growth, which Python code cannot read): at most one a minute,
and never more than 1% of the time, so a keystroke never waits for one more than that.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_INTERVAL_MS = 300
MIN_FULL_INTERVAL_S = 60.0
FULL_COLLECTION_SHARE = 0.01
_OBJECT_NAME = "clcGuiThreadCollector"


class GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.next_full = time.monotonic() + MIN_FULL_INTERVAL_S
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def collect_if_due(self) -> None:
        young, middle, old = gc.get_count()
        young_limit, middle_limit, old_limit = self.thresholds
        if old > old_limit and time.monotonic() >= self.next_full:
            started = time.monotonic()
            gc.collect(2)
            took = time.monotonic() - started
            self.next_full = time.monotonic() + max(MIN_FULL_INTERVAL_S, took / FULL_COLLECTION_SHARE)
        elif middle > middle_limit:
            gc.collect(1)
        elif young > young_limit:
            gc.collect(0)


def collect_garbage_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Turn automatic collection off and collect from the GUI thread's event loop (once per app)."""
    collector = app.findChild(GuiThreadCollector, _OBJECT_NAME)
    if collector is None:
        collector = GuiThreadCollector(app)
        collector.setObjectName(_OBJECT_NAME)
    collector.start()
    return collector
