"""The JSON the C engine reads: the fast encoder and the exact one write the same text for every
value a rule base can hold, and no number ever appears in exponent notation (the engine rejects it)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st

from prescriber.engine.wire import _exact, dumps

SCALARS = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.sampled_from(["1e5", " 1e5", "x1e-7", "1.5E+3", 'a"1e5']),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.mark.slow
@examples(400)
@given(value=VALUES)
def test_fast_and_exact_encoders_agree(value: Any) -> None:
    text = dumps(value)
    assert text == _exact(value)
    assert text.isascii()
    assert json.loads(text, parse_int=Decimal, parse_float=Decimal) == _decimal(value)


def _decimal(value: Any) -> Any:
    """The value with every number as the decimal it is written as (lists for tuples)."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, list | tuple):
        return [_decimal(v) for v in value]
    return {k: _decimal(v) for k, v in value.items()}


def test_no_exponent_notation() -> None:
    assert dumps({"a": [1e20, 1.5e-7, -2.5e300]}) == (
        '{"a":[100000000000000000000,0.00000015,-25' + "0" * 299 + "]}"
    )
    assert dumps({"t": "1e5 stays text"}) == '{"t":"1e5 stays text"}'
