"""The layout's rules, checked on the source: which subpackage may import which
(docs/architecture.md draws the same table), no Qt in the core, and one translation
mechanism whose catalogs are complete."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from valuekit import i18n

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "valuekit"
GUI = ROOT / "valuekit_gui"

FOUNDATION = {"errors", "i18n", "resources", "fileio"}
# subpackage -> the core subpackages it may import (besides the foundation and itself)
ALLOWED: dict[str, set[str]] = {
    "errors": set(), "i18n": set(), "resources": set(), "fileio": set(),
    "db": set(),
    "library": {"db"},
    "roi": {"db"},
    "documents": set(),
    "sales": {"db", "library", "roi"},
    "value": {"db", "library", "roi", "sales", "documents"},
    "pitch": {"db", "library", "roi", "sales", "documents", "value"},
    "packs": {"db", "library", "roi", "sales"},
    "reports": {"db", "library", "roi", "sales", "pitch", "value"},
    "demo": {"db", "library", "roi", "sales", "pitch", "value"},
    "server": set(),
    "sync": {"db", "library", "packs", "roi", "sales", "pitch"},
    "cli": {"db", "library", "roi", "sales", "pitch", "documents", "packs", "reports", "demo",
            "server", "sync", "value"},
}


def _area(path: Path) -> str:
    rel = path.relative_to(CORE).parts
    return rel[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module an import statement names, wherever it stands (function-local too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
    return found


CORE_FILES = sorted(p for p in CORE.rglob("*.py") if p.name != "__init__.py" or p.parent != CORE)


def test_every_core_subpackage_has_a_rule() -> None:
    areas = {_area(p) for p in CORE_FILES}
    assert areas <= set(ALLOWED), f"add {areas - set(ALLOWED)} to ALLOWED and docs/architecture.md"


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_follow_the_dependency_direction(path: Path) -> None:
    area = _area(path)
    may = ALLOWED[area] | FOUNDATION | {area}
    for name, line in _imports(path):
        top = name.split(".")[0]
        assert top not in {"PySide6", "shiboken6", "valuekit_gui"}, f"{path}:{line} imports {name}: the core never imports Qt"
        if top == "valuekit" and name.count(".") >= 1:
            target = name.split(".")[1]
            if target in ALLOWED:
                assert target in may, f"{path}:{line}: {area} must not import {target} ({name})"


SQL = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "PRAGMA ", "BEGIN", "WITH ")


def test_gui_holds_no_sql() -> None:
    """No SQL text in the desktop app: every query is a core function. (common/tasks.py
    imports sqlite3 only to close each worker thread's connection.)"""
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.lstrip().startswith(SQL), f"{path}:{node.lineno}: SQL in the GUI"


def test_no_top_level_package_named_ui() -> None:
    assert not (ROOT / "ui").exists()
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ui*"' not in text and "valuekit_gui*" in text


# -- one translation mechanism ---------------------------------------------------------

ERRORS = {"ValidationError": 1, "ValueKitError": 0, "LibraryError": 0, "NotFoundError": 0,
          "ConflictError": 0, "PackError": 0, "ExtraError": 0}


def _message_ids() -> list[tuple[str, str]]:
    """Every message id the core raises or wraps in ``msg``, with where it is."""
    out = []
    for path in CORE_FILES:
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.id in ("msg", "Msg") and node.args:
                arg = node.args[0]
            elif node.func.id in ERRORS and len(node.args) > ERRORS[node.func.id]:
                arg = node.args[ERRORS[node.func.id]]
            else:
                continue
            assert not isinstance(arg, ast.JoinedStr), (
                f"{where}: an f-string message cannot be translated; use msg('… {{name}} …', name=…)")
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append((arg.value, where))
    return out


def test_every_core_message_has_chinese() -> None:
    missing = [f"{where}: {key!r}" for key, where in _message_ids() if not i18n.known(key)]
    assert not missing, "add to valuekit/i18n/catalog_messages.py:\n" + "\n".join(missing)


def _fields(text: str) -> set[str]:
    """The ``str.format`` parameters of a text (``{value!r}`` → value). Braces around
    prose such as ``{question key: answer}`` in a message without parameters are not one."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f and f.isidentifier()}


def test_both_languages_take_the_same_parameters() -> None:
    for key, (zh, en) in i18n.table().items():
        assert _fields(zh) == _fields(en), key


def test_a_field_error_reads_in_the_users_language() -> None:
    from valuekit.errors import ValidationError

    exc = ValidationError("numbers[1].value", i18n.msg("must be a number ≥ 0, got {value}", value=-3))
    assert exc.localized("zh", with_path=False) == "金额（第 2 项）：必须是不小于 0 的数字，实际为 -3"
    assert exc.localized("zh") == "金额（numbers[1].value）：必须是不小于 0 的数字，实际为 -3"
    assert exc.localized("en") == "numbers[1].value: must be a number ≥ 0, got -3"
    assert exc.localized("en", with_path=False) == "amount (item 2): must be a number ≥ 0, got -3"


# Modules that still choose a language inline ("…" if zh else "…") instead of the message
# table. Each area's owner converts its modules and removes them here; the list only shrinks.
INLINE_LANGUAGE_ALLOWED: set[str] = set()  # every module uses the message table now


def _chooses_language_inline(node: ast.AST) -> bool:
    """``A if zh else B`` / ``A if lang == "zh" else B`` where both sides are text."""
    if not isinstance(node, ast.IfExp):
        return False
    texts = all(isinstance(x, ast.Constant | ast.JoinedStr) and not (
        isinstance(x, ast.Constant) and not isinstance(x.value, str)) for x in (node.body, node.orelse))
    test = ast.unparse(node.test)
    return texts and ("zh" in test or "lang" in test)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_translations(path: Path) -> None:
    rel = str(path.relative_to(CORE))
    if rel in INLINE_LANGUAGE_ALLOWED or rel.startswith("i18n/"):
        return
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        assert not _chooses_language_inline(node), (
            f"{path}:{getattr(node, 'lineno', '?')}: put the text in the message table (valuekit.i18n)")


def test_inline_allowlist_only_names_modules_that_still_need_it() -> None:
    for rel in INLINE_LANGUAGE_ALLOWED:
        tree = ast.parse((CORE / rel).read_text(encoding="utf-8"))
        assert any(_chooses_language_inline(n) for n in ast.walk(tree)), f"remove {rel} from the allowlist"
