"""HTML → PDF with WeasyPrint, made safe for text that users and packs typed.

Three walls keep untrusted text from becoming anything but text:
1. Jinja2 renders every template with autoescape on and StrictUndefined (a typo in a
   template fails loudly instead of printing nothing).
2. WeasyPrint only sees resources through ``SafeFetcher``: ``data:`` URLs and ``file:``
   paths whose *real* path lies under the project's templates/ or assets/ or the
   library's files/ folder. No network, no other file, whatever the HTML says.
3. The PDF never carries attachments: they are dropped after layout, before writing.
"""

from __future__ import annotations

import atexit
import logging
import mimetypes
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from valuekit.errors import ValueKitError
from valuekit.i18n import msg
from valuekit.resources import FONTS_DIR, TEMPLATES_DIR

LOG = logging.getLogger(__name__)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The one Jinja2 environment for every document: autoescape ON for all templates."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(template: str, context: Mapping[str, Any]) -> str:
    """Render ``templates/<template>`` with ``context`` (every value escaped)."""
    return template_env().get_template(template).render(**context)


class FetchRefused(ValueError):
    """A resource outside the allowed roots; WeasyPrint skips it and logs."""


# ctypes.util.find_library's ABI tags for `ldconfig -p` lines (as in CPython's own lookup).
_LDCONFIG_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit",
                 "sparc64-64": "libc6,64bit", "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def _ldconfig_cache() -> str | None:
    """The output of ``ldconfig -p`` (the shared-library cache), or None without one."""
    tool = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None)
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "-p"], capture_output=True, timeout=10, check=False,
                              env={"LC_ALL": "C", "LANG": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return os.fsdecode(done.stdout) if done.returncode == 0 and done.stdout else None


# WeasyPrint (and ctypes.util, used only to import it) are imported on the first render, in
# the functions below, not with this module: `python -X importtime -c "import weasyprint"`
# measures 0.51–0.56 s here (ctypes.util 0.017 s), which every CLI command and the GUI
# start would otherwise pay although most never render.
def import_weasyprint() -> None:
    """Import WeasyPrint, skipping its slow library search on Linux.

    WeasyPrint tries six names per native library (pango, harfbuzz, fontconfig…) and cffi
    resolves each with ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``
    and then gcc and ld for every miss: ~22 subprocesses, 0.3–0.5 s of every cold
    ``valuekit pitch render``. During the import, find_library answers from one ``ldconfig
    -p`` run with CPython's own rule; a library outside that cache is still found, because
    WeasyPrint's lists also hold the plain sonames (``libpango-1.0.so.0``) that the dynamic
    loader opens directly (LD_LIBRARY_PATH included)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401 - imported for its side effect
        return
    import ctypes.util

    cache = _ldconfig_cache()
    original = ctypes.util.find_library
    if cache is not None:
        machine = os.uname().machine + ("-64" if sys.maxsize > 2**32 else "-32")
        abi = _LDCONFIG_ABI.get(machine, "libc6")

        def from_cache(name: str) -> str | None:
            found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}", cache)
            return found.group(1) if found else None

        ctypes.util.find_library = from_cache
    try:
        import weasyprint  # noqa: F401
        import weasyprint.text.fonts  # noqa: F401
    finally:
        ctypes.util.find_library = original


def _weasy_fetcher_base() -> Any:
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    return URLFetcher


class SafeFetcher:
    """Serves ``data:`` URLs and files under the allowed roots; refuses everything else.

    ``calls`` records every request as ``(url, served)`` so tests can prove that nothing
    outside the roots was ever served.
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = tuple(_real(r) for r in roots)
        self.calls: list[tuple[str, bool]] = []

    def allowed_path(self, url: str) -> Path | None:
        """The real local path a ``file:`` URL points to, if it is inside a root."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme.lower() != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = _real(Path(urllib.request.url2pathname(parsed.path)))
        for root in self.roots:
            if path == root or root in path.parents:
                return path if path.is_file() else None
        return None

    def fetch(self, url: str, headers: Any = None) -> Any:
        from weasyprint.urls import URLFetcherResponse

        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            with urllib.request.DataHandler().data_open(urllib.request.Request(url)) as resp:
                body = resp.read()
                content_type = resp.headers.get("Content-Type", "application/octet-stream")
            self.calls.append((url[:60], True))
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        path = self.allowed_path(url) if scheme == "file" else None
        self.calls.append((url, path is not None))
        if path is None:
            raise FetchRefused(f"resource not allowed in ValueKit documents: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def _make_fetcher(roots: Iterable[Path]) -> Any:
    """A SafeFetcher that WeasyPrint accepts (it must be a URLFetcher subclass)."""
    base = _weasy_fetcher_base()

    class _Fetcher(SafeFetcher, base):  # type: ignore[misc, valid-type]
        def __init__(self, roots: Iterable[Path]) -> None:
            base.__init__(self, allowed_protocols=("data", "file"), allow_redirects=False)
            SafeFetcher.__init__(self, roots)

        def fetch(self, url: str, headers: Any = None) -> Any:
            return SafeFetcher.fetch(self, url, headers)

    return _Fetcher(roots)


def safe_fetcher(library_files: Path | None = None) -> Any:
    """A fetcher for the package's templates/ and fonts/, plus a library's files/."""
    roots = [TEMPLATES_DIR, FONTS_DIR]
    if library_files is not None:
        roots.append(library_files)
    return _make_fetcher(roots)


@lru_cache(maxsize=1)
def _font_config() -> Any:
    # One FontConfiguration per process: it caches the @font-face files between renders,
    # which is most of what makes a warm render fast.
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    # drop it before the interpreter tears modules down (its __del__ needs shutil)
    atexit.register(_font_config.cache_clear)
    return FontConfiguration()


def _strip_attachments(document: Any) -> None:
    """No PDF attachments, whatever the HTML asked for (<link rel=attachment>, <a rel=…>)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


def render_pdf(html: str, *, meta: Mapping[str, Any], library_files: Path | None = None,
               fetcher: Any = None) -> bytes:
    """Lay out ``html`` and return the PDF bytes.

    ``meta``: ``title``, ``author``, ``subject``, optional ``keywords`` (list) and ``lang``.
    ``fetcher``: pass one from ``safe_fetcher`` to inspect its ``calls`` afterwards.
    """
    return render_pdf_pages(html, meta=meta, library_files=library_files, fetcher=fetcher)[0]


RENDER_LIMIT_ENV = "VALUEKIT_RENDER_LIMIT"
ALARM_REPEAT_S = 0.05
RENDER_LIMIT_S = 60.0  # a 10-page Chinese pitch takes ~1 s; a minute means something is wrong


class RenderTimeout(ValueKitError):
    """Rendering ran past its time limit (a pathological document)."""


def render_limit() -> float:
    try:
        return max(0.1, float(os.environ.get(RENDER_LIMIT_ENV) or RENDER_LIMIT_S))
    except ValueError:
        return RENDER_LIMIT_S


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the rendering after ``seconds`` with a clear error, so a pathological document
    cannot hang the command line or the desktop app's worker process (it renders there, on
    the process's main thread). An interval timer interrupts the main thread only; on any
    other thread this is a no-op."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise RenderTimeout(msg("rendering the document took longer than {seconds} s and was stopped; shorten the longest texts or lists (limit: {env})", seconds=f"{seconds:g}", env=RENDER_LIMIT_ENV))

    previous = signal.signal(signal.SIGALRM, expired)
    # repeating: an exception raised while Python runs a __del__ (WeasyPrint frees fonts
    # that way mid-layout) is printed and swallowed, so one alarm alone could be lost
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_pdf_pages(html: str, *, meta: Mapping[str, Any], library_files: Path | None = None,
                     fetcher: Any = None) -> tuple[bytes, int]:
    """``render_pdf`` plus the number of pages (the one-pager checks it fits)."""
    import_weasyprint()
    from weasyprint import HTML

    fetcher = fetcher or safe_fetcher(library_files)
    with time_limit(render_limit()):
        document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/",
                        url_fetcher=fetcher).render(font_config=_font_config())
    _strip_attachments(document)
    document.metadata.title = str(meta.get("title") or "")
    document.metadata.authors = [str(meta["author"])] if meta.get("author") else []
    document.metadata.description = str(meta.get("subject") or "")
    document.metadata.keywords = [str(k) for k in meta.get("keywords") or []]
    document.metadata.generator = str(meta.get("generator", "ValueKit"))
    if meta.get("lang"):
        document.metadata.lang = str(meta["lang"])
    with time_limit(render_limit()):
        return document.write_pdf(), len(document.pages)
