"""`valuekit spin …` commands."""

from __future__ import annotations

import click


@click.group()
def spin() -> None:
    """SPIN question bank, call plans and captured answers."""
