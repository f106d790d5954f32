"""Limits on what one asset may hold, checked before any heavy work (validation runs
before a write, an import or a pack merge touches the library).

A body of 600 nested Markdown list levels made the PDF renderer and the GUI detail pane
recurse until RecursionError (2,000 levels: 53 s and 1.5 GB); a body of any size could be
pasted or imported. Real sales content is far inside these bounds: a long case study is
~50,000 characters and nests lists three or four levels deep."""

from __future__ import annotations

import re

from valuekit.errors import ValidationError
from valuekit.i18n import msg

MAX_CHARS = {"title": 500, "summary": 5_000, "creator": 200, "body": 1_000_000}
MAX_MARKDOWN_DEPTH = 20
_LEADING = re.compile(r"^([ \t]*)((?:>\s*)*)")


def markdown_depth(text: str) -> int:
    """The deepest nesting of lists (4 columns of indentation a level, Python-Markdown's
    rule; a tab counts 4) and block quotes (``>``) over the lines of ``text``."""
    deepest = 0
    for line in text.splitlines():
        found = _LEADING.match(line)
        if found is None:  # pragma: no cover - the pattern matches every line
            continue
        indent = len(found.group(1).expandtabs(4))
        depth = indent // 4 + found.group(2).count(">")
        deepest = max(deepest, depth)
    return deepest


def check_text(field: str, key: str, value: str) -> str:
    limit = MAX_CHARS.get(key)
    if limit is not None and len(value) > limit:
        raise ValidationError(field, msg("is {size} characters long; at most {limit} are allowed", size=len(value), limit=limit))
    if key == "body" and markdown_depth(value) > MAX_MARKDOWN_DEPTH:
        raise ValidationError(field, msg("nests lists or quotes more than {depth} levels deep; flatten it", depth=MAX_MARKDOWN_DEPTH))
    return value
