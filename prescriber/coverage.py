"""Which rules fired, and which of their conditions held, across a set of enterprises — a scenario
suite or a batch of profiles. Rules that never fired are where the suite says nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from prescriber.api import Prescriber
from prescriber.compiler import CompiledRule
from prescriber.dates import parse_day
from prescriber.render import console
from prescriber.semantics import FALSE, TRUE, Cond, Expr, outcome, truth

__all__ = ["Coverage", "collect", "leaves", "report"]


def leaves(expr: Expr) -> list[Cond]:
    """The conditions of a rule, in the order they are written."""
    if isinstance(expr, Cond):
        return [expr]
    return [c for item in expr.items for c in leaves(item)]


@dataclass(frozen=True)
class Coverage:
    """Counts over the enterprises seen: how often each rule fired, and each condition held/failed."""

    rules: tuple[CompiledRule, ...]
    enterprises: int
    fired: Counter[str]
    held: Counter[tuple[str, int]]
    failed: Counter[tuple[str, int]]

    @property
    def rule_share(self) -> float:
        return 100 * sum(1 for r in self.rules if self.fired[r.id]) / len(self.rules) if self.rules else 100.0

    @property
    def conditions(self) -> int:
        return sum(len(leaves(r.expr)) for r in self.rules)

    @property
    def condition_share(self) -> float:
        """Share of conditions that have both held and failed at least once."""
        both = sum(
            1
            for r in self.rules
            for i in range(len(leaves(r.expr)))
            if self.held[r.id, i] and self.failed[r.id, i]
        )
        return 100 * both / self.conditions if self.conditions else 100.0

    def never_fired(self) -> list[CompiledRule]:
        return [r for r in self.rules if not self.fired[r.id]]


def collect(rx: Prescriber, cases: Iterable[tuple[Any, date | str | None]]) -> Coverage:
    """Evaluate every rule on every case (a profile and its date). Profile problems raise as usual."""
    book = rx.book
    fired: Counter[str] = Counter()
    held: Counter[tuple[str, int]] = Counter()
    failed: Counter[tuple[str, int]] = Counter()
    n = 0
    for profile, as_of in cases:
        _, facts, _ = rx.facts(profile)
        day = parse_day(as_of or None)
        n += 1
        for rule in book.rules:
            if rule.in_force(day) and truth(rule.expr, facts) == TRUE:
                fired[rule.id] += 1
            for i, leaf in enumerate(leaves(rule.expr)):
                result = outcome(leaf, facts.values.get(leaf.field))
                if result == TRUE:
                    held[rule.id, i] += 1
                elif result == FALSE:
                    failed[rule.id, i] += 1
    return Coverage(book.rules, n, fired, held, failed)


def report(c: Coverage, limit: int = 50, lang: str = "zh") -> str:
    """A short text report with the table of rules that never fired
    (:func:`prescriber.render.console.coverage_report`)."""
    return console.coverage_report(c, lang, limit)
