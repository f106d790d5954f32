"""Shared plumbing for the ``valuekit`` command groups: the open library, JSON output,
and turning user errors into one-line messages (exit 1, no traceback)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.fileio import parse_json
from valuekit.i18n import msg, t, user_language
from valuekit.i18n.numbers import parse_number
from valuekit.resources import default_library_path

F = TypeVar("F", bound=Callable[..., Any])


class AppContext:
    """What every command receives: where the library is, opened on first use."""

    def __init__(self, library: Path | None, lang: str | None = None) -> None:
        self.lang = lang or user_language()
        self.library_path = library or default_library_path()
        self._store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.library_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def cli_language() -> str:
    """The language chosen with ``--lang`` (or from the environment, see i18n.user_language)."""
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(AppContext) if ctx is not None else None
    return app.lang if app is not None else user_language()


def user_errors(func: F) -> F:
    """Report ``ValueKitError`` as ``Error: <message>`` and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValueKitError as exc:
            raise click.ClickException(exc.localized(cli_language())) from exc

    return wrapper  # type: ignore[return-value]


def pass_store(func: F) -> F:
    """Give the command the open ``Store`` as its first argument."""

    @click.pass_obj
    @wraps(func)
    def wrapper(app: AppContext, *args: Any, **kwargs: Any) -> Any:
        return func(app.store(), *args, **kwargs)

    return cast(F, user_errors(wrapper))


class BoundedInt(click.ParamType):
    """A whole-number option with limits, checked before any work: ``--limit 10**20``
    or ``--offset 2**63`` is a clear error (echoing at most a few digits), never an
    OverflowError from SQLite."""

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not text.lstrip("+-").isdigit() or len(text) > 40:
                self.fail(t("option.whole_number", cli_language(), low=self.low, high=self.high,
                            value=text[:20] + ("…" if len(text) > 20 else "")), param, ctx)
            number = int(text)
        if not self.low <= number <= self.high:
            shown = str(number) if len(str(number)) <= 20 else str(number)[:12] + "…"
            self.fail(t("option.whole_number", cli_language(), low=self.low, high=self.high, value=shown),
                      param, ctx)
        return number


def echo_json(data: Any) -> None:
    """Print JSON the same way everywhere: UTF-8 text, stable key order, 2-space indent."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


def read_json_file(path: str, what: str = "input", *, constants_as_numbers: bool = False) -> Any:
    """Load a JSON file given on the command line ('-' = stdin), refusing NaN/Infinity —
    or, with ``constants_as_numbers``, reading them as floats so that the caller's
    validation can refuse them naming their field."""

    def _no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not allowed")

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ValueKitError(msg("{what} file {path} does not exist", what=what, path=path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueKitError(msg("cannot read {what} file {path}: {exc}", what=what, path=path, exc=exc)) from exc
    try:
        return parse_json(text, what, path, parse_constant=float if constants_as_numbers else _no_constants)
    except ValueError as exc:
        raise ValueKitError(msg("{what} file {path} is not valid JSON: {exc}", what=what, path=path, exc=exc)) from exc


class HumanNumber(click.ParamType):
    """A number option as people write it (``--deal-size 45万``, ``--hourly-cost ¥150``,
    ``--uplift 10%`` with ``percent``), read by ``valuekit.i18n.numbers``; a refusal names
    the option and what is allowed, in the user's language."""

    name = "number"

    def __init__(self, *, percent: bool = False) -> None:
        self.percent = percent

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        field = param.name if param is not None and param.name else "value"
        try:
            return parse_number(value, field, percent=self.percent)
        except ValueKitError as exc:
            # a user error like any other: one line, exit 1 (not click's usage error, 2)
            raise click.ClickException(exc.localized(cli_language())) from exc


AMOUNT = HumanNumber()
PERCENT = HumanNumber(percent=True)
