"""`valuekit library attachments ASSET` and `valuekit library open ASSET [NAME]`: an asset's
attachments, whether each is here or only on the team server, and opening one (downloaded
first when it is on the server). Registered on the existing ``library`` group."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.governance import library
from valuekit.db.store import Store
from valuekit.errors import NotFoundError
from valuekit.i18n import msg, t

if TYPE_CHECKING:
    from valuekit.sync.offline import FileState

__all__ = ["library"]
# valuekit.sync.offline is imported inside the two commands: at module level it pulls the
# sync engine (records, packs) into every `valuekit library …` start, +70 ms measured with
# python -X importtime (196 ms vs 126 ms for the group).


def _state(f: FileState) -> str:
    key = "files.here" if f.here else "files.on_server" if f.on_server else "files.missing"
    return t(key, cli_language())


@library.command("attachments")
@click.argument("asset_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def files_cmd(store: Store, asset_id: str, as_json: bool) -> None:
    """An asset's attachments: name, size, and whether the file is here or on the server."""
    from valuekit.sync.offline import file_states, size_text  # start-up time, see above

    found = file_states(store, asset_id)
    if as_json:
        echo_json([f.as_dict() for f in found])
        return
    for f in found:
        click.echo(f"{f.filename}  {size_text(f.size)}  {_state(f)}  {f.sha256[:12]}")


def _pick(found: list[FileState], ref: str, name: str | None) -> FileState:
    if not found:
        raise NotFoundError(msg("asset {ref} has no attachments", ref=ref))
    if name is None:
        if len(found) == 1:
            return found[0]
        raise NotFoundError(msg("asset {ref} has {n} attachments; name the one to open: {names}",
                                ref=ref, n=len(found), names=", ".join(f.filename for f in found)))
    for f in found:
        if name in (f.filename, f.sha256) or (len(name) >= 6 and f.sha256.startswith(name)):
            return f
    raise NotFoundError(msg("asset {ref} has no attachment named {name}", ref=ref, name=name))


@library.command("open")
@click.argument("asset_id")
@click.argument("name", required=False)
@click.option("--path-only", is_flag=True, help="Print the viewer copy's path instead of opening it.")
@pass_store
def open_cmd(store: Store, asset_id: str, name: str | None, path_only: bool) -> None:
    """Open an attachment (NAME: its file name or hash prefix; may be left out when the
    asset has one). A file that is only on the team server is downloaded first."""
    from valuekit.cli.sync_offline import tty_progress  # start-up time, see above
    from valuekit.sync.offline import file_states, open_attachment

    chosen = _pick(file_states(store, asset_id), asset_id, name)
    copy = open_attachment(store, chosen.sha256, chosen.filename, progress=tty_progress())
    if path_only:
        click.echo(str(copy.path))
        return
    # an unknown file type is revealed in the file manager, not run (library/opening.py)
    click.launch(str(copy.path), locate=not copy.openable)
    click.echo(t("files.opened" if copy.openable else "files.revealed", cli_language(), path=copy.path))
