"""Settings → Merged communes: preview, duplicate review, merge and its report, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.i18n import set_language
from desktop.store.database import open_database
from desktop.ui.merge.section import MergeSection
from tests.merger_support import SHARED_PERSON, fresh_copies, make_former_centres


@pytest.fixture(scope="module")
def formers(tmp_path_factory) -> tuple[Path, Path]:
    return make_former_centres(tmp_path_factory.mktemp("formers"))


@pytest.fixture
def world(formers, tmp_path):
    from desktop.services.merger import merge_centre

    new, a, b = fresh_copies(*formers, tmp_path)
    db = open_database(new)
    merge_centre(db, a)
    yield db, b
    db.close()


def _preview(qtbot, db, path: Path) -> MergeSection:
    section = MergeSection(db)
    qtbot.addWidget(section)
    section.resize(1366, 700)
    section.show()
    section.refresh()
    section.open_preview(path)
    qtbot.waitUntil(lambda: section.preview_dialog is not None and section.preview_dialog.isVisible(), timeout=60_000)
    return section


@pytest.mark.parametrize("language", ["vi", "en"])
def test_preview_review_of_duplicates_merge_and_report(qtbot, world, tmp_path, language):
    set_language(language)
    db, former = world
    section = _preview(qtbot, db, former)
    dialog = section.preview_dialog
    assert dialog.tabs.count() == 4
    names = [dialog.duplicates.item(row, 1).text() for row in range(dialog.duplicates.rowCount())]
    row = names.index(SHARED_PERSON[0])
    assert dialog.duplicates.item(row, 0).checkState() == Qt.CheckState.Unchecked  # never joined unasked
    dialog.duplicates.item(row, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.prefix.text() == "BX"
    assert len(dialog.decisions().join_learners) == 1
    dialog.run_merge()
    qtbot.waitUntil(lambda: section.report_dialog is not None and section.report_dialog.isVisible(), timeout=60_000)
    report = section.report_dialog
    text = report.view.toPlainText()
    assert SHARED_PERSON[0] in text
    assert ("Đã gộp làm một" if language == "vi" else "Joined as one") in text
    pdf = tmp_path / "report.pdf"
    report.save_pdf_to(pdf)
    qtbot.waitUntil(lambda: pdf.exists(), timeout=30_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    section.refresh()
    assert section.list_box.findChildren(type(dialog.duplicates))[0].rowCount() == 2
    report.close()


def test_a_prefix_that_cannot_be_used_keeps_the_preview_open(qtbot, world, monkeypatch):
    db, former = world
    section = _preview(qtbot, db, former)
    dialog = section.preview_dialog
    shown = []
    monkeypatch.setattr("desktop.ui.merge.preview_dialog.show_error", lambda parent, error: shown.append(error))
    dialog.prefix.setText("")
    dialog.run_merge()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 3 and dialog.merge_button.isEnabled()
    dialog.reject()
