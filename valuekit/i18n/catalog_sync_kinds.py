"""Messages of the synced kinds: the rest of a shared account, the team vocabulary and
FAB statements (issue 18, sync/tables.py, sync/vocab.py, sync/fabrec.py)."""

from __future__ import annotations

from valuekit.i18n import register

register({
    "the row does not match its id {id}": ("该记录与其编号 {id} 不符", "the row does not match its id {id}"),
})
