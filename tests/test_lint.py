"""Lint: each finding fires where it should and nowhere else, on a purpose-built rule base; its
proofs are sound on generated conditions; the shipped rule base passes ``lint --strict``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gen import BOOLS, CHOICES, DIVISIONS, SECTIONS, exprs, facts
from hypothesis import given, settings
from hypothesis import strategies as st

import prescriber
from prescriber import lint
from prescriber.engine.lower import DIVISION, SECTION, lower, prop_of, unknown_division
from prescriber.lint.logic import implies, satisfiable
from prescriber.semantics import TRUE, evaluate

HERE = Path(__file__).parent / "lint"

EXPECTED = {
    ("catalog.yaml", 14, "lint.unreachable-service", "delta"),
    ("catalog.yaml", 30, "lint.unused-pain-point", "p-unused"),
    ("catalog.yaml", 33, "lint.unused-field", "flags.f_unused"),
    ("rules.yaml", 10, "lint.never-fires", "never.range"),
    ("rules.yaml", 18, "lint.never-fires", "never.contradiction"),
    ("rules.yaml", 26, "lint.never-fires", "never.negation"),
    ("rules.yaml", 34, "lint.never-fires", "never.industry"),
    ("rules.yaml", 50, "lint.duplicate", "dup.second"),
    ("rules.yaml", 58, "lint.subsumed", "sub.narrow"),
    ("rules.yaml", 66, "lint.shadowed", "shadow.rule"),
    ("rules.yaml", 90, "lint.overlapping-versions", "version.new"),
    ("rules.yaml", 119, "lint.never-fires", "never.delta"),
}


def test_each_finding_where_it_should_and_nowhere_else() -> None:
    book = prescriber.Prescriber.from_paths(rules=HERE / "rules", catalog=HERE / "catalog", engine="python").book
    found = {(Path(f.file).name, f.line, f.code, f.path) for f in lint.lint(book)}
    assert found == EXPECTED
    assert {code for _, _, code, _ in EXPECTED} == set(lint.CODES)


def test_shipped_rule_base_passes_strict_lint(rx_python: Any) -> None:
    findings = lint.lint(rx_python.book)
    assert [str(f) for f in findings if f.severity != "info"] == []


DOMAINS: dict[str, set[Any]] = {prop_of(f): set(v) for f, v in CHOICES.items()}
DOMAINS.update({prop_of(f): {True, False} for f in BOOLS})
DOMAINS[SECTION] = set(SECTIONS)
DOMAINS[DIVISION] = set(DIVISIONS) | {unknown_division(s) for s in SECTIONS}


@settings(max_examples=300)
@given(expr=exprs(), cases=st.lists(facts(), min_size=1, max_size=20))
def test_never_fires_is_only_said_of_rules_that_never_fire(expr: Any, cases: Any) -> None:
    live = [t for t in lower(expr) if satisfiable(t, DOMAINS)]
    if not live:
        assert all(evaluate(expr, f)[0] != TRUE for f in cases)


@settings(max_examples=300)
@given(a=exprs(max_leaves=4), b=exprs(max_leaves=4), cases=st.lists(facts(), min_size=1, max_size=20))
def test_implies_is_only_said_when_it_holds(a: Any, b: Any, cases: Any) -> None:
    ta, tb = lower(a), lower(b)
    if ta and all(any(implies(t, u, DOMAINS) for u in tb) for t in ta):
        for f in cases:
            if evaluate(a, f)[0] == TRUE:
                assert evaluate(b, f)[0] == TRUE
