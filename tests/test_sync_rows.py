"""A travelling row is checked against its table: anything that does not fit is a RowProblem
with its reason (the office sets the row aside), never another error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.sync.rows import RowProblem, codecs, read_row

GOOD = {"id": "01a2509d-85f9-71e9-8fc8-6a1f6b6ed930", "origin_centre_id": "01a2509d-7979-7a47-b6a6-1273d59a5a8a",
        "version": "001796648827992-000025-01a2509d-6ed2-7c67-8be8-c47202f692d1", "change_seq": 4586,
        "deleted": False, "session_id": "01a2509d-8b34-7d86-af93-b928dec6c47a",
        "learner_id": "01a2509d-7876-710d-8724-9f4d30a093c9", "mark": "C"}


def test_a_good_mark_reads_back_with_its_clock():
    row = read_row(codecs()["attendance"], GOOD)
    assert row.values == {"session_id": GOOD["session_id"], "learner_id": GOOD["learner_id"], "mark": "C"}
    assert row.clock.encode() == GOOD["version"] and row.packed == row.clock.packed


@pytest.mark.parametrize(("change", "reason"), [
    ({"mark": "CC"}, "mark: not text of the expected length"),
    ({"mark": None}, "mark is empty"),
    ({"learner_id": "no-such-learner"}, "learner_id: not an id"),
    ({"learner_id": "01A2509D-7876-710D-8724-9F4D30A093C9"}, "learner_id: not an id"),
    ({"change_seq": "12"}, "not a whole number"),
    ({"deleted": 0}, "not true or false"),
    ({"version": "2035-01-01"}, "a version that is not a clock reading"),
])
def test_a_row_that_does_not_fit_names_why(change, reason):
    with pytest.raises(RowProblem, match=reason):
        read_row(codecs()["attendance"], {**GOOD, **change})


def test_a_missing_column_and_a_bad_date_are_named():
    with pytest.raises(RowProblem, match="no mark"):
        read_row(codecs()["attendance"], {key: value for key, value in GOOD.items() if key != "mark"})
    session = {**GOOD, "activity_id": GOOD["session_id"], "date": "2026-02-31"}
    with pytest.raises(RowProblem, match="date: not a date"):
        read_row(codecs()["session"], session)


def test_a_row_from_an_app_before_a_column_was_added_takes_the_columns_default():
    # learning_target.measure came with revision 0011; a centre still on 0010 sends rows without it
    older = {**{key: GOOD[key] for key in ("id", "origin_centre_id", "version", "change_seq", "deleted")},
             "year": 2026, "model": "family", "percent": 85}
    assert read_row(codecs()["learning_target"], older).values["measure"] == "recognised"
    with pytest.raises(RowProblem, match="measure is empty"):  # sent, but empty: still refused
        read_row(codecs()["learning_target"], {**older, "measure": None})


VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                   st.binary(max_size=8), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(), st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(table=st.sampled_from(sorted(codecs())), changes=st.dictionaries(st.text(max_size=20) | st.sampled_from(
    sorted({name for codec in codecs().values() for name in codec.columns} | set(GOOD))), VALUES, max_size=6))
def test_any_row_is_read_or_refused_with_a_reason(table, changes):
    try:
        read_row(codecs()[table], {**GOOD, **changes})
    except RowProblem as problem:
        assert str(problem)
