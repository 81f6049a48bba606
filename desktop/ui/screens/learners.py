"""Học viên: the learner register — search as you type, filters, add / edit / delete / import.

The list is loaded once per refresh (in Vietnamese name order, from the service) and searched
in memory, so typing never waits for the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_integer
from desktop.i18n import _, ngettext, pick
from desktop.reference.activities import AGE_BANDS, GENDERS
from desktop.reference.ethnic_groups import ETHNIC_GROUPS
from desktop.services.centre import list_villages
from desktop.services.learners import (
    LearnerFilter,
    LearnerSummary,
    list_learners,
    set_learner_deleted,
)
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import confirm, show_error
from desktop.ui.models.learner_table import (
    BIRTH_YEAR,
    ETHNIC_GROUP,
    GENDER,
    NAME,
    PHONE,
    VILLAGE,
    LearnerFilterProxy,
    LearnerTableModel,
)
from desktop.ui.screens.base import Screen
from desktop.ui.screens.learners_empty import learners_empty_state
from desktop.ui.widgets.actions import action_button, shortcut_action, shortcut_text, with_shortcut
from desktop.ui.widgets.list_detail import enter_list
from desktop.ui.widgets.record_table import ListView
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.undo_bar import UndoBar



class LearnersScreen(Screen):
    """The learner register of the centre."""

    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self._last_deleted: LearnerSummary | None = None
        self._loaded = False

        title = QLabel(_("Learners"))
        title.setObjectName("screenTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("learnerCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.count_label)

        # -- actions: shortcuts live on the screen, so they work wherever its focus is --------
        self.add_action = shortcut_action(self, _("Add a learner"), "Ctrl+N", self.add_learner)
        self.import_action = shortcut_action(self, _("Import from Excel"), "Ctrl+I", self.import_learners)
        self.undo_action = shortcut_action(self, _("Undo delete"), QKeySequence.StandardKey.Undo,
                                           self.undo_delete)
        self.search_action = shortcut_action(self, _("Search"), QKeySequence.StandardKey.Find,
                                             self.focus_start)

        self.search = SearchBox()
        self.search.setObjectName("learnerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by name, with or without accents…"))
        self.search.setToolTip(with_shortcut(_("Type part of a name: “nguyen thi hoa” finds "
                                               "“Nguyễn Thị Hoa”"), QKeySequence.StandardKey.Find))
        self.search.textChanged.connect(self._search_changed)
        self.search.move_down.connect(lambda: enter_list(self.table, self._select_row))
        self.search.returnPressed.connect(self.edit_current)

        self.add_button = self._button(_("Add"), self.add_action)
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setToolTip(_("Edit the selected learner (Enter or double-click)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(with_shortcut(_("Delete the selected learner"), "Del"))
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button = self._button(_("Import from Excel…"), self.import_action)
        self.card_button = QPushButton(_("Reader card"))
        self.card_button.setObjectName("readerCard")
        self.card_button.setToolTip(_("Make the selected learner a reader of the book cabinet"))
        self.card_button.clicked.connect(self.make_reader_card)
        self.privacy_button = QPushButton(_("Personal data"))
        self.privacy_button.setToolTip(_("At the learner's request: save everything held about them, "
                                         "or erase what identifies them"))
        privacy_menu = QMenu(self.privacy_button)
        self.export_data_action = privacy_menu.addAction(_("Save everything held about this learner…"),
                                                         self.export_personal_data)
        self.erase_data_action = privacy_menu.addAction(_("Erase personal data on request…"),
                                                        self.erase_personal_data)
        self.privacy_button.setMenu(privacy_menu)

        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        for button in (self.add_button, self.edit_button, self.delete_button, self.card_button,
                       self.privacy_button, self.import_button):
            tools.addWidget(button)

        # -- filters -----------------------------------------------------------------------------
        self.village_filter = QComboBox()
        self.ethnic_filter = QComboBox()
        self.gender_filter = QComboBox()
        self.age_filter = QComboBox()
        self.ethnic_filter.addItem(_("All ethnic groups"), None)
        for group in ETHNIC_GROUPS:
            self.ethnic_filter.addItem(pick(group.name_vi, group.name_en), group.key)
        self.gender_filter.addItem(_("Women and men"), None)
        for choice in GENDERS:
            self.gender_filter.addItem(pick(choice.name_vi, choice.name_en), choice.key)
        self.age_filter.addItem(_("All ages"), None)
        for band in AGE_BANDS:
            self.age_filter.addItem(pick(band.name_vi, band.name_en), band.key)
        self.village_filter.addItem(_("All villages"), None)
        self.clear_filters_button = QPushButton(_("Show all"))
        self.clear_filters_button.setToolTip(_("Clear the search and the filters"))
        self.clear_filters_button.clicked.connect(self.clear_filters)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Show:")))
        for combo, tip in ((self.village_filter, _("Village")),
                           (self.ethnic_filter, _("Ethnic group")),
                           (self.gender_filter, _("Gender")), (self.age_filter, _("Age band"))):
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)
            filters.addWidget(combo)
        filters.addWidget(self.clear_filters_button)
        filters.addStretch(1)

        # -- the list ----------------------------------------------------------------------------
        self.model = LearnerTableModel(self)
        self.proxy = LearnerFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ListView()
        self.table.setObjectName("learnerTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self._size_columns()
        self.table.open_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())

        # -- empty states ------------------------------------------------------------------------
        self.empty_state = learners_empty_state(self.add_action, self.import_action)
        self.no_match = QWidget()
        self.no_match_label = QLabel()
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        show_all = QPushButton(_("Show all learners"))
        show_all.clicked.connect(self.clear_filters)
        no_match_layout = QVBoxLayout(self.no_match)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(self.no_match_label)
        no_match_layout.addWidget(show_all, 0, Qt.AlignmentFlag.AlignCenter)
        no_match_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.no_match)

        # -- the undo bar after a delete -------------------------------------------------------
        self.undo_bar = UndoBar(self.undo_action)
        self.undo_label, self.undo_button = self.undo_bar.label, self.undo_bar.button

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(tools)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.undo_bar)
        self._update_buttons()

    @staticmethod
    def nav_title() -> str:
        return _("Learners")

    # -- building blocks ------------------------------------------------------------------------

    _button = staticmethod(action_button)

    def _size_columns(self) -> None:
        """Name takes what is left; the others are as wide as their header or typical content."""
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        samples = {BIRTH_YEAR: "0000", GENDER: "Female", ETHNIC_GROUP: "Bru-Vân Kiều",
                   VILLAGE: "Tổ dân phố Tân Lập", PHONE: "0912 345 678"}
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(title) + 34, metrics.horizontalAdvance(sample) + 20)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)

    # -- loading --------------------------------------------------------------------------------

    def current_filter(self) -> LearnerFilter:
        return LearnerFilter(village_id=self.village_filter.currentData(),
                             ethnic_group_key=self.ethnic_filter.currentData(),
                             gender=self.gender_filter.currentData(),
                             age_band=self.age_filter.currentData(), today=self.today())

    def filters_active(self) -> bool:
        return any(combo.currentIndex() > 0 for combo in (
            self.village_filter, self.ethnic_filter, self.gender_filter, self.age_filter))

    def refresh(self) -> None:
        self._reload_villages()
        self._reload(keep=self.selected_learner())
        self._loaded = True

    def _reload_villages(self) -> None:
        chosen, db = self.village_filter.currentData(), self.db
        loaded, villages = load_on_worker(self, lambda: list_villages(db), title=_("Learners"), what="villages")
        if not loaded:
            return
        self.village_filter.blockSignals(True)
        while self.village_filter.count() > 1:
            self.village_filter.removeItem(1)
        for village in villages or []:
            self.village_filter.addItem(village.name, village.id)
        index = self.village_filter.findData(chosen) if chosen else 0
        self.village_filter.setCurrentIndex(max(index, 0))
        self.village_filter.blockSignals(False)

    def _reload(self, keep: LearnerSummary | str | None = None) -> None:
        db, chosen = self.db, self.current_filter()
        loaded, learners = load_on_worker(self, lambda: list_learners(db, chosen), title=_("Learners"))
        if not loaded or learners is None:
            return
        self.model.set_learners(learners)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != NAME or header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        keep_id = keep.id if isinstance(keep, LearnerSummary) else keep
        self._after_change(keep_id)

    def _after_change(self, select_id: str | None = None) -> None:
        if select_id is not None:
            self.select_learner(select_id)
        if self.table.currentIndex().row() < 0 and self.proxy.rowCount() > 0:
            self._select_row(0)
        self._update_state()

    def _update_state(self) -> None:
        shown, loaded = self.proxy.rowCount(), self.model.rowCount()
        searching = bool(self.proxy.query_tokens())
        if loaded == 0 and not self.filters_active():
            self.stack.setCurrentWidget(self.empty_state)
        elif shown == 0:
            self.no_match_label.setText(
                _("No learner matches “{text}”.").format(text=self.search.text().strip())
                if searching else _("No learner matches these filters."))
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
        if searching or self.filters_active():
            self.count_label.setText(ngettext("{shown} of {total} learner shown",
                                              "{shown} of {total} learners shown", loaded).format(
                shown=format_integer(shown), total=format_integer(loaded)))
        else:
            self.count_label.setText(ngettext("{count} learner", "{count} learners", loaded).format(
                count=format_integer(loaded)))
        self.clear_filters_button.setEnabled(searching or self.filters_active())
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_current = self.selected_learner() is not None
        self.edit_button.setEnabled(has_current)
        self.delete_button.setEnabled(has_current)
        self.card_button.setEnabled(has_current)
        self.privacy_button.setEnabled(has_current)

    # -- selection ------------------------------------------------------------------------------
    def selected_learner(self) -> LearnerSummary | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.stack.currentWidget() is not self.table:
            return None
        return self.proxy.learner_at(index.row())

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_learner(self, learner_id: str) -> bool:
        row = self.proxy.row_of(learner_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def focus_start(self) -> None:
        self.search.take_focus()

    # -- search and filters -----------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        current = self.selected_learner()
        self.proxy.set_query(text)
        self._after_change(current.id if current else None)
        if self.table.currentIndex().row() < 0 and self.proxy.rowCount():
            self._select_row(0)

    def _filters_changed(self) -> None:
        self._reload(keep=self.selected_learner())

    def clear_filters(self) -> None:
        for combo in (self.village_filter, self.ethnic_filter, self.gender_filter, self.age_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.set_query("")
        self._reload(keep=self.selected_learner())
        self.focus_start()

    # -- actions -----------------------------------------------------------------------------------

    def add_learner(self) -> None:
        from desktop.ui.learner_dialog import LearnerDialog

        dialog = LearnerDialog(self.db, None, self, default_village_id=self.village_filter.currentData(),
                               today=self._today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._show_saved(dialog.saved)

    def edit_current(self) -> None:
        learner = self.selected_learner()
        if learner is None:
            return
        from desktop.ui.learner_dialog import LearnerDialog

        try:
            dialog = LearnerDialog(self.db, learner.id, self, today=self._today)
        except UserError as error:
            show_error(self, error)
            self._reload()
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._show_saved(dialog.saved)

    def _show_saved(self, saved: LearnerSummary) -> None:
        self._reload(keep=saved.id)
        if self.proxy.row_of(saved.id) is None:
            # Hidden by the search or a filter: show everyone so the user sees what was saved.
            self.clear_filters()
            self.select_learner(saved.id)
        self.table.setFocus()

    def make_reader_card(self) -> str | None:
        """One click: the selected learner becomes a reader (or gets their card back)."""
        from desktop.services.books.readers import reader_from_learner  # the cabinet loads on use

        learner = self.selected_learner()
        if learner is None:
            return None
        db = self.db
        made, reader = save_on_worker(self, lambda: reader_from_learner(db, learner.id), title=_("Learners"))
        if not made or reader is None:
            return None
        message = _("{name} is a reader of the book cabinet: card {card}.").format(
            name=reader.full_name, card=reader.card_code)
        self.card_button.setToolTip(message)
        if self.navigator is not None:
            self.navigator.show_message(message)  # type: ignore[attr-defined]
        return message

    def export_personal_data(self) -> None:
        from desktop.ui.learner_privacy import export_learner_data

        learner = self.selected_learner()
        if learner is not None:
            export_learner_data(self, self.db, learner)

    def erase_personal_data(self) -> None:
        from desktop.ui.learner_privacy import erase_on_request

        learner = self.selected_learner()
        if learner is not None and erase_on_request(self, self.db, learner):
            self._after_change(learner.id)

    def delete_current(self) -> None:
        learner = self.selected_learner()
        if learner is None:
            return
        row = self.table.currentIndex().row()
        if not confirm(self, _("Delete a learner"),
                       _("Delete {who} from the learner list? Their attendance marks are kept, and "
                         "you can undo this straight away with Undo ({undo}).").format(
                           who=learner.label(), undo=shortcut_text(QKeySequence.StandardKey.Undo)),
                       _("Delete the learner"), _("Don't delete")):
            return
        db = self.db
        deleted, _none = save_on_worker(self, lambda: set_learner_deleted(db, learner.id, True),
                                        title=_("Delete a learner"))
        if not deleted:
            return
        self._last_deleted = learner
        self.undo_bar.offer(_("{who} was deleted.").format(who=learner.label()))
        self._reload()
        if self.proxy.rowCount():
            self._select_row(min(row, self.proxy.rowCount() - 1))
            self.table.setFocus()
        else:  # the list is now empty: keep the keyboard on the screen, ready to undo
            self.undo_button.setFocus()

    def undo_delete(self) -> None:
        learner = self._last_deleted
        if learner is None:
            return
        db = self.db
        restored, _none = save_on_worker(self, lambda: set_learner_deleted(db, learner.id, False), title=_("Learners"))
        if not restored:
            return
        self._last_deleted = None
        self.undo_bar.withdraw()
        self._reload(keep=learner.id)
        if self.proxy.row_of(learner.id) is None:
            self.clear_filters()
            self.select_learner(learner.id)
        self.table.setFocus()

    def import_learners(self) -> None:
        from desktop.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.db, self, today=self._today)
        dialog.exec()
        if dialog.imported_count:
            self.clear_filters()
