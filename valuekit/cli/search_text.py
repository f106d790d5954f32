"""How the CLI prints what forgiving search adds: the "did you mean" note and a result's
snippet with the match marked (and the attachment named when the match is in a file)."""

from __future__ import annotations

from valuekit.cli.common import cli_language
from valuekit.i18n import t
from valuekit.library.forgiving import Snippet
from valuekit.library.page import Found


def search_note(found: Found) -> str:
    lang = cli_language()
    if found.corrected:
        return t("search.corrected", lang, suggestion=found.suggestion)
    return t("search.did_you_mean", lang, suggestion=found.suggestion)


def snippet_line(snippet: Snippet) -> str:
    text = snippet.marked("«", "»")
    if snippet.attachment:
        return t("search.in_attachment", cli_language(), name=snippet.attachment, text=text)
    return text
