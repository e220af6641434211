"""Vectorised scoring and ranking, with the rules of :mod:`prescriber.rank`: points = weight × factor
(factor from the highest severity among the pain points a rule asks for), a veto removes its service,
rules and services outside their validity are ignored, core services first, then score descending,
then catalogue order; ``top`` limits the non-core services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from prescriber.compiler import RuleBook
from prescriber.vector.table import FactTable, Layout

__all__ = ["Ranked", "rank_table"]


@dataclass(frozen=True)
class Ranked:
    """The ranked services of every row: ``order[i, :count[i]]`` are service indices (catalogue order),
    ``score[i, s]`` the score of service ``s``; ``pairs`` are the (row, service, rule) recommendations
    that counted, for naming the fired rules."""

    order: np.ndarray
    count: np.ndarray
    score: np.ndarray
    pair_rows: np.ndarray
    pair_services: np.ndarray
    pair_rules: np.ndarray


def _in_force(valid_from: date | None, valid_until: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)


def rank_table(book: RuleBook, lay: Layout, t: FactTable, rows: np.ndarray, rules: np.ndarray, day: date,
               top: int | None = None) -> Ranked:
    """Score and order the services for every row, from the (row, rule) pairs that fired."""
    services = book.catalog.services
    n, s_count = t.n, len(services)
    svc_index = {s.id: i for i, s in enumerate(services)}
    svc_ok = np.array([_in_force(s.valid_from, s.valid_until, day) for s in services], bool)
    rule_svc = np.array([svc_index[r.service] for r in book.rules], np.int64)
    rule_ok = np.array([r.in_force(day) for r in book.rules], bool) & svc_ok[rule_svc]
    veto = np.array([r.effect == "exclude" for r in book.rules], bool)
    keep = rule_ok[rules]
    rows, rules = rows[keep], rules[keep]
    vetoed = np.zeros(n * s_count, bool)
    v = veto[rules]
    vetoed[rows[v] * s_count + rule_svc[rules[v]]] = True
    rec_rows, rec_rules = rows[~v], rules[~v]
    flat = rec_rows * s_count + rule_svc[rec_rules]
    counted = ~vetoed[flat]
    rec_rows, rec_rules, flat = rec_rows[counted], rec_rules[counted], flat[counted]
    points = _points(book, lay, t, rec_rows, rec_rules)
    score = np.round(np.bincount(flat, weights=points, minlength=n * s_count), 2).reshape(n, s_count)
    present = (np.bincount(flat, minlength=n * s_count) > 0).reshape(n, s_count)
    core = np.array([s.core for s in services], bool) & svc_ok
    present |= core[None, :]
    key = np.where(present, score + np.where(core, 1e12, 0.0)[None, :], -np.inf)
    order = np.argsort(-key, axis=1, kind="stable")
    total = present.sum(axis=1)
    count = total if top is None else np.minimum(total, int(core.sum()) + top)
    return Ranked(order, count, score, rec_rows, rule_svc[rec_rules], rec_rules)


def _points(book: RuleBook, lay: Layout, t: FactTable, rows: np.ndarray, rules: np.ndarray) -> np.ndarray:
    weight = np.array([r.weight for r in book.rules], float)
    factor = np.ones(len(rows))
    index = lay.pain_index
    by_rule = np.argsort(rules, kind="stable")
    bounds = np.searchsorted(rules[by_rule], np.arange(len(book.rules) + 1))
    for r_i, r in enumerate(book.rules):
        sel = by_rule[bounds[r_i]:bounds[r_i + 1]]
        if not r.pains or len(sel) == 0:
            continue
        cols = [index[p] for p in sorted(r.pains)]
        top_sev = t.severity[rows[sel]][:, cols].max(axis=1)
        factor[sel] = np.where(top_sev > 0, np.round(0.4 + 0.2 * top_sev, 2), 1.0)
    return np.round(weight[rules] * factor, 2)
