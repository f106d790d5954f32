"""FAB statements: filter by product, persona, industry and language; read one as
Feature → Advantage → Benefit with the reviewer's hints; add, edit and delete through a
small form that shows the core's refusal at its field."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.library.vocabulary import PERSONAS, list_values, value_labels
from valuekit.sales.claims import claim_stats
from valuekit.sales.claims import set_status as set_claim_status
from valuekit.sales.fab import (
    PERCEPTION_KEYS,
    add_fab,
    delete_fab,
    fab_hints,
    get_fab,
    list_fabs,
    list_products,
    perception_text,
    update_fab,
)
from valuekit.sales.opportunity import LANGUAGES
from valuekit.sales.types import Fab
from valuekit_gui.common import errors
from valuekit_gui.common.draft_doc import Draft
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import add_strings, current_language, signals, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.common.qt import select_first

add_strings({
    "fab.new": ("新建 FAB", "New FAB"),
    "fab.edit": ("编辑", "Edit"),
    "fab.delete": ("删除", "Delete"),
    "fab.product": ("产品", "Product"),
    "fab.persona": ("角色", "Persona"),
    "fab.industry": ("行业", "Industry"),
    "fab.language": ("语言", "Language"),
    "fab.all": ("全部", "All"),
    "fab.feature": ("功能 Feature", "Feature"),
    "fab.advantage": ("优势 Advantage", "Advantage"),
    "fab.benefit": ("收益 Benefit", "Benefit"),
    "fab.competitor": ("比较对象", "Compared with"),
    "fab.personas": ("面向角色（逗号分隔）", "Personas (comma-separated)"),
    "fab.industries": ("行业（逗号分隔，空 = 全部）", "Industries (comma-separated, empty = all)"),
    "fab.hints": ("审阅提示", "Review hints"),
    "fab.no_hints": ("没有提示：这条 FAB 写得很完整。", "No hints: this statement is complete."),
    "fab.confirm_delete": ("删除 FAB“{feature}”？", "Delete the FAB statement “{feature}”?"),
    "fab.count": ("{n} 条 FAB", "{n} statements"),
    "fab.dialog": ("FAB 话术", "FAB statement"),
    "fab.any": ("所有角色", "any persona"),
    "fab.perception": ("感受（价值 = 利益 × 感受）", "Perception (value = benefit × perception)"),
    "fab.perception_line": ("客户的感受：{text}", "How the customer experiences it: {text}"),
    "fab.verify": ("标为已验证", "Mark verified"),
    "fab.retire_claim": ("停用", "Retire"),
    "fab.status.draft": ("草稿", "draft"),
    "fab.status.verified": ("已验证", "verified"),
    "fab.status.retired": ("已停用", "retired"),
    "fab.claim": ("状态：{status} · 好用性 {rating} · 使用 {usage} 次", "Status: {status} · usefulness {rating} · used {usage}×"),
})


def _keys(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]


class FabDialog(QDialog):
    """Add (``fab`` None) or edit one statement; stays open until the core accepts it."""

    def __init__(self, store: Store, fab: Fab | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.fab = store, fab
        self.saved: Fab | None = None
        self.setWindowTitle(tr("fab.dialog"))
        self.setStyleSheet(INVALID_STYLE)
        shown: Mapping[str, Any] = fab or {"language": current_language()}
        self.product = QComboBox()
        for p in list_products(store):
            self.product.addItem(p["name"], p["key"])
        self.product.setCurrentIndex(max(0, self.product.findData(shown.get("product"))))
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(tr(f"lang.{code}"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(shown.get("language"))))
        self.fields: dict[str, QWidget] = {
            "product": self.product,
            "feature": QLineEdit(shown.get("feature", "")),
            "advantage": QPlainTextEdit(shown.get("advantage", "")),
            "competitor": QLineEdit(shown.get("competitor", "")),
            "benefit": QPlainTextEdit(shown.get("benefit", "")),
            "personas": QLineEdit(", ".join(shown.get("personas") or [])),
            "industries": QLineEdit(", ".join(shown.get("industries") or [])),
            "language": self.language,
        }
        perception = shown.get("perception") or {}
        for key in PERCEPTION_KEYS:
            self.fields[f"perception.{key}"] = QLineEdit(perception.get(key, ""))
        cast(QLineEdit, self.fields["personas"]).setPlaceholderText(", ".join(PERSONAS))
        for key in ("advantage", "benefit"):
            self.fields[key].setMaximumHeight(80)
        form = QFormLayout(self)
        for key, widget in self.fields.items():
            if key == f"perception.{PERCEPTION_KEYS[0]}":
                form.addRow(QLabel(f"<b>{escape(tr('fab.perception'))}</b>"))
            form.addRow(tr(f"fab.{key}"), widget)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())
        self.drafts = DraftKeeper(self, store.path, "fab", self.data, self._restore,
                                  lambda: self.data()["feature"])
        self.drafts.start(self.fab["id"] if self.fab else "new")

    def _restore(self, data: dict[str, Any]) -> None:
        for combo, key in ((self.product, "product"), (self.language, "language")):
            combo.setCurrentIndex(max(0, combo.findData(data.get(key))))
        for key in ("feature", "advantage", "competitor", "benefit"):
            widget = self.fields[key]
            text = str(data.get(key) or "")
            widget.setPlainText(text) if isinstance(widget, QPlainTextEdit) else widget.setText(text)  # type: ignore[attr-defined]
        for key in ("personas", "industries"):
            self.fields[key].setText(", ".join(data.get(key) or []))  # type: ignore[attr-defined]

    def reject(self) -> None:
        """Cancel, Esc or the close box: unsaved changes are only dropped when confirmed."""
        if self.drafts.confirm_leave():
            self.drafts.discard()
            super().reject()

    def data(self) -> Draft:
        def value(key: str) -> str:
            w = self.fields[key]
            return (w.toPlainText() if isinstance(w, QPlainTextEdit) else cast(QLineEdit, w).text()).strip()
        return {"product": self.product.currentData(), "feature": value("feature"),
                "advantage": value("advantage"), "competitor": value("competitor"),
                "benefit": value("benefit"), "personas": _keys(value("personas")),
                "industries": _keys(value("industries")), "language": self.language.currentData(),
                "perception": {key: value(f"perception.{key}") for key in PERCEPTION_KEYS}}

    def accept(self) -> None:
        clear_invalid(self)
        try:
            if self.fab is None:
                self.saved = add_fab(self.store, self.data())
            else:
                self.saved = update_fab(self.store, self.fab["id"], self.data())
        except ValidationError as exc:
            widget = self.fields.get(exc.field) or self.fields.get(exc.field.split("[")[0].split(".")[0])
            if widget is not None:
                mark_invalid(widget, errors.user_message(exc))
            self.error.setText(errors.user_message(exc))
            self.error.show()
            return
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        self.drafts.saved()
        self.drafts.discard()
        super().accept()


class FabView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.filters = {key: QComboBox() for key in ("product", "persona", "industry", "language")}
        self.filter_labels = {key: QLabel() for key in self.filters}
        bar = QHBoxLayout()
        for key, combo in self.filters.items():
            bar.addWidget(self.filter_labels[key])
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addStretch(1)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(3)
        self.list.setColumnWidth(0, 110)
        self.list.setColumnWidth(1, 220)
        self.list.currentItemChanged.connect(lambda *_: self.show_detail())
        self.list.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.detail = QTextBrowser()
        self.count = QLabel()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([520, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._actions = {key: QAction(self) for key in ("new", "edit", "delete", "verify", "retire_claim")}
        self._actions["verify"].triggered.connect(lambda: self.set_status("verified"))
        self._actions["retire_claim"].triggered.connect(lambda: self.set_status("retired"))
        self._actions["new"].triggered.connect(self.new_item)
        self._actions["edit"].triggered.connect(self.edit_selected)
        self._actions["delete"].triggered.connect(lambda: self.delete_selected())
        signals().language_changed.connect(self.retranslate)
        self.retranslate()

    def actions(self) -> list[QAction]:
        # the window's toolbar (overrides QWidget.actions, which lists the same kind of object)
        return list(self._actions.values())

    def retranslate(self, _lang: str = "") -> None:
        lang = current_language()
        labels = value_labels(self.store.conn)
        for key, action in self._actions.items():
            action.setText(tr(f"fab.{key}"))
        for key, label in self.filter_labels.items():
            label.setText(tr(f"fab.{key}"))
        self.list.setHeaderLabels([tr("fab.product"), tr("fab.feature"), tr("fab.persona")])
        options = {
            "product": [(p["key"], p["name"]) for p in list_products(self.store)],
            "persona": [(p, labels[("persona", p)].label(lang)) for p in PERSONAS],
            "industry": [(v.value, v.label(lang)) for v in list_values(self.store.conn, "industry")],
            "language": [(c, tr(f"lang.{c}")) for c in LANGUAGES],
        }
        for key, combo in self.filters.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("fab.all"), None)
            for value, text in options[key]:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        select = select or self.selected_id()
        labels = value_labels(self.store.conn)
        lang = current_language()
        fabs = list_fabs(self.store, **{k: c.currentData() for k, c in self.filters.items()})
        self.list.blockSignals(True)
        self.list.clear()
        for fab in fabs:
            personas = ", ".join(labels[("persona", p)].label(lang) for p in fab["personas"])
            item = QTreeWidgetItem([fab["product_name"], fab["feature"], personas or tr("fab.any")])
            item.setData(0, Qt.ItemDataRole.UserRole, fab["id"])
            item.setToolTip(1, fab["benefit"])
            self.list.addTopLevelItem(item)
            if fab["id"] == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None:
            select_first(self.list)
        self.count.setText(tr("fab.count", n=len(fabs)))
        self.show_detail()

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def select(self, fab_id: str) -> None:
        self.refresh(select=fab_id)

    def show_detail(self) -> None:
        fab_id = self.selected_id()
        has = fab_id is not None
        for key in ("edit", "delete", "verify", "retire_claim"):
            self._actions[key].setEnabled(has)
        if not has:
            self.detail.clear()
            return
        html = fab_html(get_fab(self.store, str(fab_id)), current_language())
        stats = claim_stats(self.store, "fab", str(fab_id))
        rating = f"{stats.rating:g}/5 ({stats.ratings})" if stats.rating is not None else "—"
        html = (f"<p style='color:#5b6b7a'>{escape(tr('fab.claim', status=tr('fab.status.' + stats.status), rating=rating, usage=stats.usage))}</p>"
                + html)
        self.detail.setHtml(html)

    def set_status(self, status: str) -> None:
        """Verify or retire the selected statement as a claim (only validated value counts)."""
        fab_id = self.selected_id()
        if fab_id is not None:
            set_claim_status(self.store, "fab", fab_id, status)
            self.show_detail()

    def hints_text(self) -> str:
        return self.detail.toPlainText()

    # -- editing ----------------------------------------------------------------------------
    def new_item(self, show: bool = True) -> FabDialog:
        return self._open(FabDialog(self.store, None, self), show)

    def edit_selected(self, show: bool = True) -> FabDialog | None:
        fab_id = self.selected_id()
        if fab_id is None:
            return None
        return self._open(FabDialog(self.store, get_fab(self.store, fab_id), self), show)

    def _open(self, dialog: FabDialog, show: bool) -> FabDialog:
        """Window-modal, so the view stays usable for reading while the form is open."""
        dialog.accepted.connect(lambda: self.refresh(select=dialog.saved["id"] if dialog.saved else None))
        if show:
            dialog.open()
        return dialog

    def delete_selected(self, confirm: bool = True) -> None:
        fab_id = self.selected_id()
        if fab_id is None:
            return
        fab = get_fab(self.store, fab_id)
        if confirm and QMessageBox.question(self, "ValueKit", tr("fab.confirm_delete", feature=fab["feature"])) \
                != QMessageBox.StandardButton.Yes:
            return
        delete_fab(self.store, fab_id)
        self.refresh()

    def retire_selected(self) -> None:
        self.delete_selected()


def fab_html(fab: Fab, lang: str) -> str:
    """Feature → Advantage → Benefit as three blocks, then the review hints."""
    blocks = []
    for key, colour, extra in (("feature", "#2e86c1", fab.get("feature_description") or ""),
                               ("advantage", "#ca6f1e", fab.get("competitor") or ""),
                               ("benefit", "#1e8449", tr("fab.perception_line", text=perception_text(fab))
                                if perception_text(fab) else "")):
        note = f"<br><span style='color:#777'>{escape(extra)}</span>" if extra else ""
        blocks.append(f"<p style='margin:6px 0'><span style='color:{colour}; font-weight:bold'>"
                      f"{escape(tr('fab.' + key))}</span><br>"
                      f"<span style='font-size:13pt'>{escape(str(fab.get(key) or '—'))}</span>{note}</p>")
    html = "<p style='color:#aaa; margin:0'>↓</p>".join(blocks)
    hints = fab_hints(fab, lang=lang)
    html += f"<h4>{escape(tr('fab.hints'))}</h4>"
    if hints:
        html += "<ul>" + "".join(f"<li style='color:#8a5a00'>💡 {escape(h)}</li>" for h in hints) + "</ul>"
    else:
        html += f"<p style='color:#1e8449'>✔ {escape(tr('fab.no_hints'))}</p>"
    return html
