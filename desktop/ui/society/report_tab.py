"""The periodic report's learning society figures in the Reports screen: the learning models
against their targets and the study-promotion fund, and at an office each centre's beside the
total."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.formatting import format_integer, format_money
from desktop.i18n import _
from desktop.reports.periodic import PeriodicReport
from desktop.reports.society import LEARNING_MODELS, SocietyFigures, model_label, model_short_label
from desktop.ui.widgets.figures_table import figures_table, fill_table


def _centre_line(name: str, figures: SocietyFigures) -> list[str]:
    by_model = {item.model: item for item in figures.models}
    return [name, *(f"{format_integer(by_model[model].recognised)} / {format_integer(by_model[model].registered)}"
                    for model in LEARNING_MODELS), format_money(figures.fund.balance)]


class SocietyReportTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.models = figures_table("reportModels", [_("Learning model"), _("Could register"), _("Registered"),
                                                     _("Register target"), _("Result"), _("Recognised"),
                                                     _("Target %"), _("Result")], even_columns=True)
        self.fund = figures_table("reportFund", [_("Study-promotion fund"), _("Amount")], even_columns=True)
        self.centres = figures_table("reportSocietyCentres", [
            _("Centre"), *(model_short_label(model) + " " + _("(recog. / reg.)") for model in LEARNING_MODELS),
            _("Fund balance")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.models)
        layout.addWidget(self.fund)
        layout.addWidget(self.centres)

    def show_report(self, report: PeriodicReport) -> None:
        society = report.total.society
        self.heading.setText(_("Learning models of the year {year}; the fund over the period").format(
            year=society.year))
        verdict = {True: _("Met"), False: _("Missed"), None: ""}
        fill_table(self.models, [[model_label(item.model),
                                  "" if item.eligible is None else format_integer(item.eligible),
                                  format_integer(item.registered),
                                  "" if item.register_target is None else f"{item.register_target} %",
                                  verdict[item.register_met], format_integer(item.recognised),
                                  "" if item.target is None else f"{item.target} %", verdict[item.met]]
                                 for item in society.models], texts_right_from=1)
        fund = society.fund
        fill_table(self.fund, [[_("Balance brought forward"), format_money(fund.opening)],
                               [_("Receipts in the period"), format_money(fund.receipts)],
                               [_("of which in kind (value)"), format_money(fund.receipts_in_kind)],
                               [_("Payments in the period"), format_money(fund.payments)],
                               [_("of which advances beyond the balance"), format_money(fund.advances)],
                               [_("Balance at the end of the period"), format_money(fund.balance)]],
                   texts_right_from=1)
        self.centres.setVisible(report.office)
        if report.office:
            fill_table(self.centres, [*(_centre_line(f"{', '.join(centre.codes)} {centre.name}", centre.society)
                                        for centre in report.centres), _centre_line(_("Total"), society)],
                       texts_right_from=1)
