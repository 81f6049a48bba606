"""Importing a learner list from Excel or CSV: pick the file and sheet, check the columns,
see every row that will be rejected and why, then import in one transaction.

Nothing is saved until the user presses Import; the import itself runs off the GUI thread
with a progress dialog and can be cancelled, which leaves the register as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import N_, _, ngettext, pick
from desktop.importing.columns import FIELDS
from desktop.importing.learner_sheet import ParsedRow
from desktop.services.centre import list_villages
from desktop.services.learner_import import LearnerImportPreview, commit_import, preview_import
from desktop.store.database import Database
from desktop.ui.list_file import ListFileRow, ask_for_list, fit_to_screen
from desktop.ui.messages import show_error
from desktop.ui.new_villages_box import NewVillagesBox
from desktop.ui.models.learner_table import ethnic_group_label, gender_label
from desktop.ui.tasks import BackgroundTask

REJECTED_COLOUR = QColor("#fbe3e4")
DUPLICATE_COLOUR = QColor("#fff3c4")
NOTICE_STYLE = "background: #fff3c4; padding: 6px; border: 1px solid #e0c36a;"
ERROR_STYLE = "color: #b00020;"
# Legacy encodings as the officer knows them: by the fonts they came with.
ENCODING_NAMES = {"tcvn3": N_("TCVN3 (ABC, .Vn fonts)"), "vni": N_("VNI (VNI-Times fonts)")}

ROW, STATUS, NAME, BIRTH, GENDER, ETHNIC, VILLAGE, REASONS = range(8)
_AnyIndex = QModelIndex | QPersistentModelIndex


def column_letter(index: int) -> str:
    """Excel's name for a 0-based column: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class ImportPreviewModel(QAbstractTableModel):
    """The rows of a file as they would be imported, with problems highlighted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._preview: Any = None  # a learner import preview, or another list's of the same shape
        self._rows: list[Any] = []
        self._headers = self.headers()

    @staticmethod
    def headers() -> tuple[str, ...]:
        return (_("Row"), _("Result"), _("Full name"), _("Born"), _("Gender"), _("Ethnic group"),
                _("Village"), _("Why"))

    def set_preview(self, preview: LearnerImportPreview | None, problems_only: bool = False) -> None:
        self.beginResetModel()
        self._preview = preview
        rows = preview.rows if preview else []
        self._rows = [row for row in rows if not problems_only or preview.status(row) != "accepted"]  # type: ignore[union-attr]
        self.endResetModel()

    def row_at(self, row: int) -> ParsedRow:
        return self._rows[row]

    def status_at(self, row: int) -> str:
        assert self._preview is not None
        return self._preview.status(self._rows[row])

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._preview is None:
            return None
        row = self._rows[index.row()]
        status = self._preview.status(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, status, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (REASONS, STATUS, NAME):
            return "\n".join(row.errors + row.warnings) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if status == "rejected":
                return QBrush(REJECTED_COLOUR)
            if status == "duplicate":
                return QBrush(DUPLICATE_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and status != "accepted":
            return QBrush(QColor("#000000"))  # readable on the pale highlight in any theme
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (ROW, BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: Any, status: str, column: int) -> str:
        values = row.values
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return {"rejected": _("Rejected"), "duplicate": _("Probable duplicate"),
                    "accepted": _("Will be imported")}[status]
        if column == NAME:
            return str(values.get("full_name") or "")
        if column == BIRTH:
            date = values.get("birth_date")
            if isinstance(date, dt.date):
                return format_date(date)
            year = values.get("birth_year")
            return str(year) if year else ""
        if column == GENDER:
            gender = values.get("gender")
            return gender_label(str(gender)) if gender else ""
        if column == ETHNIC:
            key = values.get("ethnic_group_key")
            return ethnic_group_label(str(key)) if key else ""
        if column == VILLAGE:
            return str(values.get("village") or "")
        if column == REASONS:
            return "; ".join(row.errors + row.warnings)
        return ""


class ImportDialog(QDialog):
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

    def read_preview(self, sheet: str | None, mapping: dict[str, int] | None) -> Any:
        return preview_import(self.db, self.path, sheet=sheet, mapping=mapping, today=self.today,
                              default_village_id=self.village_default.currentData(),
                              add_villages=self.new_villages.add.isChecked())

    def commit(self, preview: Any, include_duplicates: bool, progress: Any) -> int:
        return commit_import(self.db, preview, include_duplicates=include_duplicates,
                             progress=progress)

    def list_prompt(self) -> str:
        return _("Choose a learner list")

    def task_title(self) -> str:
        return _("Importing learners")

    def import_label(self, count: int) -> str:
        return ngettext("Import {count} learner", "Import {count} learners", count).format(
            count=format_integer(count))

    def imported_text(self, count: int) -> str:
        return ngettext("{count} learner imported.", "{count} learners imported.", count).format(
            count=format_integer(count))

    def __init__(self, db: Database, parent: QWidget | None = None, *, path: str | Path | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.path: Path | None = None
        self.preview: Any = None  # LearnerImportPreview, or a subclass's preview
        self.imported_count = 0
        self.task: BackgroundTask | None = None
        self._mapping_combos: dict[str, QComboBox] = {}
        self._building = False
        self.setWindowTitle(self.window_title())
        fit_to_screen(self, parent, (1000, 560), (1320, 720))

        # -- file and sheet ------------------------------------------------------------------
        file_row = ListFileRow(self, self.file_prompt(), self.choose_file)
        self.path_edit, self.choose_button = file_row.path_edit, file_row.choose_button
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumContentsLength(12)
        self.sheet_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        sheet_label = QLabel(_("Sheet:"))
        sheet_label.setBuddy(self.sheet_combo)
        file_row.addWidget(sheet_label)
        file_row.addWidget(self.sheet_combo)

        self.notice = QLabel()
        self.notice.setObjectName("legacyNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        # -- column mapping -------------------------------------------------------------------
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

        # -- preview ------------------------------------------------------------------------------
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems_only = QCheckBox(_("Show only rows with problems"))
        self.problems_only.toggled.connect(self._show_preview)
        self.model = self.model_class(self)
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # the reasons a row is rejected are shown in full
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Name and reasons share the width left over, so nothing scrolls sideways.
        header = self.table.horizontalHeader()
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
        preview_box = QGroupBox(_("Preview: nothing is saved until you press Import"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.summary)
        self.new_villages = NewVillagesBox(self)
        self.new_villages.toggled.connect(lambda _checked: self._mapping_changed())
        preview_layout.addWidget(self.new_villages)
        preview_layout.addWidget(self.table, 1)
        preview_layout.addWidget(self.problems_only)

        middle = QHBoxLayout()
        middle.addWidget(mapping_box)
        middle.addWidget(preview_box, 1)

        # -- bottom ----------------------------------------------------------------------------
        self.include_duplicates = QCheckBox(_("Also import probable duplicates"))
        self.include_duplicates.setToolTip(_("Leave unticked unless they really are other people "
                                             "with the same name and year"))
        self.include_duplicates.toggled.connect(self._update_import_button)
        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setToolTip(_("Close (Esc)"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.include_duplicates)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.error_label)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self._update_import_button()
        if path is not None:
            self.load_file(path)
        self.choose_button.setFocus()

    # -- choosing the file -----------------------------------------------------------------------
    def choose_file(self) -> None:
        if self.task is not None:
            return
        name = ask_for_list(self, self.list_prompt(), self.path)
        if name:
            self.load_file(name)

    def load_file(self, path: str | Path) -> None:
        """Open a file and preview it with the guessed columns (the first sheet with a table)."""
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.result_label.clear()
        self.imported_count = 0
        self._run_preview(sheet=None, mapping=None)

    def _sheet_changed(self) -> None:
        if self._building or self.path is None:
            return
        self._run_preview(sheet=self.sheet_combo.currentText(), mapping=None)

    def _mapping_changed(self) -> None:
        if self._building or self.path is None or self.preview is None:
            return
        self._run_preview(sheet=self.preview.sheet, mapping=self.current_mapping())

    def current_mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self._mapping_combos.items()
                if combo.currentData() is not None}

    def _run_preview(self, *, sheet: str | None, mapping: dict[str, int] | None) -> None:
        assert self.path is not None
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = self.read_preview(sheet, mapping)
        except UserError as error:
            self._show_problem(error.message)
            return
        except Exception as error:  # an unexpected failure is a bug: logged, shown plainly
            QGuiApplication.restoreOverrideCursor()
            show_error(self, error)
            self._show_problem(_("The file could not be read."))
            return
        finally:
            if QGuiApplication.overrideCursor() is not None:
                QGuiApplication.restoreOverrideCursor()
        self.preview = preview
        self.error_label.hide()
        self._fill_controls(preview)
        self._show_preview()

    def _show_problem(self, message: str) -> None:
        self.preview = None
        self.error_label.setText(message)
        self.error_label.show()
        self.notice.hide()
        self.new_villages.hide()
        self.summary.clear()
        self.model.set_preview(None)
        self._update_import_button()

    def _fill_controls(self, preview: LearnerImportPreview) -> None:
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

    def _show_preview(self) -> None:
        preview = self.preview
        self.model.set_preview(preview, self.problems_only.isChecked())
        if preview is None:
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
        self.summary.setText(" · ".join((
            ngettext("{count} row in the list", "{count} rows in the list", preview.total).format(
                count=format_integer(preview.total)),
            ngettext("{count} will be imported", "{count} will be imported", preview.accepted).format(
                count=format_integer(preview.accepted)),
            ngettext("{count} rejected", "{count} rejected", preview.rejected).format(
                count=format_integer(preview.rejected)),
            ngettext("{count} probable duplicate", "{count} probable duplicates",
                     preview.duplicates).format(count=format_integer(preview.duplicates)),
        )))
        self._update_import_button()

    def _measure_problem_rows(self) -> None:
        for row in range(self.model.rowCount()):
            if self.model.status_at(row) != "accepted":
                self.table.resizeRowToContents(row)

    def to_import(self) -> int:
        if self.preview is None:
            return 0
        return len(self.preview.rows_to_import(self.include_duplicates.isChecked()))

    def _update_import_button(self) -> None:
        count = self.to_import()
        self.import_button.setText(self.import_label(count) if count else _("Import"))
        self.import_button.setEnabled(count > 0 and self.task is None and not self.imported_count)
        self.include_duplicates.setEnabled(bool(self.preview and self.preview.duplicates))

    # -- importing ---------------------------------------------------------------------------------
    def start_import(self) -> None:
        preview = self.preview
        if preview is None or self.task is not None or not self.to_import():
            return
        include = self.include_duplicates.isChecked()
        self.result_label.setText(_("Importing…"))
        self.task = BackgroundTask(
            self, self.task_title(),
            lambda progress: self.commit(preview, include, progress),
            on_success=self._imported, on_error=self._failed)
        self.task.finished.connect(self._task_finished)
        for widget in (self.choose_button, self.sheet_combo, self.include_duplicates,
                       self.new_villages.add):
            widget.setEnabled(False)
        self._update_import_button()
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None
        self.choose_button.setEnabled(True)
        self.new_villages.add.setEnabled(True)
        self.sheet_combo.setEnabled(bool(self.preview and len(self.preview.sheets) > 1))
        self._update_import_button()
        # The success or error callback runs right after this; whatever is left was a cancel.
        QTimer.singleShot(0, self._check_cancelled)

    def _check_cancelled(self) -> None:
        if not self.imported_count and self.result_label.text() == _("Importing…"):
            self.result_label.setText(_("Import cancelled; nothing was saved."))

    def _imported(self, count: object) -> None:
        self.imported_count = int(count)  # type: ignore[call-overload]
        skipped = (self.preview.total - self.imported_count) if self.preview else 0
        text = self.imported_text(self.imported_count)
        if skipped:
            text += " " + ngettext("{count} row was not imported.", "{count} rows were not imported.",
                                   skipped).format(count=format_integer(skipped))
        self.result_label.setText(text)
        self._update_import_button()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.imported.emit(self.imported_count)

    def _failed(self, error: Exception) -> None:
        self.result_label.setText(_("Nothing was imported."))
        show_error(self, error, self.window_title())

    def reject(self) -> None:
        if self.task is not None:  # Esc during the import asks it to stop; nothing half-saved
            self.task.cancel()
            return
        super().reject()
