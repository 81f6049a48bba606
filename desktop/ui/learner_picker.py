"""Choosing learners from the register to enrol: search as you type, or a whole village at once.

Every row shows birth year and village, so two people with one name can be told apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.learners import LearnerSummary, list_learners
from desktop.store.database import Database
from desktop.text.vietnamese import fold
from desktop.ui.database_call import load_on_worker
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_model import Column, RecordModel
from desktop.ui.widgets.record_table import fit_columns, style_list

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def gender_label(gender: str | None) -> str:
    return {"female": _("Female"), "male": _("Male")}.get(gender or "", "")


def search_text(learner: LearnerSummary) -> str:
    """What a search matches: the folded name, the birth year and the village, each word
    preceded by a space so that a query word can be matched at the start of a word."""
    return f" {learner.name_folded} {learner.birth_year or ''} {fold(learner.village)}"


def matching(learners: Iterable[LearnerSummary], query: str,
             haystacks: dict[str, str] | None = None) -> list[LearnerSummary]:
    """Learners with a word starting with each word of the query (accents and case ignored).

    Word starts rather than any substring, because the village is searched too: "hoa" should
    find Hoa, not everyone from Pá Khoang.
    """
    words = [" " + word for word in fold(query).split()]
    if not words:
        return list(learners)
    found = []
    for learner in learners:
        text = haystacks[learner.id] if haystacks is not None else search_text(learner)
        if all(word in text for word in words):
            found.append(learner)
    return found


class PickerModel(RecordModel):
    """The register's matching learners, marking who is enrolled already and who is chosen."""

    NAME, BIRTH_YEAR, GENDER, VILLAGE, STATE = range(5)

    def __init__(self, enrolled: set[str], chosen: dict[str, LearnerSummary],
                 parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.enrolled = enrolled
        self.chosen = chosen

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Full name"), lambda learner: learner.full_name),
            Column(_("Born"), lambda learner: str(learner.birth_year or ""), width="0000"),
            Column(_("Gender"), lambda learner: gender_label(learner.gender), width=_("Female")),
            Column(_("Village"), lambda learner: learner.village, width="Tổ dân phố Pá Khoang"),
            Column("", self.state_text, width=self.enrolled_text()),
        ]

    def enrolled_text(self) -> str:
        return _("Already enrolled")

    def state_text(self, learner: LearnerSummary) -> str:
        if learner.id in self.enrolled:
            return self.enrolled_text()
        if learner.id in self.chosen:
            return _("Chosen ✓")
        return ""

    def tooltip(self, record: LearnerSummary, column: int) -> str | None:
        return record.label()

    def foreground(self, record: LearnerSummary) -> QColor | None:
        if record.id in self.enrolled:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def font(self, record: LearnerSummary, column: int) -> QFont | None:
        if record.id not in self.chosen:
            return None
        font = QFont()
        font.setBold(True)
        return font


class LearnerPickerDialog(QDialog):
    """Search the register, Enter adds the highlighted learners; `chosen_ids` after OK.

    Typing filters the list and highlights the first match; Up and Down move, Shift+Up and
    Shift+Down highlight several. Enter adds them and clears the search for the next name.
    Enter on an empty search box (or Ctrl+Enter) enrols everyone chosen.
    """

    def __init__(self, db: Database, enrolled: Iterable[str] = (), parent: QWidget | None = None, *,
                 learners: Sequence[LearnerSummary] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add learners to the class"))
        self.resize(940, 560)
        if learners is None:  # the register, read on the database worker (searching is in memory)
            _loaded, learners = load_on_worker(self, lambda: list_learners(db), title=_("Add learners to the class"))
        self._learners = list(learners or [])
        self._haystacks = {learner.id: search_text(learner) for learner in self._learners}
        self.enrolled = set(enrolled)
        self.chosen: dict[str, LearnerSummary] = {}

        hint = QLabel(_("Type part of a name, a birth year or a village (accents not needed). "
                        "Enter adds the highlighted learners; Shift+Down highlights more. "
                        "Enter on an empty search box enrols everyone chosen."))
        hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search: for example nguyen hoa 1985"))
        self.search.setClearButtonEnabled(True)
        search_caption = QLabel(_("Find"))
        search_caption.setBuddy(self.search)

        self.model = PickerModel(self.enrolled, self.chosen, self)
        self.results = style_list(QTableView())
        self.results.setModel(self.model)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.setAlternatingRowColors(False)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.results.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.results.setTabKeyNavigation(False)
        fit_columns(self.results, self.model, PickerModel.NAME)
        self.results.doubleClicked.connect(lambda _index: self.add_highlighted())

        self.chosen_list = QListWidget()
        self.chosen_list.setToolTip(with_shortcut(_("Remove from the chosen"), "Del"))
        self.chosen_caption = QLabel()
        remove_chosen = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.chosen_list,
                                  context=Qt.ShortcutContext.WidgetShortcut)
        remove_chosen.activated.connect(self.remove_current_chosen)

        self.add_button = QPushButton(_("Add highlighted"))
        self.add_button.setToolTip(with_shortcut(_("Add the highlighted learners"), "Enter"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_highlighted)
        self.count_label = QLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(search_caption)
        search_row.addWidget(self.search, 1)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.results, 1)
        found_row = QHBoxLayout()
        found_row.addWidget(self.count_label, 1)
        found_row.addWidget(self.add_button)
        left_layout.addLayout(found_row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.chosen_caption)
        right_layout.addWidget(self.chosen_list, 1)
        splitter = list_and_detail(
            [(left, 0), (right, 0)],
            orientation=Qt.Orientation.Horizontal, sizes=[640, 280])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setToolTip(with_shortcut(_("Enrol the chosen learners"), "Ctrl+Enter"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(with_shortcut(_("Close without enrolling anyone"), "Esc"))
        for button in (self.ok_button, cancel):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.search.textChanged.connect(self.apply_search)
        self.apply_search()
        self._update_chosen()
        self.search.setFocus()

    # --- searching -------------------------------------------------------------------------

    def apply_search(self) -> None:
        rows = matching(self._learners, self.search.text(), self._haystacks)
        self.model.set_rows(rows)
        if rows:  # highlight the first learner who can still be added
            first = next((number for number, learner in enumerate(rows)
                          if learner.id not in self.enrolled and learner.id not in self.chosen), 0)
            self.results.setCurrentIndex(self.model.index(first, PickerModel.NAME))
            self.results.scrollTo(self.model.index(first, PickerModel.NAME))
        if self.search.text().strip():
            self.count_label.setText(ngettext("{count} learner found", "{count} learners found",
                                              len(rows)).format(count=len(rows)))
        else:
            self.count_label.setText(ngettext("{count} learner in the register",
                                              "{count} learners in the register",
                                              len(rows)).format(count=len(rows)))

    def highlighted(self) -> list[LearnerSummary]:
        rows = sorted({index.row() for index in self.results.selectionModel().selectedRows()})
        return [self.model.rows[row] for row in rows]

    # --- choosing --------------------------------------------------------------------------

    def add_highlighted(self) -> int:
        """Add the highlighted learners who are not enrolled yet; the search clears for the next."""
        added = 0
        for learner in self.highlighted():
            if learner.id in self.enrolled or learner.id in self.chosen:
                continue
            self.chosen[learner.id] = learner
            added += 1
        if added:
            self._update_chosen()
            self.search.clear()
            self.search.setFocus()
        self.model.refresh_rows()
        return added

    def remove_current_chosen(self) -> None:
        item = self.chosen_list.currentItem()
        if item is None:
            return
        self.chosen.pop(item.data(Qt.ItemDataRole.UserRole), None)
        self._update_chosen()
        self.model.refresh_rows()

    def _update_chosen(self) -> None:
        self.chosen_list.clear()
        for learner in self.chosen.values():
            item = QListWidgetItem(learner.label())
            item.setData(Qt.ItemDataRole.UserRole, learner.id)
            self.chosen_list.addItem(item)
        count = len(self.chosen)
        self.chosen_caption.setText(ngettext("Chosen: {count} learner", "Chosen: {count} learners",
                                             count).format(count=count))
        self.ok_button.setText(ngettext("Enrol {count} learner", "Enrol {count} learners",
                                        count).format(count=count))
        self.ok_button.setEnabled(count > 0)

    def chosen_ids(self) -> list[str]:
        return list(self.chosen)

    def accept(self) -> None:
        if self.chosen:
            super().accept()

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if key in _ENTER_KEYS and plain:
            if watched is self.search and not self.search.text().strip():
                self.accept()
            else:
                self.add_highlighted()
            return True
        if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down,
                                              Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._move_highlight(event)
            return True
        return super().eventFilter(watched, event)

    def _move_highlight(self, event: QKeyEvent) -> None:
        """Arrow keys typed in the search box move through the results without leaving it."""
        count = self.model.rowCount()
        if not count:
            return
        current = self.results.currentIndex().row()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10,
                Qt.Key.Key_PageDown: 10}[Qt.Key(event.key())]
        target = min(max(current + step, 0), count - 1)
        index = self.model.index(target, PickerModel.NAME)
        selection = self.results.selectionModel()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
        else:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        self.results.scrollTo(index)


class VillageEnrolDialog(QDialog):
    """Enrol every learner of one village; says how many will be added before doing it."""

    def __init__(self, villages: Sequence[tuple[str, str]], learners: Sequence[LearnerSummary],
                 enrolled: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a whole village's learners"))
        self.setMinimumWidth(480)
        self._learners = learners
        self._enrolled = set(enrolled)
        self.village = QComboBox()
        for village_id, name in villages:
            self.village.addItem(name, village_id)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Village"), self.village)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.village.currentIndexChanged.connect(self._update_preview)
        self._update_preview()
        self.village.setFocus()

    def village_id(self) -> str | None:
        return self.village.currentData()

    def _update_preview(self) -> None:
        village_id = self.village_id()
        living = [learner for learner in self._learners if learner.village_id == village_id]
        new = [learner for learner in living if learner.id not in self._enrolled]
        text = ngettext("{count} learner lives in {village}.", "{count} learners live in {village}.",
                        len(living)).format(count=len(living), village=self.village.currentText())
        already = len(living) - len(new)
        if already:
            text += " " + ngettext("{count} is already enrolled.", "{count} are already enrolled.",
                                   already).format(count=already)
        self.preview.setText(text)
        self.ok_button.setText(ngettext("Enrol {count} learner", "Enrol {count} learners",
                                        len(new)).format(count=len(new)))
        self.ok_button.setEnabled(bool(new))
