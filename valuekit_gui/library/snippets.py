"""Search results that show why they matched: the title column paints the title and, under
it, a snippet of the text with the match in bold (and the attachment named when the match
is in a file). Snippets come from ``valuekit.library.forgiving`` a page at a time."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from valuekit.library.forgiving import Snippet
from valuekit.library.page import Found
from valuekit_gui.common.i18n import add_strings, tr

SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 7
ROW_WITH_SNIPPET = 46

add_strings({
    "lib.in_file": ("附件 {name}：", "in {name}: "),
    "lib.corrected": ("没有找到“{typed}”，以下是“{suggestion}”的结果。",
                      "Nothing matched “{typed}”; showing results for “{suggestion}”."),
    "lib.did_you_mean": ("您是不是要找：<a href=\"#\">{suggestion}</a>",
                         "Did you mean: <a href=\"#\">{suggestion}</a>"),
    "lib.nothing": ("没有找到“{typed}”。", "Nothing matched “{typed}”."),
})


def note_html(found: Found, typed: str) -> str:
    """What the line under the search box says about a search ("" = nothing to say)."""
    if found.corrected:
        return tr("lib.corrected", typed=html.escape(typed), suggestion=html.escape(found.suggestion or ""))
    if found.suggestion:
        return tr("lib.did_you_mean", suggestion=html.escape(found.suggestion))
    if typed and not found.total:
        return tr("lib.nothing", typed=html.escape(typed))
    return ""


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML: the text escaped, each match in bold."""
    out, last = [], 0
    for start, end in snippet.marks:
        out += [html.escape(snippet.text[last:start]), "<b>", html.escape(snippet.text[start:end]), "</b>"]
        last = end
    out.append(html.escape(snippet.text[last:]))
    prefix = html.escape(tr("lib.in_file", name=snippet.attachment)) if snippet.attachment else ""
    return f"<i>{prefix}</i>{''.join(out)}" if prefix else "".join(out)


class SnippetDelegate(QStyledItemDelegate):
    """Title on the first line, the snippet (if any) in a smaller grey line below."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        snippet = index.data(SNIPPET_ROLE)
        if not snippet:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(4, 2, -4, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(group))
        painter.setFont(opt.font)
        line = rect.height() // 2
        elided = opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        doc = QTextDocument()
        small = opt.font
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        doc.setDefaultFont(small)
        doc.setDocumentMargin(0)
        doc.setHtml(snippet)
        doc.setTextWidth(10_000)  # one line; the cell clips what does not fit
        painter.translate(rect.left(), rect.top() + line)
        painter.setClipRect(QRectF(0, 0, rect.width(), line))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            group if selected else QPalette.ColorRole.PlaceholderText))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), ROW_WITH_SNIPPET) if index.data(SNIPPET_ROLE) else size
