"""Routing: send a fact only to the rulesets that can possibly match it.

Each engine rule is filed under an *anchor*: a test every match must pass on a single-valued property
(industry section or division, region, size, ownership: "the value is one of these") or on the pain
list ("one of these is reported"). Rules with the same anchor go into the same rulesets, so a fact
visits only the rulesets anchored on its own values, plus those whose rules have no anchor. The
anchor chosen is the one expected to hold for the fewest enterprises. Nothing about matching changes:
a skipped ruleset is one in which no rule could have fired.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from prescriber.normal import (
    DIVISION,
    PAINS,
    SECTION,
    Absent,
    Cmp,
    Eq,
    HasItem,
    Match,
    Neq,
    OneOf,
    Present,
    Term,
)

__all__ = ["Anchor", "Router", "anchor", "group"]

Anchor = tuple[str, frozenset[Any]]
# Rough share of enterprises that hold one value of each property (pains: one of ~27, ~4 reported).
_SHARE = {
    DIVISION: 1 / 60,
    SECTION: 1 / 12,
    "region": 1 / 10,
    "ownership": 1 / 4,
    "size": 1 / 3,
    PAINS: 1 / 6,
}


def anchor(term: Term) -> Anchor | None:
    """The most selective routing test of a conjunction, or ``None`` when it has none."""
    best: tuple[float, list[str], Anchor] | None = None  # (share, values as sorted text, anchor)
    for a in term:
        if a.prop not in _SHARE:
            continue
        match a:
            case Eq(_, value):
                values = frozenset({value})
            case OneOf(_, listed):
                values = frozenset(listed)
            case HasItem(prop, item) if prop == PAINS:
                values = frozenset({item})
            case HasItem() | Neq() | Cmp() | Present() | Absent() | Match():
                continue  # not "the value is one of these"
            case _:
                assert_never(a)
        share = len(values) * _SHARE[a.prop]
        if best is None or share <= best[0]:
            text = sorted(map(str, values))
            if best is None or (share, text) < best[:2]:
                best = (share, text, (a.prop, values))
    return best[2] if best and best[0] < 0.5 else None


def group(terms: Sequence[tuple[str, Term]]) -> list[tuple[Anchor | None, list[tuple[str, Term]]]]:
    """Terms grouped by anchor (property and its smallest value), in a deterministic order."""
    groups: dict[tuple[str, str] | None, list[tuple[str, Term]]] = {}
    anchors: dict[tuple[str, str] | None, list[Anchor]] = {}
    for name, term in terms:
        a = anchor(term)
        key = None if a is None else (a[0], min(map(str, a[1])))
        groups.setdefault(key, []).append((name, term))
        if a is not None:
            anchors.setdefault(key, []).append(a)
    out: list[tuple[Anchor | None, list[tuple[str, Term]]]] = []
    for key in sorted(groups, key=lambda k: ("",) if k is None else k):
        members = groups[key]
        if key is None:
            out.append((None, members))
            continue
        values = frozenset().union(*(a[1] for a in anchors[key]))
        out.append(((key[0], values), members))
    return out


@dataclass(frozen=True)
class Router:
    """Which rulesets (by index) a fact must visit."""

    always: tuple[int, ...]
    by_value: Mapping[str, Mapping[Any, tuple[int, ...]]]

    @staticmethod
    def build(anchors: Sequence[Anchor | None]) -> Router:
        always = tuple(i for i, a in enumerate(anchors) if a is None)
        by_value: dict[str, dict[Any, list[int]]] = {}
        for i, a in enumerate(anchors):
            if a is not None:
                for v in a[1]:
                    by_value.setdefault(a[0], {}).setdefault(v, []).append(i)
        return Router(always, {p: {v: tuple(ix) for v, ix in m.items()} for p, m in by_value.items()})

    def targets(self, props: Mapping[str, Any]) -> list[int]:
        """Indices of the rulesets to visit for a fact with these properties, in order."""
        hit = set(self.always)
        for prop, table in self.by_value.items():
            value = props.get(prop)
            if value is None:
                continue
            for v in value if prop == PAINS else (value,):
                hit.update(table.get(v, ()))
        return sorted(hit)
