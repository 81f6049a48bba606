"""Pick lists a user can type into: every village field, the gender field, the class picker.

A plain combo box finds an entry only by its first letters, and every village starts with
"Bản" or "Thôn", every class with its code: typing finds nothing. These match what is typed
anywhere in the entry, accents and case optional ("na ha" offers "Bản Nà Hạ").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _, pick
from desktop.reference.activities import GENDERS
from desktop.services.centre import VillageInfo
from desktop.text.vietnamese import fold
from desktop.text.villages import without_prefix

_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
Entry = tuple[str, object, Sequence[str]]
"""(label, key, other names to match), in display order."""


class SearchableCombo(QComboBox):
    """A pick list the user can type into: matches anywhere, ignoring accents and case.

    Typing "meo" offers H'Mông (by its other name Mèo); the value is always one of the items,
    or None when the text names none of them.
    """

    def __init__(self, items: Sequence[Entry] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The combo's own completer completes inline on exact letters; ours matches folded text.
        self.setCompleter(None)
        self._search: dict[str, str] = {}
        self._model = QStandardItemModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionRole(_SEARCH_ROLE)
        completer.setWidget(self.lineEdit())
        completer.activated[QModelIndex].connect(self._completed)  # type: ignore[index]
        self._completer = completer
        self.lineEdit().textEdited.connect(self._typed)
        self.set_items(items)

    def set_items(self, items: Sequence[Entry]) -> None:
        """Replace the entries (the current one is not kept: callers choose it again)."""
        self.clear()
        self._model.clear()
        self._search = {}
        for label, key, other_names in items:
            self.addItem(label, key)
            search = " ".join(fold(name) for name in (label, *other_names) if name)
            self._search[label] = search
            item = QStandardItem(label)
            item.setData(search, _SEARCH_ROLE)
            self._model.appendRow(item)

    def _typed(self, text: str) -> None:
        folded = fold(text)
        if not folded:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(folded)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _completed(self, index: QModelIndex) -> None:
        label = str(index.data(Qt.ItemDataRole.DisplayRole))
        found = self.findText(label, Qt.MatchFlag.MatchExactly)
        if found >= 0:
            self.setCurrentIndex(found)
            self.setEditText(label)

    def key(self) -> str | None:
        """The chosen item's key, resolving typed text; None when the text names no item."""
        text = " ".join(self.currentText().split())
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index))
        folded = fold(text)
        matches = [label for label in self._search if fold(label) == folded]
        if len(matches) == 1:
            return str(self.itemData(self.findText(matches[0], Qt.MatchFlag.MatchExactly)))
        return self._resolve(text)

    def _resolve(self, text: str) -> str | None:
        """Hook for a domain lookup of free text (other spellings, codes)."""
        return None

    def set_key(self, key: str | None) -> None:
        index = self.findData(key) if key is not None else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")


class VillageCombo(SearchableCombo):
    """The village field of every form: "na ha", "Nà Hạ" or "bản nà hạ" all find "Bản Nà Hạ".

    Matching while typing ignores accents (the list shows both "Bản Cang" and "Bản Càng", and
    the user picks); the value is taken from typed text only when exactly one village fits it.
    An empty field is no village, so typing always starts in an empty field.
    """

    def __init__(self, villages: Sequence[VillageInfo], parent: QWidget | None = None) -> None:
        super().__init__([(village.name, village.id, (without_prefix(village.name),))
                          for village in villages], parent)
        self._bare = {village.id: without_prefix(village.name) for village in villages}
        self.lineEdit().setPlaceholderText(_("Type or choose a village…"))
        self.set_key(None)
        self.lineEdit().editingFinished.connect(self._show_full_name)

    def _resolve(self, text: str) -> str | None:
        """The name without its "Bản" or "Thôn": with its accents first, then without them."""
        for same in (lambda bare: bare.casefold() == text.casefold(),
                     lambda bare: fold(bare) == fold(text)):
            found = [village_id for village_id, bare in self._bare.items() if same(bare)]
            if len(found) == 1:
                return found[0]
            if found:
                return None  # "Thôn Đông" and "Bản Đông": the user must say which
        return None

    def _show_full_name(self) -> None:
        key = self.key()
        if key is not None and self.findData(key) != self.currentIndex():
            self.setCurrentIndex(self.findData(key))

    def village_id(self) -> str | None:
        """The chosen village, None when none is; ValidationError for text that names none."""
        key = self.key()
        if key is None and self.currentText().strip():
            raise ValidationError(_("Choose a village from the list."), "village_id")
        return key

    def set_village_id(self, village_id: str | None) -> None:
        self.set_key(village_id)


def gender_combo() -> QComboBox:
    """The gender field of a form: Nam, Nữ, then "not given" (the default, never guessed)."""
    combo = QComboBox()
    for choice in GENDERS:
        combo.addItem(pick(choice.name_vi, choice.name_en), choice.key)
    combo.addItem(_("— not given —"), None)
    combo.setCurrentIndex(combo.count() - 1)
    return combo
