"""The ``valuekit`` command: every core capability, with ``--json`` output."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from valuekit import __version__
from valuekit.cli.common import AppContext, pass_store

# Each command group is imported only when it runs (or for --help): importing all of
# them cost ~0.47 s of every cold `valuekit pitch render` (python -X importtime).
# name -> "module:attribute"; adding a group is one line here.
LAZY_GROUPS = {
    # cli/governance.py adds issue 15's commands to the library group, cli/library_files.py
    # the attachment commands (attachments, open), then hands it over
    "library": "valuekit.cli.library_files:library",
    "roi": "valuekit.cli.roi:roi",
    "opp": "valuekit.cli.opp:opp",
    "fab": "valuekit.cli.fab:fab",
    "spin": "valuekit.cli.spin:spin",
    "pitch": "valuekit.cli.pitch:pitch",
    "pack": "valuekit.cli.pack:pack",
    "brand": "valuekit.cli.brand:brand",
    "profile": "valuekit.cli.brand:profile",
    "funnel": "valuekit.cli.funnel:funnel",
    "metrics": "valuekit.cli.metrics:metrics",
    "team": "valuekit.cli.team:team",
    "claim": "valuekit.cli.claims:claim",
    "journey": "valuekit.cli.journey:journey",
    "sync": "valuekit.cli.sync:sync",
    "server": "valuekit.cli.server:server",
    "value": "valuekit.cli.value:value",
}


class LazyGroup(click.Group):
    """A click group whose sub-groups are imported on first use."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attr = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy=LAZY_GROUPS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="valuekit")
@click.option(
    "--library",
    "library_path",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="VALUEKIT_LIBRARY",
    help="Library folder (default: the user data dir; env VALUEKIT_LIBRARY).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of messages (default: from VALUEKIT_LANG, LC_ALL, LC_MESSAGES or LANG).",
)
@click.pass_context
def main(ctx: click.Context, library_path: Path | None, lang: str | None) -> None:
    """ValueKit: the value library, FAB/SPIN/ROI builders and pitch PDFs, offline."""
    app = AppContext(library_path, lang)
    ctx.obj = app
    ctx.call_on_close(app.close)


@main.command()
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@pass_store
def demo(store: Any, quiet: bool) -> None:
    """Create or refresh the demo library in the chosen library folder."""
    # imported here: the demo pulls in the library, sales and ROI modules (~0.23 s,
    # python -X importtime) that every other command would pay at start-up
    from valuekit.demo.library import load_demo

    summary = load_demo(store)
    if not quiet:
        click.echo(f"Demo library ready in {store.path}: " + ", ".join(
            f"{n} {what}" for what, n in summary.items()))




if __name__ == "__main__":  # pragma: no cover
    main()
