"""Fired rules → scored, ordered services.

Score of a service = Σ over its fired recommending rules of ``weight × factor``, where ``factor``
scales a rule by how strongly the enterprise feels the pain points the rule asks for (outside any
``not``): with *s* the highest severity (1–5) among those the enterprise reported,
``factor = 0.4 + 0.2 × s`` (0.6, 0.8, 1.0, 1.2, 1.4); a rule that names no reported pain point has
factor 1. Points and scores are rounded to two decimals.

A fired veto (``exclude``) removes its service whatever the score. Rules and services outside their
validity period on the prescription date are ignored. A service whose every instrument in the policy
register is out of force on the prescription date (:meth:`Catalog.withheld`) is never offered: when
rules in force would have recommended it, and no veto fired, it is listed in ``Ranking.lapsed`` so
that staff see it as "政策已到期，待新政策". Core services (the "1") are always present
and come first; the others follow by score (descending), then catalogue order, then id. ``top``
limits the number of non-core services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from prescriber.compiler import CompiledRule, RuleBook, remember
from prescriber.dates import ended, in_force
from prescriber.semantics import Facts

__all__ = ["Ranked", "Ranking", "Scored", "factor", "rank"]


class Scored(NamedTuple):
    """One fired recommending rule's contribution (a named tuple: one is made per fired rule of every
    prescription, and a tuple costs a third of a frozen dataclass)."""

    rule: CompiledRule
    factor: float
    points: float


_ranked = tuple.__new__  # what a named tuple's __new__ does, without a call into Python


class Ranked(NamedTuple):
    """One service in the prescription, with its score and the rules behind it."""

    service: str
    rank: int
    core: bool
    score: float
    rules: tuple[Scored, ...]


@dataclass(frozen=True)
class Ranking:
    """The ordered services, the vetoes that fired, and the services left out by ``top``."""

    items: tuple[Ranked, ...]
    vetoes: tuple[CompiledRule, ...]
    beyond_top: tuple[str, ...]
    overridden: dict[str, tuple[str, ...]]
    """Vetoed service → the recommending rules that fired for it (empty when the veto changed nothing)."""
    lapsed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Service withheld because its policy lapsed → the recommending rules that fired for it (rules within
    their own period, whose service or cited instruments have all ended)."""


def factor(rule: CompiledRule, facts: Facts) -> float:
    """How much the enterprise's severity scales this rule (1.0 when it names no reported pain)."""
    severity = facts.severity
    reported = [severity[p] for p in rule.pains if p in severity]
    return _factor(max(reported)) if reported else 1.0


def _factor(s: int) -> float:
    f = _FACTORS.get(s)
    return f if f is not None else round(0.4 + 0.2 * s, 2)


_FACTORS = {s: round(0.4 + 0.2 * s, 2) for s in range(1, 6)}  # the severities a profile may state


def rank(book: RuleBook, facts: Facts, fired: Iterable[str], as_of: date, top: int | None = None) -> Ranking:
    """Score and order the services the fired rules point to."""
    status, core_live = _on(book, as_of)
    by_id = book.by_id
    recommend: list[CompiledRule] = []
    vetoes: list[CompiledRule] = []
    stale: dict[str, list[CompiledRule]] = {}
    for rule_id in sorted(fired):
        state = status.get(rule_id)
        if state is None:
            state = status[rule_id] = _status(book, by_id[rule_id], as_of)
        if state == _LIVE:
            r = by_id[rule_id]
            (recommend if r.effect == "recommend" else vetoes).append(r)
        elif state == _STALE:
            r = by_id[rule_id]
            stale.setdefault(r.service, []).append(r)
    vetoed = {r.service for r in vetoes}
    overridden = {s: tuple(r.id for r in recommend if r.service == s) for s in vetoed}
    scored: dict[str, list[tuple[tuple[float, str], Scored, float]]] = {}
    severity = facts.severity
    made = _scored(book)
    for r in recommend:
        service = r.service
        if service in vetoed:
            continue
        strongest = None  # the highest severity of the pains it names that were reported (factor())
        for p in r.pains:
            level = severity.get(p)
            if level is not None and (strongest is None or level > strongest):
                strongest = level
        key = (r.id, strongest)
        hit = made.get(key)
        if hit is None or hit[1].rule is not r:
            f = 1.0 if strongest is None else _factor(strongest)
            x = Scored(r, f, round(r.weight * f, 2))
            # its place among a service's rules, and the score of a service it alone scores
            hit = (_strongest_first(x), x, round(sum([x.points]), 2))
            remember(made, key, hit)  # equal severities (3, 3.0, True == 1) give the same factor
        hits = scored.get(service)
        if hits is None:
            scored[service] = [hit]
        else:
            hits.append(hit)
    for s in core_live:
        scored.setdefault(s, [])
    places = _places(book)
    keys = []
    total = {}
    rules: dict[str, tuple[Scored, ...]] = {}
    for s, found in scored.items():
        if len(found) == 1:
            rules[s] = (found[0][1],)
            t = total[s] = found[0][2]
        else:  # summed in id order, listed strongest first
            t = total[s] = round(sum([x.points for _, x, _ in found]), 2)
            found.sort()  # by (-points, id): ids differ, so the rules themselves are never compared
            rules[s] = tuple([x for _, x, _ in found])
        core_last, at = places[s]
        keys.append((core_last, -t, at, s))
    keys.sort()  # core first, then by score (descending), catalogue order, id
    ordered = [k[3] for k in keys]
    core = [k[3] for k in keys if not k[0]]
    rest = ordered[len(core) :]
    kept = core + (rest if top is None else rest[:top])
    items = tuple([_ranked(Ranked, (s, i, s in core, total[s], rules[s])) for i, s in enumerate(kept, 1)])
    lapsed = {
        svc: tuple(r.id for r in rs if r.effect == "recommend")
        for svc, rs in stale.items()
        if svc not in scored and svc not in vetoed and not any(r.effect == "exclude" for r in rs)
    }
    order = book.catalog.order
    return Ranking(
        items,
        tuple(vetoes),
        tuple(rest[top:]) if top is not None else (),
        overridden,
        {svc: ids for svc, ids in sorted(lapsed.items(), key=lambda kv: order[kv[0]]) if ids},
    )


def _scored(book: RuleBook) -> dict[tuple[str, int | None], tuple[tuple[float, str], Scored, float]]:
    """The contribution of a rule at a severity (``None``: it names no reported pain point) with its
    place among a service's rules and the score of a service that rule alone scores, the same for
    every enterprise: kept in the rule book's memo (bounded: :func:`prescriber.compiler.remember`)."""
    made: dict[tuple[str, int | None], tuple[tuple[float, str], Scored, float]] | None
    made = book.memo.get("rank-scored")
    if made is None:
        made = {}
        remember(book.memo, "rank-scored", made)
    return made


def _places(book: RuleBook) -> dict[str, tuple[bool, int]]:
    """Service → (not core, catalogue order): the parts of its place in a list that depend on the
    catalogue alone, in the rule book's memo (one entry per service)."""
    places: dict[str, tuple[bool, int]] | None = book.memo.get("rank-places")
    if places is None:
        order = book.catalog.order
        places = {s.id: (not s.core, order[s.id]) for s in book.catalog.services}
        remember(book.memo, "rank-places", places)
    return places


_LIVE, _STALE, _IGNORED = 1, 0, -1
_DAYS = 16  # days whose rule statuses a rule book keeps (a service answers for today, mostly)


def _on(book: RuleBook, day: date) -> tuple[dict[str, int], tuple[str, ...]]:
    """The statuses of rules on ``day`` found so far (filled as rules fire) and the core services in
    force then, kept in the rule book's memo: they depend on the rule base and the day alone."""
    days: dict[date, tuple[dict[str, int], tuple[str, ...]]] | None = book.memo.get("rank-days")
    if days is None:
        days = book.memo.setdefault("rank-days", {})
    found = days.get(day)
    if found is None:
        core = tuple(s.id for s in book.catalog.services if s.core and _service_in_force(book, s.id, day))
        if len(days) >= _DAYS:
            days.clear()
        found = days[day] = ({}, core)
    return found


def _status(book: RuleBook, r: CompiledRule, day: date) -> int:
    """Whether a fired rule counts on ``day`` (live), points to a service withheld because its policy
    lapsed (stale), or is outside its own period or its service's (ignored)."""
    if not in_force((r.valid_from, r.valid_until), day):
        return _IGNORED
    live = _service_in_force(book, r.service, day)
    if live and r.in_force(day):
        return _LIVE
    if book.catalog.lapsed(r.service, day) or (live and ended([c[1:] for c in r.cited], day)):
        return _STALE
    return _IGNORED


def _strongest_first(x: Scored) -> tuple[float, str]:
    return (-x.points, x.rule.id)


def _service_in_force(book: RuleBook, service: str, day: date) -> bool:
    s = book.catalog.service_by_id[service]
    return in_force((s.valid_from, s.valid_until), day) and not book.catalog.withheld(service, day)
