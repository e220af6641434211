"""The reference matcher: every rule evaluated by :mod:`prescriber.semantics`. Slow and obviously
right; every other engine is tested against it."""

from __future__ import annotations

from collections.abc import Iterable

from prescriber.semantics import TRUE, Expr, Facts, truth

__all__ = ["PythonMatcher"]


class PythonMatcher:
    """Evaluates each rule's condition in turn."""

    name = "python"

    def __init__(self, rules: Iterable[tuple[str, Expr, str, int]], *, label: str = "") -> None:
        self._rules = [(rule_id, expr) for rule_id, expr, _, _ in rules]

    def match(self, facts: Facts) -> frozenset[str]:
        """Ids of the rules whose condition is true for ``facts``."""
        return frozenset(rule_id for rule_id, expr in self._rules if truth(expr, facts) == TRUE)

    def close(self) -> None:
        """Nothing to free."""
