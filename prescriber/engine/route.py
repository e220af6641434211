"""Routing: send a fact only to the rulesets that can possibly match it.

Each engine rule is filed under an *anchor*: a test every match must pass on a single-valued property
(industry section or division, region, size, ownership: "the value is one of these") or on the pain
list ("this one is reported"). The anchor chosen is the one expected to hold for the fewest
enterprises. A rule is copied into one ruleset per value of its anchor (at most ``MAX_COPIES``), so a
fact visits exactly the rulesets of its own values — one per routed property, one per reported pain
point — plus those whose rules have no anchor. Inside the ruleset of a value, a test on that property
is already decided (the fact holds that value), so it is left out of the copy, and a copy whose test
is false there is not made (:func:`given`). Nothing about matching changes: a skipped ruleset is one in
which no rule could have fired, and a fact with one value of a property meets at most one copy.
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

__all__ = ["MAX_COPIES", "Anchor", "Router", "anchor", "given", "group"]

Anchor = tuple[str, frozenset[Any]]
MAX_COPIES = 8
"""Values an anchor may have: a rule is copied into the ruleset of each."""
# Rough share of enterprises that hold one value of each property (pains: one of ~27, ~4 reported,
# counted as half that: a pain point left in a copy is a list test, which the engine reads item by
# item for every rule, where any other test is a lookup shared by the rules that make it).
_SHARE = {
    DIVISION: 1 / 60,
    SECTION: 1 / 12,
    "region": 1 / 10,
    "ownership": 1 / 4,
    "size": 1 / 3,
    PAINS: 1 / 13,
}


def anchor(term: Term) -> Anchor | None:
    """The most selective routing test of a conjunction, or ``None`` when it has none."""
    best: tuple[float, list[str], Anchor] | None = None  # (share, values as sorted text, anchor)
    for a in term:
        if a.prop not in _SHARE:
            continue
        match a:
            case Eq(_, value) if type(value) is str:
                values = frozenset({value})
            case OneOf(_, listed) if len(listed) <= MAX_COPIES and all(type(v) is str for v in listed):
                values = frozenset(listed)
            case HasItem(prop, item) if prop == PAINS:
                values = frozenset({item})
            case Eq() | OneOf() | HasItem() | Neq() | Cmp() | Present() | Absent() | Match():
                continue  # not "the value is one of these (a few texts)"
            case _:
                assert_never(a)
        share = len(values) * _SHARE[a.prop]
        if best is None or share <= best[0]:
            text = sorted(map(str, values))
            if best is None or (share, text) < best[:2]:
                best = (share, text, (a.prop, values))
    return best[2] if best and best[0] < 0.5 else None


def given(term: Term, prop: str, value: str) -> Term | None:
    """``term`` on the facts whose ``prop`` is ``value`` (for the pain list: whose list holds it): the
    tests of ``prop`` that this decides are left out; ``None`` when one of them is false there. A test
    on a value that is not text is left to the engine, which decides it as before."""
    out = []
    for a in term:
        if a.prop != prop:
            out.append(a)
            continue
        match a:
            case Present():
                continue
            case Absent():
                return None
            case HasItem(_, item) if prop == PAINS and item == value:
                continue
            case Eq(_, v) if type(v) is str:
                if v != value:
                    return None
            case OneOf(_, listed) if all(type(v) is str for v in listed):
                if value not in listed:
                    return None
            case Neq(_, v) if type(v) is str:
                if v == value:
                    return None
            case Eq() | OneOf() | Neq() | HasItem() | Cmp() | Match():
                out.append(a)
            case _:
                assert_never(a)
    return frozenset(out)


def group(
    terms: Sequence[tuple[str, Term]], limit: int | None = None
) -> list[tuple[Anchor | None, list[tuple[str, Term]]]]:
    """Terms filed by anchor value, one group per (property, value) and one of the terms without an
    anchor, in a deterministic order; each anchored term as :func:`given` that value. When the copies
    would exceed ``limit`` engine rules, the terms with the most values go unanchored instead."""
    anchors = [anchor(term) for _, term in terms]
    if limit is not None and sum(len(a[1]) if a else 1 for a in anchors) > limit:
        extra = sum(len(a[1]) if a else 1 for a in anchors) - limit
        for i in sorted(range(len(terms)), key=lambda i: -len(a[1]) if (a := anchors[i]) else 0):
            a = anchors[i]
            if extra <= 0 or a is None or len(a[1]) == 1:
                break
            extra -= len(a[1]) - 1
            anchors[i] = None
    groups: dict[tuple[str, str] | None, list[tuple[str, Term]]] = {}
    for (name, term), a in zip(terms, anchors, strict=True):
        if a is None:
            groups.setdefault(None, []).append((name, term))
            continue
        prop, values = a
        for value in sorted(values):
            copy = given(term, prop, value)
            if copy is not None:
                groups.setdefault((prop, value), []).append((name, copy))
    return [
        (None if key is None else (key[0], frozenset({key[1]})), groups[key])
        for key in sorted(groups, key=lambda k: ("",) if k is None else k)
    ]


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

    def targets(self, props: Mapping[str, Any], *, always: bool = True) -> list[int]:
        """Indices of the rulesets to visit for a fact with these properties, in order (without
        the rulesets every fact visits when not ``always``)."""
        hit = set(self.always if always else ())
        for prop, table in self.by_value.items():
            value = props.get(prop)
            if value is None:
                continue
            for v in value if prop == PAINS else (value,):
                hit.update(table.get(v, ()))
        return sorted(hit)
