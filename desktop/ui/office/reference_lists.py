"""Danh mục: the reference lists an office owns (topic groups, kinds, partner bodies,
administrative codes and any other kind registered in services), edited as a table from the
keyboard and published as the next version, which the next return packages carry to the centres."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.sync.reference_kinds import ReferenceListKind, reference_list_kinds
from desktop.services.sync.reference_versions import (
    HeldReference, current_reference, key_from_name, publish_reference_version,
)
from desktop.sync.returns import ReferenceEntry
from desktop.ui.messages import confirm, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.widgets.headings import legend, screen_title

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
KEY, NAME_VI, NAME_EN = range(3)
ERROR_STYLE = "color: #b00020;"


class ReferenceListsScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self.held: dict[str, HeldReference] = {}
        self._shown_list: str | None = None
        title = screen_title(_("Reference lists"))
        note = legend(_("The office keeps these lists for its centres. Edit one and publish it as the next version: "
                        "the next return packages carry it, and each centre's pick lists follow it. Records "
                        "already saved keep their values."))

        self.lists = QListWidget()
        self.lists.setObjectName("referenceKinds")
        for kind in reference_list_kinds():
            item = QListWidgetItem(kind.title())
            item.setData(NAME_ROLE, kind.name)
            self.lists.addItem(item)
        self.lists.setMaximumWidth(max(self.lists.sizeHintForColumn(0) + 40, 200))
        self.lists.currentRowChanged.connect(self._list_chosen)
        lists_label = QLabel(_("&Lists:"))
        lists_label.setBuddy(self.lists)
        left = QVBoxLayout()
        left.addWidget(lists_label)
        left.addWidget(self.lists, 1)

        self.purpose = QLabel()
        self.purpose.setWordWrap(True)
        self.version = QLabel()
        self.version.setObjectName("referenceVersion")
        self.version.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("referenceEntries")
        self.table.setHorizontalHeaderLabels([_("Key"), _("Name in Vietnamese"), _("Name in English")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME_VI, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NAME_EN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._show_dirty())
        self.message = QLabel()
        self.message.setObjectName("referenceMessage")
        self.message.setWordWrap(True)

        self.add_action = shortcut_action(self, _("Add an entry"), "Ctrl+N", self.add_entry, extra=("Ctrl+Ins",))
        self.remove_action = shortcut_action(self, _("Remove the chosen entry"), "Ctrl+Del", self.remove_entry)
        self.discard_action = shortcut_action(self, _("Put back the published list"), "Ctrl+Z", self.discard)
        self.publish_action = shortcut_action(self, _("Publish the list as its next version"), "Ctrl+S", self.publish)
        self.add_button = self._button(_("Add an entry"), self.add_action)
        self.remove_button = self._button(_("Remove the entry"), self.remove_action)
        self.discard_button = self._button(_("Put back the published list"), self.discard_action)
        self.publish_button = self._button(_("Publish the next version…"), self.publish_action)
        self.publish_button.setObjectName("publishButton")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        self.list_box = QGroupBox()
        right = QVBoxLayout(self.list_box)
        right.addWidget(self.purpose)
        right.addWidget(self.version)
        right.addWidget(self.table, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)

        columns = QHBoxLayout()
        columns.addLayout(left)
        columns.addWidget(self.list_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(columns, 1)

    @staticmethod
    def _button(text: str, action) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        return button

    @staticmethod
    def nav_title() -> str:
        return _("Reference lists")

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.task is not None:
            return
        db, names = self.db, [kind.name for kind in reference_list_kinds()]
        self.task = BackgroundTask(self, _("Reference lists"),
                                   lambda _progress: {name: current_reference(db, name) for name in names},
                                   on_success=self._loaded, on_error=lambda error: show_error(self, error),
                                   show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None

    def _loaded(self, held: object) -> None:
        assert isinstance(held, dict)
        self.held = held
        if self.is_dirty():  # the officer's unpublished edits stay on screen
            return
        if self.lists.currentRow() < 0 and self.lists.count():
            self.lists.setCurrentRow(0)
        else:
            self._show_list(self.current_kind())

    def current_kind(self) -> ReferenceListKind | None:
        item = self.lists.currentItem()
        name = item.data(NAME_ROLE) if item is not None else None
        return next((kind for kind in reference_list_kinds() if kind.name == name), None)

    def _list_chosen(self, _row: int) -> None:
        kind = self.current_kind()
        if kind is None or kind.name == self._shown_list:
            return
        if self.is_dirty():
            shown = next((k for k in reference_list_kinds() if k.name == self._shown_list), None)
            if not confirm(self, _("Reference lists"), _("Leave your changes to “{list}” unpublished and lose them?")
                           .format(list=shown.title() if shown else ""), _("Lose the changes"), _("Keep editing")):
                self.lists.blockSignals(True)
                self.lists.setCurrentRow(next(row for row in range(self.lists.count())
                                              if self.lists.item(row).data(NAME_ROLE) == self._shown_list))
                self.lists.blockSignals(False)
                return
        self._show_list(kind)

    def _show_list(self, kind: ReferenceListKind | None) -> None:
        if kind is None or kind.name not in self.held:
            return
        held = self.held[kind.name]
        self._shown_list = kind.name
        self.list_box.setTitle(kind.title())
        self.purpose.setText(kind.purpose())
        if held.version:
            self.version.setText(_("Version {version}, published on {date}, {count}.").format(
                version=held.version, date=format_date(held.published_at.date()) if held.published_at else "—",
                count=ngettext("{count} entry", "{count} entries", len(held.entries)).format(
                    count=format_integer(len(held.entries)))))
        else:
            self.version.setText(_("Not published by this office yet: centres use the list built into CLC Ledger "
                                   "({count}).").format(count=ngettext("{count} entry", "{count} entries",
                                                                       len(held.entries)).format(
                count=format_integer(len(held.entries)))))
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for entry in held.entries:
            self._append(entry, published=True)
        self.table.blockSignals(False)
        self.message.setText("")
        self.message.setStyleSheet("")
        self._show_dirty()

    def _append(self, entry: ReferenceEntry, *, published: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in ((KEY, entry.key), (NAME_VI, entry.name_vi), (NAME_EN, entry.name_en)):
            item = QTableWidgetItem(text)
            if column == KEY and published:  # records store the key: it never changes once sent
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setForeground(Qt.GlobalColor.darkGray)
                item.setToolTip(_("Records store this key, so it stays as it is; change the names instead."))
            self.table.setItem(row, column, item)
        return row

    # --- editing ---------------------------------------------------------------------------
    def entries(self) -> list[ReferenceEntry]:
        """The table as entries (a new entry without a key gets one made from its name)."""
        rows = [tuple((self.table.item(row, column).text() if self.table.item(row, column) else "").strip()
                      for column in (KEY, NAME_VI, NAME_EN)) for row in range(self.table.rowCount())]
        rows = [row for row in rows if any(row)]
        kind = self.current_kind()
        taken = [key for key, _vi, _en in rows if key]
        found = []
        for key, name_vi, name_en in rows:
            if not key and name_vi and kind is not None and not kind.typed_keys:
                key = key_from_name(name_vi, taken)
                taken.append(key)
            found.append(ReferenceEntry(key, name_vi, name_en))
        return found

    def is_dirty(self) -> bool:
        held = self.held.get(self._shown_list or "")
        return held is not None and tuple(self.entries()) != held.entries

    def _show_dirty(self) -> None:
        dirty = self.is_dirty()
        self.discard_button.setEnabled(dirty)
        kind = self.current_kind()
        held = self.held.get(kind.name) if kind is not None else None
        self.publish_button.setText(_("Publish version {version}…").format(version=held.version + 1)
                                    if held is not None else _("Publish the next version…"))

    def add_entry(self) -> None:
        self.table.blockSignals(True)
        row = self._append(ReferenceEntry("", "", ""), published=False)
        self.table.blockSignals(False)
        kind = self.current_kind()
        column = KEY if kind is not None and kind.typed_keys else NAME_VI
        self.table.setCurrentCell(row, column)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, column))
        self._show_dirty()

    def remove_entry(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), NAME_VI)
        self.message.setText(_("Removed from the list. Records that use it keep it; new ones cannot choose it."))
        self._show_dirty()

    def discard(self) -> None:
        self._show_list(self.current_kind())

    def publish(self) -> None:
        kind = self.current_kind()
        if kind is None or self.task is not None:
            return
        held = self.held[kind.name]
        entries = self.entries()
        if tuple(entries) == held.entries and held.version:
            self.message.setText(_("Nothing has changed since version {version}.").format(version=held.version))
            return
        if kind.typed_keys and any(not entry.key for entry in entries):
            self.message.setText(_("Each entry of this list needs its official code as the key."))
            return
        version = held.version + 1
        if not confirm(self, _("Publish a reference list"),
                       _("Publish version {version} of “{list}” ({count})? It goes to every centre in the next return "
                         "packages, and their pick lists follow it. Records already saved keep their values.").format(
                           version=version, list=kind.title(),
                           count=ngettext("{count} entry", "{count} entries", len(entries)).format(
                               count=format_integer(len(entries)))),
                       _("Publish"), _("Don't publish")):
            return
        db, name = self.db, kind.name
        self.task = BackgroundTask(self, _("Publish a reference list"),
                                   lambda _progress: publish_reference_version(db, name, entries),
                                   on_success=lambda number: self._published(kind, number),
                                   on_error=self._failed, show_dialog=False, changes=("reference_lists",))
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _published(self, kind: ReferenceListKind, number: object) -> None:
        self._shown_list = None  # the reload shows the list as published
        self.refresh()
        text = _("Version {version} of “{list}” published: it goes out in the next return packages.").format(
            version=number, list=kind.title())
        if self.navigator is not None:
            self.navigator.show_message(text)  # type: ignore[attr-defined]
        self.published_message = text

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserError):
            self.message.setText(error.message)
            self.message.setStyleSheet(ERROR_STYLE)
        else:
            show_error(self, error, _("The list could not be published"))

    def focus_start(self) -> None:
        self.lists.setFocus()
