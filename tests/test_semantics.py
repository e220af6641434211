"""The meaning of every operator, three-valued, with evidence (prescriber.semantics)."""

from __future__ import annotations

from typing import Any

import pytest
from gen import conditions, exprs, facts
from hypothesis import given
from hypothesis import strategies as st

from prescriber.semantics import (
    FALSE,
    TRUE,
    UNKNOWN,
    Check,
    Cond,
    Facts,
    Group,
    IndustryCode,
    conjuncts,
    evaluate,
    interned,
    outcome,
    settle,
    truth,
    undecided,
)

C36 = IndustryCode("C", "C36")
ONLY_C = IndustryCode("C")


@pytest.mark.parametrize(
    ("cond", "actual", "expected"),
    [
        (Cond("n", "number", "eq", 50), 50, TRUE),
        (Cond("n", "number", "eq", 50), 50.0, TRUE),
        (Cond("n", "number", "gte", 50), 50, TRUE),
        (Cond("n", "number", "gt", 50), 50, FALSE),
        (Cond("n", "number", "lte", 50), 50, TRUE),
        (Cond("n", "number", "lt", 50), 49.9, TRUE),
        (Cond("n", "number", "between", (20, 300)), 300, TRUE),
        (Cond("n", "number", "between", (20, 300)), 19, FALSE),
        (Cond("n", "number", "in", (1, 2)), 2, TRUE),
        (Cond("n", "number", "not_in", (1, 2)), 3, TRUE),
        (Cond("r", "choice", "eq", "fuzhou"), "xiamen", FALSE),
        (Cond("r", "choice", "not_in", ("a",)), "a", FALSE),
        (Cond("b", "bool", "eq", False), False, TRUE),
        (Cond("p", "set", "contains", "x"), frozenset({"x"}), TRUE),
        (Cond("p", "set", "contains_any", ("x", "y")), frozenset({"y"}), TRUE),
        (Cond("p", "set", "contains_all", ("x", "y")), frozenset({"y"}), FALSE),
        (Cond("n", "number", "gte", 1), None, UNKNOWN),
        (Cond("r", "choice", "not_in", ("a",)), None, UNKNOWN),
        (Cond("n", "number", "exists", True), None, FALSE),
        (Cond("n", "number", "exists", False), None, TRUE),
        (Cond("i", "industry", "eq", "C"), C36, TRUE),
        (Cond("i", "industry", "eq", "C36"), C36, TRUE),
        (Cond("i", "industry", "eq", "C39"), C36, FALSE),
        (Cond("i", "industry", "eq", "C39"), ONLY_C, UNKNOWN),
        (Cond("i", "industry", "eq", "I65"), ONLY_C, FALSE),
        (Cond("i", "industry", "not_in", ("I65",)), ONLY_C, TRUE),
        (Cond("i", "industry", "not_in", ("C39",)), ONLY_C, UNKNOWN),
        (Cond("i", "industry", "in", ("I", "C36")), C36, TRUE),
    ],
)
def test_operator(cond: Cond, actual: Any, expected: str) -> None:
    assert outcome(cond, actual) == expected


def _facts(**values: Any) -> Facts:
    return Facts(values, {})


T, F, U = Cond("a", "bool", "eq", True), Cond("b", "bool", "eq", True), Cond("u", "bool", "eq", True)
KNOWN = _facts(a=True, b=False)


@pytest.mark.parametrize(
    ("kind", "items", "expected"),
    [
        ("all", (T,), TRUE),
        ("all", (T, F), FALSE),
        ("all", (T, U), UNKNOWN),
        ("all", (F, U), FALSE),
        ("any", (F,), FALSE),
        ("any", (F, T), TRUE),
        ("any", (F, U), UNKNOWN),
        ("any", (T, U), TRUE),
        ("not", (F,), TRUE),
        ("not", (T,), FALSE),
        ("not", (U,), UNKNOWN),
        ("not", (F, U), UNKNOWN),
        ("not", (F, F), TRUE),
        ("not", (U, T), FALSE),
    ],
)
def test_groups_are_kleene(kind: str, items: tuple[Cond, ...], expected: str) -> None:
    assert evaluate(Group(kind, items), KNOWN)[0] == expected  # type: ignore[arg-type]


def test_evidence_of_a_fired_rule_is_what_made_it_true() -> None:
    rule = Group("all", (Group("any", (F, T)), Group("not", (F,))))
    truth, checks = evaluate(rule, KNOWN)
    assert truth == TRUE
    assert [(c.cond.field, c.outcome, c.negated) for c in checks] == [("a", TRUE, False), ("b", TRUE, True)]


@pytest.mark.slow
@given(expr=exprs(), case=facts())
def test_every_cited_condition_re_evaluates_to_the_result(expr: Any, case: Facts) -> None:
    truth, checks = evaluate(expr, case)
    assert checks, "a result always has evidence"
    for c in checks:
        alone = outcome(c.cond, case.values.get(c.cond.field))
        flipped = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[alone] if c.negated else alone
        assert flipped == c.outcome == truth


@pytest.mark.slow
@given(expr=exprs(), case=facts())
def test_not_not_is_identity_and_de_morgan_holds(expr: Any, case: Facts) -> None:
    assert evaluate(Group("not", (Group("not", (expr,)),)), case)[0] == evaluate(expr, case)[0]
    a, b = expr, Cond("flags.a", "bool", "eq", True)
    lhs = evaluate(Group("not", (Group("all", (a, b)),)), case)[0]
    rhs = evaluate(Group("any", (Group("not", (a,)), Group("not", (b,)))), case)[0]
    assert lhs == rhs


@given(expr=exprs(), case=facts())
def test_short_circuit_truth_equals_full_evaluation(expr: Any, case: Facts) -> None:
    assert truth(expr, case) == evaluate(expr, case)[0]


def _oracle(expr: Any, case: Facts) -> tuple[str, tuple[Check, ...]]:
    """The module docstring's definitions, written out plainly: the reference for ``evaluate``."""
    if isinstance(expr, Cond):
        actual = case.values.get(expr.field)
        result = outcome(expr, actual)
        return result, (Check(expr, actual, result),)
    results = [_oracle(item, case) for item in expr.items]
    order = (FALSE, UNKNOWN, TRUE) if expr.kind == "all" else (TRUE, UNKNOWN, FALSE)
    result = next(t for t in order if any(r == t for r, _ in results))
    cited = tuple(c for r, checks in results if r == result for c in checks)
    if expr.kind != "not":
        return result, cited
    flip = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}
    return flip[result], tuple(Check(c.cond, c.actual, flip[c.outcome], not c.negated) for c in cited)


@given(expr=exprs(), case=facts())
def test_evaluate_equals_the_definitions_written_out(expr: Any, case: Facts) -> None:
    assert evaluate(expr, case) == _oracle(expr, case)


@pytest.mark.slow
@given(expr=exprs(), case=facts())
def test_a_plain_conjunction_is_true_exactly_when_each_condition_is(expr: Any, case: Facts) -> None:
    conds = conjuncts(expr)
    if conds is None:
        assert isinstance(expr, Group) and (
            expr.kind != "all" or any(isinstance(i, Group) for i in expr.items)
        )
        return
    outcomes = [outcome(c, case.values.get(c.field)) for c in conds]
    assert settle("all", outcomes) == evaluate(expr, case)[0]
    if evaluate(expr, case)[0] == TRUE:
        assert [c.cond for c in evaluate(expr, case)[1]] == list(conds)


@pytest.mark.slow
@given(exprs_=st.lists(exprs(), min_size=1, max_size=6))
def test_interned_rules_share_equal_conditions_and_mean_the_same(exprs_: list[Any]) -> None:
    pool: dict[Any, Cond] = {}
    shared = [interned(e, pool) for e in exprs_]
    assert shared == exprs_
    seen: dict[tuple[Cond, str], Cond] = {}
    for e in shared:
        for c in _leaves(e):
            assert seen.setdefault((c, repr(c.value)), c) is c


def test_interning_keeps_an_integer_and_a_float_threshold_apart() -> None:
    pool: dict[Any, Cond] = {}
    a = interned(Cond("employees", "number", "gte", 50), pool)
    b = interned(Cond("employees", "number", "gte", 50.0), pool)
    c = interned(Cond("employees", "number", "gte", 50), pool)
    assert a is c and a is not b and repr(b.value) == "50.0"  # type: ignore[union-attr]


def _leaves(expr: Any) -> list[Cond]:
    return [expr] if isinstance(expr, Cond) else [c for item in expr.items for c in _leaves(item)]


@given(conds=st.lists(conditions(), min_size=1, max_size=6), f=facts())
def test_undecided_is_the_evidence_of_an_unknown_conjunction_in_one_pass(conds: list[Cond], f: Facts) -> None:
    expr = Group("all", tuple(conds))
    result, checks = evaluate(expr, f)
    assert undecided(tuple(conds), f) == (checks if result == UNKNOWN else ())
    assert undecided((conds[0],), f) == (evaluate(conds[0], f)[1] if truth(conds[0], f) == UNKNOWN else ())
