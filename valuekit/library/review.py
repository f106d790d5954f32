"""Review dates: how long an asset stays trustworthy after someone checked it.

Each asset has a review interval (its own, or its format's default, 90 days unless the
format says otherwise) and verifying it sets the next review date one interval ahead.
"""

from __future__ import annotations

from datetime import date, timedelta

from valuekit.db.seed import DEFAULT_REVIEW_DAYS, FORMAT_REVIEW_DAYS


def review_days(format_key: str | None, interval: int | None) -> int:
    """The asset's own interval, else its format's default."""
    if interval:
        return interval
    return FORMAT_REVIEW_DAYS.get(format_key or "", DEFAULT_REVIEW_DAYS)


def next_review(today: str, format_key: str | None, interval: int | None) -> str:
    """The ISO date one review interval after ``today`` (an ISO date)."""
    return (date.fromisoformat(today) + timedelta(days=review_days(format_key, interval))).isoformat()
