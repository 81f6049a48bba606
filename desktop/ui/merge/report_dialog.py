"""The merge report on screen, with Save as PDF."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QTextBrowser, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.merger import MergeReport
from desktop.services.merger.documents import report_data, save_merge_report_pdf
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask


def report_html(report: MergeReport) -> str:
    data = report_data(report)
    parts = [f"<h2>{html.escape(data.title)}</h2><p>"]
    parts += [f"<b>{html.escape(label)}:</b> {html.escape(value)}<br>" for label, value in data.facts]
    parts.append(f"</p><p>{html.escape(data.explanation)}</p>")
    for section in data.sections:
        parts.append(f"<h3>{html.escape(section.title)}</h3>")
        if section.note:
            parts.append(f"<p>{html.escape(section.note)}</p>")
        if section.rows:
            parts.append('<table border="1" cellspacing="0" cellpadding="3"><tr>')
            parts += [f"<th>{html.escape(header)}</th>" for header in section.headers]
            parts.append("</tr>")
            for row in section.rows:
                cells = "".join(f'<td align="{"right" if index in section.numeric else "left"}">{html.escape(value)}</td>'
                                for index, value in enumerate(row))
                parts.append(f"<tr>{cells}</tr>")
            parts.append("</table>")
    return "".join(parts)


class MergeReportDialog(QDialog):
    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.task: BackgroundTask | None = None
        self.setWindowTitle(_("Merge report"))
        self.resize(1000, 680)
        self.view = QTextBrowser()
        self.view.setHtml(report_html(report))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip(_("Save the report as a PDF file to print or keep (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self._ask_pdf)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def _ask_pdf(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report as PDF"), _("merge-report.pdf"),
                                                    _("PDF files (*.pdf)"))
        if name:
            self.save_pdf_to(Path(name))

    def save_pdf_to(self, path: Path) -> BackgroundTask:
        self.task = BackgroundTask(self, _("Saving the report"), lambda progress: save_merge_report_pdf(
            self.report, path, progress), on_error=lambda error: show_error(self, error)).start()
        return self.task
