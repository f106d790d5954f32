"""What makes search forgiving beyond the index's normalisation and stems: a "did you
mean" from the index's own vocabulary, and a snippet of each result with the match
marked (and the attachment named when the match is in a file).

Suggestions: an English term that finds nothing is compared with the indexed stems of
the same first letter (edit distance 1–2, adjacent swaps count 1); a Chinese term with
a commonly confused character (报介 → 报价, 帐户 → 账户) is tried with its variants. The
candidate found in most assets wins, and is shown as a real word from a document.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from dataclasses import field as dc_field

from valuekit.db.fts import RUNS, normalise, stem
from valuekit.library.textindex import query_terms, term_expression

# Characters people type for one another (similar shape or the same pinyin), each line
# a group; the index decides which spelling actually exists.
_VARIANT_GROUPS = ["介价架", "帐账", "即既", "在再", "做作", "订定", "象像", "型形", "部布", "汇会", "练炼", "竟竞", "户护", "销消", "购构", "营赢盈", "利力", "效校", "率律", "程成", "单担", "据剧", "案按", "例列", "记计", "划化", "策册", "索锁", "机几", "商伤", "客刻", "续绪", "报保", "维唯", "绩积", "增曾", "长张", "道到", "供共", "应因", "链连", "溯朔", "审申", "核合", "规归", "制治", "服福", "务物", "数树", "析折", "表俵", "签鉴", "约越", "质治", "量亮", "品晶", "效笑", "线限", "户沪", "资咨", "询洵", "运云", "营荣", "渠巨", "标镖", "准淮", "验脸", "评平", "估古", "需须", "求球", "项顶", "目自", "预领", "测侧", "源原", "缘圆", "型行", "期其", "期旗", "值直", "植殖", "企业", "技技", "能态"]
VARIANTS: dict[str, set[str]] = {}
for _group in _VARIANT_GROUPS:
    for _ch in _group:
        VARIANTS.setdefault(_ch, set()).update(c for c in _group if c != _ch)

SNIPPET_CHARS = 120


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance (an adjacent swap costs 1), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _hits(conn: sqlite3.Connection, token: str, is_cjk: bool) -> int:
    if not is_cjk and len(token) > 1:
        row = conn.execute("SELECT doc FROM asset_vocab WHERE term = ?", (token,)).fetchone()
        if row:
            return int(row[0])
    return int(conn.execute("SELECT count(*) FROM asset_fts WHERE asset_fts MATCH ?",
                            (term_expression(token, is_cjk),)).fetchone()[0])


def _english_candidate(conn: sqlite3.Connection, token: str) -> str | None:
    limit = 1 if len(token) <= 4 else 2
    best: tuple[int, int, str] | None = None
    for term, docs in conn.execute("SELECT term, doc FROM asset_vocab WHERE term >= ? AND term < ?",
                                   (token[0], token[0] + "\uffff")):
        if term == token or abs(len(term) - len(token)) > limit:
            continue
        distance = edit_distance(token, term, limit)
        if distance <= limit and (best is None or (distance, -docs) < best[:2]):
            best = (distance, -docs, term)
    return best[2] if best else None


def _chinese_candidate(conn: sqlite3.Connection, token: str) -> str | None:
    best: tuple[int, str] | None = None
    for i, ch in enumerate(token):
        for variant in sorted(VARIANTS.get(ch, ())):
            candidate = token[:i] + variant + token[i + 1:]
            found = _hits(conn, candidate, True)
            if found and (best is None or found > best[0]):
                best = (found, candidate)
    return best[1] if best else None


def _surface_word(conn: sqlite3.Connection, stemmed: str) -> str:
    """A real word of the library whose stem is ``stemmed`` (quot → quote)."""
    row = conn.execute("SELECT a.title || ' ' || a.summary || ' ' || substr(a.body, 1, 4000)"
                       " FROM asset_fts f JOIN assets a ON a.seq = f.rowid"
                       " WHERE asset_fts MATCH ? LIMIT 1", (f'"{stemmed}"',)).fetchone()
    counts: dict[str, int] = {}
    for _cjk, word in RUNS.findall(normalise(row[0] if row else "")):
        if word and stem(word) == stemmed:
            counts[word] = counts.get(word, 0) + 1
    return max(sorted(counts), key=lambda w: counts[w]) if counts else stemmed


def suggest(conn: sqlite3.Connection, text: str) -> str | None:
    """A corrected query when some term of ``text`` finds nothing, else None."""
    words: list[str] = []
    changed = False
    for token, is_cjk in query_terms(text):
        if _hits(conn, token, is_cjk):
            words.append(_surface_word(conn, token) if not is_cjk else token)
            continue
        fixed = _chinese_candidate(conn, token) if is_cjk else _english_candidate(conn, token)
        if fixed is None:
            return None
        changed = True
        words.append(fixed if is_cjk else _surface_word(conn, fixed))
    return " ".join(words) if changed else None


@dataclass
class Snippet:
    """A piece of an asset's text around the first match; ``marks`` are (start, end) in text."""

    field: str  # title, summary, body or attachment
    text: str
    marks: list[tuple[int, int]] = dc_field(default_factory=list)
    attachment: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "text": self.text, "marks": [list(m) for m in self.marks],
                "attachment": self.attachment}

    def marked(self, before: str = "«", after: str = "»") -> str:
        out, last = [], 0
        for start, end in self.marks:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        return "".join(out + [self.text[last:]])


def _patterns(text: str) -> list[re.Pattern[str]]:
    out = []
    for token, is_cjk in query_terms(text):
        out.append(re.compile(re.escape(token)) if is_cjk else re.compile(rf"(?<![^\W_]){re.escape(token)}\w*"))
    return out


def make_snippet(query: str, fields: list[tuple[str, str, str | None]]) -> Snippet | None:
    """The first field (name, text, attachment) where a query term occurs, cut around it."""
    patterns = _patterns(query)
    if not patterns:
        return None
    for name, raw, attachment in fields:
        folded = normalise(raw)
        if len(folded) != len(raw):
            raw = folded  # NFKC changed the length: show the normalised text, marks stay exact
        found = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(folded))
        if not found:
            continue
        first = found[0][0]
        start = max(0, first - SNIPPET_CHARS // 3)
        end = min(len(raw), start + SNIPPET_CHARS)
        marks, last = [], -1
        for s, e in found:
            if s >= start and e <= end and s >= last:
                marks.append((s - start, e - start))
                last = e
        text = raw[start:end].replace("\n", " ")
        prefix = "…" if start else ""
        marks = [(s + len(prefix), e + len(prefix)) for s, e in marks]
        return Snippet(name, prefix + text + ("…" if end < len(raw) else ""), marks, attachment)
    return None


def snippets(conn: sqlite3.Connection, query: str, seqs: list[int]) -> dict[int, Snippet]:
    """A snippet for each asset of a page (title, summary, body, then attachment text)."""
    if not seqs or not query_terms(query):
        return {}
    marks = ",".join("?" * len(seqs))
    files: dict[int, list[tuple[str, str, str | None]]] = {}
    for seq, name, text in conn.execute(
            f"SELECT at.asset_seq, at.filename, ft.text FROM attachments at JOIN file_text ft"
            f" ON ft.sha256 = at.sha256 WHERE at.asset_seq IN ({marks}) AND ft.text <> ''", seqs):
        files.setdefault(seq, []).append(("attachment", text, name))
    out: dict[int, Snippet] = {}
    for seq, title, summary, body in conn.execute(
            f"SELECT seq, title, summary, body FROM assets WHERE seq IN ({marks})", seqs):
        # The title is on the row already: a snippet from it is the last resort.
        found = make_snippet(query, [("summary", summary, None), ("body", body, None),
                                     *files.get(seq, []), ("title", title, None)])
        if found:
            out[seq] = found
    return out
