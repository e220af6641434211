"""Scenario tests policy staff write: a profile and what its prescription must show."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from prescriber.models.base import Day, Frozen, Id, Int, Number, Text

__all__ = ["Expectations", "Scenario", "TopN"]


class TopN(Frozen):
    """These services are among the first ``n`` services after the core ones."""

    n: Int = Field(ge=1, le=100)
    include: tuple[Id, ...] = Field(min_length=1)


class Expectations(Frozen):
    """What the prescription must show; every listed expectation is checked."""

    include: tuple[Id, ...] = Field((), description="services that must be prescribed")
    exclude: tuple[Id, ...] = Field((), description="services that must not be prescribed")
    top: TopN | None = None
    order: tuple[tuple[Id, Id], ...] = Field((), description="[A, B]: A ranks before B")
    score: dict[Id, tuple[Number, Number]] = Field(
        default_factory=dict, description="service: [lowest, highest]"
    )
    vetoed: tuple[Id, ...] = Field((), description="services a veto rule must exclude")
    lapsed: tuple[Id, ...] = Field(
        (), description="services withheld because their policy has lapsed (政策已到期，待新政策)"
    )


class Scenario(Frozen):
    """One case: a profile (a file path relative to the scenario file, or written inline)."""

    name: Text
    profile: Text | dict[str, Any]
    as_of: Day | None = None
    top: Int | None = Field(None, ge=1)
    expect: Expectations
