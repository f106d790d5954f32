"""Team settings: what marketing and sales agree for their team (docs/methods.md §3, §8).

- ``sql_bant_min``: how many of the four BANT items an SQL must meet. The seeds' usual
  standard is 3 ("SQL 的标准一般至少要满足 BANT 中的 3 个条件"), and they say marketing and
  sales may agree their own — so it is a setting, not a constant.
- ``win_probability``: per open stage, the chance a deal there is won; the forecast weights
  each open deal by it. Defaults (RL 5 %, MQL 10 %, SQL 30 %) are ours, stated in docs/sales.md.
- ``large_deal_min``: per currency, the deal size above which Huawei's five sales actions
  apply; the seed's figure is 1,000,000 CNY ("客单价过百万元、结单周期在 6 个月以上").
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg

OPEN_STAGES = ("RL", "MQL", "SQL")
DEFAULT_SQL_BANT_MIN = 3
DEFAULT_WIN_PROBABILITY = {"RL": 0.05, "MQL": 0.10, "SQL": 0.30}
HUAWEI_MIN_CNY = 1_000_000.0
# The seeds' figures are in CNY; other currencies are placed by a rough rate unless the team
# sets its own threshold for that currency (large_deal_min).
APPROX_CNY_RATE = {"CNY": 1.0, "RMB": 1.0, "USD": 7.2, "EUR": 7.8, "GBP": 9.1, "HKD": 0.92,
                   "JPY": 0.048, "SGD": 5.3}


@dataclass
class TeamSettings:
    sql_bant_min: int = DEFAULT_SQL_BANT_MIN
    win_probability: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WIN_PROBABILITY))
    large_deal_min: dict[str, float] = field(default_factory=dict)  # only what the team set

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def huawei_threshold(self, currency: str) -> tuple[float, str]:
        """The large-deal threshold in ``currency`` and its basis: ``team`` (set by the team),
        ``seed`` (the seed's 1,000,000 CNY) or ``rough`` (that figure at a rough rate)."""
        cur = currency.upper()
        if cur in self.large_deal_min:
            return self.large_deal_min[cur], "team"
        if cur in ("CNY", "RMB"):
            return HUAWEI_MIN_CNY, "seed"
        return HUAWEI_MIN_CNY / APPROX_CNY_RATE.get(cur, 1.0), "rough"


def check_sql_bant_min(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise ValidationError("sql_bant_min", msg("must be a whole number from 1 to 4"))
    return value


def check_probability(value: Any, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValidationError(field_name, msg("must be a number greater than 0 and at most 1"))
    return float(value)


def check_amount(value: Any, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value \
            or value <= 0 or value == float("inf"):
        raise ValidationError(field_name, msg("must be a number greater than 0"))
    return float(value)


def get_settings(store: Store) -> TeamSettings:
    rows = dict(store.conn.execute("SELECT key, value FROM team_settings").fetchall())
    settings = TeamSettings()
    if "sql_bant_min" in rows:
        settings.sql_bant_min = int(json.loads(rows["sql_bant_min"]))
    if "win_probability" in rows:
        settings.win_probability.update(json.loads(rows["win_probability"]))
    if "large_deal_min" in rows:
        settings.large_deal_min.update(json.loads(rows["large_deal_min"]))
    return settings


def update_settings(store: Store, *, sql_bant_min: Any = None,
                    win_probability: dict[str, Any] | None = None,
                    large_deal_min: dict[str, Any] | None = None) -> TeamSettings:
    """Validate every given value first, then store them in one transaction."""
    values: dict[str, Any] = {}
    current = get_settings(store)
    if sql_bant_min is not None:
        values["sql_bant_min"] = check_sql_bant_min(sql_bant_min)
    if win_probability:
        merged = dict(current.win_probability)
        for stage, p in win_probability.items():
            if stage not in OPEN_STAGES:
                raise ValidationError("win_probability", msg(
                    "{stage!r} is not an open stage; allowed: {allowed}", stage=stage,
                    allowed=", ".join(OPEN_STAGES)))
            merged[stage] = check_probability(p, f"win_probability.{stage}")
        values["win_probability"] = merged
    if large_deal_min:
        merged_min = dict(current.large_deal_min)
        for cur, amount in large_deal_min.items():
            code = str(cur).strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise ValidationError("large_deal_min", msg(
                    "{currency!r} is not a currency code (e.g. CNY, USD)", currency=cur))
            merged_min[code] = check_amount(amount, f"large_deal_min.{code}")
        values["large_deal_min"] = merged_min
    now = utc_now()
    with store.transaction() as conn:
        for key, value in values.items():
            conn.execute("INSERT INTO team_settings (key, value, updated_at) VALUES (?, ?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                         "updated_at = excluded.updated_at", (key, json.dumps(value), now))
    return get_settings(store)
