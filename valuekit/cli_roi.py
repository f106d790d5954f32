"""`valuekit roi …` commands."""

from __future__ import annotations

import click


@click.group()
def roi() -> None:
    """ROI cases: compute, save, list, show, export business cases."""
