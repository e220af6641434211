"""The operator registry is the one declaration every stage reads: the rule model has a field for each
operator, the facts lint reasons with agree with each operator's meaning, and the comparison flips are
exact negations on every known number."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prescriber.compiler import OPS_BY_KIND
from prescriber.explain import describe, show
from prescriber.fields import FieldSpec
from prescriber.models import OPERATORS
from prescriber.models import Test as RuleTest
from prescriber.operators import (
    BY_KIND,
    FLIP,
    KINDS,
    NAMES,
    REGISTRY,
    SIGN,
    SIGNS,
    YES_NO,
    Comparison,
    Family,
    Name,
    Shape,
    pattern_problem,
)
from prescriber.operators import OPERATORS as SPECS
from prescriber.semantics import FALSE, TRUE, UNKNOWN, Check, Cond
from prescriber.workbook.columns import yes_no

numbers = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


def test_the_rule_model_has_one_field_per_operator_and_no_other() -> None:
    aliases = {f.alias or name for name, f in RuleTest.model_fields.items()}
    assert aliases == set(NAMES) == set(OPERATORS)
    assert [o.name for o in REGISTRY] == list(NAMES)


def test_every_kind_takes_exists_and_the_compiler_reads_the_registry() -> None:
    assert OPS_BY_KIND is BY_KIND
    assert set(BY_KIND) == set(KINDS)
    assert all("exists" in ops for ops in BY_KIND.values())
    assert BY_KIND["text"] == ("exists", "regex")


def test_each_family_has_its_facts() -> None:
    for op in REGISTRY:
        assert op.zh and op.en, op.name
        if op.family is Family.COMPARE:
            assert op.flip and op.mirror and op.sign and op.bound, op.name
        else:
            assert not (op.flip or op.mirror or op.sign or op.bound), op.name
        if op.family in (Family.MEMBER, Family.ITEMS, Family.RANGE, Family.KNOWN, Family.PATTERN):
            assert all(op.says), op.name


@given(a=numbers, v=numbers)
def test_a_flip_holds_exactly_where_its_comparison_fails_and_a_mirror_swaps_the_sides(
    a: float, v: float
) -> None:
    for name, flipped in FLIP.items():
        holds = SPECS[name].holds
        assert holds(a, v) != SPECS[flipped].holds(a, v)
        assert FLIP[flipped] == name
        assert holds(a, v) == SPECS[SPECS[name].mirror].holds(v, a)
        assert SIGN[name] == SPECS[name].sign


@given(v=numbers, d=st.floats(0, 10, allow_nan=False))
def test_lint_s_interval_facts_agree_with_the_meaning(v: float, d: float) -> None:
    for name in FLIP:
        op = SPECS[name]
        assert op.holds(v, v) == (not op.strict)  # the bound itself is in or out
        outside = v - d if op.bound == "low" else v + d
        if d > 0 and not math.isclose(outside, v):
            assert not op.holds(outside, v)  # beyond the end it sets, never


def test_shapes_say_what_the_author_writes() -> None:
    assert {o.name for o in REGISTRY if o.shape is Shape.LIST} == {
        "in",
        "not_in",
        "contains_any",
        "contains_all",
    }
    assert SPECS["between"].shape is Shape.PAIR and SPECS["regex"].shape is Shape.PATTERN
    assert SPECS["in"].listed(("a", "b")) == ("a", "b") and SPECS["contains"].listed("a") == ("a",)


def test_patterns_are_checked_for_length_syntax_and_exponential_shapes() -> None:
    for good in (
        "^福州",
        "有限公司$",
        "(科技|软件).*有限公司$",
        r"\d{6}",
        "[(+*]+",
        r"\(x+\)+",
        "(?i)abc",
        "(ab){2}",
    ):
        assert pattern_problem(good) is None, good
    for bad in ("(a+)+$", "(福州.*)+集团", "(x*){3,}", r"(a)\1", "(?P<x>a)(?P=x)", "^(福州", "x" * 201):
        assert pattern_problem(bad) is not None, bad


@given(st.text(alphabet="ab()*+?|[]{}^$.\\,12", max_size=12))
def test_an_accepted_pattern_compiles(pattern: str) -> None:
    import re

    if pattern_problem(pattern) is None:
        re.compile(pattern)


def test_the_name_type_is_the_registry_s_names_in_order() -> None:
    from typing import get_args

    from prescriber.operators import Comparison, Name, is_comparison, is_name

    assert get_args(Name) == NAMES
    assert (
        get_args(Comparison) == tuple(FLIP) == tuple(o.name for o in REGISTRY if o.family is Family.COMPARE)
    )
    assert all(is_name(n) for n in NAMES) and not is_name("exsts") and not is_name("in_")
    assert [n for n in NAMES if is_comparison(n)] == list(FLIP)


MISSPELT = """
from prescriber.semantics import Cond


def misspelt(c: Cond) -> bool:
    return c.op == "exsts"


WRONG = Cond("employees", "number", "gtee", 50)
RIGHT = Cond("employees", "number", "gte", 50)
"""


@pytest.mark.slow
def test_mypy_refuses_a_misspelt_operator_in_code(tmp_path: Path) -> None:
    from mypy import api

    (tmp_path / "snippet.py").write_text(MISSPELT, encoding="utf-8")
    out, _, status = api.run(
        ["--strict", "--follow-imports=silent", "--no-incremental", str(tmp_path / "snippet.py")]
    )
    assert status == 1
    errors = [
        line.split(": error: ")[0].rsplit(":", 1)[1] for line in out.splitlines() if ": error: " in line
    ]
    wrong = [str(n) for n, line in enumerate(MISSPELT.splitlines(), 1) if "exsts" in line or "gtee" in line]
    assert errors == wrong, out  # the misspellings, and not the right name
    assert "Literal['exsts']" in out and "Literal['gtee']" in out


# The explanation words a requirement as the registry declares it (prescriber.operators), not by kind.
_EMPLOYEES = FieldSpec(name="employees", label="职工人数", kind="number", unit="人")
_FLAG = FieldSpec(name="has_union", label="已建工会", kind="bool")


@pytest.mark.parametrize("negated", [False, True])
@pytest.mark.parametrize("op", [o.name for o in REGISTRY if o.family is Family.COMPARE] + ["eq"])
def test_an_explanation_cites_a_number_s_requirement_as_the_registry_words_it(
    op: Name, negated: bool
) -> None:
    said = SPECS[op].phrase("number", negated).format(v="50 人")
    assert said[0] in SIGNS  # set off from the label by a space
    check = Check(Cond("employees", "number", op, 50), 30, FALSE, negated)
    assert describe(check, _EMPLOYEES) == f"职工人数需 {said}，当前：30 人"


@pytest.mark.parametrize("op", [o.name for o in REGISTRY if o.family is Family.COMPARE])
def test_a_negated_comparison_is_worded_as_its_flip(op: Comparison) -> None:
    assert SPECS[op].phrase("number", True) == SPECS[SPECS[op].flip or op].phrase("number", False)


@pytest.mark.parametrize("value", [True, False])
def test_a_negated_yes_no_reads_as_the_other_value_in_the_workbook_s_words(value: bool) -> None:
    negated = describe(Check(Cond("has_union", "bool", "eq", value), None, UNKNOWN, True), _FLAG)
    other = describe(Check(Cond("has_union", "bool", "eq", not value), None, UNKNOWN, False), _FLAG)
    assert negated == other == f"已建工会未知，需为{yes_no(not value)}"
    assert show(_FLAG, value) == yes_no(value) == YES_NO[not value]


def test_the_pain_points_cited_are_those_the_condition_names_in_its_order() -> None:
    pains = FieldSpec(name="pain_points", label="诉求与痛点", kind="set")
    check = Check(
        Cond("pain_points", "set", "contains_any", ("招工难", "留工难", "用工贵")),
        frozenset({"用工贵", "招工难"}),
        TRUE,
    )
    assert describe(check, pains).endswith("（当前：已报告招工难、用工贵）")


def test_every_operator_says_its_requirement_in_english_with_the_chinese_placeholders() -> None:
    import string

    from prescriber.operators import REGISTRY

    def names(template: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(template) if n}

    han = re.compile(r"[\u3400-\u9fff]")
    for op in REGISTRY:
        assert all(op.says_en) and not any(han.search(t) for t in op.says_en), op.name
        for zh, en in zip(op.says, op.says_en, strict=True):
            assert names(zh) == names(en), op.name


def test_a_pattern_python_warns_may_change_meaning_is_refused_not_warned_about() -> None:
    """``[[a]`` compiles with a FutureWarning (a nested set, whose meaning a later Python may change): the
    author gets a located refusal, not a Python warning on the terminal; asked twice, refused twice."""
    import warnings

    from prescriber.operators import pattern_problem

    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            found = pattern_problem("[[a]")
        assert found is not None and "nested set" in found[0].en
    assert pattern_problem("\\[\\[a\\]") is None
