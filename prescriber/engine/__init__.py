"""Matchers: facts → the ids of the rules whose condition is true.

Two engines, one contract (:class:`Matcher`), chosen by name from an explicit registry:
``durable`` (default; durable_rules driven safely) and ``python`` (the reference, built on
:mod:`prescriber.semantics`). Vectorised batch matching lives in :mod:`prescriber.vector`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Protocol

from prescriber.engine.durable import DurableMatcher
from prescriber.engine.reference import PythonMatcher
from prescriber.errors import Problem, RuleBaseError
from prescriber.semantics import Expr, Facts

__all__ = ["ENGINES", "Matcher", "build"]


class Matcher(Protocol):
    """What every engine offers."""

    name: str

    def match(self, facts: Facts) -> frozenset[str]:
        """Ids of the rules whose condition is true for ``facts`` (in force or not)."""
        ...

    def close(self) -> None:
        """Free what the engine holds."""
        ...


ENGINES: dict[str, type] = {"durable": DurableMatcher, "python": PythonMatcher}


def build(
    engine: str,
    rules: Iterable[tuple[str, Expr, str, int]],
    *,
    label: str = "rx",
    declared: Mapping[tuple[str, str], tuple[str, int]] | None = None,
) -> Matcher:
    """A matcher for ``rules`` given as (id, condition, file, line). ``declared`` (catalogue section and
    id → file and line) places a problem with a flag or metric where the vocabulary declares it."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    try:
        matcher: Matcher = ENGINES[engine](rules, label=label)
    except RuleBaseError as exc:
        if not declared:
            raise
        raise RuleBaseError([_declared(p, declared) for p in exc.problems]) from None
    return matcher


def _declared(problem: Problem, declared: Mapping[tuple[str, str], tuple[str, int]]) -> Problem:
    section, _, name = problem.path.partition(".")
    if problem.file or section not in ("flags", "metrics") or (section, name) not in declared:
        return problem
    file, line = declared[(section, name)]
    return replace(problem, file=file, line=line, column=1)
