"""The value review (valuekit/value/review.py) as a branded customer document.

The review is rendered by the value package; the brand and seller profile, and the rule of
what may reach a customer, belong to the customer kit (brand.py, customer.py). This module
joins the two, so the CLI and the desktop app export the same document: the library's
brand on every page, and no placeholder text in anything the customer reads.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.pitch.brand import get_brand
from valuekit.pitch.customer import has_placeholder
from valuekit.pitch.documents import brand_view
from valuekit.value.plan import get_plan
from valuekit.value.review import export_review


def check_customer_text(store: Store, opp_ref: str) -> None:
    """Refuse a review whose customer-facing text still holds a placeholder (待补充, TODO, …),
    naming where it is: the milestone titles and the promise's driver names are printed."""
    plan = get_plan(store, opp_ref)
    places: list[tuple[str, str]] = [(f"milestones[{n}].title", m.title) for n, m in enumerate(plan.milestones)]
    places += [(f"promise.drivers[{n}].name", str(d.get("name") or ""))
               for n, d in enumerate(plan.promise.get("drivers") or [])]
    for where, text in places:
        found = has_placeholder(text)
        if found:
            raise ValidationError(where, msg("holds the placeholder {found!r}; the customer would read it",
                                             found=found))


def export_value_review(store: Store, opp_ref: str, out: Path | str, *, lang: str | None = None,
                        as_of: date | None = None) -> Path:
    """Check, render with the library's brand, and write the review PDF atomically."""
    check_customer_text(store, opp_ref)
    brand = get_brand(store)

    def printed(doc_lang: str, day: str) -> dict[str, Any]:
        return brand_view(brand, doc_lang, day)

    return export_review(store, opp_ref, out, brand=printed, lang=lang, as_of=as_of)
