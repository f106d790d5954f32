"""Errors a user can fix, kept apart from bugs.

Anything raised as a ``ValueKitError`` is shown to the user as one line (CLI) or a
dialog (GUI), in the user's language (``localized``); anything else is a bug and gets a
traceback in the log. Messages are ids of the one message table (``valuekit.i18n``):
English text, with parameters as a ``Msg``, so the core never decides the language.
"""

from __future__ import annotations

from typing import Any

from valuekit.i18n import Msg, field_error, render


def _rebuild(cls: type[Exception], args: tuple[Any, ...], state: dict[str, Any]) -> Exception:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class ValueKitError(Exception):
    """A problem the user can fix: bad input, a missing file, a library from the future."""

    def __init__(self, message: str | Msg) -> None:
        self.text = message
        super().__init__(render(message, "en"))

    def localized(self, lang: str, *, with_path: bool = True) -> str:
        """The message in ``lang`` (``with_path`` matters to field errors only)."""
        return render(self.text, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        # whole across a process boundary (the GUI renders documents in a worker process):
        # the default pickling would call __init__ with the rendered English text and lose
        # the field and the message id, so a Chinese window would show English
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class ValidationError(ValueKitError):
    """Bad input for one field: ``field`` is its path (``drivers[1].name``), the message
    says what is allowed. Shown as ``金额：必须是不小于 0 的数字`` / ``amount: must be…``."""

    def __init__(self, field: str, message: str | Msg) -> None:
        self.field = field
        self.text = message
        Exception.__init__(self, f"{field}: {render(message, 'en')}")

    @property
    def message(self) -> str:
        """The English message without the field (logs, JSON output, tests)."""
        return render(self.text, "en")

    def localized(self, lang: str, *, with_path: bool = True) -> str:
        return field_error(self.field, self.text, lang, with_path=with_path)


class LibraryError(ValueKitError):
    """The library folder or database cannot be used as asked."""


class NotFoundError(ValueKitError):
    """An id or name that does not exist in the library."""


class ConflictError(ValueKitError):
    """Someone else changed the record since it was read (no lost updates)."""
