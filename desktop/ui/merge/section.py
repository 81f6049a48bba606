"""Settings → Merged communes: the former centres merged into this one, and "Merge a former centre…"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.services.merger import MergeReport, preview_merge
from desktop.services.merger.history import list_mergers
from desktop.ui.database_call import load_on_worker
from desktop.ui.merge.preview_dialog import MergePreviewDialog
from desktop.ui.merge.report_dialog import MergeReportDialog
from desktop.ui.merge.tables import make_table
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask


class MergeSection(QWidget):
    def __init__(self, db, navigator=None, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db, self.navigator = db, navigator
        self.task: BackgroundTask | None = None
        self.preview_dialog: MergePreviewDialog | None = None
        self.report_dialog: MergeReportDialog | None = None
        intro = QLabel(_(
            "When communes were merged (1 July 2025), the new commune's centre takes in the records of the former "
            "centres: learners, classes and talks, attendance, the book cabinets and their registers. Copy the "
            "former centre's data file (clc-ledger.sqlite, or a backup of it) from its PC, then merge it here. "
            "You see a preview first; every record keeps its id and the former centre it came from."))
        intro.setWordWrap(True)
        self.merge_button = QPushButton(_("Merge a former centre…"))
        self.merge_button.setToolTip(_("Choose the former centre's data file; nothing is saved before the preview"))
        self.merge_button.clicked.connect(self._choose)
        self.list_box = QGroupBox(_("Former centres merged into this one"))
        self.list_layout = QVBoxLayout(self.list_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.merge_button)
        layout.addWidget(self.list_box, 1)

    def refresh(self) -> None:
        db = self.db
        loaded, mergers = load_on_worker(self, lambda: list_mergers(db))
        if not loaded or mergers is None:
            return
        while self.list_layout.count():
            widget = self.list_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        if not mergers:
            self.list_layout.addWidget(QLabel(_("None yet.")))
            return
        rows = [(item.former_name, item.former_commune_code, format_date(item.merged_on), format_integer(item.records),
                 item.accession_prefix or "—") for item in mergers]
        self.list_layout.addWidget(make_table(
            (_("Former centre"), _("Commune code"), _("Merged on"), _("Records"), _("Prefix of its book numbers")),
            rows, numeric=(3,), stretch=0))

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("The former centre's data file"), "",
                                                    _("CLC Ledger data files (*.sqlite *.db);;All files (*)"))
        if name:
            self.open_preview(Path(name))

    def open_preview(self, path: Path) -> BackgroundTask:
        self.task = BackgroundTask(self, _("Reading the former centre's file"),
                                   lambda _progress: preview_merge(self.db, path),
                                   on_success=lambda preview: self.show_preview(path, preview),
                                   on_error=lambda error: show_error(self, error)).start()
        return self.task

    def show_preview(self, path: Path, preview: object) -> MergePreviewDialog:
        self.preview_dialog = MergePreviewDialog(self.db, path, preview, self)  # type: ignore[arg-type]
        self.preview_dialog.merged.connect(self.show_report)
        self.preview_dialog.open()
        return self.preview_dialog

    def show_report(self, report: MergeReport) -> MergeReportDialog:
        self.refresh()
        if self.navigator is not None:
            self.navigator.status_changed()  # type: ignore[attr-defined]
        self.report_dialog = MergeReportDialog(report, self)
        self.report_dialog.open()
        return self.report_dialog
