"""Coverage of rules and conditions by a scenario suite or a batch, on a small known suite, and the
shipped scenarios' coverage of the shipped rule base."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import prescriber
from prescriber import coverage, scenarios
from prescriber.cli import main

HERE = Path(__file__).parent
ROOT = HERE.parent


def _rx() -> prescriber.Prescriber:
    return prescriber.Prescriber.from_paths(
        rules=HERE / "coverage/rules.yaml", catalog=HERE / "lint/catalog", engine="python"
    )


def test_numbers_on_a_known_suite() -> None:
    c = coverage.collect(_rx(), scenarios.cases([HERE / "coverage/scenarios.yaml"]))
    assert c.enterprises == 2
    assert dict(c.fired) == {"c.one": 1, "c.two": 1}
    assert c.rule_share == 50.0
    # conditions: c.one has 2, the others 1 each (5 in all). Both held and failed: employees (60 / 10),
    # the pain point (reported / not), the region (xiamen / fuzhou) → 3 of 5. The flag only failed
    # (false, then unknown); the metric is never known.
    assert c.conditions == 5
    assert (c.held["c.one", 0], c.failed["c.one", 0]) == (1, 1)
    assert (c.held["c.three", 0], c.failed["c.three", 0]) == (0, 1)
    assert c.condition_share == 60.0
    assert [r.id for r in c.never_fired()] == ["c.four", "c.three"]
    assert coverage.report(c).splitlines() == [
        "企业 2 家；规则覆盖 2/4（50.0%）；条件覆盖（成立过也不成立过）60.0%（共 5 个条件）",
        "从未触发的规则（2 条）：",
        f"  {c.never_fired()[0].where}  c.four  四",
        f"  {c.never_fired()[1].where}  c.three  三",
    ]


def test_min_coverage_fails_the_run(monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    args = [
        "test",
        "tests/coverage/scenarios.yaml",
        "--rules",
        "tests/coverage/rules.yaml",
        "--catalog",
        "tests/lint/catalog",
    ]
    out, err = io.StringIO(), io.StringIO()
    assert main([*args, "--min-coverage", "50"], out=out, err=err) == 0
    out = io.StringIO()
    assert main([*args, "--min-coverage", "60"], out=out, err=err) == 1
    assert out.getvalue().endswith("规则覆盖 50.0% 低于要求的 60%\n")


def test_shipped_scenarios_cover_at_least_90_percent_of_the_rules(rx_python: Any) -> None:
    c = coverage.collect(rx_python, scenarios.cases([ROOT / "scenarios"]))
    assert c.rule_share >= 90, coverage.report(c)


def test_batch_coverage_from_a_table(monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    assert main(["coverage", "examples/enterprises.csv", "--as-of", "2026-06-01"], out=out, err=err) == 0
    assert out.getvalue().startswith("\n企业 240 家；规则覆盖 ")
