"""Unsaved edits, one helper for every editor: it asks before changes are discarded and
autosaves a draft that is offered back after a crash.

An editor gives a ``DraftKeeper`` two callables — ``snapshot()`` (the form as plain
data) and ``restore(data)`` (put such data back into the form) — and tells it when a
record is opened (``start(key)``), saved (``saved()``) or about to be left
(``confirm_leave()``). Dirty means "the form differs from what was opened", so typing a
change and typing it back is not dirty. Drafts are stored by ``valuekit.db.drafts``
(files beside the library, no SQL here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QListWidget, QMessageBox, QTreeWidget, QWidget

from valuekit.db.drafts import discard_draft, load_draft, save_draft
from valuekit_gui.common.i18n import add_strings, tr

add_strings({
    "drafts.leave_title": ("未保存的修改", "Unsaved changes"),
    "drafts.leave": ("“{what}”有未保存的修改。要放弃这些修改吗？", "“{what}” has unsaved changes. Discard them?"),
    "drafts.restore_title": ("恢复草稿", "Restore draft"),
    "drafts.restore": ("“{what}”有一份未保存的草稿（{when} 自动保存，可能是程序意外退出时留下的）。要恢复它吗？",
                       "“{what}” has an unsaved draft (autosaved {when}, perhaps when the program stopped unexpectedly). Restore it?"),
})

AUTOSAVE_MS = 2000
_UNSAVED = object()  # a baseline no snapshot equals: the form is dirty until saved
# (kind, title, text) -> True for "yes" (discard / restore); tests answer without a dialog
QuestionHook = Callable[[str, str, str], bool]
_hook: QuestionHook | None = None


def set_question_hook(hook: QuestionHook | None) -> QuestionHook | None:
    """Answer the keepers' questions with ``hook`` instead of a message box; returns the
    previous hook."""
    global _hook
    previous, _hook = _hook, hook
    return previous


def ask(parent: QWidget, kind: str, title: str, text: str) -> bool:
    """A yes/no question before something is lost (default: no); tests answer it through
    the same hook as the keepers' questions."""
    return _ask(parent, kind, title, text)


def _ask(parent: QWidget, kind: str, title: str, text: str) -> bool:
    if _hook is not None:
        return _hook(kind, title, text)
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _local_time(iso: str) -> str:
    """``2026-12-02T04:20:00+00:00`` as the user reads a clock: ``2026-12-02 12:20``."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class DraftKeeper(QObject):
    """Watches one editor's form; see the module docstring."""

    def __init__(self, owner: QWidget, library: Path, editor: str, snapshot: Callable[[], Any],
                 restore: Callable[[Any], None], describe: Callable[[], str] | None = None) -> None:
        super().__init__(owner)
        self.owner, self.library, self.editor = owner, Path(library), editor
        self._snapshot, self._restore = snapshot, restore
        self._describe = describe or (lambda: "")
        self.key: str | None = None
        self._baseline: Any = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)

    def start(self, key: str, *, offer: bool = True, clean: bool = True) -> bool:
        """A record was opened: what is shown now is clean (``clean=False``: it is not
        stored anywhere yet, e.g. an imported file). With ``offer``, a draft left for it
        is offered back; returns True if it was restored."""
        self.key = key
        self._baseline = self._snapshot() if clean else _UNSAVED
        self.timer.start()
        draft = load_draft(self.library, self.editor, key) if offer else None
        if draft is None or draft.data == self._baseline:
            if draft is not None:
                discard_draft(self.library, self.editor, key)
            return False
        if _ask(self.owner, "restore", tr("drafts.restore_title"),
                tr("drafts.restore", what=self._describe(), when=_local_time(draft.saved_at))):
            self._restore(draft.data)
            return True
        discard_draft(self.library, self.editor, key)
        return False

    def dirty(self) -> bool:
        return self.key is not None and self._snapshot() != self._baseline

    def autosave(self) -> None:
        if self.key is None:
            return
        if self.dirty():
            save_draft(self.library, self.editor, self.key, self._snapshot())
        else:
            discard_draft(self.library, self.editor, self.key)

    def saved(self) -> None:
        """The edit reached the library: clean again, and no draft left behind."""
        if self.key is not None:
            discard_draft(self.library, self.editor, self.key)
            self._baseline = self._snapshot()

    def confirm_leave(self) -> bool:
        """True when the editor may show something else: nothing unsaved, or the user
        agreed to discard it (the draft goes too)."""
        if not self.dirty():
            return True
        if not _ask(self.owner, "leave", tr("drafts.leave_title"), tr("drafts.leave", what=self._describe())):
            return False
        self.discard()
        return True

    def allow_switch(self, switching: bool, view: QListWidget | QTreeWidget, previous: Any) -> bool:
        """For a record list's ``currentItemChanged``: True when the editor may show the
        newly selected record; otherwise the selection goes back to ``previous``."""
        if not switching or self.confirm_leave():
            return True
        view.blockSignals(True)  # stay on the edited record
        view.setCurrentItem(previous)
        view.blockSignals(False)
        return False

    def discard(self) -> None:
        if self.key is not None:
            discard_draft(self.library, self.editor, self.key)
        self.key = None
        self._baseline = None
