"""Facts as flat properties: the one encoding of an enterprise's facts that the atoms of the normal
form test (durable_rules asserts it as JSON; the vectorised tables hold the same names as columns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prescriber.normal.atoms import ABSENT, DIVISION, KIND, PAINS, SECTION, prop_of, unknown_division
from prescriber.normal.lower import num
from prescriber.semantics import Facts, IndustryCode

__all__ = ["FactEncoding", "fact_properties"]


@dataclass(frozen=True)
class FactEncoding:
    """What facts must carry besides their fields: the pain points some rule tests for absence."""

    absent_pains: tuple[str, ...]


def fact_properties(facts: Facts, encoding: FactEncoding) -> dict[str, Any]:
    """The profile fact's properties (without ``sid``/``id``). A missing field is a missing property."""
    out: dict[str, Any] = {KIND: "p"}
    for field, value in facts.values.items():
        if value is None:
            continue
        if isinstance(value, IndustryCode):
            out[SECTION] = value.section
            if value.division is not None:
                out[DIVISION] = value.division
        elif isinstance(value, frozenset):
            out[PAINS] = sorted(value)
        else:
            out[prop_of(field)] = num(value)
    if isinstance(code := facts.values.get("industry"), IndustryCode) and code.division is None:
        out[DIVISION] = unknown_division(code.section)
    if encoding.absent_pains:
        pains = facts.values.get("pain_points") or frozenset()
        out[ABSENT] = [p for p in encoding.absent_pains if p not in pains]
    return out
