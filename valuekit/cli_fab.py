"""`valuekit fab …` commands."""

from __future__ import annotations

import click


@click.group()
def fab() -> None:
    """FAB statements: feature, advantage, benefit per audience."""
