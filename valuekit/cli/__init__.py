"""The `valuekit` command line: one sub-group per core area (cli/<area>.py)."""

from valuekit.cli.root import main

__all__ = ["main"]
