"""The ``valuekit`` command: every core capability, with ``--json`` output."""

from __future__ import annotations

from pathlib import Path

import click

from valuekit import __version__
from valuekit.cli.claims import claim
from valuekit.cli.common import AppContext, pass_store
from valuekit.cli.fab import fab
from valuekit.cli.funnel import funnel
from valuekit.cli.library import library
from valuekit.cli.metrics import metrics
from valuekit.cli.opp import opp
from valuekit.cli.pack import pack
from valuekit.cli.pitch import pitch
from valuekit.cli.roi import roi
from valuekit.cli.spin import spin
from valuekit.cli.team import team
from valuekit.cli.value import value
from valuekit.db.store import Store
from valuekit.demo.library import load_demo


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def demo(store: Store, quiet: bool) -> None:
    """Create or refresh the demo library in the chosen library folder."""
    summary = load_demo(store)
    if not quiet:
        click.echo(f"Demo library ready in {store.path}: " + ", ".join(
            f"{n} {what}" for what, n in summary.items()))


main.add_command(library)
main.add_command(roi)
main.add_command(opp)
main.add_command(fab)
main.add_command(spin)
main.add_command(pitch)
main.add_command(pack)
main.add_command(funnel)
main.add_command(metrics)
main.add_command(team)
main.add_command(claim)
main.add_command(value)


if __name__ == "__main__":  # pragma: no cover
    main()
