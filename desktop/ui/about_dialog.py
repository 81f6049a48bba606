"""Giới thiệu (About): the version, the data folder and database in use, and the licences of what ships."""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.about import SHIPPED, about_facts, font_licence_path, icon_path
from desktop.i18n import _


class AboutDialog(QDialog):
    def __init__(self, database, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        facts = about_facts(database)
        self.setWindowTitle(_("About CLC Ledger"))
        icon = QLabel()
        icon.setPixmap(QPixmap(str(icon_path())).scaled(
            72, 72, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        lines = (_("CLC Ledger"), _("Community Learning Centre register"),
                 _("Version {version}").format(version=facts.version))
        heading = QLabel(f"<b style='font-size:15pt'>{escape(lines[0])}</b><br>"
                         + "<br>".join(escape(line) for line in lines[1:]))
        heading.setObjectName("aboutHeading")
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(heading, 1)
        self.places = QLabel("<table cellspacing=4>" + "".join(
            f"<tr><td>{escape(label)}</td><td><a href='{QUrl.fromLocalFile(str(place)).toString()}'>"
            f"{escape(str(place))}</a></td></tr>"
            for label, place in ((_("Data folder:"), facts.data_folder), (_("Database:"), facts.database),
                                 (_("Backups:"), facts.backups))) + "</table>")
        self.places.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.places.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
        self.places.setObjectName("aboutPlaces")
        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenLinks(False)
        self.licences.anchorClicked.connect(QDesktopServices.openUrl)
        self.licences.setHtml(self._licences_html(facts.python))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.places)
        layout.addWidget(QLabel(_("CLC Ledger is built with, and ships, these free components:")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    @staticmethod
    def _licences_html(python: str) -> str:
        rows = "".join(f"<tr><td><a href='{escape(item.home)}'>{escape(item.name)}</a></td>"
                       f"<td>{escape(_(item.licence))}</td></tr>" for item in SHIPPED)
        versions = _("Versions: Python {python}, Qt {qt}, PySide6 {pyside}.").format(
            python=python, qt=qVersion(), pyside=pyside_version)
        fonts = QUrl.fromLocalFile(str(font_licence_path())).toString()
        component, licence, fonts_licence = _("Component"), _("Licence"), _("The fonts licence (LICENSE-DejaVu.txt)")
        return (f"<table cellspacing=3><tr><th align=left>{escape(component)}</th>"
                f"<th align=left>{escape(licence)}</th></tr>{rows}</table>"
                f"<p>{escape(versions)}</p>"
                f"<p><a href='{fonts}'>{escape(fonts_licence)}</a></p>")
