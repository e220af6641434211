"""The atoms of the normal form: positive tests on one flat property of an enterprise's facts, each a
frozen (hashable) dataclass, so a conjunction is a ``frozenset`` of them. Consumers match on
:data:`Atom` exhaustively (``match`` … ``case _: assert_never(atom)``): a new kind of atom is a type
error wherever it is not handled.

A missing property satisfies no atom but :class:`Absent` — exactly "unknown is not true".

Also here: the flat property names of the facts (shared by the durable_rules engine, the
vectorised tables and lint).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prescriber.operators import Comparison

__all__ = [
    "ABSENT",
    "DIVISION",
    "KIND",
    "PAINS",
    "SECTION",
    "Absent",
    "Atom",
    "Cmp",
    "Eq",
    "HasItem",
    "Match",
    "Neq",
    "OneOf",
    "Present",
    "Term",
    "prop_of",
    "unknown_division",
]

KIND = "kind"  # a property every profile fact has: the test of an always-true conjunction
PAINS = "pains"
ABSENT = "absent_pains"  # the pain points a rule tests for absence that the enterprise did not report
SECTION, DIVISION = "industry_section", "industry_division"


@dataclass(frozen=True, slots=True)
class Eq:
    """The property is present and equal to ``value``."""

    prop: str
    value: Any


@dataclass(frozen=True, slots=True)
class Neq:
    """The property is present and not equal to ``value``."""

    prop: str
    value: Any


@dataclass(frozen=True, slots=True)
class OneOf:
    """The (single-valued) property is present and one of ``values`` (sorted, distinct)."""

    prop: str
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Cmp:
    """The number is present and ``op`` (a comparison of :mod:`prescriber.operators`) ``value``."""

    prop: str
    op: Comparison
    value: Any


@dataclass(frozen=True, slots=True)
class Present:
    """The property is present (its value is known)."""

    prop: str


@dataclass(frozen=True, slots=True)
class Absent:
    """The property is missing (its value is unknown)."""

    prop: str


@dataclass(frozen=True, slots=True)
class HasItem:
    """The list property holds ``item`` (one item: see :func:`prescriber.normal.lower`)."""

    prop: str
    item: str


@dataclass(frozen=True, slots=True)
class Match:
    """The text is present and the regular expression ``pattern`` is found in it (``hit``), or it is
    present and the pattern is not found (``not hit``)."""

    prop: str
    pattern: str
    hit: bool = True


Atom = Eq | Neq | OneOf | Cmp | Present | Absent | HasItem | Match
Term = frozenset[Atom]
"""A conjunction of atoms."""


@lru_cache(maxsize=4096)
def prop_of(field: str) -> str:
    """Flat property name of a field (no dots: the engine would read them as paths)."""
    if field.startswith("flags."):
        return "f:" + field[6:]
    if field.startswith("metrics."):
        return "m:" + field[8:]
    return {"pain_points": PAINS, "industry": SECTION}.get(field, field)


def unknown_division(section: str) -> str:
    """The division value of an enterprise whose section alone is known (never a real code)."""
    return section + "?"
