"""Cycles are collected on the GUI thread, never in a background job's thread."""

from __future__ import annotations

import gc
import threading

from desktop.ui.gui_thread_gc import collect_garbage_on_gui_thread


class _Tracked:
    collected_on: list[str] = []

    def __init__(self) -> None:
        self.cycle = self

    def __del__(self) -> None:
        _Tracked.collected_on.append(threading.current_thread().name)


def test_garbage_cycles_are_collected_on_the_gui_thread_while_a_worker_allocates(qtbot, qapp):
    collect_garbage_on_gui_thread(qapp)
    assert not gc.isenabled()
    _Tracked.collected_on.clear()
    for _ in range(50):
        _Tracked()

    def allocate_a_lot() -> None:  # far past every threshold: automatic collection would run here
        junk = []
        for index in range(200_000):
            item: list[object] = [index]
            item.append(item)
            junk.append(item)
        junk.clear()

    worker = threading.Thread(target=allocate_a_lot, name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(_Tracked.collected_on) == 50, timeout=5000)
    assert set(_Tracked.collected_on) == {threading.main_thread().name}


def test_full_collections_are_paced_by_what_they_cost(qtbot, qapp, monkeypatch):
    """A full pass walks every object: never more than one a minute, and at most 1% of the time."""
    import desktop.ui.gui_thread_gc as module

    collector = collect_garbage_on_gui_thread(qapp)
    passes: list[int] = []
    monkeypatch.setattr(module.gc, "collect", lambda generation=2: passes.append(generation) or 0)
    monkeypatch.setattr(module.gc, "get_count", lambda: (10_000, 100, 100))  # every threshold crossed
    collector.next_full = 0.0
    for _ in range(5):
        collector.collect_if_due()
    assert passes == [2, 1, 1, 1, 1]  # one full pass, then the younger generations only
    assert collector.next_full >= module.time.monotonic() + module.MIN_FULL_INTERVAL_S - 1
