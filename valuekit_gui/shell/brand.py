"""Brand and seller profile (File → Brand and seller profile…, asked once on first run):
the company name, logo, colours and footer of every customer document, and the seller's
name, title, phone and email. Values are checked by the core (valuekit.pitch.brand); a
refused value is marked on its field with the reason in the user's language."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.pitch.brand import get_brand, set_brand, set_profile
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.marks import clear_invalid, mark_invalid
from valuekit_gui.shell.settings import active_settings

add_strings({
    "brandui.title": ("品牌与销售联系人…", "Brand and seller profile…"),
    "brandui.intro": ("客户文件上印的公司名称、标志、颜色和您的联系方式。留空的页脚使用公司名称。",
                    "What customer documents carry: your company name, logo, colours and how to reach you. "
                    "An empty footer shows the company name."),
    "brandui.company": ("公司名称", "Company"), "brandui.logo": ("标志（PNG/SVG，< 2 MB）", "Logo (PNG/SVG, < 2 MB)"),
    "brandui.color": ("主色", "Main colour"), "brandui.accent": ("标题色", "Heading colour"),
    "brandui.footer": ("页脚", "Footer"), "brandui.pick": ("选择…", "Choose…"),
    "brandui.no_logo": ("（无）", "(none)"), "brandui.keep_logo": ("（已设置）", "(set)"),
    "profileui.name": ("您的姓名", "Your name"), "profileui.title": ("职务", "Title"),
    "profileui.phone": ("电话", "Phone"), "profileui.email": ("邮箱", "Email"),
})


class BrandDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("brandui.title").rstrip("…"))
        brand = get_brand(store)
        self.company = QLineEdit(brand.company)
        self.logo_path = ""
        self.logo_label = QLabel(tr("brandui.keep_logo") if brand.logo else tr("brandui.no_logo"))
        pick_logo = QPushButton(tr("brandui.pick"))
        pick_logo.clicked.connect(self._pick_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(pick_logo)
        self.color, self.accent = QLineEdit(brand.color), QLineEdit(brand.accent)
        self.footer = QLineEdit(brand.footer)
        p = brand.profile
        self.name, self.title_edit = QLineEdit(p.name), QLineEdit(p.title)
        self.phone, self.email = QLineEdit(p.phone), QLineEdit(p.email)
        intro = QLabel(tr("brandui.intro"), wordWrap=True)
        form = QFormLayout()
        form.addRow(tr("brandui.company"), self.company)
        form.addRow(tr("brandui.logo"), logo_row)
        for label, edit in (("brandui.color", self.color), ("brandui.accent", self.accent)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            button = QPushButton(tr("brandui.pick"))
            button.clicked.connect(lambda _=False, e=edit: self._pick_colour(e))
            row.addWidget(button)
            form.addRow(tr(label), row)
        form.addRow(tr("brandui.footer"), self.footer)
        for label, edit in (("profileui.name", self.name), ("profileui.title", self.title_edit),
                            ("profileui.phone", self.phone), ("profileui.email", self.email)):
            form.addRow(tr(label), edit)
        self.fields = {"company": self.company, "color": self.color, "accent": self.accent,
                       "footer": self.footer, "logo": self.logo_label, "name": self.name,
                       "title": self.title_edit, "phone": self.phone, "email": self.email}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _pick_logo(self) -> None:
        path = QFileDialog.getOpenFileName(self, tr("brandui.logo"), "", "Logo (*.png *.svg)")[0]
        if path:
            self.logo_path = path
            self.logo_label.setText(path)

    def _pick_colour(self, edit: QLineEdit) -> None:
        colour = QColorDialog.getColor(QColor(edit.text()), self)
        if colour.isValid():
            edit.setText(colour.name().upper())

    def save(self) -> bool:
        """Store the values (all checked by the core first); False and the field marked
        when one is refused."""
        clear_invalid(self)
        try:
            set_brand(self.store, company=self.company.text(), color=self.color.text(),
                      accent=self.accent.text(), footer=self.footer.text(),
                      logo=self.logo_path or None)
            set_profile(self.store, name=self.name.text(), title=self.title_edit.text(),
                        phone=self.phone.text(), email=self.email.text())
        except ValueKitError as exc:
            widget = self.fields.get(getattr(exc, "field", "") or "")
            message = errors.user_message(exc)
            if widget is not None:
                mark_invalid(widget, message)
            errors.report_exception(exc)
            return False
        settings = active_settings()
        if settings is not None and not settings.user_name() and self.name.text().strip():
            settings.set_user_name(self.name.text())  # new opportunities are the seller's
        self.accept()
        return True
