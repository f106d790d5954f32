"""Import and export assets as JSON or CSV.

Import is all or nothing: every row is validated first (the first bad row is
reported with its row number and field, and nothing is written), then all rows are
written in one transaction, so a crash midway leaves the library as it was.
"""

from __future__ import annotations

import codecs
import csv
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError, ValueKitError
from valuekit.fileio import parse_json
from valuekit.i18n import msg
from valuekit.library.assets import OUTCOMES, load_assets, resolve_seq, write_assets
from valuekit.library.model import AssetInput, AssetValidator
from valuekit.library.vocabulary import STAGES, list_facets

CSV_COLUMNS = ("id", "title", "summary", "body", "language", "format", "creator", "importance",
               "status", "verified_by", "review_due", "source_url", "created_at")


@dataclass
class ImportResult:
    added: int
    replaced: int
    usage: int
    ratings: int

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "replaced": self.replaced, "usage": self.usage,
                "ratings": self.ratings}


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """Text of a file as Excel and editors save it: UTF-8 with or without BOM, UTF-16
    with BOM, else GB18030 (Excel's default CSV on a Chinese system). Returns (text,
    encoding used); only what none of them decodes is refused."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    else:
        for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
            try:
                return raw.decode(codec), name
            except UnicodeDecodeError:
                continue
    raise ValueKitError(msg("import file {path} is not text in UTF-8, UTF-16 or GB18030; save it as UTF-8 (in Excel: Save As → CSV UTF-8)", path=path))


def read_records(path: Path) -> list[dict[str, Any]]:
    """Records from a .json (a list of objects) or .csv file (one asset a row)."""
    return read_records_with_encoding(path)[0]


def read_records_with_encoding(path: Path) -> tuple[list[dict[str, Any]], str]:
    """Records and the text encoding that was detected (see ``decode_text``)."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ValueKitError(msg("{path} is not a regular file (a pipe or a device); give a file name", path=path))
    if not path.is_file():
        raise ValueKitError(msg("import file {path} does not exist", path=path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueKitError(msg("cannot read {what} file {path}: {exc}", what="import", path=path, exc=exc.strerror)) from exc
    try:
        text, encoding = decode_text(raw, path)
    except UnicodeDecodeError as exc:
        raise ValueKitError(msg("import file {path} is not text in UTF-8, UTF-16 or GB18030; save it as UTF-8 (in Excel: Save As → CSV UTF-8)", path=path)) from exc
    if path.suffix.lower() == ".csv":
        return records_from_csv(text), encoding
    try:
        data = parse_json(text, "import", path, parse_constant=_no_constant)
    except ValueError as exc:
        raise ValueKitError(msg("import file {path} is not valid JSON: {exc}", path=path, exc=exc)) from exc
    if not isinstance(data, list):
        raise ValueKitError(msg("import file {path} must hold a JSON list of assets", path=path))
    return data, encoding


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def records_from_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValueKitError("the CSV file is empty (it needs a header row)")
    records = []
    for number, row in enumerate(reader, start=1):
        if None in row:
            raise ValidationError(f"row {number}", "has more cells than the header row")
        record: dict[str, Any] = {"tags": {}}
        for column, cell in row.items():
            cell = cell if cell is not None else ""
            if column in CSV_COLUMNS:
                record[column] = cell if cell != "" else None
            elif cell != "":
                record["tags"][column] = cell
        if record.get("title") is None:
            record["title"] = ""
        records.append(record)
    return records


def _check_history(item: dict[str, Any], prefix: str) -> None:
    for n, use in enumerate(item.get("usage") or []):
        if not isinstance(use, dict) or use.get("stage") not in STAGES:
            raise ValidationError(f"{prefix}usage[{n}].stage", msg("must be one of {allowed}", allowed=', '.join(STAGES)))
        if use.get("outcome") not in (None, "", *OUTCOMES):
            raise ValidationError(f"{prefix}usage[{n}].outcome", msg("must be one of {allowed}", allowed=', '.join(OUTCOMES)))
    for n, rating in enumerate(item.get("ratings") or []):
        score = rating.get("score") if isinstance(rating, dict) else None
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationError(f"{prefix}ratings[{n}].score", "must be a whole number from 1 to 5")


def import_records(store: Store, records: list[Any], *, replace: bool = False) -> ImportResult:
    """Validate every record, then write them all in one transaction."""
    with store.transaction() as conn:
        validator = AssetValidator(conn)
        items: list[AssetInput] = []
        seen: set[str] = set()
        for number, record in enumerate(records, start=1):
            try:
                item = validator.asset(record)
                _check_history(record, "")
            except ValidationError as exc:
                raise ValidationError(f"row {number}, {exc.field}", exc.text) from exc
            if item.id in seen:
                raise ValidationError(f"row {number}, id", msg("{id} appears twice in the file", id=item.id))
            seen.add(item.id)
            items.append(item)
        existing = {r[0] for r in conn.execute("SELECT id FROM assets")} if replace else set()
        validator.add_new_values(conn)
        write_assets(conn, items, replace=replace)
        usage = ratings = 0
        seq_of = dict(conn.execute("SELECT id, seq FROM assets")) if any(
            r.get("usage") or r.get("ratings") for r in records) else {}
        for record, item in zip(records, items, strict=True):
            seq = seq_of.get(item.id)
            for use in record.get("usage") or []:
                conn.execute(
                    "INSERT INTO usage(id, asset_seq, stage, customer, opportunity_id, used_at, who,"
                    " outcome) VALUES (?,?,?,?,?,?,?,?)",
                    (use.get("id") or str(uuid.uuid4()), seq, use["stage"], use.get("customer") or "",
                     use.get("opportunity_id"), use.get("when") or utc_now(), use.get("who") or "",
                     use.get("outcome") or None))
                usage += 1
            for rating in record.get("ratings") or []:
                conn.execute(
                    "INSERT INTO ratings(id, asset_seq, score, by, comment, rated_at) VALUES (?,?,?,?,?,?)",
                    (rating.get("id") or str(uuid.uuid4()), seq, rating["score"], rating.get("by") or "",
                     rating.get("comment") or "", rating.get("when") or utc_now()))
                ratings += 1
    replaced = sum(1 for i in items if i.id in existing)
    return ImportResult(len(items) - replaced, replaced, usage, ratings)


def export_records(store: Store, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Assets in the import format (plus id and status), re-importable as they are."""
    if ids is None:
        seqs = [r[0] for r in store.conn.execute("SELECT seq FROM assets ORDER BY created_at, seq")]
    else:
        seqs = [resolve_seq(store.conn, i) for i in ids]
    out = []
    for asset in load_assets(store.conn, seqs):
        tags = {k: v for k, v in asset.tags.items() if k != "format"}
        out.append({
            "id": asset.id, "title": asset.title, "summary": asset.summary, "body": asset.body,
            "language": asset.language, "format": asset.format, "creator": asset.creator,
            "importance": asset.importance, "status": asset.status, "verified_by": asset.status_by,
            "review_due": asset.review_due, "source_url": asset.source_url,
            "created_at": asset.created_at, "tags": tags,
        })
    return out


def export_csv(records: list[dict[str, Any]], conn_facets: list[str]) -> str:
    buffer = io.StringIO()
    columns = [c for c in CSV_COLUMNS] + [f for f in conn_facets if f != "format"]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = {c: record.get(c) if record.get(c) is not None else "" for c in CSV_COLUMNS}
        for facet in columns[len(CSV_COLUMNS):]:
            row[facet] = ";".join(record["tags"].get(facet, []))
        writer.writerow(row)
    return buffer.getvalue()


def facet_names(store: Store) -> list[str]:
    return [f.name for f in list_facets(store.conn)]
