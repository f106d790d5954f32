"""How the CLI prints what forgiving search adds: the "did you mean" note and a result's
snippet with the match marked (and the attachment named when the match is in a file)."""

from __future__ import annotations

from valuekit.cli.common import cli_language
from valuekit.i18n import t
from valuekit.library.forgiving import Snippet
from valuekit.library.page import Found
from valuekit.library.usage_stats import OUTCOME_BUCKETS, UsageSummary


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


def usage_lines(summary: UsageSummary) -> str:
    """Uses per stage with their outcomes, and the win influence, one line each."""
    lang = cli_language()
    lines = []
    for entry in summary.by_stage:
        parts = [f"{t('usage.' + o, lang)} {entry.outcomes[o]}" for o in OUTCOME_BUCKETS if entry.outcomes[o]]
        lines.append(f"  {entry.stage}: {entry.uses} × ({', '.join(parts)})")
    if summary.win_influence is not None:
        lines.append("  " + t("usage.win_influence", lang, pct=round(summary.win_influence * 100),
                              won=summary.won_opportunities, opps=summary.opportunities))
    return "\n".join(lines)
