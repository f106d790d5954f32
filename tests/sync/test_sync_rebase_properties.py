"""Properties of re-basing an open conflict (merge.py, the rule conflicts.merge_incoming
and resolve.py apply): whatever both sides and a later server version hold, a decision
already made is never lost, a cleanly merged field never turns into a false dispute, and
a field the server comes round on closes. Pure functions: no server needed."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from valuekit.sync.merge import agreed_base, merge_records, take

FIELDS = ("a", "b", "c", "d", "e")
values = st.integers(min_value=0, max_value=3)
records = st.fixed_dictionaries({f: values for f in FIELDS})


@st.composite
def histories(draw: Any) -> tuple[dict[str, int], ...]:
    base, mine, theirs, later = draw(records), draw(records), draw(records), draw(records)
    return base, mine, theirs, later


@settings(max_examples=400, deadline=None)
@given(histories(), st.data())
def test_a_rebase_keeps_decisions_and_invents_no_dispute(history, data) -> None:  # type: ignore[no-untyped-def]
    base, mine, theirs, later = history
    first = merge_records(base, mine, theirs)
    disputed = first.conflicts
    stored_base = agreed_base(theirs, base, disputed)        # saved with the conflict
    decided = data.draw(st.lists(st.sampled_from(disputed), unique=True) if disputed else st.just([]))
    chosen = {f: data.draw(values) for f in decided}           # mine, theirs or typed: any value
    local = {**first.record, **chosen}
    still_open = [f for f in disputed if f not in decided]
    base_now = agreed_base(theirs, stored_base, still_open)   # what resolve saves
    second = merge_records(base_now, local, later)
    for f in FIELDS:
        if f in decided:
            if later[f] == theirs[f]:        # nobody touched it again: the decision stands
                assert second.record[f] == chosen[f] and f not in second.conflicts
            elif chosen[f] == theirs[f]:     # took their value: follow their next edit too
                assert second.record[f] == later[f] and f not in second.conflicts
            elif chosen[f] != later[f]:      # changed again after deciding: asked again
                assert f in second.conflicts and second.record[f] == chosen[f]
        elif f in still_open:
            if later[f] == mine[f]:          # the server came round to mine
                assert f not in second.conflicts
            elif later[f] != base[f] or mine[f] == base[f]:
                # still disputed (or now only theirs changed it): never silently lost
                assert second.record[f] in (mine[f], later[f])
        else:                                # merged cleanly the first time
            if later[f] == theirs[f]:
                assert second.record[f] == first.record[f] and f not in second.conflicts
            elif first.record[f] == theirs[f]:  # only they edit it: follow them
                assert second.record[f] == later[f] and f not in second.conflicts


@given(records, records, records)
def test_the_stored_base_shows_where_open_fields_started(base, mine, theirs) -> None:  # type: ignore[no-untyped-def]
    merged = merge_records(base, mine, theirs)
    stored = agreed_base(theirs, base, merged.conflicts)
    assert all(stored[f] == base[f] for f in merged.conflicts)
    assert all(stored[f] == theirs[f] for f in FIELDS if f not in merged.conflicts)
    assert take(theirs, base, []) == theirs
