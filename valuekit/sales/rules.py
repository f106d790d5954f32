"""The seeds' rules on an opportunity (docs/methods.md §3): the customer's 5A cognition against
the stage, BANT for MQL and SQL (the SQL minimum is the team's setting), and the growth model
a deal size implies. Computed on read, shown as warnings, never blocking."""

from __future__ import annotations

from valuekit.i18n import t
from valuekit.sales.settings import APPROX_CNY_RATE, TeamSettings
from valuekit.sales.types import GrowthModel, Opportunity

COGNITION = ("Aware", "Appeal", "Ask", "Act", "Advocate")
# The cognition a stage needs at least (docs/methods.md §3: RL ↔ Aware/Appeal, MQL ↔ Ask,
# SQL/Rev ↔ Act, Retention ↔ Advocate), and the stage whose content fits a cognition.
STAGE_COGNITION = {"RL": "Aware", "MQL": "Ask", "SQL": "Act", "Rev": "Act", "Retention": "Advocate"}
COGNITION_STAGE = {"Aware": "RL", "Appeal": "RL", "Ask": "MQL", "Act": "SQL", "Advocate": "Retention"}
STAGE_ORDER = ("RL", "MQL", "SQL", "Rev", "Retention")
# The three growth models by contract value per year in CNY (docs/methods.md §3, the China SaaS
# survey): (upper bound, model, cycle key, typical cycle in months (low, high)).
GROWTH_MODELS: list[tuple[float, str, str, tuple[float, float]]] = [
    (10_000, "hacker", "growth.cycle.hacker", (0.0, 0.1)),
    (100_000, "r2r", "growth.cycle.r2r", (0.5, 2.0)),
    (300_000, "missile", "growth.cycle.missile_mid", (3.0, 6.0)),
    (float("inf"), "missile", "growth.cycle.missile_large", (6.0, 12.0)),
]


def growth_model(deal_size: float | None, currency: str = "CNY", *, stage: str | None = None,
                 close_date: str | None = None, lang: str = "en") -> GrowthModel:
    """The growth model (hacker / R2R / missile) that the deal size implies, with its usual
    sales cycle (docs/methods.md §3); a Retention deal shows its renewal date instead of a cycle."""
    model, months = "unknown", None
    cycle = t("growth.no_deal_size", lang)
    if deal_size is not None:
        cny = deal_size * APPROX_CNY_RATE.get(currency.upper(), 1.0)
        model, key, months = next((m, k, mo) for limit, m, k, mo in GROWTH_MODELS if cny < limit)
        cycle = t(key, lang)
    if stage == "Retention":
        cycle = (t("growth.renewal_on", lang, date=close_date) if close_date
                 else t("growth.renewal_unknown", lang))
        months = None
    return {"model": model, "name": t(f"growth.model.{model}", lang), "cycle": cycle,
            "cycle_months": list(months) if months else None}


def bant_known(opp: Opportunity) -> int:
    return sum(1 for item in opp["bant"].values() if item["known"])


def opportunity_warnings(opp: Opportunity, lang: str, settings: TeamSettings | None = None) -> list[str]:
    """What the seeds' rules say is not yet true of this opportunity (shown, never blocking)."""
    minimum = (settings or TeamSettings()).sql_bant_min
    known = bant_known(opp)
    warnings = []
    if opp["stage"] in ("SQL", "Rev") and known < minimum:
        warnings.append(t("opp.warn.sql_bant", lang, stage=opp["stage"], known=known, minimum=minimum))
    if opp["stage"] == "MQL" and known == 0:
        warnings.append(t("opp.warn.mql_bant", lang))
    if opp["stage"] not in ("RL",) and not any(p["persona"] == "decision_maker"
                                                 for p in opp["decision_chain"]):
        warnings.append(t("opp.warn.no_decision_maker", lang))
    cognition = opp.get("cognition")
    needed = STAGE_COGNITION[opp["stage"]]
    if cognition and COGNITION.index(cognition) < COGNITION.index(needed):
        warnings.append(t("opp.warn.cognition", lang, stage=opp["stage"], cognition=cognition, needed=needed))
    return warnings


def content_stage(opp: Opportunity) -> str:
    """The stage whose content fits the customer's cognition: recommendations follow the
    customer's mind, not the CRM stage, when the stage runs ahead (docs/methods.md §3)."""
    cognition = opp.get("cognition")
    return COGNITION_STAGE[cognition] if cognition else opp["stage"]
