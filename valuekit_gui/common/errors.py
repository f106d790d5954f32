"""Robustness: every exception ends up in the library's log and in front of the user,
and the app keeps running.

- A ``ValueKitError`` is something the user can fix: a one-line message in a dialog.
- Anything else is a bug: its traceback goes to ``<library>/valuekit.log`` (rotating) and
  a polite dialog says where, with the details one click away.

PySide6 hands exceptions raised in slots and in overridden Qt methods to
``sys.excepthook``, so installing the hook covers them too. Exceptions in worker threads
are forwarded to the main thread through a queued signal before any dialog is shown.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from valuekit.errors import ValueKitError
from valuekit_gui.common.i18n import current_language, tr

LOG_NAME = "valuekit.log"
log = logging.getLogger("valuekit")

# (kind "user" | "bug", title, message, details) -> None; replaced in tests.
DialogHook = Callable[[str, str, str, str], None]
_handler: RotatingFileHandler | None = None
_log_path: Path | None = None
_showing = False


def set_log_folder(folder: Path) -> Path:
    """Log to ``folder/valuekit.log`` from now on (the open library's folder)."""
    global _handler, _log_path
    path = Path(folder) / LOG_NAME
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8",
                                   delay=True)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    _log_path = path
    return path


def log_path() -> Path | None:
    return _log_path


def flush_log() -> None:
    if _handler is not None:
        _handler.flush()


def _message_box(kind: str, title: str, message: str, details: str) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning if kind == "user" else QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.exec()


_dialog: DialogHook = _message_box


def set_dialog_hook(hook: DialogHook | None) -> DialogHook:
    """Replace how errors are shown (tests record them instead of opening a modal);
    ``None`` restores the message box. Returns the previous hook."""
    global _dialog
    previous = _dialog
    _dialog = hook or _message_box
    return previous


def show_error(kind: str, title: str, message: str, details: str = "") -> None:
    """Show one error through the current dialog hook, never two on top of each other."""
    global _showing
    if _showing:
        return
    _showing = True
    try:
        _dialog(kind, title, message, details)
    finally:
        _showing = False


def user_message(exc: ValueKitError, *, with_path: bool = False) -> str:
    """A user error in the interface language; a form that marks the field itself shows
    ``金额：必须是…`` without the raw field path."""
    return exc.localized(current_language(), with_path=with_path)


def report_exception(exc: BaseException) -> None:
    """Log ``exc`` and show it; use this in ``on_error`` callbacks of background tasks."""
    if isinstance(exc, ValueKitError):
        log.warning("user error: %s", exc)
        flush_log()
        show_error("user", tr("error.user_title"), user_message(exc, with_path=True))
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", details.rstrip())
    flush_log()
    where = str(_log_path) if _log_path else "stderr"
    show_error("bug", tr("error.title"), tr("error.bug", log=where), details)


def excepthook(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if _handler is None:
        traceback.print_exception(exc_type, exc, tb)
    try:
        report_exception(exc)
    except Exception:  # the reporter itself failed: never let that take the app down
        traceback.print_exc()


class _Bridge(QObject):
    """Carries an exception from a worker thread to the main thread."""

    raised = Signal(object)


_bridge: _Bridge | None = None


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or _bridge is None:
        return
    _bridge.raised.emit(args.exc_value)


def install() -> None:
    """Route uncaught exceptions (main thread, slots, worker threads) to the log and a dialog.
    Call after the QApplication exists."""
    global _bridge
    sys.excepthook = excepthook
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.raised.connect(report_exception)
    threading.excepthook = _thread_hook
