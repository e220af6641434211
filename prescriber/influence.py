"""Influence (影响力): how far an enterprise's example carries, for the yearly selection (each city's ~10
enterprises). One table of points, used by the population report's shortlist and by the register's
cohort proposal, so both rank by the same formula: size, state ownership, chain leader (链主), 规模以上 /
限额以上 or in the 四上 directory, a harmonious-enterprise level already won, and the linked suppliers the
profile lists (each one a firm the leader can bring along: 带动一批). An unknown fact scores nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MOST_SUPPLIERS", "PER_SUPPLIER", "POINTS", "points", "supplier_points", "terms"]

POINTS: Mapping[str, Mapping[Any, int]] = {
    "size": {"large": 40, "medium": 25, "small": 10},
    "ownership": {"state": 15},
    "chain_leader": {True: 25},
    "above_scale": {True: 10},
    "harmonious_level": {"national": 15, "provincial": 10, "municipal": 5},
}
"""Points per fact (its value → points)."""
PER_SUPPLIER = 2
MOST_SUPPLIERS = 10
"""Each linked supplier adds ``PER_SUPPLIER`` points, counted up to ``MOST_SUPPLIERS`` (20 points at most:
a long list must not outweigh size and ownership together)."""

FACTS = {
    "size": "size",
    "ownership": "ownership",
    "chain_leader": "flags.chain_leader",
    "above_scale": "above_scale",
    "harmonious_level": "flags.harmonious_level",
}
"""Where each term is read in a prescription's ``facts`` (``above_scale`` also holds when
``flags.in_sishang_directory`` is true)."""
_SHORT = {
    "size": "规模",
    "ownership": "国有",
    "chain_leader": "链主",
    "above_scale": "规上/四上",
    "harmonious_level": "和谐企业",
}


def supplier_points(suppliers: int) -> int:
    """The points of ``suppliers`` linked suppliers."""
    return PER_SUPPLIER * min(max(suppliers, 0), MOST_SUPPLIERS)


def terms(facts: Mapping[str, Any], suppliers: int = 0) -> tuple[tuple[str, int, int], ...]:
    """The terms of :data:`POINTS` that give a prescription's ``facts`` points, and the linked suppliers,
    as (term id, points, count): the count is the suppliers' for ``suppliers``, 1 for the others."""
    out = []
    for term, table in POINTS.items():
        value = facts.get(FACTS[term])
        if term == "above_scale" and facts.get("flags.in_sishang_directory") is True:
            value = True
        got = table.get(value, 0) if isinstance(value, (str, bool)) else 0
        if got:
            out.append((term, got, 1))
    extra = supplier_points(suppliers)
    if extra:
        out.append(("suppliers", extra, suppliers))
    return tuple(out)


def points(facts: Mapping[str, Any], suppliers: int = 0) -> tuple[int, tuple[str, ...]]:
    """The influence of a prescription's ``facts`` and its profile's count of linked suppliers, with
    the terms that gave points in Chinese (e.g. ``链主+25``; :func:`terms` gives them by id)."""
    found = terms(facts, suppliers)
    why = [
        f"配套企业 {count} 家+{got}" if term == "suppliers" else f"{_SHORT[term]}+{got}"
        for term, got, count in found
    ]
    return sum(got for _, got, _ in found), tuple(why)
