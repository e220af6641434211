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

from prescriber.compiler import CompiledRule, RuleBook
from prescriber.dates import ended, in_force
from prescriber.semantics import Facts

__all__ = ["Ranked", "Ranking", "Scored", "factor", "rank"]


@dataclass(frozen=True)
class Scored:
    """One fired recommending rule's contribution."""

    rule: CompiledRule
    factor: float
    points: float


@dataclass(frozen=True)
class Ranked:
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
    reported = [facts.severity[p] for p in rule.pains if p in facts.severity]
    return round(0.4 + 0.2 * max(reported), 2) if reported else 1.0


def rank(book: RuleBook, facts: Facts, fired: Iterable[str], as_of: date, top: int | None = None) -> Ranking:
    """Score and order the services the fired rules point to."""
    services = book.catalog.service_by_id
    live: dict[str, bool] = {}
    rules = []
    stale: dict[str, list[CompiledRule]] = {}
    for rule_id in sorted(fired):
        r = book.by_id[rule_id]
        if r.service not in live:
            live[r.service] = _service_in_force(book, r.service, as_of)
        if not in_force((r.valid_from, r.valid_until), as_of):
            continue
        if live[r.service] and r.in_force(as_of):
            rules.append(r)
        elif book.catalog.lapsed(r.service, as_of) or (
            live[r.service] and ended([c[1:] for c in r.cited], as_of)
        ):
            stale.setdefault(r.service, []).append(r)
    vetoes = tuple(r for r in rules if r.effect == "exclude")
    vetoed = {r.service for r in vetoes}
    overridden = {s: tuple(r.id for r in rules if r.effect == "recommend" and r.service == s) for s in vetoed}
    scored: dict[str, list[Scored]] = {}
    for r in rules:
        if r.effect == "recommend" and r.service not in vetoed:
            f = factor(r, facts)
            scored.setdefault(r.service, []).append(Scored(r, f, round(r.weight * f, 2)))
    for s in book.catalog.services:
        if s.core and _service_in_force(book, s.id, as_of):
            scored.setdefault(s.id, [])
    total = {s: round(sum(x.points for x in xs), 2) for s, xs in scored.items()}
    order = book.catalog.order
    ordered = sorted(scored, key=lambda s: (not services[s].core, -total[s], order[s], s))
    core = [s for s in ordered if services[s].core]
    rest = ordered[len(core) :]
    kept = core + (rest if top is None else rest[:top])
    items = tuple(
        Ranked(s, i + 1, services[s].core, total[s], tuple(sorted(scored[s], key=_strongest_first)))
        for i, s in enumerate(kept)
    )
    lapsed = {
        svc: tuple(r.id for r in rs if r.effect == "recommend")
        for svc, rs in stale.items()
        if svc not in scored and svc not in vetoed and not any(r.effect == "exclude" for r in rs)
    }
    return Ranking(
        items,
        vetoes,
        tuple(rest[top:]) if top is not None else (),
        overridden,
        {svc: ids for svc, ids in sorted(lapsed.items(), key=lambda kv: order[kv[0]]) if ids},
    )


def _strongest_first(x: Scored) -> tuple[float, str]:
    return (-x.points, x.rule.id)


def _service_in_force(book: RuleBook, service: str, day: date) -> bool:
    s = book.catalog.service_by_id[service]
    return in_force((s.valid_from, s.valid_until), day) and not book.catalog.withheld(service, day)
