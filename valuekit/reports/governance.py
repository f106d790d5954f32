"""Insights on trust and the journey for marketing (issue 15): reviews due per owner,
expired assets still being used, how use turns out per stage, and the journey's coverage
gaps against the rule of three. The figures come from ``valuekit.library``; this module
only gathers them for the Insights screen."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store
from valuekit.library.governance import ExpiredUse, due_per_owner, expired_but_used
from valuekit.library.journey import CoverageCell, coverage
from valuekit.library.usage_stats import usage_by_stage_library


@dataclass
class OwnerDue:
    owner: str
    overdue: int
    due_soon: int  # within 30 days


@dataclass
class GovernanceInsights:
    due_by_owner: list[OwnerDue] = field(default_factory=list)
    expired_used: list[ExpiredUse] = field(default_factory=list)
    usage_by_stage: list[tuple[str, str, int]] = field(default_factory=list)  # stage, outcome, uses
    coverage_gaps: list[CoverageCell] = field(default_factory=list)
    coverage_cells: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def governance_insights(store: Store) -> GovernanceInsights:
    cells = coverage(store)
    return GovernanceInsights(
        due_by_owner=[OwnerDue(*row) for row in due_per_owner(store)],
        expired_used=expired_but_used(store.conn),
        usage_by_stage=usage_by_stage_library(store.conn),
        coverage_gaps=[c for c in cells if c.gap],
        coverage_cells=len(cells),
    )
