"""The book cabinet screen: a tab per job (loan desk, catalogue, intake, …), each made when first shown."""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.store.database import Database
from desktop.ui.screens.base import Screen


def tab_entries() -> list[tuple[str, str, str, str]]:
    """(key, title, module, class) of each tab, in the order a volunteer uses them most."""
    return [
        ("loans", _("Loan desk"), "desktop.ui.books.loan_desk", "LoanDeskTab"),
        ("overdue", _("Overdue"), "desktop.ui.books.overdue", "OverdueTab"),
        ("catalogue", _("Catalogue"), "desktop.ui.books.catalogue", "CatalogueTab"),
        ("readers", _("Readers"), "desktop.ui.books.readers", "ReadersTab"),
        ("intake", _("Intake"), "desktop.ui.books.intake", "IntakeTab"),
        ("rotation", _("Rotation"), "desktop.ui.books.rotation", "RotationTab"),
        ("stocktaking", _("Stocktaking"), "desktop.ui.books.stocktaking", "StocktakingTab"),
        ("weeding", _("Weeding"), "desktop.ui.books.weeding", "WeedingTab"),
        ("statistics", _("Statistics"), "desktop.ui.books.statistics", "StatisticsTab"),
        ("settings", _("Cabinet settings"), "desktop.ui.books.cabinet_settings", "CabinetSettingsTab"),
    ]


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class BooksScreen(Screen):
    """Hosts the cabinet's tabs; each tab is a `Screen` of its own (refresh, focus_start)."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bookTabs")
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._entries = [entry for entry in tab_entries() if _module_exists(entry[2])]
        self.keys = [key for key, *_rest in self._entries]
        self.pages: dict[str, Screen] = {}
        for key, title, _module, _name in self._entries:
            placeholder = QWidget()
            placeholder.setObjectName(f"tab_{key}")
            self.tabs.addTab(placeholder, title)
        self.tabs.currentChanged.connect(self._tab_changed)
        from desktop.ui.books.printing import BookPrintMenu

        self.print_menu = BookPrintMenu(db, self)
        self.tabs.setCornerWidget(self.print_menu)

    @staticmethod
    def nav_title() -> str:
        return _("Book cabinet")

    def page(self, key: str) -> Screen:
        """The tab's screen, made on first use."""
        page = self.pages.get(key)
        if page is None:
            index = self.keys.index(key)
            _key, title, module, name = self._entries[index]
            page = getattr(importlib.import_module(module), name)(self.db, navigator=self.navigator)
            page.setObjectName(f"tab_{key}")
            self._connect_printing(key, page)
            self.pages[key] = page
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            old.deleteLater()
            self.tabs.insertTab(index, page, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
        return page

    def _connect_printing(self, key: str, page: Screen) -> None:
        """Tabs that print ask the cabinet's print menu, which runs one document at a time."""
        if key == "overdue":
            page.print_requested.connect(self.print_menu.print_overdue_slips)  # type: ignore[attr-defined]
        elif key == "stocktaking":
            page.print_shelf_list = lambda shelf, _copies: self.print_menu.print_shelf(shelf or None)  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> Screen:
        page = self.page(key)
        self.tabs.setCurrentIndex(self.keys.index(key))
        page.refresh()
        page.focus_start()
        return page

    def current_page(self) -> Screen | None:
        if not self.keys:
            return None
        return self.page(self.keys[self.tabs.currentIndex()])

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.keys):
            page = self.page(self.keys[index])
            page.refresh()
            page.focus_start()

    def refresh(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    def focus_start(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_start()
