"""Importing a learner list from Excel or CSV: pick the file and sheet, check the columns,
see every row that will be rejected and why, then import in one transaction.

The import-preview skeleton (widgets/import_preview.py) with a learner list's parts: the sheet,
the column mapping, the legacy-encoding notice, new villages and probable duplicates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_integer
from desktop.i18n import N_, _, ngettext, pick
from desktop.importing.columns import FIELDS
from desktop.progress import Progress
from desktop.services.centre import list_villages
from desktop.services.learner_import import LearnerImportPreview, commit_import, preview_import
from desktop.store.database import Database
from desktop.ui.models.import_preview_table import (
    BIRTH,
    ETHNIC,
    GENDER,
    NAME,
    REASONS,
    ROW,
    STATUS,
    VILLAGE,
    ImportPreviewModel,
)
from desktop.ui.new_villages_box import NewVillagesBox
from desktop.ui.widgets.import_preview import ImportPreviewDialog, PreviewBox, preview_summary

NOTICE_STYLE = "background: #fff3c4; padding: 6px; border: 1px solid #e0c36a;"
# Legacy encodings as the officer knows them: by the fonts they came with.
ENCODING_NAMES = {"tcvn3": N_("TCVN3 (ABC, .Vn fonts)"), "vni": N_("VNI (VNI-Times fonts)")}


def column_letter(index: int) -> str:
    """Excel's name for a 0-based column: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class ImportDialog(ImportPreviewDialog):
    """Import learners from a file; `imported_count` says how many were saved.

    Other lists (past classes and talks) reuse it: a subclass gives its fields, preview model,
    preview and commit functions and its few texts through the hooks below."""

    imported = Signal(int)
    fields: tuple[Any, ...] = FIELDS
    model_class: type[ImportPreviewModel] = ImportPreviewModel

    def window_title(self) -> str:
        return _("Import learners from Excel")

    def file_prompt(self) -> str:
        return _("Choose an Excel (.xlsx) or CSV file with the list of learners")

    def read_list(self, sheet: str | None, mapping: dict[str, int] | None) -> Any:
        return preview_import(self.db, self.path, sheet=sheet, mapping=mapping, today=self.today,
                              default_village_id=self.village_default.currentData(),
                              add_villages=self.new_villages.add.isChecked())

    def commit_rows(self, preview: Any, include_duplicates: bool, progress: Any) -> int:
        return commit_import(self.db, preview, include_duplicates=include_duplicates,
                             progress=progress)

    def list_prompt(self) -> str:
        return _("Choose a learner list")

    def changes(self) -> tuple[str, ...]:
        return ("learners",)

    def task_title(self) -> str:
        return _("Importing learners")

    def import_label(self, count: int) -> str:
        return ngettext("Import {count} learner", "Import {count} learners", count).format(
            count=format_integer(count))

    def imported_count_text(self, count: int) -> str:
        return ngettext("{count} learner imported.", "{count} learners imported.", count).format(
            count=format_integer(count))

    def __init__(self, db: Database, parent: QWidget | None = None, *, path: str | Path | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(db, parent, today=today, minimum=(1000, 560), largest=(1320, 720))
        self._mapping_combos: dict[str, QComboBox] = {}
        self._building = False

        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumContentsLength(12)
        self.sheet_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        sheet_label = QLabel(_("Sheet:"))
        sheet_label.setBuddy(self.sheet_combo)
        self.file_row.addWidget(sheet_label)
        self.file_row.addWidget(self.sheet_combo)

        self.notice = QLabel()
        self.notice.setObjectName("legacyNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()

        self.problems_only = QCheckBox(_("Show only rows with problems"))
        self.problems_only.toggled.connect(self.show_preview)
        self.model = self.model_class(self)
        self.table = self._preview_table()
        self.new_villages = NewVillagesBox(self)
        self.new_villages.toggled.connect(lambda _checked: self._mapping_changed())
        box = PreviewBox(self.table, between=[self.new_villages], below=[self.problems_only])
        self.summary = box.summary
        mapping_box = self._mapping_box(db)

        self.include_duplicates = QCheckBox(_("Also import probable duplicates"))
        self.include_duplicates.setToolTip(_("Leave unticked unless they really are other people "
                                             "with the same name and year"))
        self.include_duplicates.toggled.connect(self.update_import_button)
        self.arrange(box, above=[self.notice], beside=mapping_box,
                     bottom_left=[self.include_duplicates])
        self.open_first(path)

    @property
    def imported_count(self) -> int:
        return int(self.result or 0)

    def _mapping_box(self, db: Database) -> QGroupBox:
        mapping_box = QGroupBox(_("Columns in the file"))
        mapping_form = QFormLayout()
        mapping_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            combo = QComboBox()
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setObjectName(f"map_{field.key}")
            combo.currentIndexChanged.connect(self._mapping_changed)
            self._mapping_combos[field.key] = combo
            mapping_form.addRow(pick(field.name_vi, field.name_en), combo)
        self.village_default = QComboBox()
        self.village_default.addItem(_("— reject the row —"), None)
        for village in list_villages(db):
            self.village_default.addItem(village.name, village.id)
        self.village_default.setToolTip(_("For a list of one village without a village column"))
        self.village_default.currentIndexChanged.connect(self._mapping_changed)
        mapping_form.addRow(_("Rows with no village"), self.village_default)
        self.mapping_form = mapping_form
        inner = QWidget()
        inner.setLayout(mapping_form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        mapping_layout = QVBoxLayout(mapping_box)
        hint = QLabel(_("Guessed from the headings; change any that are wrong."))
        hint.setWordWrap(True)
        mapping_layout.addWidget(hint)
        mapping_layout.addWidget(scroll)
        mapping_box.setFixedWidth(360)
        return mapping_box

    def _preview_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("importPreview")
        table.setModel(self.model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)  # the reasons a row is rejected are shown in full
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Name and reasons share the width left over, so nothing scrolls sideways.
        header = table.horizontalHeader()
        header.setMinimumSectionSize(30)
        metrics = header.fontMetrics()
        widths = {ROW: "0000", STATUS: _("Probable duplicate"), BIRTH: "00/00/0000",
                  GENDER: "Female", ETHNIC: "Gia-rai", VILLAGE: "Bản Pá Khoang"}
        for column, sample in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 16,
                                             metrics.horizontalAdvance(title) + 20))
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REASONS, QHeaderView.ResizeMode.Stretch)
        # Wrapped reasons need their rows re-measured whenever the "Why" column changes width.
        self._rows_to_measure = QTimer(self)
        self._rows_to_measure.setSingleShot(True)
        self._rows_to_measure.setInterval(0)
        self._rows_to_measure.timeout.connect(self._measure_problem_rows)
        header.sectionResized.connect(lambda column, _old, _new: column == REASONS
                                      and self._rows_to_measure.start())
        return table

    # -- reading the file: sheet and columns -----------------------------------------------------
    def read_preview(self, path: Path) -> Any:
        return self._read(sheet=None, mapping=None)

    def _sheet_changed(self) -> None:
        if self._building or self.path is None:
            return
        self.refresh_preview(lambda: self._read(sheet=self.sheet_combo.currentText(), mapping=None))

    def _mapping_changed(self) -> None:
        if self._building or self.path is None or self.preview is None:
            return
        sheet, mapping = self.preview.sheet, self.current_mapping()
        self.refresh_preview(lambda: self._read(sheet=sheet, mapping=mapping))

    def current_mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self._mapping_combos.items()
                if combo.currentData() is not None}

    def _read(self, *, sheet: str | None, mapping: dict[str, int] | None) -> Any:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self.read_list(sheet, mapping)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def show_problem(self, message: str) -> None:
        super().show_problem(message)
        self.notice.hide()
        self.new_villages.hide()
        self.summary.clear()

    def preview_read(self, preview: LearnerImportPreview) -> None:
        self._building = True
        try:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(preview.sheets)
            self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findText(preview.sheet), 0))
            self.sheet_combo.setEnabled(len(preview.sheets) > 1)
            for key, combo in self._mapping_combos.items():
                combo.clear()
                combo.addItem(_("— not in the file —"), None)
                for index, heading in enumerate(preview.headers):
                    label = f"{column_letter(index)}: {heading}" if heading else column_letter(index)
                    combo.addItem(label, index)
                    combo.setItemData(combo.count() - 1, heading, Qt.ItemDataRole.ToolTipRole)
                chosen = preview.mapping.get(key)
                combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else 0)
        finally:
            self._building = False

    def show_preview(self) -> None:
        preview = self.preview
        self.model.set_preview(preview, self.problems_only.isChecked())
        if preview is None:
            self.update_import_button()
            return
        self.new_villages.show_villages(preview.new_villages)
        self._measure_problem_rows()
        if preview.legacy_encoding:
            self.notice.setText(_(
                "This file was typed in the old {encoding} encoding. Its text was converted to "
                "Unicode for the import; check the names below before importing.").format(
                encoding=_(ENCODING_NAMES.get(preview.legacy_encoding, preview.legacy_encoding))))
            self.notice.show()
        else:
            self.notice.hide()
        self.summary.setText(preview_summary(
            preview.total, preview.accepted, preview.rejected,
            ngettext("{count} probable duplicate", "{count} probable duplicates",
                     preview.duplicates).format(count=format_integer(preview.duplicates))))
        self.update_import_button()

    def _measure_problem_rows(self) -> None:
        for row in range(self.model.rowCount()):
            if self.model.status_at(row) != "accepted":
                self.table.resizeRowToContents(row)

    # -- importing ---------------------------------------------------------------------------------
    def import_count(self) -> int:
        if self.preview is None:
            return 0
        return len(self.preview.rows_to_import(self.include_duplicates.isChecked()))

    def to_import(self) -> int:
        return self.import_count()

    def update_import_button(self) -> None:
        super().update_import_button()
        self.include_duplicates.setEnabled(bool(self.preview and self.preview.duplicates))

    def import_work(self, preview: Any) -> Any:
        include = self.include_duplicates.isChecked()
        return lambda progress: self.commit(preview, include, progress)

    def commit(self, preview: Any, include_duplicates: bool, progress: Progress) -> int:  # type: ignore[override]
        return self.commit_rows(preview, include_duplicates, progress)

    def during_import(self) -> list[QWidget]:
        return [self.sheet_combo, self.include_duplicates, self.new_villages.add]

    def after_import(self) -> None:
        self.new_villages.add.setEnabled(True)
        self.sheet_combo.setEnabled(bool(self.preview and len(self.preview.sheets) > 1))

    def imported_text(self, count: int) -> str:
        skipped = (self.preview.total - count) if self.preview else 0
        text = self.imported_count_text(count)
        if skipped:
            text += " " + ngettext("{count} row was not imported.", "{count} rows were not imported.",
                                   skipped).format(count=format_integer(skipped))
        return text

    def on_imported(self, result: Any) -> None:
        self.imported.emit(self.imported_count)
