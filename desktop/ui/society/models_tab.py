"""The learning-model tab: the year's grid of villages × models, typed like a spreadsheet.

Type a number in a cell and Enter saves it and moves down; Tab moves right; Delete sets 0 (in the
households column it removes the count); Ctrl+L opens the named households or clans behind the
cell. Below, the totals against the year's targets for registering and for recognition (the
commune types its own; those the office sent are marked and used instead), met or missed.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _
from desktop.reports.society import model_label
from desktop.services.society import models as model_service
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import show_error
from desktop.ui.society.grid_model import (
    COL_HOUSEHOLDS,
    HOUSEHOLDS,
    REGISTERED,
    T_MODEL,
    LearningGridModel,
    TargetModel,
    cell_of,
    column_of,
)
from desktop.ui.widgets.actions import shortcut_action


class CountGridView(QTableView):
    """A grid typed like a spreadsheet: a digit starts editing, Enter saves and moves down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        index = self.currentIndex()
        if index.isValid() and self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.flags() & Qt.ItemFlag.ItemIsEditable:
                if self.model().setData(index, self.clear_value(index), Qt.ItemDataRole.EditRole):
                    self._move_down(index)
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(index)
                return
        super().keyPressEvent(event)

    def clear_value(self, index: QModelIndex) -> object:
        return "" if index.column() == COL_HOUSEHOLDS else 0

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        index = self.currentIndex()
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: the next row down
            self._move_down(index)

    def _move_down(self, index: QModelIndex) -> None:
        below = self.model().index(index.row() + 1, index.column())
        if below.isValid() and below.flags() & Qt.ItemFlag.ItemIsEditable:
            self.setCurrentIndex(below)


class TargetView(CountGridView):
    def clear_value(self, index: QModelIndex) -> object:
        return ""


class MembersDialog(QDialog):
    """The named households, clans or units behind one village's figure: add (Enter), tick
    recognised (Space), remove (Delete), and set the figure from the list."""

    def __init__(self, db: Database, year: int, village_id: str, village: str, model: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.year, self.village_id, self.model = db, year, village_id, model
        self.setWindowTitle(_("{model} – {village}, {year}").format(model=model_label(model), village=village,
                                                                      year=year))
        self.name_box = QLineEdit()
        self.name_box.setPlaceholderText(_("Name of the household, clan or unit, then Enter"))
        self.name_box.returnPressed.connect(self.add_typed)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._ticked)
        self.use_button = QPushButton(_("Use the list as the figure"))
        self.use_button.setToolTip(_("Registered: everyone in the list; recognised: those ticked"))
        self.use_button.clicked.connect(self.use_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Tick those recognised (Space); Delete removes a name.")))
        layout.addWidget(self.name_box)
        layout.addWidget(self.list)
        bottom = QHBoxLayout()
        bottom.addWidget(self.use_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.list.installEventFilter(self)
        self.resize(520, 420)
        self.reload()

    def reload(self) -> None:
        db, year, village_id, model = self.db, self.year, self.village_id, self.model
        loaded, members = load_on_worker(self, lambda: model_service.list_members(db, year, village_id, model),
                                         title=self.windowTitle())
        if not loaded:
            return
        self.list.blockSignals(True)
        self.list.clear()
        for member in members or []:
            item = QListWidgetItem(member.name)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.recognised else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def add_typed(self) -> None:
        db, year, village_id, model, name = self.db, self.year, self.village_id, self.model, self.name_box.text()
        added, _none = save_on_worker(self, lambda: model_service.add_member(db, year, village_id, model, name),
                                      title=self.windowTitle())
        if not added:
            return
        self.name_box.clear()
        self.reload()

    def _ticked(self, item: QListWidgetItem) -> None:
        db, member_id, recognised = self.db, item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked
        saved, _none = save_on_worker(self, lambda: model_service.set_member_recognised(db, member_id, recognised),
                                      title=self.windowTitle())
        if not saved:
            self.reload()  # the tick as saved

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802
        if watched is self.list and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Delete and self.list.currentItem() is not None:
            db, member_id = self.db, self.list.currentItem().data(Qt.ItemDataRole.UserRole)
            save_on_worker(self, lambda: model_service.remove_member(db, member_id), title=self.windowTitle())
            self.reload()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def use_list(self) -> None:
        db, year, village_id, model = self.db, self.year, self.village_id, self.model
        used, _none = save_on_worker(self, lambda: model_service.figures_from_members(db, year, village_id, model),
                                     title=self.windowTitle())
        if used:
            self.accept()


class LearningModelsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.year = 0
        self.grid_model = LearningGridModel(self._save_cell, self)
        self.grid = CountGridView()
        self.grid.setObjectName("learningGrid")
        self.grid.setModel(self.grid_model)
        self.grid.setWordWrap(True)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # the columns share the width, but never below their headings (a scroll bar rather than a cut)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        header.setMinimumSectionSize(max(
            header.fontMetrics().horizontalAdvance(line)
            for column in range(1, self.grid_model.columnCount())
            for line in str(self.grid_model.headerData(column, Qt.Orientation.Horizontal)).split("\n")) + 2 * margin + 4)
        self.target_model = TargetModel(self._save_target, self)
        self.targets = TargetView()
        self.targets.setObjectName("targetTable")
        self.targets.setModel(self.target_model)
        self.targets.setWordWrap(True)
        self.targets.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.targets.horizontalHeader().setSectionResizeMode(T_MODEL, QHeaderView.ResizeMode.ResizeToContents)
        self.target_note = QLabel()
        self.target_note.setObjectName("legend")
        self.target_note.setWordWrap(True)
        self.members_action = shortcut_action(self, _("Named list…"), "Ctrl+L", self.open_members,
                                              tip=_("The named households, clans or units behind this figure"))
        self.members_button = QPushButton(_("Named list…"))
        self.members_button.setToolTip(self.members_action.toolTip())
        self.members_button.clicked.connect(self.open_members)
        legend = QLabel(_("Type a number and Enter (saved at once, moves down) · Tab moves right · "
                          "Delete sets 0 · Ctrl+L the named list · Households: what families registering is "
                          "measured against"))
        legend.setObjectName("legend")
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(legend, 1)
        top.addWidget(self.members_button)
        layout.addLayout(top)
        layout.addWidget(self.grid, 3)
        layout.addWidget(QLabel(_("Totals against the year's targets")))
        layout.addWidget(self.targets, 2)
        layout.addWidget(self.target_note)

    def show_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        current = self.grid.currentIndex()
        db, year = self.db, self.year
        loaded, grid = load_on_worker(self, lambda: model_service.learning_grid(db, year), title=_("Learning models"))
        if not loaded or grid is None:
            return
        self.grid_model.set_grid(grid)
        self.target_model.set_totals(grid.totals, grid.target_set)
        self._show_target_note(grid)
        self.grid.resizeRowsToContents()
        self.targets.resizeRowsToContents()
        if current.isValid():
            self.grid.setCurrentIndex(self.grid_model.index(current.row(), current.column()))

    def focus_start(self) -> None:
        self.grid.setFocus()
        current = self.grid.currentIndex()
        if (not current.isValid() or current.column() == 0) and self.grid_model.village_rows():
            self.grid.setCurrentIndex(self.grid_model.index(max(current.row(), 0), column_of("family", REGISTERED)))

    def _show_target_note(self, grid: model_service.LearningGrid) -> None:
        from_office = any(item.from_office for item in grid.target_set.values())
        self.target_note.setText(
            (_("Targets marked “set by the office” are used; the commune's own target counts "
               "only where the office sent none.") if from_office
             else _("The commune sets its own targets here; a target the office sends later takes its place."))
            + ("" if grid.households_complete else " " + _(
                "The families' register target is judged once every village's households are entered.")))

    def _save_cell(self, village_id: str, model: str, field: str, value: int | None) -> bool:
        db, year = self.db, self.year

        def save() -> model_service.LearningGrid:  # on the worker: the figure, then the grid it changes
            if field == HOUSEHOLDS:
                model_service.set_households(db, year, village_id, value)
            elif field == REGISTERED:
                model_service.set_figure(db, year, village_id, model, registered=value,
                                         recognised=0 if value == 0 else None)
            else:
                model_service.set_figure(db, year, village_id, model, recognised=value)
            return model_service.learning_grid(db, year)

        saved, grid = save_on_worker(self, save, title=_("Learning models"))
        if not saved or grid is None:
            return False
        self._show_saved(grid)
        return True

    def _show_saved(self, grid: model_service.LearningGrid) -> None:
        index = self.grid.currentIndex()
        self.grid_model.grid = grid
        self.grid_model.dataChanged.emit(self.grid_model.index(0, 0),
                                         self.grid_model.index(self.grid_model.rowCount() - 1,
                                                               self.grid_model.columnCount() - 1))
        self.target_model.update_totals(grid.totals, grid.target_set)
        self._show_target_note(grid)
        if index.isValid():
            self.grid.setCurrentIndex(index)

    def _save_target(self, model: str, measure: str, percent: int | None) -> bool:
        db, year = self.db, self.year

        def save() -> model_service.LearningGrid:
            model_service.set_target(db, year, model, percent, measure)
            return model_service.learning_grid(db, year)

        saved, grid = save_on_worker(self, save, title=_("Learning models"))
        if not saved or grid is None:
            return False
        self.target_model.update_totals(grid.totals, grid.target_set)
        return True

    def open_members(self) -> None:
        index = self.grid.currentIndex()
        grid = self.grid_model.grid
        found = cell_of(index.column()) if index.isValid() else None
        if grid is None or found is None or index.row() >= self.grid_model.village_rows():
            show_error(self, UserError(_("Choose a village's cell in the grid first.")))
            return
        line = grid.villages[index.row()]
        MembersDialog(self.db, self.year, line.village_id, line.village, found[0], self).exec()
        self.reload()

