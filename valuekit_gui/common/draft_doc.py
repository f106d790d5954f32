"""The type of a document while the user edits it.

A form holds what the user typed, including values the core will refuse (text in a number
field, an empty required name), so that it can show them back with the error. Such a draft
is a plain JSON object; the core's validators (``pitch.model.normalize``,
``roi.parse.parse_case``, …) turn it into the typed record (``Pitch``, ``RoiCaseInput``)."""

from __future__ import annotations

from typing import Any

Draft = dict[str, Any]
