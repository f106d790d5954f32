"""`valuekit opp …` commands."""

from __future__ import annotations

import click


@click.group()
def opp() -> None:
    """Opportunities: the customer context every builder hangs on."""
