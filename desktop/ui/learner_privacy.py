"""A learner's own request about their personal data (Decree 13/2023): everything held about them
saved to a file, or what identifies them erased while the counts stay."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.learners import LearnerSummary
from desktop.services.personal_data import erase_learner, write_learner_record
from desktop.store.database import Database
from desktop.text.vietnamese import fold
from desktop.ui.messages import confirm, inform, show_error


def suggested_file_name(learner: LearnerSummary) -> str:
    return "du-lieu-" + "-".join(fold(learner.full_name).split()) + ".json"


def export_learner_data(parent: QWidget, db: Database, learner: LearnerSummary,
                        target: Path | None = None) -> Path | None:
    """Save everything held about the learner as a JSON file the user chooses (or `target`)."""
    if target is None:
        name, _filter = QFileDialog.getSaveFileName(
            parent, _("Save everything held about {who}").format(who=learner.full_name),
            suggested_file_name(learner), _("JSON file (*.json)"))
        if not name:
            return None
        target = Path(name)
    try:
        path = write_learner_record(db, learner.id, target)
    except UserError as error:
        show_error(parent, error)
        return None
    inform(parent, _("Personal data saved"),
           _("Everything CLC Ledger holds about {who} is in {file}.").format(who=learner.full_name, file=path))
    return path


def erase_on_request(parent: QWidget, db: Database, learner: LearnerSummary) -> bool:
    """Erase the learner's name, birth date, phone, citizen ID and notes, after a clear question."""
    if not confirm(parent, _("Erase personal data"),
                   _("Erase what identifies {who} (name, birth date, phone, citizen ID, notes), at their "
                     "request? Their attendance and loans stay counted in reports under an erased name, "
                     "and the office receives the erasure with the next package. This cannot be "
                     "undone.").format(who=learner.label()),
                   _("Erase the personal data"), _("Keep the data")):
        return False
    try:
        erase_learner(db, learner.id)
    except UserError as error:
        show_error(parent, error)
        return False
    return True
