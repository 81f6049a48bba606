"""The optional PIN at start: a slow scrypt hash, never the PIN itself; asked before the window."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.errors import ValidationError
from desktop.services.pin import PIN_KEY, check_pin, clear_pin, has_pin, pin_matches, set_pin


def test_the_pin_is_kept_only_as_a_salted_scrypt_hash(db):
    assert not has_pin(db) and check_pin(db, "")  # no PIN: nothing is asked
    set_pin(db, "2468", "2468")
    with sqlite3.connect(db.path) as connection:
        [stored] = connection.execute("SELECT value FROM setting WHERE key = ?", (PIN_KEY,)).fetchone()
    assert stored.startswith("scrypt$32768$8$1$") and "2468" not in stored
    assert check_pin(db, "2468") and check_pin(db, " 2468 ") and not check_pin(db, "2469")
    set_pin(db, "2468", "2468")
    with sqlite3.connect(db.path) as connection:
        [again] = connection.execute("SELECT value FROM setting WHERE key = ?", (PIN_KEY,)).fetchone()
    assert again != stored and pin_matches("2468", again)  # a new salt each time
    clear_pin(db)
    assert not has_pin(db)


@pytest.mark.parametrize(("pin", "again", "field"), [("12", "12", "pin"), ("12ab", "12ab", "pin"),
                                                      ("123456789", "123456789", "pin"), ("1234", "1235", "again")])
def test_a_pin_must_be_four_to_eight_digits_typed_twice(db, pin, again, field):
    with pytest.raises(ValidationError) as raised:
        set_pin(db, pin, again)
    assert raised.value.field == field and not has_pin(db)


def test_a_damaged_hash_never_lets_anyone_in(db):
    from desktop.services.centre import set_setting

    set_setting(db, PIN_KEY, "scrypt$garbage")
    assert not check_pin(db, "1234")


def test_a_forgotten_pin_is_removed_from_the_command_line(db_path, capsys):
    from desktop.cli import main
    from desktop.store.database import open_database

    db = open_database(db_path)
    set_pin(db, "2468", "2468")
    db.close()
    assert main(["pin", "--db", str(db_path), "--clear"]) == 0
    assert capsys.readouterr().out.strip() == f"Đã bỏ mã PIN của {db_path}."
    db = open_database(db_path)
    assert not has_pin(db)
    db.close()


def test_the_settings_pin_box_sets_refuses_and_removes_the_pin_on_the_worker(qtbot, db):
    from desktop.i18n import _
    from desktop.ui.pin_ui import PinBox

    box = PinBox(db)
    qtbot.addWidget(box)
    assert box.set_button.text() == _("Set the PIN") and not box.remove_button.isEnabled()
    box.pin.setText("2468")
    box.again.setText("2469")
    box.set_button.click()
    assert box.message.text() and not has_pin(db)  # said beside the fields, nothing saved
    box.again.setText("2468")
    box.set_button.click()
    assert box.message.text() == _("Saved: the PIN is asked the next time the window opens.")
    assert box.set_button.text() == _("Change the PIN") and box.remove_button.isEnabled() and check_pin(db, "2468")
    box.remove_button.click()
    assert box.message.text() == _("The PIN was removed.") and not has_pin(db) and not box.remove_button.isEnabled()
