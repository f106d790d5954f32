"""`valuekit pack …` and `valuekit usage …` commands."""

from __future__ import annotations

import click


@click.group()
def pack() -> None:
    """Library packs (.vkpack) and usage reports (.vkusage) to share offline."""
