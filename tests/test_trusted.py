"""The prescription is built without validating its output models (``models.prescription.trusted``):
on generated profiles it must be the validated prescription, value for value, type for type, byte for
byte — with the explanation memo empty and warm."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from profiles import profiles
from pydantic import BaseModel

import prescriber
from prescriber.models import Evidence, Prescription
from prescriber.models.prescription import trusted


def _validating(cls: type[BaseModel], fields: dict[str, Any]) -> BaseModel:
    return cls(**fields)


def shape(x: Any) -> Any:
    """Every value with its type, models with their field order and the fields they say were set."""
    if isinstance(x, BaseModel):
        return (
            type(x),
            sorted(x.model_fields_set),
            x.__pydantic_extra__,
            [(k, shape(v)) for k, v in x.__dict__.items()],
        )
    if isinstance(x, tuple | list):
        return (type(x), [shape(v) for v in x])
    if isinstance(x, dict):
        return (type(x), [(shape(k), shape(v)) for k, v in x.items()])
    return (type(x), x)


@pytest.fixture(scope="module")
def own() -> Iterator[prescriber.Prescriber]:
    with prescriber.load() as p:
        yield p


@given(
    profile=profiles(),
    top=st.one_of(st.none(), st.integers(0, 6)),
    day=st.sampled_from(["2024-03-01", "2026-06-01", "2027-01-01", "2031-12-31"]),
)
def test_a_trusted_prescription_is_the_validated_one(
    own: prescriber.Prescriber, profile: dict[str, Any], top: int | None, day: str
) -> None:
    own.book.memo.clear()
    fast = own.prescribe(profile, as_of=day, top=top)
    warm = own.prescribe(profile, as_of=day, top=top)
    own.book.memo.clear()
    with mock.patch("prescriber.explain.trusted", _validating):
        slow = own.prescribe(profile, as_of=day, top=top)
    assert isinstance(slow, Prescription)
    for p in (fast, warm):
        assert p.model_dump_json() == slow.model_dump_json()
        assert p.model_dump_json(indent=2, exclude_defaults=True) == slow.model_dump_json(
            indent=2, exclude_defaults=True
        )
        assert p == slow
        assert shape(p) == shape(slow)
        assert p.model_dump() == slow.model_dump()


def test_trusted_keeps_the_fields_as_given_and_the_model_frozen() -> None:
    fields = {
        "field": "employees",
        "label": "职工人数",
        "op": "gte",
        "expected": 50,
        "actual": 120,
        "outcome": "true",
        "negated": False,
        "text": "职工人数 ≥ 50 人（当前：120 人）",
    }
    made = trusted(Evidence, dict(fields))
    assert made == Evidence(**fields)
    assert shape(made) == shape(Evidence(**fields))
    assert hash(made) == hash(Evidence(**fields))
    with pytest.raises(Exception, match="frozen"):
        made.text = "x"  # type: ignore[misc]
