"""The class list panel of the classes-and-talks screen: enrol learners or a village, remove one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.services.activities import enrol_learners, unenrol_learner
from desktop.services.centre import list_villages
from desktop.services.learners import LearnerSummary, list_learners
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.learner_picker import LearnerPickerDialog, VillageEnrolDialog
from desktop.ui.messages import confirm, show_error
from desktop.ui.models.activity_tables import EnrolledModel
from desktop.ui.screens.activity_widgets import empty_label, note_label, plain_table, screen_button
from desktop.ui.widgets.record_table import fit_columns


class ClassListPart:
    """The learners tab of ActivitiesScreen (its db, current class and messages are the screen's)."""

    def _build_learners_tab(self) -> QWidget:
        self.add_learners_button = screen_button(_("Add learners…"), _("Find learners in the register and "
                                           "add them"), "Ctrl+L", self.add_learners)
        self.add_village_button = screen_button(_("Add a village…"), _("Add every learner of a village"),
                                          "Ctrl+Shift+L", self.add_village)
        self.remove_learner_button = screen_button(_("Remove from class"),
                                             _("Remove the chosen learner from the class"), "Del",
                                             self.remove_learner)
        self.learner_note = note_label()
        bar = QHBoxLayout()
        for widget in (self.add_learners_button, self.add_village_button, self.remove_learner_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.learner_note, 1)
        self.learner_model = EnrolledModel(parent=self)
        self.learner_table = plain_table()
        self.learner_table.setModel(self.learner_model)
        fit_columns(self.learner_table, self.learner_model, EnrolledModel.NAME)
        self.learners_empty = empty_label(_(
            "No learners in this class yet. Press Ctrl+L to find learners in the register, or "
            "Ctrl+Shift+L to add everyone from a village."))
        self.learner_stack = QStackedWidget()
        self.learner_stack.addWidget(self.learner_table)
        self.learner_stack.addWidget(self.learners_empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.learner_stack, 1)
        return page

    def _show_learners(self, learners: Sequence[LearnerSummary]) -> None:
        self.learner_model.set_rows(learners)
        self.tabs.setTabText(0, _("Learners ({count})").format(count=len(learners)))
        self.learner_stack.setCurrentWidget(self.learner_table if learners else self.learners_empty)
        women = sum(1 for learner in learners if learner.gender == "female")
        minority = sum(1 for learner in learners
                       if (group := ethnic_group_by_key(learner.ethnic_group_key or "")) and group.minority)
        self.learner_note.setText(_("{women} women · {minority} ethnic minority").format(
            women=women, minority=minority) if learners else "")
        if learners:
            self.learner_table.setCurrentIndex(self.learner_model.index(0, EnrolledModel.NAME))
        self.remove_learner_button.setEnabled(bool(learners))

    # --- learners --------------------------------------------------------------------------

    def _enrolled_ids(self) -> list[str]:
        return [learner.id for learner in self.learner_model.rows]

    def add_learners(self) -> None:
        activity_id = self.current_id()
        if activity_id is None:
            return
        self.tabs.setCurrentIndex(0)
        try:
            dialog = LearnerPickerDialog(self.db, self._enrolled_ids(), self)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._enrol(activity_id, dialog.chosen_ids())

    def add_village(self) -> None:
        activity_id = self.current_id()
        if activity_id is None:
            return
        self.tabs.setCurrentIndex(0)
        db = self.db
        loaded, found = load_on_worker(self, lambda: (list_villages(db), list_learners(db)),
                                       title=_("Add a whole village's learners"), what="village")
        if not loaded or found is None:
            return
        villages = [(village.id, village.name) for village in found[0]]
        learners = found[1]
        dialog = VillageEnrolDialog(villages, learners, self._enrolled_ids(), self)
        if self.current is not None and self.current.village_id:
            index = dialog.village.findData(self.current.village_id)
            if index >= 0:
                dialog.village.setCurrentIndex(index)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.village_id() is None:
            return
        village_id = dialog.village_id()
        ids = [learner.id for learner in learners if learner.village_id == village_id]
        self._enrol(activity_id, ids)

    def _enrol(self, activity_id: str, learner_ids: list[str]) -> None:
        db, today = self.db, self.today()
        enrolled, added = save_on_worker(self, lambda: enrol_learners(db, activity_id, learner_ids, on=today),
                                         title=_("Add learners to the class"))
        if not enrolled or added is None:
            return
        self._reload_details()
        self.learner_note.setText(ngettext("{count} learner added.", "{count} learners added.",
                                           added).format(count=added) + "  " + self.learner_note.text())
        self.learner_table.setFocus()

    def remove_learner(self) -> None:
        activity_id = self.current_id()
        index = self.learner_table.currentIndex()
        if activity_id is None or not index.isValid() or self.current is None:
            return
        learner = self.learner_model.rows[index.row()]
        text = _("Remove {learner} from “{name}”?").format(learner=learner.label(), name=self.current.name)
        text += "\n\n" + _("The learner stays in the register; attendance already taken is kept.")
        if not confirm(self, _("Remove from class"), text, _("Remove from the class"),
                       _("Keep in the class")):
            return
        db = self.db
        removed, _none = save_on_worker(self, lambda: unenrol_learner(db, activity_id, learner.id),
                                        title=_("Remove from class"))
        if not removed:
            return
        row = index.row()
        self._reload_details()
        if self.learner_model.rows:
            self.learner_table.setCurrentIndex(
                self.learner_model.index(min(row, len(self.learner_model.rows) - 1), EnrolledModel.NAME))
        self.learner_table.setFocus()
