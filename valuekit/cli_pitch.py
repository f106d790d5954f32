"""`valuekit pitch …` commands."""

from __future__ import annotations

import click


@click.group()
def pitch() -> None:
    """Seven-step pitches: draft, check, export PDFs for customer meetings."""
