"""Python's cycle collector, run only on the GUI thread.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed: a background export or import could then destroy a forgotten dialog's Qt object off the
GUI thread, and the window crashed later at some unrelated moment. So automatic collection is
turned off and a timer on the GUI thread collects, generation by generation, as often as the
thresholds would have asked for.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_INTERVAL_MS = 300
_OBJECT_NAME = "clcGuiThreadCollector"


class GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        generation = -1
        for level, (count, threshold) in enumerate(zip(counts, self.thresholds)):
            if threshold and count > threshold:
                generation = level
        if generation >= 0:
            gc.collect(generation)


def collect_garbage_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Turn automatic collection off and collect from the GUI thread's event loop (once per app)."""
    collector = app.findChild(GuiThreadCollector, _OBJECT_NAME)
    if collector is None:
        collector = GuiThreadCollector(app)
        collector.setObjectName(_OBJECT_NAME)
    collector.start()
    return collector
