"""Print preview of a rendered PDF, and the path from "Print…" to it.

The PySide6 wheel has no QtPdf, so pages are rasterised with pypdfium2 (greyscale: the
documents are black on white, and a greyscale page takes a third of the memory) and painted
on the QPrinter. Laying the PDF out (reportlab) runs off the GUI thread with progress and Cancel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QMarginsF, QObject, QRectF, QSizeF, QStandardPaths, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread
from desktop.progress import Progress
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask

log = logging.getLogger(__name__)

MAX_DPI = 300  # enough for a laser printer; 600 dpi would hold 35 MB per A4 page in the preview
POINTS_PER_INCH = 72.0

Renderer = Callable[..., int]
"""render(out, *, progress, cancel) -> pages: a documents service with its arguments bound."""


def page_image(page: Any, dpi: float) -> QImage:
    """One PDF page (a pypdfium2 PdfPage) as a greyscale QImage at dpi."""
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
    try:
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        if bitmap.n_channels == 1:
            buffer = bytes(bitmap.buffer)
            image_format = QImage.Format.Format_Grayscale8
        else:  # pdfium gave colour (BGRx) after all: Qt reads BGRA as little-endian ARGB32
            buffer = bytes(bitmap.buffer)
            image_format = (QImage.Format.Format_RGB32 if bitmap.n_channels == 4
                            else QImage.Format.Format_BGR888)
        # copy(): the QImage must not point into a buffer Python may free
        return QImage(buffer, width, height, stride, image_format).copy()
    finally:
        bitmap.close()


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Width and height in points of every page of a PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [document[index].get_size() for index in range(len(document))]
    finally:
        document.close()


def save_png_pages(path: Path, folder: Path, stem: str, dpi: float = 100) -> list[Path]:
    """Write every page as PNG (to look at a document without printing it)."""
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            target = folder / f"{stem}_p{index + 1}.png"
            if not page_image(document[index], dpi).save(str(target)):
                raise OSError(f"cannot write {target}")
            written.append(target)
    finally:
        document.close()
    return written


class PrintPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview over an already rendered PDF, with "Save as PDF…" in its toolbar, and
    the document's language: Vietnamese (the official document) or an English copy."""

    language_chosen = Signal(str)

    def __init__(self, pdf: Path, title: str, parent: QWidget | None = None, *,
                 suggested_name: str = "", language: str = DOCUMENT_LANGUAGE) -> None:
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.printer, parent)
        self.pdf = Path(pdf)
        self.suggested_name = suggested_name or self.pdf.name
        self.pages_painted = 0
        self.setWindowTitle(_("Print preview: {title}").format(title=title))
        self.printer.setDocName(title)
        self.printer.setFullPage(True)  # the PDF carries its own margins
        sizes = page_sizes(self.pdf)
        if sizes:
            width, height = sizes[0]
            size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point,
                             "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            orientation = (QPageLayout.Orientation.Landscape if width > height
                           else QPageLayout.Orientation.Portrait)
            self.printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
        self.paintRequested.connect(self.paint)
        self.save_action = QAction(_("Save as PDF…"), self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.setToolTip(_("Save the document as a PDF file (Ctrl+S)"))
        self.save_action.triggered.connect(lambda: self.save_pdf())
        self.addAction(self.save_action)
        self.language_box = QComboBox()
        self.language_box.addItem(_("Vietnamese (official)"), "vi")
        self.language_box.addItem(_("English copy"), "en")
        self.language_box.setCurrentIndex(max(self.language_box.findData(language), 0))
        self.language_box.setToolTip(_("Official documents are in Vietnamese; an English copy "
                                       "is for reading only"))
        self.language_box.activated.connect(
            lambda _index: self.language_chosen.emit(str(self.language_box.currentData())))
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.save_action)
            toolbar.addSeparator()
            toolbar.addWidget(self.language_box)
        self.resize(1000, 720)

    def paint(self, printer: QPrinter) -> None:
        """Draw every page of the PDF on printer (the preview's, or the real one)."""
        import pypdfium2

        document = pypdfium2.PdfDocument(str(self.pdf))
        painter = QPainter()
        if not painter.begin(printer):
            document.close()
            log.error("cannot start painting on the printer")
            return
        try:
            dpi = min(float(printer.resolution()), MAX_DPI)
            self.pages_painted = 0
            for index in range(len(document)):
                if index and not printer.newPage():
                    break
                target = QRectF(painter.viewport())
                painter.drawImage(target, page_image(document[index], dpi))
                self.pages_painted += 1
        finally:
            painter.end()
            document.close()

    def save_pdf(self, target: str | Path | None = None) -> Path | None:
        """Copy the rendered PDF to a file the user chooses; returns where, or None."""
        if not target:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Save as PDF"), str(Path(folder) / self.suggested_name),
                _("PDF files (*.pdf)"))
            if not target:
                return None
        path = Path(target)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        partial = path.with_name(path.name + ".part")
        try:  # a pulled USB stick or a full disk must not leave half a PDF under the real name
            shutil.copyfile(self.pdf, partial)
            os.replace(partial, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            show_error(self, UserError(_("Cannot write {path}: {reason}").format(
                path=path, reason=error.strerror or error)))
            return None
        return path


def file_name(*parts: object) -> str:
    """A file name from a document's title and codes, safe on Windows, accents kept."""
    text = unicodedata.normalize("NFC", " ".join(str(part) for part in parts if part))
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "-", text).strip(" .")
    return (text or "document")[:120] + ".pdf"


class PrintJob(QObject):
    """Render a document on a worker with a progress dialog, then open its preview.

    Keep a reference until `finished`; the temporary PDF is removed when the preview closes.
    """

    finished = Signal()
    previewed = Signal(object)  # the PrintPreviewDialog, once it is open

    def __init__(self, parent: QWidget, title: str, render: Renderer, *,
                 suggested_name: str = "", language: str = DOCUMENT_LANGUAGE) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.title = title
        self.suggested_name = suggested_name or file_name(title)
        self.folder = Path(tempfile.mkdtemp(prefix="clc-print-"))
        self.path = self.folder / self.suggested_name
        self.language = language
        self.pages = 0
        self.progress_reports = 0
        self.preview: PrintPreviewDialog | None = None
        self._render = render
        self._succeeded = False
        self.task = self._new_task()

    def _new_task(self) -> BackgroundTask:
        task = BackgroundTask(self.parent_widget, _("Preparing {title}").format(title=self.title),
                              self._work, on_success=self._rendered, on_error=self._failed)
        task.finished.connect(lambda: self._task_finished(task))
        return task

    def start(self) -> PrintJob:
        self.task.start()
        return self

    def change_language(self, language: str) -> None:
        """Lay the document out again in `language` and show that in a new preview."""
        if language == self.language or self.preview is None:
            return
        old = self.preview
        old.finished.disconnect()  # closing it must not end the job
        old.close()
        old.deleteLater()
        self.preview = None
        self.language, self._succeeded = language, False
        stem = Path(self.suggested_name).stem
        self.path = self.folder / (f"{stem} (English).pdf" if language == "en" else self.suggested_name)
        self.task = self._new_task()
        self.task.start()

    def cancel(self) -> None:
        self.task.cancel()

    def _work(self, progress: Progress) -> int:
        def report(done: int, total: int, message: str) -> None:
            self.progress_reports += 1
            progress.report(done, total, message)

        # the whole document (header, weekdays, dates) in its language, not the window's
        with language_for_this_thread(self.language):
            return self._render(self.path, progress=Progress(report, stop_when=lambda: progress.cancelled))

    def _task_finished(self, task: BackgroundTask) -> None:
        # success opens the preview right after this; anything else ends the job here
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self._end_unless_previewing(task))

    def _end_unless_previewing(self, task: BackgroundTask) -> None:
        # a task replaced meanwhile (the user asked for the other language) ends nothing: its
        # late word must not remove the folder the new task is writing into
        if task is self.task and not self._succeeded:
            self._cleanup()

    def _rendered(self, pages: object) -> None:
        self._succeeded = True
        self.pages = int(pages)  # type: ignore[call-overload]
        try:
            self.preview = PrintPreviewDialog(self.path, self.title, self.parent_widget,
                                              suggested_name=self.path.name, language=self.language)
        except Exception as error:  # a PDF pdfium cannot open is a bug: logged, shown plainly
            log.exception("cannot open the print preview")
            show_error(self.parent_widget, error)
            self._cleanup()
            return
        self.preview.finished.connect(lambda _result: self._cleanup())
        self.preview.language_chosen.connect(self.change_language)
        self.preview.open()
        self.previewed.emit(self.preview)

    def _failed(self, error: Exception) -> None:
        show_error(self.parent_widget, error)

    def _cleanup(self) -> None:
        if self.preview is not None:
            self.preview.deleteLater()
            self.preview = None
        shutil.rmtree(self.folder, ignore_errors=True)
        self.finished.emit()


class PeriodDialog(QDialog):
    """Choose the period of a register: a whole year, or any two dates."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Register of classes and talks"))
        self.year_box = QComboBox()
        self.year_box.addItem(_("Other period"), None)
        for year in range(today.year, today.year - 11, -1):
            self.year_box.addItem(_("Year {year}").format(year=year), year)
        self.first, self.last = QDateEdit(), QDateEdit()
        for edit in (self.first, self.last):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        self.first.dateChanged.connect(self._dates_edited)
        self.last.dateChanged.connect(self._dates_edited)
        form = QFormLayout()
        form.addRow(_("Period"), self.year_box)
        form.addRow(_("From"), self.first)
        form.addRow(_("To"), self.last)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Print preview"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.year_box.setCurrentIndex(1)  # this year

    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year is None:
            return
        for edit, day in ((self.first, QDate(year, 1, 1)), (self.last, QDate(year, 12, 31))):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)
        self._dates_edited()

    def _dates_edited(self) -> None:
        first, last = self.period()
        if self.sender() in (self.first, self.last):
            whole = first.year if (first, last) == (dt.date(first.year, 1, 1),
                                                    dt.date(first.year, 12, 31)) else None
            self.year_box.blockSignals(True)
            self.year_box.setCurrentIndex(max(self.year_box.findData(whole), 0))
            self.year_box.blockSignals(False)
        wrong = last < first
        self.problem.setText(_("The end date is before the start date.") if wrong else "")
        self.ok_button.setEnabled(not wrong)

    def period(self) -> tuple[dt.date, dt.date]:
        first, last = self.first.date(), self.last.date()
        return (dt.date(first.year(), first.month(), first.day()),
                dt.date(last.year(), last.month(), last.day()))


def start_print(parent: QWidget, title: str, render: Renderer, *,
                suggested_name: str = "") -> PrintJob:
    """Lay out a document off the GUI thread, then show its print preview."""
    return PrintJob(parent, title, render, suggested_name=suggested_name).start()
