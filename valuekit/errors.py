"""Errors a user can fix, kept apart from bugs.

Anything raised as a ``ValueKitError`` is shown to the user as one line (CLI) or a
dialog (GUI); anything else is a bug and gets a traceback in the log.
"""

from __future__ import annotations


class ValueKitError(Exception):
    """A problem the user can fix: bad input, a missing file, a library from the future."""


class ValidationError(ValueKitError):
    """Bad input for one field; the message names the field path and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class LibraryError(ValueKitError):
    """The library folder or database cannot be used as asked."""


class NotFoundError(ValueKitError):
    """An id or name that does not exist in the library."""


class ConflictError(ValueKitError):
    """Someone else changed the record since it was read (no lost updates)."""
