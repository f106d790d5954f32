"""Editors for the seven steps of a pitch. Each turns its widgets into its part of the
pitch document and back; what a step needs to be complete is decided by
``valuekit.pitch.check``, not here. Items keep the source they were drafted from
until the user rewrites them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library.assets import get_asset
from valuekit.library.recommend import recommend
from valuekit.pitch.model import CTA_ACTIONS, LAYERS, cta_label
from valuekit.pitch.types import Pitch
from valuekit.roi import cases as roi_store
from valuekit.roi.result import compute_json
from valuekit.roi.text import money, pct, plain
from valuekit.sales.rules import content_stage
from valuekit.sales.types import Opportunity
from valuekit_gui.common import errors
from valuekit_gui.common.draft_doc import Draft
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.roi.trust import TrustPanel

add_strings({
    "pitch.title": ("标题", "Title"), "pitch.customer": ("客户", "Customer"),
    "pitch.scenario": ("场景（客户所在细分市场中真实、常见的业务场景）",
                       "Scenario (a real, common scenario of this customer's niche)"),
    "pitch.one_per_line": ("每行一条", "one per line"),
    "pitch.layer.individual": ("个人", "Individual"),
    "pitch.layer.organization": ("组织（团队/部门）", "Organisation (team/department)"),
    "pitch.layer.enterprise": ("企业", "Enterprise"), "pitch.layer.industry": ("行业", "Industry"),
    "pitch.phases": ("实施阶段（阶段 / 负责人 / 内容）", "Phases (phase / who / what)"),
    "pitch.advantages": ("优势与差异化", "Advantages and what is unique"),
    "pitch.fab": ("FAB（特性 / 优势 / 利益）", "FAB (feature / advantage / benefit)"),
    "pitch.add_row": ("添加一行", "Add row"),
    "pitch.case_now": ("当前案例：{title}", "Current case: {title}"),
    "pitch.no_case": ("尚未选择案例", "No case chosen yet"),
    "pitch.recommended": ("推荐的已验证素材（含理由）", "Recommended proven assets (with the reason)"),
    "pitch.use_case": ("使用所选案例", "Use the selected case"),
    "pitch.roi_case": ("ROI 测算", "ROI case"),
    "pitch.roi_all": ("也显示其他客户的测算", "Also show other customers' cases"), "pitch.use_roi": ("使用此测算", "Use this case"),
    "pitch.roi_now": ("NPV {npv} · ROI {roi} · 回收期 {payback} 个月",
                      "NPV {npv} · ROI {roi} · payback {payback} months"),
    "pitch.no_roi": ("尚未选择 ROI 测算", "No ROI case yet"),
    "pitch.action": ("行动", "Action"), "pitch.date": ("日期（YYYY-MM-DD）", "Date (YYYY-MM-DD)"),
    "pitch.owner": ("负责人", "Owner"), "pitch.other": ("其他（自填）", "Other (free text)"),
})


def _lines(items: Sequence[Mapping[str, Any]]) -> str:
    return "\n".join(i["text"] for i in items)


def _items(text: str, before: list[dict[str, str]]) -> list[dict[str, str]]:
    """Lines back to items; a line left as drafted keeps the draft's source and the
    perception drafted beside it (value = benefit × perception)."""
    kept = {i["text"]: {k: v for k, v in i.items() if k in ("source", "perception")} for i in before}
    return [{"source": "", **kept.get(line.strip(), {}), "text": line.strip()}
            for line in text.splitlines() if line.strip()]


class RowsTable(QTableWidget):
    def __init__(self, keys: tuple[str, ...]) -> None:
        super().__init__(0, len(keys))
        self.keys = keys
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setHorizontalHeaderLabels(list(keys))

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.setRowCount(0)
        for row in rows:
            self.add_row(row)

    def add_row(self, row: Mapping[str, Any] | None = None) -> None:
        r = self.rowCount()
        self.insertRow(r)
        for c, key in enumerate(self.keys):
            self.setItem(r, c, QTableWidgetItem((row or {}).get(key, "")))

    def rows(self, before: list[dict[str, str]]) -> list[dict[str, str]]:
        out = []
        for r in range(self.rowCount()):
            row = {k: (cell.text().strip() if (cell := self.item(r, c)) else "")
                   for c, k in enumerate(self.keys)}
            if any(row.values()):
                old = before[r] if r < len(before) else {}
                out.append(old | row)
        return out


class StepEditors(QWidget):
    """All seven editors; ``load(pitch)`` fills them, ``apply(pitch)`` writes back."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.pitch: Draft = {}
        self.opportunity: Opportunity | None = None
        self.loading = False
        self.pages: list[QWidget] = []
        self._build_scenario()
        self.layer_edits = {kind: self._build_layers(kind) for kind in ("pains", "effects")}
        self._build_execution()
        self._build_case()
        self._build_roi()
        self._build_cta()

    # -- building ------------------------------------------------------------------------
    def _page(self) -> QVBoxLayout:
        page = QWidget()
        self.pages.append(page)
        return QVBoxLayout(page)

    def _watch(self, *edits: Any) -> None:
        for e in edits:
            signal = e.textChanged if hasattr(e, "textChanged") else e.itemChanged
            signal.connect(self._emit)

    def _build_scenario(self) -> None:
        layout = self._page()
        self.title, self.customer, self.scenario = QLineEdit(), QLineEdit(), QPlainTextEdit()
        form = QFormLayout()
        form.addRow(tr("pitch.title"), self.title)
        form.addRow(tr("pitch.customer"), self.customer)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("pitch.scenario")))
        layout.addWidget(self.scenario, 1)
        self._watch(self.title, self.customer, self.scenario)

    def _build_layers(self, kind: str) -> dict[str, QPlainTextEdit]:
        layout = self._page()
        edits = {}
        for layer in LAYERS:
            box = QGroupBox(f"{tr('pitch.layer.' + layer)} — {tr('pitch.one_per_line')}")
            edit = QPlainTextEdit()
            QVBoxLayout(box).addWidget(edit)
            layout.addWidget(box)
            edits[layer] = edit
            self._watch(edit)
        return edits

    def _build_execution(self) -> None:
        layout = self._page()
        self.phases = RowsTable(("name", "owner", "detail"))
        self.advantages = QPlainTextEdit()
        self.fab = RowsTable(("feature", "advantage", "benefit"))
        for title, widget, table in ((tr("pitch.phases"), self.phases, True),
                                     (tr("pitch.advantages"), self.advantages, False),
                                     (tr("pitch.fab"), self.fab, True)):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(widget)
            if table:
                add = QPushButton(tr("pitch.add_row"))
                add.clicked.connect(cast(RowsTable, widget).add_row)
                box_layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(box)
        self._watch(self.phases, self.advantages, self.fab)

    def _build_case(self) -> None:
        layout = self._page()
        self.case_label = QLabel(wordWrap=True)
        self.recommended = QListWidget()
        self.recommended.setWordWrap(True)
        use = QPushButton(tr("pitch.use_case"))
        use.clicked.connect(self.use_selected_case)
        layout.addWidget(self.case_label)
        layout.addWidget(QLabel(tr("pitch.recommended")))
        layout.addWidget(self.recommended, 1)
        layout.addWidget(use, 0, Qt.AlignmentFlag.AlignLeft)

    def _build_roi(self) -> None:
        layout = self._page()
        self.roi_cases = QComboBox()
        use = QPushButton(tr("pitch.use_roi"))
        use.clicked.connect(self.use_selected_roi)
        self.roi_label = QLabel(wordWrap=True)
        self.roi_label.setStyleSheet("font-size: 16px; font-weight: bold; color: #1f4e79;")
        # this deal's cases first; other customers' cases only when asked for
        self.roi_all = QCheckBox(tr("pitch.roi_all"))
        self.roi_all.setObjectName("roi_all")
        self.roi_all.toggled.connect(lambda _on: self._fill_roi())
        form = QFormLayout()
        form.addRow(tr("pitch.roi_case"), self.roi_cases)
        form.addRow("", self.roi_all)
        layout.addLayout(form)
        layout.addWidget(use, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.roi_label)
        # range, confidence and red flags, each flag acknowledged here with a reason
        self.roi_trust = TrustPanel()
        self.roi_trust.acknowledge.connect(self.acknowledge_roi_flag)
        layout.addWidget(self.roi_trust)
        layout.addStretch(1)

    def _build_cta(self) -> None:
        layout = self._page()
        self.action = QComboBox()
        self.other_action = QLineEdit()
        self.cta_date, self.cta_owner = QLineEdit(), QLineEdit()
        form = QFormLayout()
        form.addRow(tr("pitch.action"), self.action)
        form.addRow(tr("pitch.other"), self.other_action)
        form.addRow(tr("pitch.date"), self.cta_date)
        form.addRow(tr("pitch.owner"), self.cta_owner)
        layout.addLayout(form)
        layout.addStretch(1)
        self.action.currentIndexChanged.connect(self._emit)
        self._watch(self.other_action, self.cta_date, self.cta_owner)

    def _emit(self, *_args: Any) -> None:
        if not self.loading:
            self.changed.emit()

    # -- in and out ----------------------------------------------------------------------
    def load(self, pitch: Pitch, opportunity: Opportunity | None) -> None:
        self.loading = True
        try:
            self.pitch, self.opportunity = dict(pitch), opportunity
            lang = current_language()
            self.title.setText(pitch["title"])
            self.customer.setText(pitch["customer"])
            self.scenario.setPlainText(pitch["scenario"])
            for kind, edits in self.layer_edits.items():
                for layer, edit in edits.items():
                    edit.setPlainText(_lines(self.pitch[kind][layer]))
            self.phases.set_rows(pitch["execution"]["phases"])
            self.advantages.setPlainText(_lines(pitch["execution"]["advantages"]))
            self.fab.set_rows(pitch["execution"]["fab"])
            self.action.clear()
            for action in CTA_ACTIONS:
                self.action.addItem(cta_label(action, lang), action)
            self.action.addItem(tr("pitch.other"), "")
            action = pitch["cta"]["action"]
            index = self.action.findData(action) if action else -1
            self.action.setCurrentIndex(index if index >= 0 else self.action.count() - 1)
            self.other_action.setText("" if index >= 0 else action)
            self.cta_date.setText(pitch["cta"]["date"])
            self.cta_owner.setText(pitch["cta"]["owner"])
            self._fill_cases()
            self._fill_roi()
        finally:
            self.loading = False

    def apply(self) -> Draft:
        """The document as edited (not yet validated: the core does that)."""
        p = dict(self.pitch)
        p["title"], p["customer"] = self.title.text().strip(), self.customer.text().strip()
        p["scenario"] = self.scenario.toPlainText().strip()
        for kind, edits in self.layer_edits.items():
            p[kind] = {layer: _items(edit.toPlainText(), self.pitch[kind][layer])
                       for layer, edit in edits.items()}
        ex = self.pitch["execution"]
        p["execution"] = {"phases": self.phases.rows(ex["phases"]),
                          "advantages": _items(self.advantages.toPlainText(), ex["advantages"]),
                          "fab": self.fab.rows(ex["fab"])}
        action = self.action.currentData() or self.other_action.text().strip()
        p["cta"] = {**self.pitch["cta"], "action": action, "date": self.cta_date.text().strip(),
                    "owner": self.cta_owner.text().strip()}
        return p

    # -- case and ROI pickers ------------------------------------------------------------
    def _fill_cases(self) -> None:
        self.recommended.clear()
        case = self.pitch.get("case") or {}
        title = case.get("title") or ""
        if case.get("asset_id"):
            try:
                title = get_asset(self.store, case["asset_id"]).title
            except ValueKitError:
                title = case["asset_id"]
        self.case_label.setText(tr("pitch.case_now", title=title) if title else tr("pitch.no_case"))
        opp = self.opportunity
        if not opp:
            return
        personas = [p.get("persona") for p in opp.get("decision_chain", []) if p.get("persona")]
        # the stage whose content fits the customer's 5A cognition (issue 16)
        for rec in recommend(self.store, content_stage(opp), opp.get("industry"),
                             personas[0] if personas else None, limit=8,
                             formats=["case_study", "success_story"], lang=current_language(),
                             any_stage=True):
            item = QListWidgetItem(f"{rec.asset.title}\n    {rec.reason}")
            item.setData(Qt.ItemDataRole.UserRole, rec.asset.id)
            self.recommended.addItem(item)

    def use_selected_case(self) -> None:
        item = self.recommended.currentItem()
        if item is not None:
            self.pitch = self.apply() | {"case": {"asset_id": item.data(Qt.ItemDataRole.UserRole),
                                                  "source": tr("pitch.recommended")}}
            self._fill_cases()
            self.changed.emit()

    def _fill_roi(self) -> None:
        self.roi_cases.clear()
        opp_id = self.opportunity["id"] if self.opportunity else None
        cases, others = roi_store.cases_for_picker(self.store, opp_id)
        for c in cases + (others if self.roi_all.isChecked() or not opp_id else []):
            self.roi_cases.addItem(c["name"] + (f" — {c['customer']}" if c["customer"] else ""), c["id"])
        roi = self.pitch.get("roi")
        self.roi_trust.show_result(None)
        if not roi:
            self.roi_label.setText(tr("pitch.no_roi"))
            return
        try:
            result = compute_json(roi, current_language())
        except ValueKitError as exc:
            self.roi_label.setText(errors.user_message(exc))
            return
        self.roi_trust.show_result(result)
        main = result["scenarios"].get(result["sensitivity"]["scenario"]) or next(
            iter(result["scenarios"].values()))
        self.roi_label.setText(f"{roi.get('name', '')}\n" + tr(
            "pitch.roi_now", npv=money(main["npv"], result["currency"]),
            roi="—" if main["roi"] is None else pct(main["roi"], 1),
            payback="—" if main["payback_months"] is None else plain(main["payback_months"])))

    def acknowledge_roi_flag(self, code: str, field: str, reason: str) -> None:
        """Store why a red flag stands with the pitch's case; the check then lets step 6 pass."""
        roi = dict(self.pitch.get("roi") or {})
        acks = [a for a in roi.get("acknowledged") or []
                if not (a.get("code") == code and a.get("field", "") == field)]
        roi["acknowledged"] = [*acks, {"code": code, "field": field, "reason": reason,
                                       "date": dt.date.today().isoformat()}]
        self.pitch = self.apply() | {"roi": roi}
        self._fill_roi()
        self.changed.emit()

    def use_selected_roi(self) -> None:
        case_id = self.roi_cases.currentData()
        if case_id:
            self.pitch = self.apply() | {"roi": roi_store.get_case(self.store, case_id)["data"]}
            self._fill_roi()
            self.changed.emit()
