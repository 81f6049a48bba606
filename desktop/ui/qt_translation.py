"""A QTranslator that routes Qt's own strings (OK, Cancel, file dialogs) through our catalogs.

The PySide6 wheel ships no Vietnamese translation of Qt itself. desktop/ui/qt_texts.py lists the
Qt texts the app shows, so that pybabel extracts them into the catalogs like our own messages.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from desktop.i18n import _


class GettextQtTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null QString) tells Qt "no translation here"; an empty string would be taken
        # as the translation and blank Qt's own texts ("F%1" of key names, for one).
        if not source_text:
            return None
        translated = _(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
