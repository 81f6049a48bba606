"""Qt's own texts (buttons, the file dialog, the print preview, a text field's menu) in
Vietnamese through our catalogs: PySide6 ships no Vietnamese translation of Qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit

from desktop import i18n
from desktop.ui.qt_texts import QT_TEXTS
from desktop.ui.qt_translation import GettextQtTranslator


@pytest.fixture
def vietnamese_qt(qapp) -> Iterator[None]:
    i18n.set_language("vi")
    translator = GettextQtTranslator()
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_file_dialog_speaks_vietnamese(qtbot, vietnamese_qt):
    dialog = QFileDialog(None, "Lưu danh sách")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["fileNameLabel"] == "&Tên tệp:"
    assert labels["fileTypeLabel"] == "&Loại tệp:"
    assert labels["lookInLabel"] == "&Tìm trong:"
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "&Lưu"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    dialog.reject()


def test_standard_buttons_and_the_text_menu_speak_vietnamese(qtbot, vietnamese_qt):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
                           | QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    texts = [button.text() for button in box.buttons()]
    assert sorted(texts) == sorted(["&Có", "&Không", "Đồng ý"])
    field = QLineEdit("Tà Xùa")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    actions = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    assert "&Sao chép" in actions and "&Dán" in actions and "Chọn tất cả" in actions
    menu.deleteLater()


def test_the_print_preview_toolbar_speaks_vietnamese(qtbot, vietnamese_qt):
    from PySide6.QtGui import QAction
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter()
    dialog = QPrintPreviewDialog(printer)
    qtbot.addWidget(dialog)
    texts = {action.text() for action in dialog.findChildren(QAction)}
    assert {"Phóng to", "Thu nhỏ", "Trang sau", "Khổ ngang", "In", "Thiết lập trang"} <= texts
    assert "Zoom in" not in texts


def test_english_keeps_qt_own_texts(qtbot, qapp):
    i18n.set_language("en")
    translator = GettextQtTranslator()
    qapp.installTranslator(translator)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.buttons()[0].text() == "Cancel"
    finally:
        qapp.removeTranslator(translator)
        i18n.set_language("vi")


@pytest.mark.parametrize("context", sorted(QT_TEXTS))
def test_every_listed_qt_text_has_vietnamese(context):
    catalog = i18n._read_po(i18n.catalog_folder() / "vi" / "LC_MESSAGES" / "clc.po", "vi")
    assert [text for text in QT_TEXTS[context] if text not in catalog] == []
