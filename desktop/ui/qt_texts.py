"""Qt's own texts that the app shows, so that they are extracted into our catalogs.

PySide6 ships no Vietnamese translation of Qt (no qtbase_vi.qm). GettextQtTranslator passes
every text Qt asks for through `_()`, whatever its Qt context; the texts below are the ones the
app's screens show (buttons, the file dialog, the print preview, print and page setup dialogs, the
right-click menu of a text field), listed by the Qt context that asks for them. The list was made
by recording the translate() calls of those dialogs; after a Qt upgrade, re-record and compare.
Nothing imports this module: it exists for `pybabel extract`.
"""

from __future__ import annotations

from desktop.i18n import N_

QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (  # the standard buttons of every dialog and message box
        N_("OK"), N_("Cancel"), N_("&Yes"), N_("&No"), N_("Yes to &All"), N_("N&o to All"),
        N_("Open"), N_("Save"), N_("Save All"), N_("Close"), N_("Discard"), N_("Apply"),
        N_("Reset"), N_("Restore Defaults"), N_("Help"), N_("Abort"), N_("Retry"), N_("Ignore"),
    ),
    "QMessageBox": (N_("Show Details..."), N_("Hide Details...")),
    "QInputDialog": (N_("Enter a value:"),),
    "QLineEdit": (
        N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
        N_("Select All"),
    ),
    "QAbstractSpinBox": (N_("&Step up"), N_("Step &down")),
    "QTabBar": (N_("Scroll Left"), N_("Scroll Right")),
    "QFileDialog": (
        N_("&Look in:"), N_("File &name:"), N_("Files of &type:"), N_("Directory:"),
        N_("&Open"), N_("&Save"), N_("&Choose"), N_("&Delete"), N_("&Rename"), N_("&New Folder"),
        N_("All Files (*)"), N_("Back"), N_("Forward"), N_("Go back"), N_("Go forward"),
        N_("Parent Directory"), N_("Go to the parent directory"), N_("Create New Folder"),
        N_("Create a New Folder"), N_("List View"), N_("Detail View"),
        N_("Change to list view mode"), N_("Change to detail view mode"), N_("Directories"),
        N_("Files"), N_("Show &hidden files"), N_("Sidebar"), N_("List of places and bookmarks"),
    ),
    "QFileSystemModel": (N_("Name"), N_("Size"), N_("Type"), N_("Date Modified"), N_("Computer")),
    "QAbstractFileIconProvider": (N_("Drive"), N_("Folder")),
    "QPrintPreviewDialog": (
        N_("Print Preview"), N_("Print"), N_("Page setup"), N_("Page Setup"), N_("First page"),
        N_("Previous page"), N_("Next page"), N_("Last page"), N_("Fit width"), N_("Fit page"),
        N_("Zoom in"), N_("Zoom out"), N_("Portrait"), N_("Landscape"), N_("Show single page"),
        N_("Show facing pages"), N_("Show overview of all pages"),
    ),
    "QPrintDialog": (
        N_("&Print"), N_("&Options >>"), N_("Print to File (PDF)"), N_("Write PDF file"),
        N_("Local file"), N_("All Pages"), N_("Odd Pages"), N_("Even Pages"),
        N_("Left to Right, Top to Bottom"), N_("Left to Right, Bottom to Top"),
        N_("Right to Left, Bottom to Top"), N_("Right to Left, Top to Bottom"),
        N_("Bottom to Top, Left to Right"), N_("Bottom to Top, Right to Left"),
        N_("Top to Bottom, Left to Right"), N_("Top to Bottom, Right to Left"),
    ),
    "QPrintWidget": (
        N_("Printer"), N_("&Name:"), N_("P&roperties"), N_("Location:"), N_("Type:"),
        N_("Output &file:"), N_("Preview"),
    ),
    "QPrintSettingsOutput": (
        N_("Copies"), N_("Copies:"), N_("Collate"), N_("Reverse"), N_("Options"),
        N_("Output Settings"), N_("Print range"), N_("Print all"), N_("Pages from"), N_("to"),
        N_("Pages"), N_("Current Page"), N_("Selection"), N_("Page &Set:"), N_("Color Mode"),
        N_("Color"), N_("Grayscale"), N_("Double Sided Printing"), N_("Off"),
        N_("Long side binding"), N_("Short side binding"),
        N_("Specify pages or ranges separated by commas. Ranges are specified by two numbers "
           "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9."),
    ),
    "QPageSetupWidget": (
        N_("Paper"), N_("Page size:"), N_("Width:"), N_("Height:"), N_("Custom"),
        N_("Paper source:"), N_("Orientation"), N_("Portrait"), N_("Landscape"),
        N_("Reverse landscape"), N_("Reverse portrait"), N_("Margins"), N_("top margin"),
        N_("bottom margin"), N_("left margin"), N_("right margin"), N_("Page Layout"),
        N_("Page &order:"), N_("Pages &per sheet:"), N_("Millimeters (mm)"), N_("Inches (in)"),
        N_("Points (pt)"),
    ),
}
