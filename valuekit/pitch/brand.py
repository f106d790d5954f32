"""The seller's brand (company, logo, colours, footer) and profile (name, title, phone,
email), stored in the library so every customer document of this library carries them.

Values are checked before they are stored, because they end up inside the documents'
CSS and HTML: a colour must be ``#RRGGBB`` (nothing else can reach a stylesheet), a logo
a real PNG or SVG under 2 MB; an SVG is rebuilt from its elements without scripts, event
handlers, ``<foreignObject>``, styles or any reference outside the file.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg

COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_LOGO = 2 * 1024 * 1024
MAX_FIELD = 200
DEFAULT_COLOR, DEFAULT_ACCENT = "#0B6E99", "#0B3D5C"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BRAND_KEYS = ("company", "color", "accent", "footer", "logo")
PROFILE_KEYS = ("name", "title", "phone", "email")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"[0-9+()\-\s.]{5,30}")
# SVG elements that may draw something; anything else (script, foreignObject, image, use
# of external files, style, animation) is dropped with its content.
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                "text", "tspan", "defs", "linearGradient", "radialGradient", "stop", "title",
                "desc", "clipPath", "mask", "symbol"}
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Profile:
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.name and (self.phone or self.email))


@dataclass(frozen=True)
class Brand:
    company: str = ""
    color: str = DEFAULT_COLOR
    accent: str = DEFAULT_ACCENT
    footer: str = ""
    logo: str = ""  # a data: URI (image/png or image/svg+xml), "" for none
    profile: Profile = field(default_factory=Profile)

    @property
    def is_set(self) -> bool:
        return bool(self.company)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _get(store: Store, prefix: str) -> dict[str, str]:
    rows = store.conn.execute("SELECT key, value FROM library_settings WHERE key LIKE ?",
                              (prefix + ".%",)).fetchall()
    return {str(k)[len(prefix) + 1:]: str(v) for k, v in rows}


def _put(store: Store, prefix: str, values: dict[str, str]) -> None:
    now = utc_now()
    with store.transaction() as conn:
        for key, value in values.items():
            conn.execute("INSERT INTO library_settings(key, value, updated_at) VALUES (?,?,?)"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                         " updated_at = excluded.updated_at", (f"{prefix}.{key}", value, now))


def get_brand(store: Store | None) -> Brand:
    """The library's brand and seller profile (defaults where nothing was set)."""
    if store is None:
        return Brand()
    b, p = _get(store, "brand"), _get(store, "profile")
    return Brand(company=b.get("company", ""), color=b.get("color") or DEFAULT_COLOR,
                 accent=b.get("accent") or DEFAULT_ACCENT, footer=b.get("footer", ""),
                 logo=b.get("logo", ""),
                 profile=Profile(**{k: p.get(k, "") for k in PROFILE_KEYS}))


def _text(value: str, path: str) -> str:
    value = " ".join(value.split())
    if len(value) > MAX_FIELD:
        raise ValidationError(path, msg("must be at most {max_text} characters", max_text=MAX_FIELD))
    return value


def check_color(value: str, path: str) -> str:
    value = value.strip()
    if not COLOR.fullmatch(value):
        raise ValidationError(path, msg("must be a colour #RRGGBB, got {value!r}", value=value[:60]))
    return value.upper()


def sanitize_svg(data: bytes) -> bytes:
    """The drawing of an SVG without anything that runs or fetches."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise ValidationError("logo", "an SVG logo must not declare a DOCTYPE or entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValidationError("logo", msg("is not a readable SVG: {exc}", exc=exc)) from None
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        raise ValidationError("logo", "is not an SVG image")

    def clean(node: ET.Element) -> None:
        for child in list(node):
            local = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
            if local not in SVG_ELEMENTS:
                node.remove(child)
                continue
            clean(child)
        for name in list(node.attrib):
            local = name.split("}")[-1].lower()
            value = node.attrib[name].strip().lower()
            if (local.startswith("on") or local in ("style", "href", "src")
                    or "url(" in value and not value.startswith("url(#")
                    or "javascript:" in value):
                del node.attrib[name]

    clean(root)
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="utf-8")


def read_logo(path: Path | str) -> str:
    """A logo file as a data: URI, after checking it is a real PNG/SVG under 2 MB."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError("logo", msg("no file {path}", path=str(path))) from None
    if size > MAX_LOGO:
        raise ValidationError("logo", msg("must be smaller than 2 MB (this file is {mb} MB)",
                                          mb=round(size / 1024 / 1024, 1)))
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".png":
        if not (data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"):
            raise ValidationError("logo", "is not a PNG image (its content does not start like one)")
        mime = "image/png"
    elif suffix == ".svg":
        data, mime = sanitize_svg(data), "image/svg+xml"
    else:
        raise ValidationError("logo", msg("must be a .png or .svg file, got {name!r}", name=path.name))
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def set_brand(store: Store, *, company: str | None = None, logo: Path | str | None = None,
              color: str | None = None, accent: str | None = None, footer: str | None = None,
              clear_logo: bool = False) -> Brand:
    """Change the given brand values (None = keep); all are checked before any is stored."""
    values: dict[str, str] = {}
    if company is not None:
        values["company"] = _text(company, "company")
    if color is not None:
        values["color"] = check_color(color, "color")
    if accent is not None:
        values["accent"] = check_color(accent, "accent")
    if footer is not None:
        values["footer"] = _text(footer, "footer")
    if logo is not None:
        values["logo"] = read_logo(logo)
    elif clear_logo:
        values["logo"] = ""
    _put(store, "brand", values)
    return get_brand(store)


def set_profile(store: Store, *, name: str | None = None, title: str | None = None,
                phone: str | None = None, email: str | None = None) -> Profile:
    """Change the seller's contact details (None = keep)."""
    values: dict[str, str] = {}
    for key, value in (("name", name), ("title", title)):
        if value is not None:
            values[key] = _text(value, key)
    if phone is not None:
        phone = _text(phone, "phone")
        if phone and not PHONE.fullmatch(phone):
            raise ValidationError("phone", "must be 5–30 digits, spaces, +, -, ( or )")
        values["phone"] = phone
    if email is not None:
        email = _text(email, "email")
        if email and not EMAIL.fullmatch(email):
            raise ValidationError("email", msg("is not an email address: {value!r}", value=email))
        values["email"] = email
    _put(store, "profile", values)
    return get_brand(store).profile
