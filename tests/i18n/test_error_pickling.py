"""A user error raised in a worker process reaches the window whole: its class, its field
and its message id survive pickling, so it is still shown in the user's language."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from valuekit.documents.render import RenderTimeout
from valuekit.errors import ConflictError, NotFoundError, ValidationError, ValueKitError
from valuekit.i18n import msg


@given(field=st.text(min_size=1, max_size=30), n=st.integers(min_value=-10**6, max_value=10**6))
def test_a_field_error_keeps_its_field_and_both_languages(field: str, n: int) -> None:
    original = ValidationError(field, msg("must be at most {n} characters", n=n))
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is ValidationError and copy.field == field
    for lang in ("zh", "en"):
        assert copy.localized(lang) == original.localized(lang)
    assert str(copy) == str(original)


def test_every_user_error_class_survives_and_stays_translatable() -> None:
    message = msg("no asset {asset_id}", asset_id="abc")
    for cls in (ValueKitError, NotFoundError, ConflictError, RenderTimeout):
        copy = pickle.loads(pickle.dumps(cls(message)))
        assert type(copy) is cls
        assert copy.localized("zh") == cls(message).localized("zh") != copy.localized("en")
