"""Amounts as a seller types them in the sales forms, the Funnel view and the metrics panel."""

from __future__ import annotations

import re
from typing import Any

from valuekit_gui.roi.inputs import as_number


def typed_amount(text: str) -> Any:
    """A number when the text is one — thousands separators (380,000 / 380 000) are fine, and
    so is everything the one parser reads (45万, ¥1.2亿, 2.5M) — otherwise the text itself,
    so that the core refuses it naming the field."""
    return as_number(re.sub(r"(?<=\d)[,_ \u00a0](?=\d{3})", "", text.strip()))
