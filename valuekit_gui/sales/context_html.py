"""The "Pains & FABs" tab of an opportunity as HTML: pains by layer, the FABs that answer
them, the ROI inputs the SPIN answers propose, and what the customer must invest. Only
presents ``sales.context.opportunity_context``; no rule lives here."""

from __future__ import annotations

from html import escape

from valuekit.sales.spin import PAIN_LAYERS
from valuekit.sales.types import OpportunityContext
from valuekit_gui.common.i18n import add_strings, tr

add_strings({
    "ctx.pains": ("痛点（按层面）", "Pains by layer"),
    "ctx.none": ("尚未记录", "none captured yet"),
    "ctx.fabs": ("回应痛点的 FAB", "FABs for this opportunity"),
    "ctx.addresses": ("回应：{pains}", "Addresses: {pains}"),
    "ctx.roi": ("从回答中提出的 ROI 输入", "ROI inputs proposed by the answers"),
    "ctx.roi_none": ("回答里还没有数字。", "No numbers in the answers yet."),
    "ctx.from": ("来自：{q}", "from: {q}"),
    "ctx.warnings": ("需要注意", "Things to look at"),
    "ctx.investment": ("客户需要投入（请计入 ROI 成本）：", "What the customer must invest (price it in the ROI costs):"),
    "ctx.proposal": ("可生成的 ROI 驱动因素：{drivers}", "Complete ROI drivers: {drivers}"),
})


def context_html(ctx: OpportunityContext) -> str:
    """The pains by layer, the FABs (F → A → B) that address them and the ROI inputs."""
    parts = ["<style>h3 { margin: 12px 0 4px 0; } .muted { color: #777; } .hint { color: #8a5a00; }"
             " td { padding: 2px 8px 2px 0; }</style>"]
    if ctx["warnings"]:
        parts.append(f"<h3>{escape(tr('ctx.warnings'))}</h3><ul>")
        parts += [f"<li class='hint'>{escape(w)}</li>" for w in ctx["warnings"]]
        parts.append("</ul>")
    parts.append(f"<h3>{escape(tr('ctx.pains'))}</h3><table>")
    for layer in PAIN_LAYERS:
        pains = ctx["pains"][layer]
        body = "<br>".join(f"{escape(p['text'])} <span class='muted'>— "
                           f"{escape(tr('ctx.from', q=p['source']['question']))}</span>" for p in pains)
        parts.append(f"<tr><td valign='top'><b>{escape(tr('meet.layer.' + layer))}</b></td>"
                     f"<td>{body or '<span class=muted>' + escape(tr('ctx.none')) + '</span>'}</td></tr>")
    parts.append(f"</table><h3>{escape(tr('ctx.fabs'))}</h3>")
    for fab in ctx["fabs"]:
        parts.append(f"<p><b>{escape(fab['feature'])}</b> → {escape(fab['advantage'])} → "
                     f"<i>{escape(fab['benefit'])}</i>")
        if fab["addresses"]:
            parts.append(f"<br><span style='color:#1e8449'>✔ "
                         f"{escape(tr('ctx.addresses', pains='; '.join(fab['addresses'])))}</span>")
        parts.append("</p>")
    parts.append(f"<h3>{escape(tr('ctx.roi'))}</h3>")
    if not ctx["roi_inputs"]:
        parts.append(f"<p class='muted'>{escape(tr('ctx.roi_none'))}</p>")
    else:
        parts.append("<table>")
        for item in ctx["roi_inputs"]:
            value = item["value"]
            shown = f"{value:,.0f}" if isinstance(value, float) and value >= 1000 else f"{value:g}"
            parts.append(f"<tr><td>{escape(tr('roi.kind.' + item['driver_kind']))}</td>"
                         f"<td>{escape(tr('roi.in.' + item['input']))}</td><td align='right'><b>{shown}"
                         f"</b></td><td class='muted'>{escape(item['source']['question'])}</td></tr>")
        parts.append("</table>")
    proposal = ctx["roi_proposal"]
    if proposal:
        names = ", ".join(d["name"] for d in proposal["drivers"])
        parts.append(f"<p>{escape(tr('ctx.proposal', drivers=names))}</p>")
    investment = next((c["answer"] for c in ctx["checklist"] if c["key"] == "investment" and c["answer"]), None)
    if investment:  # the 6 + 4 checklist: what the customer must invest → the ROI's costs
        parts.append(f"<p><b>{escape(tr('ctx.investment'))}</b> {escape(investment)}</p>")
    return "".join(parts)
