"""A fact's properties are written for the engine by a fast path per type; it must spell every value
as the exact encoder does (ASCII, no exponent, inf/nan refused)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prescriber.engine.wire import dumps, fragments

values = st.one_of(
    st.text(max_size=8),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e16, 1.5e-7, 1e22, -0.0, 0.1, 123456789.125, 5e-324]),
    st.lists(st.text(max_size=6), max_size=4),
)


@given(props=st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=6))
def test_fragments_spell_every_value_as_the_exact_encoder(props: dict[str, Any]) -> None:
    assert fragments(props) == {k: dumps(k) + ":" + dumps(v) for k, v in props.items()}


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_fragments_refuse_what_json_cannot_hold(bad: float) -> None:
    with pytest.raises(ValueError):
        fragments({"x": bad})
