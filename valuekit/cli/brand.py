"""`valuekit brand …` and `valuekit profile …`: the company's brand and the seller's
contact details that every customer document of the library carries."""

from __future__ import annotations

from dataclasses import asdict

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.pitch.brand import get_brand, set_brand, set_profile


@click.group()
def brand() -> None:
    """Company name, logo, colours and footer of the customer documents."""


@brand.command("set")
@click.option("--company", help="Company name shown on every document.")
@click.option("--logo", type=click.Path(dir_okay=False), help="Logo file: PNG or SVG under 2 MB.")
@click.option("--no-logo", is_flag=True, help="Remove the logo.")
@click.option("--color", help="Main colour, #RRGGBB.")
@click.option("--accent", help="Heading colour, #RRGGBB.")
@click.option("--footer", help="Footer text (default: the company name).")
@pass_store
def brand_set(store: Store, company: str | None, logo: str | None, no_logo: bool, color: str | None,
              accent: str | None, footer: str | None) -> None:
    """Change the brand; values not given stay as they are."""
    set_brand(store, company=company, logo=logo, color=color, accent=accent, footer=footer,
              clear_logo=no_logo)
    _show(store, False)


@brand.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def brand_show(store: Store, as_json: bool) -> None:
    """Show the brand and the seller profile."""
    _show(store, as_json)


def _show(store: Store, as_json: bool) -> None:
    b = get_brand(store)
    data = b.as_dict()
    data["logo"] = (b.logo.split(";", 1)[0][5:] + f", {len(b.logo)} bytes as data URI") if b.logo else ""
    if as_json:
        echo_json(data)
        return
    lang = cli_language()
    for key in ("company", "color", "accent", "footer", "logo"):
        click.echo(f"{t(f'brand.{key}', lang)}: {data[key] or '—'}")
    for key, value in asdict(b.profile).items():
        click.echo(f"{t(f'profile.{key}', lang)}: {value or '—'}")


@click.group()
def profile() -> None:
    """The seller's name, title, phone and email on the customer documents."""


@profile.command("set")
@click.option("--name", help="Your name as the customer should read it.")
@click.option("--title", help="Your job title.")
@click.option("--phone", help="Phone number.")
@click.option("--email", help="Email address.")
@pass_store
def profile_set(store: Store, name: str | None, title: str | None, phone: str | None,
                email: str | None) -> None:
    """Change the seller profile; values not given stay as they are."""
    set_profile(store, name=name, title=title, phone=phone, email=email)
    _show(store, False)


# `profile show` is `brand show`: both print the brand and the seller profile
profile.add_command(brand_show, "show")
