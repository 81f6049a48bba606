"""Xã hội học tập: the learning society of the commune, over a chosen year (Page Up / Page Down).

Three tabs: the learning-model grid (villages × models, with the year's targets), the
study-promotion fund's ledger, and Lifelong Learning Week."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.store.database import Database
from desktop.ui.screens.base import Screen
from desktop.ui.society.fund_tab import FundTab
from desktop.ui.society.models_tab import LearningModelsTab
from desktop.ui.society.week_tab import WeekTab


class SocietyScreen(Screen):
    def __init__(self, db: Database, navigator: object | None = None, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self.year_box = QSpinBox()
        self.year_box.setObjectName("societyYear")
        self.year_box.setRange(1990, 2100)
        self.year_box.setValue(self.today().year)
        self.year_box.setToolTip(_("The year shown (Page Up / Page Down change it)"))
        self.models_tab = LearningModelsTab(db)
        self.fund_tab = FundTab(db, today=today)
        self.week_tab = WeekTab(db, today=today)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("societyTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.models_tab, _("Learning models"))
        self.tabs.addTab(self.fund_tab, _("Study-promotion fund"))
        self.tabs.addTab(self.week_tab, _("Lifelong Learning Week"))
        top = QHBoxLayout()
        title = QLabel(_("Learning society"))
        title.setObjectName("screenTitle")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel(_("Year of the figures")))
        top.addWidget(self.year_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.year_box.valueChanged.connect(lambda _year: self.refresh())
        self.tabs.currentChanged.connect(lambda _index: self.focus_start())
        for key, step in ((QKeySequence.StandardKey.MoveToPreviousPage, -1),
                          (QKeySequence.StandardKey.MoveToNextPage, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda step=step: self.year_box.setValue(self.year_box.value() + step))

    @staticmethod
    def nav_title() -> str:
        return _("Learning society")

    @property
    def year(self) -> int:
        return self.year_box.value()

    def refresh(self) -> None:
        for tab in (self.models_tab, self.fund_tab, self.week_tab):
            tab.show_year(self.year)

    def focus_start(self) -> None:
        page = self.tabs.currentWidget()
        getattr(page, "focus_start", lambda: None)()
