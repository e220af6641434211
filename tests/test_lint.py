"""Lint: each finding fires where it should and nowhere else, on a purpose-built rule base; its
proofs are sound on generated conditions; the shipped rule base passes ``lint --strict``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from gen import BOOLS, CHOICES, DIVISIONS, SECTIONS, exprs, facts
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber import lint
from prescriber.lint.logic import implies, satisfiable
from prescriber.lint.traps import known_if
from prescriber.normal import DIVISION, SECTION, lower, prop_of, unknown_division
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
    ("register.yaml", 9, "lint.money-without-end", "money-undated"),
    ("register.yaml", 11, "lint.lapsed-service", "money-ended"),
    ("traps.yaml", 18, "lint.negated-optional", "trap.not-optional"),
    ("traps.yaml", 28, "lint.unguaranteed-placeholder", "trap.placeholder"),
    ("traps.yaml", 44, "lint.redundant-veto", "trap.veto-narrow"),
    ("traps.yaml", 51, "lint.unregistered-number", "trap.number"),
}
AS_OF = date(2026, 6, 1)


def _fixture() -> Any:
    return prescriber.Prescriber.from_paths(
        rules=HERE / "rules", catalog=HERE / "catalog", engine="python"
    ).book


def test_each_finding_where_it_should_and_nowhere_else() -> None:
    found = {(Path(f.file).name, f.line, f.code, f.path) for f in lint.lint(_fixture(), as_of=AS_OF)}
    assert found == EXPECTED
    assert {code for _, _, code, _ in EXPECTED} == set(lint.CODES)


def test_lapsed_services_only_with_a_date_and_only_after_the_end() -> None:
    book = _fixture()
    assert "lint.lapsed-service" not in {f.code for f in lint.lint(book)}
    assert "lint.lapsed-service" not in {f.code for f in lint.lint(book, as_of=date(2024, 12, 31))}
    [f] = [f for f in lint.lint(book, as_of=date(2025, 1, 1)) if f.code == "lint.lapsed-service"]
    assert "测部发〔2024〕1号 截至 2024-12-31" in f.message and f.severity == "warning"


def test_each_new_check_says_what_to_do() -> None:
    by_code = {f.code: f for f in lint.lint(_fixture(), as_of=AS_OF)}
    assert "exclude: trap" in by_code["lint.negated-optional"].hint
    assert "未知" in by_code["lint.unguaranteed-placeholder"].message
    assert "trap.veto-broad" in by_code["lint.redundant-veto"].message
    assert "测部发〔2020〕9号" in by_code["lint.unregistered-number"].message
    assert "open_ended" in by_code["lint.money-without-end"].hint


@pytest.mark.slow
@examples(300)
@given(expr=exprs(), cases=st.lists(facts(), min_size=1, max_size=20))
def test_known_if_true_is_only_said_of_fields_a_true_rule_has_read(expr: Any, cases: Any) -> None:
    known = known_if(expr, True)
    for f in cases:
        if evaluate(expr, f)[0] == TRUE:
            assert all(f.values.get(name) is not None for name in known if name != "pain_points")


def test_shipped_rule_base_passes_strict_lint(rx_python: Any) -> None:
    findings = lint.lint(rx_python.book)
    assert [str(f) for f in findings if f.severity != "info"] == []


DOMAINS: dict[str, set[Any]] = {prop_of(f): set(v) for f, v in CHOICES.items()}
DOMAINS.update({prop_of(f): {True, False} for f in BOOLS})
DOMAINS[SECTION] = set(SECTIONS)
DOMAINS[DIVISION] = set(DIVISIONS) | {unknown_division(s) for s in SECTIONS}


@pytest.mark.slow
@examples(300)
@given(expr=exprs(), cases=st.lists(facts(), min_size=1, max_size=20))
def test_never_fires_is_only_said_of_rules_that_never_fire(expr: Any, cases: Any) -> None:
    live = [t for t in lower(expr) if satisfiable(t, DOMAINS)]
    if not live:
        assert all(evaluate(expr, f)[0] != TRUE for f in cases)


@pytest.mark.slow
@examples(300)
@given(a=exprs(max_leaves=4), b=exprs(max_leaves=4), cases=st.lists(facts(), min_size=1, max_size=20))
def test_implies_is_only_said_when_it_holds(a: Any, b: Any, cases: Any) -> None:
    ta, tb = lower(a), lower(b)
    if ta and all(any(implies(t, u, DOMAINS) for u in tb) for t in ta):
        for f in cases:
            if evaluate(a, f)[0] == TRUE:
                assert evaluate(b, f)[0] == TRUE


def test_lint_command_as_of_lists_lapsed_services_and_strict_fails_on_them(monkeypatch: Any) -> None:
    import io

    from prescriber.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        return main(list(argv), out=out, err=io.StringIO(), stdin=io.StringIO()), out.getvalue()

    code, out = run("lint", "--strict")
    assert code == 0 and "政策已到期" not in out

    def lapsed(day: str) -> set[str]:
        code, out = run("lint", "--as-of", day, "--format", "json")
        assert code == 0
        return {f["path"] for f in json.loads(out) if f["code"] == "lint.lapsed-service"}

    assert lapsed("2026-06-01") == {
        "stable-jobs-refund",
        "skill-upgrade-subsidy",
        "job-expansion-subsidy",
        "social-insurance-subsidy",
    }
    # between the 2024 Spring Festival measure and Quanzhou's 2026 one, no Spring Festival measure is
    # registered
    assert lapsed("2025-06-01") == {"spring-retention"}
    assert lapsed("2024-06-01") == {"spring-retention"}
    assert run("lint", "--as-of", "2026-06-01", "--strict")[0] == 1
