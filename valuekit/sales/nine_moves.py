"""The nine winning moves (九招制胜, docs/methods.md §4): a per-deal kit for missile-model deals.

Each move is fulfilled by records the team already keeps (a coach marked in the decision
chain, SPIN answers that name pains, FABs with a competitor, an ROI case) and by library
assets or notes linked to the move on this opportunity. What is still missing is named, so
the seller sees which move has nothing behind it yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg, t
from valuekit.library.assets import get_asset
from valuekit.roi.cases import cases_for_opportunity
from valuekit.sales.opportunity import get_opportunity, text
from valuekit.sales.types import Opportunity

MOVES = ("kpi_reading", "relationship_care", "coach_file", "needs_list", "competitor_analysis",
         "differentiated_solutions", "selection_cases", "value_stories", "project_run_cases")


@dataclass
class Evidence:
    kind: str  # "record" (found in the opportunity's own data), "asset" (linked), "note" (linked)
    ref: str  # asset id, note text, or the record's key
    title: str


@dataclass
class Move:
    key: str
    label: str
    evidence: list[Evidence] = field(default_factory=list)
    missing: str = ""  # what would fulfil it, when nothing does yet


@dataclass
class NineMoves:
    opportunity_id: str
    applies: bool  # only missile-model deals (100k CNY a year and above)
    moves: list[Move]

    @property
    def done(self) -> int:
        return sum(1 for m in self.moves if m.evidence)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "done": self.done}


def _records(store: Store, opp: Opportunity, lang: str) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {m: [] for m in MOVES}
    for person in opp["decision_chain"]:
        if person["persona"] == "decision_maker" and person.get("interests"):
            found["kpi_reading"].append(Evidence("record", "decision_chain", t(
                "moves.rec.kpis", lang, name=person["name"], interests=person["interests"])))
        if person.get("coach"):
            found["coach_file"].append(Evidence("record", "decision_chain", t(
                "moves.rec.coach", lang, name=person["name"], title=person.get("title") or "")))
    pains = store.conn.execute("SELECT count(*) FROM spin_answers WHERE opportunity_id = ? AND pain IS NOT NULL"
                               " AND pain != ''", (opp["id"],)).fetchone()[0]
    if pains:
        found["needs_list"].append(Evidence("record", "spin_answers", t("moves.rec.pains", lang, n=pains)))
    for case in cases_for_opportunity(store, opp["id"])[:1]:
        found["value_stories"].append(Evidence("record", "roi_case", t("moves.rec.roi", lang, name=case["name"])))
    return found


def nine_moves(store: Store, opp_ref: str, *, lang: str | None = None) -> NineMoves:
    opp = get_opportunity(store, opp_ref, lang=lang)
    lang = lang or opp["language"]
    evidence = _records(store, opp, lang)
    rows = store.conn.execute("SELECT move, asset_id, note FROM opportunity_moves WHERE opportunity_id = ?"
                              " ORDER BY linked_at", (opp["id"],)).fetchall()
    for move, asset_id, note in rows:
        if move not in evidence:
            continue
        if asset_id:
            try:
                title = get_asset(store, asset_id).title
            except NotFoundError:  # a linked asset deleted since: shown as gone, not a crash
                title = t("moves.asset_gone", lang)
            evidence[move].append(Evidence("asset", asset_id, title))
        else:
            evidence[move].append(Evidence("note", note, note))
    moves = [Move(key, t(f"moves.{key}", lang), evidence[key],
                  "" if evidence[key] else t(f"moves.need.{key}", lang)) for key in MOVES]
    return NineMoves(opp["id"], opp["growth_model"]["model"] == "missile", moves)


def _check_move(move: str) -> str:
    if move not in MOVES:
        raise ValidationError("move", msg("{move!r} is not one of the nine moves; allowed: {allowed}",
                                          move=move, allowed=", ".join(MOVES)))
    return move


def link(store: Store, opp_ref: str, move: str, *, asset: str | None = None, note: str | None = None) -> NineMoves:
    """Link a library asset or a note to one move of this opportunity."""
    opp = get_opportunity(store, opp_ref)
    _check_move(move)
    asset_id = get_asset(store, asset).id if asset else ""
    note_text = "" if asset else text(note, "note", required=True, max_len=1000)
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO opportunity_moves (opportunity_id, move, asset_id, note, linked_at)"
                     " VALUES (?, ?, ?, ?, ?)", (opp["id"], move, asset_id, note_text, utc_now()))
    return nine_moves(store, opp["id"])


def unlink(store: Store, opp_ref: str, move: str, ref: str) -> NineMoves:
    """Remove a linked asset (by id or prefix) or note (by its text) from a move."""
    opp = get_opportunity(store, opp_ref)
    _check_move(move)
    with store.transaction() as conn:
        conn.execute("DELETE FROM opportunity_moves WHERE opportunity_id = ? AND move = ? AND"
                     " ((asset_id != '' AND asset_id LIKE ? || '%') OR (asset_id = '' AND note = ?))",
                     (opp["id"], move, ref.strip().lower(), ref))
    return nine_moves(store, opp["id"])
