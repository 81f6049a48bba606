"""Return packages in the window: the office's "Send back to centres" on its board, and at the
centre the package opened on the Send screen with its corrections answered one by one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.services.learners import get_learner, list_learners
from desktop.services.sync.corrections import propose_correction, received_corrections
from desktop.services.sync.export import outbox
from desktop.services.sync.receive import import_packages
from desktop.ui.office.board import CentresScreen
from desktop.ui.sync.return_dialogs import CorrectionsDialog
from desktop.ui.sync.send_screen import SendScreen
from sync_ui_support import answering, click
from tests.sync_support import connect, new_centre, new_office, send


def _office_with_a_centre(tmp_path: Path):  # type: ignore[no-untyped-def]
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Mường Than", "04711", learners=3)
    connect(office, centre, tmp_path / "keys")
    import_packages(office, [send(centre, tmp_path / "stick")])
    learners = list_learners(centre)
    propose_correction(office, table="learner", record_id=learners[0].id, field="birth_year", value="1960",
                       reason="Theo sổ hộ khẩu")
    propose_correction(office, table="learner", record_id=learners[1].id, field="gender", value="male",
                       reason="Danh sách điều tra ghi là nam")
    return office, centre, learners


def test_the_office_sends_back_and_the_centre_accepts_one_correction_and_declines_the_other(qtbot, tmp_path):
    office, centre, learners = _office_with_a_centre(tmp_path)
    try:
        board = CentresScreen(office)
        qtbot.addWidget(board)
        board.show()
        board.refresh()
        qtbot.waitUntil(lambda: board.task is None and board.model.rowCount() == 1, timeout=20000)
        board.send_back_button.click()
        dialog = board.send_back_dialog
        assert dialog.centres.count() == 2  # all, and the one centre
        out = tmp_path / "usb"
        out.mkdir()
        dialog.use_folder(out)
        dialog.write_button.click()
        qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.written), timeout=20000)
        [package] = list(out.iterdir())
        assert "04711" in package.name and package.name in dialog.message.text()
        dialog.reject()

        screen = SendScreen(centre)
        qtbot.addWidget(screen)
        screen.resize(1136, 720)
        screen.show()
        screen.bring_up_to_date()
        assert not screen.corrections_button.isEnabled()

        def answer(dialog: CorrectionsDialog) -> None:
            assert dialog.list.count() == 2
            dialog.reason.setText("")
            dialog.decline_button.click()  # a decline needs a reason: nothing is answered yet
            assert dialog.list.count() == 2 and dialog.message.text()
            dialog.accept_button.click()  # the first: its birth year
            assert dialog.list.count() == 1
            dialog.reason.setText("Học viên là nữ, đã hỏi lại")
            dialog.decline_button.click()
            assert dialog.list.count() == 0 and not dialog.accept_button.isEnabled()
            dialog.reject()

        with answering((QMessageBox, click("Đồng ý")), (CorrectionsDialog, answer)) as texts:
            screen.open_return(package)
            qtbot.waitUntil(lambda: len(texts) == 1 and received_corrections(centre)
                            and not received_corrections(centre, pending_only=True), timeout=20000)
        assert "1" in texts[0] and "Cấp trên xác nhận đã nhận" in texts[0]
        assert outbox(centre)[0].acknowledged_at is not None
        assert get_learner(centre, learners[0].id).birth_year == 1960
        assert get_learner(centre, learners[1].id).gender == learners[1].gender
        assert [item.status for item in received_corrections(centre)] == ["accepted", "declined"]

        with answering((QMessageBox, click("Đồng ý"))) as texts:  # the same package again
            screen.open_return(package)
            qtbot.waitUntil(lambda: len(texts) == 1, timeout=20000)
        assert "không được áp dụng" in texts[0] and "đã được áp dụng trước đây" in texts[0]
    finally:
        office.close()
        centre.close()
