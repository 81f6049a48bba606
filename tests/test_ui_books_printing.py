"""The book cabinet's Print menu: each document lays out off the GUI thread and opens in preview."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog
from test_books_support import TODAY, small_cabinet
from test_ui_activities import modal

from desktop.services.books.loans import apply_plan, plan_scan
from desktop.ui.books.screen import BooksScreen


@pytest.fixture
def books(qtbot, db, villages):  # type: ignore[no-untyped-def]
    cabinet = small_cabinet(db, villages)
    apply_plan(db, plan_scan(db, "3", cabinet.pang, today=TODAY - dt.timedelta(days=40)))
    screen = BooksScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.print_menu.today = TODAY
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen


def wait_for_preview(qtbot, job) -> int:  # type: ignore[no-untyped-def]
    assert job is not None
    qtbot.waitUntil(lambda: job.preview is not None and job.preview.isVisible(), timeout=30000)
    qtbot.waitUntil(lambda: job.preview.pages_painted >= 1, timeout=30000)
    pages = job.pages
    job.preview.reject()
    qtbot.waitUntil(lambda: job.preview is None, timeout=5000)
    assert not job.folder.exists()  # the temporary PDF goes with the preview
    return pages


def choose_item(text_part: str):  # type: ignore[no-untyped-def]
    def handler(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        [item] = [item for item in dialog.comboBoxItems() if text_part in item]
        dialog.setTextValue(item)
        dialog.accept()

    return handler


def test_the_print_button_offers_every_cabinet_document(books):
    assert books.tabs.cornerWidget() is books.print_menu
    assert list(books.print_menu.actions_by_key) == [
        "item_register", "summary_register", "loan_book", "overdue_slips", "reader_cards",
        "spine_labels", "shelf_list"]
    assert books.print_menu.text() == "In…"


def test_overdue_slips_print_from_the_overdue_tab(qtbot, books):
    tab = books.show_tab("overdue")
    tab.print_button.click()
    assert wait_for_preview(qtbot, books.print_menu.last_job) >= 1


def test_reader_cards_and_summary_register(qtbot, books):
    assert wait_for_preview(qtbot, books.print_menu.print_reader_cards()) == 1
    assert wait_for_preview(qtbot, books.print_menu.print_summary_register()) == 1


def test_spine_labels_for_a_chosen_batch(qtbot, books):
    with modal(QInputDialog, choose_item("1/2026")):
        job = books.print_menu.print_spine_labels()
    assert wait_for_preview(qtbot, job) == 1  # fifteen labels: one A4 sheet


def test_the_stocktaking_shelf_list_prints(qtbot, books):
    tab = books.show_tab("stocktaking")
    tab.print_shelf_list("C1", [])
    assert wait_for_preview(qtbot, books.print_menu.last_job) == 1


def test_one_document_at_a_time(qtbot, books):
    first = books.print_menu.print_reader_cards()
    assert books.print_menu.print_summary_register() is None
    wait_for_preview(qtbot, first)
