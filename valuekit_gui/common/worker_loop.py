"""The worker process's side of ``worker_process``: no Qt here, so the process that lays
out documents imports only the core (and WeasyPrint).

Each job is ``(id, function, args)``; the function is called as ``function(*args,
progress=…)``. Progress, the result and any exception go back on the reply queue. A user
error (``ValueKitError``) travels whole, field and message id included; a bug travels as
``WorkerBug`` with the worker's traceback, so the log still says where it happened."""

from __future__ import annotations

import pickle
import traceback
from multiprocessing.queues import Queue
from typing import Any


class WorkerBug(RuntimeError):
    """An unexpected exception in the worker process; its text is the worker's traceback."""


def _portable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - anything unpicklable is reported as text instead
        return WorkerBug("".join(traceback.format_exception(exc)))


def warm_up(progress: Any = None) -> None:
    """Pay the imports and the first font loading before the user's first document."""
    import weasyprint  # noqa: F401 - the import is the point

    import valuekit.pitch.kit  # noqa: F401
    weasyprint.HTML(string="<p style='font-family: sans-serif'>价值 value</p>").write_pdf()


def serve(requests: Queue[Any], replies: Queue[Any]) -> None:
    """Run jobs until a ``None`` arrives (or the process is killed)."""
    while True:
        job = requests.get()
        if job is None:
            return
        job_id, function, args = job

        def progress(*values: Any, _job: int = job_id) -> None:
            replies.put(("progress", _job, values))

        try:
            replies.put(("done", job_id, function(*args, progress=progress)))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the window
            if not isinstance(exc, Exception):
                replies.put(("error", job_id, WorkerBug(repr(exc))))
                raise
            replies.put(("error", job_id, _portable(exc)))
