"""The pitch document: validation with field paths, normalization, JSON round-trip."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import sample_pitch

from valuekit.errors import ValidationError
from valuekit.pitch.model import load_pitch, normalize, save_pitch


def test_normalize_turns_strings_into_items_with_empty_source() -> None:
    doc = normalize(sample_pitch())
    assert doc["pains"]["organization"] == [{"text": "区域之间商机交接靠口头", "source": ""}]
    assert doc["pains"]["individual"][0]["source"] == "SPIN P2"
    assert doc["execution"]["fab"][0]["feature"] == "周报自动生成"


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.pop("customer"), "customer"),
    (lambda d: d.__setitem__("language", "fr"), "language"),
    (lambda d: d["pains"]["enterprise"].append(3), "pains.enterprise[1]"),
    (lambda d: d["pains"].__setitem__("country", []), "pains.country"),
    (lambda d: d["execution"]["fab"].append({"advantage": "x"}), "execution.fab[1].feature"),
    (lambda d: d["cta"].__setitem__("date", "next week"), "cta.date"),
    (lambda d: d["roi"]["drivers"][0].__setitem__("people", "forty"), "roi.drivers[0].people"),
    (lambda d: d.__setitem__("titel", "typo"), "titel"),
])
def test_bad_documents_name_the_field(change: Any, field: str) -> None:
    doc = sample_pitch()
    change(doc)
    with pytest.raises(ValidationError) as info:
        normalize(doc)
    assert info.value.field == field


def test_case_may_be_a_library_asset() -> None:
    doc = sample_pitch()
    doc["case"] = {"asset_id": "1234abcd"}
    assert normalize(doc)["case"] == {"asset_id": "1234abcd", "source": ""}


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = save_pitch(sample_pitch("en"), tmp_path / "p.json")
    assert load_pitch(path) == normalize(sample_pitch("en"))
    assert not list(tmp_path.glob("*.part"))


texts = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(["individual", "organization", "enterprise", "industry"]),
                       st.lists(texts, max_size=3)), texts)
def test_normalize_is_idempotent(pains: dict[str, list[str]], title: str) -> None:
    doc = copy.deepcopy(sample_pitch())
    doc["pains"], doc["title"] = pains, title
    once = normalize(doc)
    assert normalize(json.loads(json.dumps(once))) == once
