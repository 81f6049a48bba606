"""Nhận dữ liệu: choose packages, a folder or a whole USB stick; preview what each package
would bring; import; then the report on screen, saved as PDF or Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.progress import Progress
from desktop.services.sync.import_documents import save_import_report_excel, save_import_report_pdf
from desktop.services.sync.receive import (
    ALREADY_IMPORTED,
    HELD_GAP,
    IMPORTED,
    REFUSED,
    ImportReport,
    import_packages,
)
from desktop.ui.messages import show_error
from desktop.ui.sync.drives import mounted_drives
from desktop.ui.office.results import ResultsView
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import bind_button, shortcut_action
from desktop.ui.tasks import BackgroundTask

PATH_ROLE = Qt.ItemDataRole.UserRole


class ReceiveScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self.report: ImportReport | None = None
        self._outcome: str = ""  # what the running task ended with: done, failed (else: cancelled)
        title = QLabel(_("Receive data"))
        title.setObjectName("screenTitle")

        self.sources = QListWidget()
        self.sources.setToolTip(_("The packages, folders and USB sticks to read"))
        self.sources.setMaximumHeight(60)
        self.add_files_action = shortcut_action(self, _("Add package files"), "Ctrl+O", self._add_files)
        self.add_folder_action = shortcut_action(self, _("Add a folder of packages"), "Ctrl+Shift+O",
                                                 self._add_folder)
        self.remove_action = shortcut_action(self, _("Remove from the list"), "Delete", self._remove_source)
        self.add_files_button = bind_button(QPushButton(_("Package files…")), self.add_files_action)
        self.add_folder_button = bind_button(QPushButton(_("Folder…")), self.add_folder_action)
        self.remove_button = bind_button(QPushButton(_("Remove")), self.remove_action)
        self.drives = QComboBox()
        self.drives.setToolTip(_("USB sticks are listed first"))
        self.add_drive_button = QPushButton(_("Read the whole drive"))
        self.add_drive_button.setToolTip(_("Every package on the chosen drive, in all its folders"))
        self.add_drive_button.clicked.connect(self._add_drive)
        self.reload_drives_button = QPushButton(_("Look for drives again"))
        self.reload_drives_button.clicked.connect(self._fill_drives)
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.add_files_button)
        source_buttons.addWidget(self.add_folder_button)
        source_buttons.addWidget(self.remove_button)
        source_buttons.addStretch(1)
        drive_row = QHBoxLayout()  # a row of its own: with the file buttons a longer language cut them
        drive_row.addWidget(QLabel(_("Drive:")))
        drive_row.addWidget(self.drives, 1)
        drive_row.addWidget(self.add_drive_button)
        drive_row.addWidget(self.reload_drives_button)
        sources_box = QGroupBox(_("1. What to read"))
        sources_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        sources_layout = QVBoxLayout(sources_box)
        sources_layout.addWidget(self.sources)
        sources_layout.addLayout(source_buttons)
        sources_layout.addLayout(drive_row)

        self.register_new = QCheckBox(_("Register unknown centres' keys (check their fingerprints with the "
                                        "centres by phone)"))
        self.register_new.toggled.connect(self._options_changed)
        self.preview_action = shortcut_action(self, _("Preview"), "F5", self._preview)
        self.import_action = shortcut_action(self, _("Import"), "Ctrl+I", self._import)
        self.save_pdf_action = shortcut_action(self, _("Save the report as PDF"), "Ctrl+S", self._save_pdf)
        self.save_excel_action = shortcut_action(self, _("Save the report as Excel"), "Ctrl+E", self._save_excel)
        self.preview_button = bind_button(QPushButton(_("2. Preview")), self.preview_action)
        self.import_button = bind_button(QPushButton(_("3. Import")), self.import_action)
        self.save_pdf_button = bind_button(QPushButton(_("Save PDF…")), self.save_pdf_action)
        self.save_excel_button = bind_button(QPushButton(_("Save Excel…")), self.save_excel_action)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.import_button)
        actions.addSpacing(16)
        actions.addWidget(self.save_pdf_button)
        actions.addWidget(self.save_excel_button)

        self.headline = QLabel()
        self.headline.setObjectName("importHeadline")
        self.headline.setWordWrap(True)
        self.results = ResultsView()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(sources_box)
        layout.addWidget(self.register_new)  # its own line: the phone check it asks for must show whole
        layout.addLayout(actions)
        layout.addWidget(self.headline)
        layout.addWidget(self.results, 1)
        self._filler = QWidget()  # takes the room of the results until there are some
        self._filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self._filler, 1)
        self._fill_drives()
        self._show_report(None)

    @staticmethod
    def nav_title() -> str:
        return _("Receive data")

    # --- sources ----------------------------------------------------------------------------
    def _fill_drives(self) -> None:
        self.drives.clear()
        for drive in mounted_drives(writable=False):
            self.drives.addItem(drive.label(), str(drive.root))
        self.add_drive_button.setEnabled(self.drives.count() > 0)

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(row).data(PATH_ROLE)) for row in range(self.sources.count())]

    def add_sources(self, paths: list[Path]) -> None:
        known = set(self.source_paths())
        for path in paths:
            if path in known:
                continue
            known.add(path)
            label = _("Folder: {path}").format(path=path) if path.is_dir() else str(path)
            item = QListWidgetItem(label)
            item.setData(PATH_ROLE, str(path))
            self.sources.addItem(item)
        self._sources_changed()

    def _add_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Choose packages"), "",
                                                      _("Data packages (*.clcsync)"))
        self.add_sources([Path(name) for name in names])

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder of packages"))
        if folder:
            self.add_sources([Path(folder)])

    def _add_drive(self) -> None:
        root = self.drives.currentData()
        if root:
            self.add_sources([Path(root)])

    def _remove_source(self) -> None:
        row = self.sources.currentRow()
        if row >= 0:
            self.sources.takeItem(row)
            self._sources_changed()

    def _sources_changed(self) -> None:
        self.report = None
        self._show_report(None)

    def _options_changed(self) -> None:
        if self.report is not None and self.report.dry_run:  # the preview no longer says what will happen
            self._sources_changed()

    # --- preview and import ------------------------------------------------------------------
    def _preview(self) -> None:
        self._run(dry_run=True)

    def _import(self) -> None:
        if self.report is None or not self.report.dry_run or not self._importable(self.report):
            return
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        paths = self.source_paths()
        if self.task is not None or not paths:
            if not paths:
                self.headline.setText(_("Add package files, a folder or a drive first."))
            return
        db, register_new = self.db, self.register_new.isChecked()

        def work(progress: Progress) -> ImportReport:
            return import_packages(db, paths, dry_run=dry_run, register_new=register_new, progress=progress)

        title = _("Checking the packages…") if dry_run else _("Importing the packages…")
        self._outcome = ""
        self.task = BackgroundTask(self, title, work, on_success=self._finished, on_error=self._failed)
        self.task.finished.connect(lambda: self._task_ended(dry_run))
        self._set_busy(True)
        self.task.start()

    def _finished(self, result: object) -> None:
        assert isinstance(result, ImportReport)
        self._outcome = "done"
        self.report = result
        self._show_report(result)
        if not result.dry_run and self.navigator is not None:
            self.navigator.records_changed()  # type: ignore[attr-defined]

    def _failed(self, error: Exception) -> None:
        self._outcome = "failed"
        show_error(self, error, _("The packages could not be read"))

    def _task_ended(self, dry_run: bool) -> None:
        # `finished` comes just before the success or error handler: look at the outcome after it
        QTimer.singleShot(0, self, lambda: self._after_task(dry_run))

    def _after_task(self, dry_run: bool) -> None:
        self.task = None
        self._set_busy(False)
        if self._outcome:
            return
        if dry_run:
            self.headline.setText(_("The preview was cancelled. Nothing was saved."))
        else:  # each package is saved whole or not at all, one after the other
            self.headline.setText(_("The import was stopped. Packages finished before you pressed Cancel stay "
                                    "imported; the one in progress and the rest were not. Preview again to see "
                                    "what is left."))
            self.report = None
            self._show_report(None, keep_headline=True)
            if self.navigator is not None:
                self.navigator.records_changed()  # type: ignore[attr-defined]

    def _set_busy(self, busy: bool) -> None:
        for action in (self.preview_action, self.add_files_action, self.add_folder_action, self.remove_action):
            action.setEnabled(not busy)
        for button in (self.preview_button, self.add_files_button, self.add_folder_button, self.remove_button,
                       self.add_drive_button):
            button.setEnabled(not busy)
        if busy:
            self._enable_report_actions(False, False)
        else:
            self._enable_report_actions(self.report is not None,
                                        self.report is not None and self.report.dry_run
                                        and self._importable(self.report))

    @staticmethod
    def _importable(report: ImportReport) -> bool:
        return any(package.status == IMPORTED for package in report.packages)

    def _enable_report_actions(self, saving: bool, importing: bool) -> None:
        for action, button, enabled in ((self.save_pdf_action, self.save_pdf_button, saving),
                                        (self.save_excel_action, self.save_excel_button, saving),
                                        (self.import_action, self.import_button, importing)):
            action.setEnabled(enabled)
            button.setEnabled(enabled)

    def _show_report(self, report: ImportReport | None, *, keep_headline: bool = False) -> None:
        self.results.setVisible(report is not None)
        self._filler.setVisible(report is None)
        self.results.set_report(report)
        self._enable_report_actions(report is not None, report is not None and report.dry_run
                                    and self._importable(report))
        if not keep_headline:
            self.headline.setText(self._headline(report))

    def _headline(self, report: ImportReport | None) -> str:
        if report is None:
            if not self.source_paths():
                return _("Choose what to read: package files (.clcsync), a folder, or a whole USB stick. "
                         "Then press Preview: nothing is saved until you press Import.")
            return _("Press Preview to see what each package would bring. Nothing is saved until you press Import.")
        if not report.packages:
            return _("No package (.clcsync file) was found there.")
        counts = {status: sum(1 for package in report.packages if package.status == status)
                  for status in (IMPORTED, ALREADY_IMPORTED, HELD_GAP, REFUSED)}
        ready = counts[IMPORTED]
        parts = [(ngettext("{count} package ready to import", "{count} packages ready to import", ready)
                  if report.dry_run else ngettext("{count} package imported", "{count} packages imported", ready)
                  ).format(count=ready)] if ready or len(report.packages) == ready else []
        others = ((ALREADY_IMPORTED, ngettext("{count} already imported", "{count} already imported",
                                              counts[ALREADY_IMPORTED])),
                  (HELD_GAP, ngettext("{count} held until missing changes arrive",
                                      "{count} held until missing changes arrive", counts[HELD_GAP])),
                  (REFUSED, ngettext("{count} refused (see the reason)", "{count} refused (see the reasons)",
                                     counts[REFUSED])))
        parts += [template.format(count=counts[status]) for status, template in others if counts[status]]
        text = "; ".join(parts)
        if report.dry_run:
            tail = (_("Nothing has been saved yet: press Import to save.") if counts[IMPORTED]
                    else _("Nothing here can be imported."))
        else:
            tail = _("The import is finished. Save the report as PDF or Excel for your records.")
        return f"{text}. {tail}"

    # --- the report ----------------------------------------------------------------------------
    def _default_name(self, suffix: str) -> str:
        assert self.report is not None
        stem = _("preview") if self.report.dry_run else _("import-report")
        return f"{stem}-{self.report.made_at:%Y-%m-%d-%H%M}{suffix}"

    def _save_pdf(self) -> None:
        if self.report is None or self.task is not None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report as PDF"), self._default_name(".pdf"),
                                                    _("PDF files (*.pdf)"))
        if name:
            self.save_pdf_to(Path(name))

    def save_pdf_to(self, path: Path) -> BackgroundTask | None:
        if self.report is None:
            return None
        db, report = self.db, self.report
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.task = BackgroundTask(self, _("Saving the report…"),
                                   lambda progress: save_import_report_pdf(db, report, path, progress),
                                   on_success=self._saved, on_error=self._save_failed)
        self.task.finished.connect(self._save_ended)
        return self.task.start()

    def _save_excel(self) -> None:
        if self.report is None or self.task is not None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report as Excel"),
                                                    self._default_name(".xlsx"), _("Excel workbooks (*.xlsx)"))
        if name:
            self.save_excel_to(Path(name))

    def save_excel_to(self, path: Path) -> BackgroundTask | None:
        if self.report is None:
            return None
        db, report = self.db, self.report
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.task = BackgroundTask(self, _("Saving the report…"),
                                   lambda _progress: save_import_report_excel(db, report, path),
                                   on_success=self._saved, on_error=self._save_failed)
        self.task.finished.connect(self._save_ended)
        return self.task.start()

    def _saved(self, path: object) -> None:
        self.saved_to = Path(str(path))
        if self.navigator is not None:
            self.navigator.show_message(_("Report saved: {path}").format(path=path))  # type: ignore[attr-defined]

    def _save_failed(self, error: Exception) -> None:
        show_error(self, error, _("The report could not be saved"))

    def _save_ended(self) -> None:
        self.task = None

    def focus_start(self) -> None:
        (self.preview_button if self.sources.count() else self.add_files_button).setFocus()
