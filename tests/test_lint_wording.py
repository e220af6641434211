"""Lint's advice is written from the operator registry: the veto it suggests for a ``not`` over a fact a
profile may omit is that very condition, written as an author writes it, whatever its operator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import prescriber
from prescriber import lint

RULE = """
- id: trap.r
  title: t
  service: job-fair
  weight: 10
  when:
    all: [{{pain_points: {{contains: skill-shortage}}}}]
    not: [{written}]
  reason: r
"""
VETO = """
- id: veto.r
  title: t
  exclude: job-fair
  when: {when}
  reason: r
"""


def _book(tmp_path: Path, text: str) -> prescriber.RuleBook:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    return prescriber.Prescriber.from_paths(rules=tmp_path, engine="python").book


@pytest.mark.parametrize(
    "written",
    [
        "{flags.has_mediation_committee: true}",
        "{employees: {gte: 100}}",
        "{employees: {between: [20, 300]}}",
        "{region: {in: [fuzhou, xiamen]}}",
        "{region: 福州市}",
        "{industry: {not_in: [C, '36']}}",
        "{metrics.turnover_rate: {lt: 0.2}}",
    ],
)
def test_the_suggested_veto_is_the_negated_condition(tmp_path: Path, written: str) -> None:
    book = _book(tmp_path / "a", RULE.format(written=written))
    (found,) = [p for p in lint.lint(book) if p.code == "lint.negated-optional"]
    m = re.fullmatch(r"写一条排除规则：exclude: job-fair，when: (.*)", found.hint)
    assert m is not None, found.hint
    veto = _book(tmp_path / "b", VETO.format(when=m.group(1)))
    (negated,) = book.by_id["trap.r"].expr.items[1].items  # type: ignore[union-attr]
    assert veto.by_id["veto.r"].expr == negated


def test_the_shipped_example_keeps_its_words(tmp_path: Path) -> None:
    book = _book(tmp_path, RULE.format(written="{flags.has_mediation_committee: true}"))
    (found,) = [p for p in lint.lint(book) if p.code == "lint.negated-optional"]
    assert found.hint == "写一条排除规则：exclude: job-fair，when: {flags.has_mediation_committee: true}"
