"""One account: tier and strategy, the report's figures, the promised-vs-realised chart,
the milestone timeline (first value marked) and entry of actuals, contacts and NPS.

The page only shows what the core computed (``valuekit.value.accounts.AccountDetail``)
and hands every entry to the core off the main thread; a refused entry is shown in the
user's language and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QDate, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit import i18n
from valuekit.errors import ValueKitError
from valuekit.library.model import Asset
from valuekit.pitch.value_review import export_value_review
from valuekit.roi.text import money
from valuekit.value import plan as plans
from valuekit.value.accounts import AccountDetail
from valuekit.value.model import CONTACT_KINDS, SOURCES, TIERS
from valuekit.value.plan import set_tier
from valuekit.value.story import draft_story
from valuekit_gui.common.errors import report_exception, user_message
from valuekit_gui.common.i18n import current_language, tr
from valuekit_gui.common.tasks import Cancelled, run_in_thread, store_call
from valuekit_gui.customers import strings  # noqa: F401  (registers the labels)

HEALTH_COLOURS = {"green": "#2f855a", "yellow": "#d69e2e", "red": "#c53030"}


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def unless_cancelled(exc: BaseException) -> None:
    """A superseded load is cancelled on purpose; anything else is reported."""
    if not isinstance(exc, Cancelled):
        report_exception(exc)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _tree(columns: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(columns)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    tree.header().setStretchLastSection(True)
    return tree


class AccountPage(QWidget):
    """The right-hand page of the Customers view."""

    changed = Signal()  # an entry was stored: the view reloads the list and this page

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.detail: AccountDetail | None = None
        self.tasks: list[Any] = []
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)  # a long customer name wraps instead of squeezing the actions
        self.tier = QLabel()
        self.tier.setWordWrap(True)
        self.health = QLabel()
        self.health.setWordWrap(True)
        # the account's tier, and what proof work to do with it: a story for marketing,
        # the value review for the next QBR
        self.tier_choice = QComboBox()
        self.tier_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tier_choice.setMinimumContentsLength(11)  # "Value-added" whole, whatever the layout's squeeze
        self.tier_choice.activated.connect(self._tier_chosen)
        self.story_button = QPushButton()
        self.story_button.clicked.connect(self._draft_story)
        self.review_button = QPushButton()
        self.review_button.clicked.connect(lambda: self.export_review())
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        actions.addWidget(self.tier_choice)
        actions.addWidget(self.story_button)
        actions.addWidget(self.review_button)
        self.figures_box = QGroupBox()
        self.figures = QFormLayout(self.figures_box)
        self.figure_labels: dict[str, QLabel] = {}
        self.figure_names: dict[str, QLabel] = {}
        for key in ("realisation", "promised", "realised", "costs_to_date", "realised_roi", "nps",
                    "next_contact_due", "go_live", "year_goals"):
            label = QLabel()
            label.setWordWrap(True)
            self.figure_labels[key], self.figure_names[key] = label, QLabel()
            self.figures.addRow(self.figure_names[key], label)
        self.chart_box = QGroupBox()
        self.chart = QSvgWidget()
        self.chart.setMinimumHeight(200)
        QVBoxLayout(self.chart_box).addWidget(self.chart)

        self.milestone_box = QGroupBox()
        self.milestones = _tree(3)
        self.done_on = _date_edit()
        self.mark_done = QPushButton()
        self.mark_done.clicked.connect(self._mark_done)
        self.new_title = QLineEdit()
        self.new_due = _date_edit()
        self.new_first = QCheckBox()
        self.add_milestone = QPushButton()
        self.add_milestone.clicked.connect(self._add_milestone)
        layout = QVBoxLayout(self.milestone_box)
        layout.addWidget(self.milestones)
        row = QHBoxLayout()
        row.addWidget(self.done_on)
        row.addWidget(self.mark_done)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.new_title, 1)
        row.addWidget(self.new_due)
        row.addWidget(self.new_first)
        row.addWidget(self.add_milestone)
        layout.addLayout(row)

        self.actual_box = QGroupBox()
        self.actuals = _tree(4)
        self.driver = QComboBox()
        self.quarter = QSpinBox()
        self.quarter.setMinimum(1)
        self.amount = QLineEdit()
        self.source = QComboBox()
        self.record_actual = QPushButton()
        self.record_actual.clicked.connect(self._record_actual)
        layout = QVBoxLayout(self.actual_box)
        layout.addWidget(self.actuals)
        row = QHBoxLayout()
        entry: tuple[QWidget, ...] = (self.driver, self.quarter, self.amount, self.source, self.record_actual)
        for widget in entry:
            row.addWidget(widget, 2 if widget in (self.driver, self.amount) else 0)
        layout.addLayout(row)

        self.contact_box = QGroupBox()
        self.contacts = _tree(3)
        self.contact_on = _date_edit()
        self.contact_kind = QComboBox()
        self.contact_note = QLineEdit()
        self.record_contact = QPushButton()
        self.record_contact.clicked.connect(self._record_contact)
        self.nps_score = QSpinBox()
        self.nps_score.setRange(0, 10)
        self.nps_on = _date_edit()
        self.nps_label = QLabel()
        self.record_nps = QPushButton()
        self.record_nps.clicked.connect(self._record_nps)
        layout = QVBoxLayout(self.contact_box)
        layout.addWidget(self.contacts)
        row = QHBoxLayout()
        entry = (self.contact_on, self.contact_kind, self.contact_note, self.record_contact)
        for widget in entry:
            row.addWidget(widget, 1 if widget is self.contact_note else 0)
        layout.addLayout(row)
        row = QHBoxLayout()
        entry = (self.nps_label, self.nps_score, self.nps_on, self.record_nps)
        for widget in entry:
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.addLayout(actions)
        parts: tuple[QWidget, ...] = (self.tier, self.health, self.message, self.figures_box,
                                      self.chart_box, self.milestone_box, self.actual_box, self.contact_box)
        for part in parts:
            outer.addWidget(part)
        outer.addStretch(1)
        self.retranslate()
        self.setEnabled(False)

    # -- labels -----------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = current_language()
        self.figures_box.setTitle(tr("customers.figures"))
        names = {"realisation": i18n.t("value.realisation", lang), "promised": i18n.t("value.promised", lang),
                 "realised": i18n.t("value.realised", lang), "costs_to_date": i18n.t("value.costs_to_date", lang),
                 "realised_roi": i18n.t("value.realised_roi", lang), "nps": tr("customers.nps"),
                 "next_contact_due": i18n.t("value.next_contact_due", lang), "go_live": tr("customers.go_live"),
                 "year_goals": tr("customers.year_goals")}
        for key, label in self.figure_names.items():
            label.setText(names[key])
        self.chart_box.setTitle(tr("customers.chart"))
        self.milestone_box.setTitle(tr("customers.milestones"))
        self.milestones.setHeaderLabels([tr("customers.col_due"), tr("customers.col_done"), tr("customers.col_title")])
        self.mark_done.setText(tr("customers.mark_done"))
        self.add_milestone.setText(tr("customers.add_milestone"))
        self.new_title.setPlaceholderText(tr("customers.title_placeholder"))
        self.new_first.setText(tr("customers.is_first_value"))
        self.actual_box.setTitle(tr("customers.actuals"))
        self.actuals.setHeaderLabels([tr("customers.col_quarter"), tr("customers.col_driver"),
                                      tr("customers.col_amount"), tr("customers.col_source")])
        self.amount.setPlaceholderText(tr("customers.amount_placeholder"))
        self.source.clear()
        for source in SOURCES:
            self.source.addItem(i18n.t("value.source." + source, lang), source)
        self.record_actual.setText(tr("customers.record"))
        self.contact_box.setTitle(tr("customers.contacts"))
        self.contacts.setHeaderLabels([tr("customers.col_date"), tr("customers.col_kind"), tr("customers.col_note")])
        self.contact_kind.clear()
        for kind in CONTACT_KINDS:
            self.contact_kind.addItem(i18n.t("value.kind." + kind, lang), kind)
        self.contact_note.setPlaceholderText(tr("customers.note_placeholder"))
        self.record_contact.setText(tr("customers.record"))
        self.nps_label.setText(tr("customers.nps_score"))
        self.tier_choice.clear()
        for tier in TIERS:
            self.tier_choice.addItem(i18n.t("value.tier." + tier, lang), tier)
        self.story_button.setText(tr("customers.draft_story"))
        self.review_button.setText(tr("customers.export_review"))
        self.record_nps.setText(tr("customers.record"))
        if self.detail is not None:
            self.show_detail(self.detail)

    # -- showing ----------------------------------------------------------------------
    def show_detail(self, detail: AccountDetail) -> None:
        self.detail = detail
        self.setEnabled(True)
        lang = current_language()
        plan, report, cur = detail.plan, detail.report, detail.report["currency"]
        self.title.setText(plan.customer)
        self.tier_choice.setCurrentIndex(max(0, self.tier_choice.findData(plan.tier)))
        self.tier.setText(f"<b>{detail.tier['label']}</b> — {detail.tier['strategy']}<br>"
                          + "<br>".join(detail.tier["metrics"]))
        colour = HEALTH_COLOURS[report["health"]]
        self.health.setText(f'<span style="color:{colour}; font-size:16pt">●</span> '
                            f'<b>{i18n.t("value.health." + report["health"], lang)}</b>: '
                            + "; ".join(report["reasons"]))
        q = report["quarters"]
        values = {
            "realisation": pct(report["realisation"]) + (f" (Q1–Q{q})" if q else ""),
            "promised": money(round(report["promised"]), cur), "realised": money(round(report["actual"]), cur),
            "costs_to_date": money(round(report["costs_to_date"]), cur), "realised_roi": pct(report["realised_roi"]),
            "nps": "—" if report["nps"] is None else f"{report['nps']:.0f}",
            "next_contact_due": report["next_contact_due"]
            + (f" ({i18n.t('value.contact_overdue', lang)})" if report["contact_overdue"] else ""),
            "go_live": report["go_live"],
            "year_goals": " · ".join(f"{i18n.t('value.phase.' + g['phase'], lang)} {g['year']}: {g['ramp']:.0%}, "
                                     f"{money(round(g['promised']), cur)}" for g in report["year_goals"]),
        }
        for key, label in self.figure_labels.items():
            label.setText(values[key])
        self.chart.load(QByteArray(detail.chart_svg.encode("utf-8")))
        self.milestones.clear()
        overdue = {m["id"] for m in report["overdue_milestones"]}
        for m in plan.milestones:
            title = m.title + ("  " + tr("customers.first_value") if m.first_value else "")
            item = QTreeWidgetItem([m.due.isoformat(), m.done_on.isoformat() if m.done_on else "—", title])
            item.setData(0, Qt.ItemDataRole.UserRole, m.id)
            if m.id in overdue:
                item.setForeground(0, QColor(HEALTH_COLOURS["red"]))
            self.milestones.addTopLevelItem(item)
        self.actuals.clear()
        for a in plan.actuals:
            self.actuals.addTopLevelItem(QTreeWidgetItem([f"Q{a.quarter}", a.driver, money(a.amount, cur),
                                                          i18n.t("value.source." + a.source, lang)]))
        self.driver.clear()
        self.driver.addItems(list(detail.drivers))
        self.quarter.setMaximum(detail.horizon)
        self.quarter.setValue(max(1, min(detail.horizon, q or 1)))
        self.contacts.clear()
        for c in reversed(plan.contacts):
            self.contacts.addTopLevelItem(QTreeWidgetItem([c.on.isoformat(), i18n.t("value.kind." + c.kind, lang),
                                                           c.note]))

    # -- entries ----------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], **kwargs: Any) -> None:
        if self.detail is None:
            return
        self.message.setText("")
        task = run_in_thread(self, store_call(fn), self.folder, self.detail.plan.opportunity_id,
                             on_done=self._stored, on_error=self._refused, **kwargs)
        self.tasks.append(task)

    def _stored(self, result: Any) -> None:
        if isinstance(result, Asset):
            self.message.setText(tr("customers.story_drafted", title=result.title))
        elif isinstance(result, Path):
            self.message.setText(tr("customers.review_written", path=str(result)))
        else:
            self.message.setText(tr("customers.saved"))
        self.changed.emit()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return  # the page went away while the entry was stored
        if isinstance(exc, ValueKitError):
            self.message.setText(f'<span style="color:{HEALTH_COLOURS["red"]}">{user_message(exc)}</span>')
        else:
            report_exception(exc)

    def _tier_chosen(self, _index: int) -> None:
        if self.detail is not None and self.tier_choice.currentData() != self.detail.plan.tier:
            self._run(set_tier, tier=self.tier_choice.currentData())

    def _draft_story(self) -> None:
        self._run(draft_story)

    def export_review(self, path: str | None = None) -> None:
        """Write the customer's value review PDF (asks where, in the account's language)."""
        if self.detail is None:
            return
        name = f"{self.detail.plan.customer} value review.pdf"
        path = path or QFileDialog.getSaveFileName(self, tr("customers.export_review"), name, "PDF (*.pdf)")[0]
        if path:
            self._run(export_value_review, out=path)

    def _mark_done(self) -> None:
        item = self.milestones.currentItem()
        if item is None:
            self.message.setText(tr("customers.pick_milestone"))
            return
        self._run(plans.complete_milestone, ref=item.data(0, Qt.ItemDataRole.UserRole), on=_iso(self.done_on))

    def _add_milestone(self) -> None:
        self._run(plans.add_milestone, title=self.new_title.text(), due=_iso(self.new_due),
                  first_value=self.new_first.isChecked())

    def _record_actual(self) -> None:
        self._run(plans.record_actual, driver=self.driver.currentText(), quarter=self.quarter.value(),
                  amount=self.amount.text(), source=self.source.currentData())

    def _record_contact(self) -> None:
        self._run(plans.record_contact, on=_iso(self.contact_on), kind=self.contact_kind.currentData(),
                  note=self.contact_note.text())

    def _record_nps(self) -> None:
        self._run(plans.record_nps, score=self.nps_score.value(), on=_iso(self.nps_on))
