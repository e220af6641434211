"""What an enterprise is handed reads cleanly: no 未知 in a reason, review marks only in staff views,
the core item marked 核心, each rule's source shown, and at most five questions — each one a fact the
profile can state whose answer could change the top of the list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import prescriber
from prescriber import render
from prescriber.questions import TOP

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])
DAY = "2026-06-01"


@pytest.fixture(scope="module")
def rx() -> prescriber.Prescriber:
    return prescriber.load(engine="python")


@pytest.fixture(scope="module")
def lists(rx: prescriber.Prescriber) -> list[Any]:
    return [rx.prescribe(p, as_of=DAY) for p in EXAMPLES]


def test_review_marks_only_in_staff_views(lists: list[Any]) -> None:
    marked = [p for p in lists if any(not b.verified and b.number for i in p.items for b in i.policy_basis)]
    assert marked, "no example cites an unverified number: the test would prove nothing"
    for p in marked:
        for fmt in ("table", "markdown", "html"):
            assert "待核实" not in render.render(p, fmt), fmt
        assert "待核实" in render.render(p, "markdown", explain=True)
        assert "待核实" in render.render(p, "html", explain=True)
        assert any(
            not b["verified"] for i in json.loads(p.model_dump_json())["items"] for b in i["policy_basis"]
        )


def test_the_core_item_shows_core_and_its_findings(lists: list[Any]) -> None:
    jinjiang = next(p for p in lists if p.enterprise.startswith("晋江"))
    core = jinjiang.items[0]
    assert core.core and core.rules  # the core item has findings of its own, and a score smaller than others
    table = render.render(jinjiang, "table", columns=200)
    row = next(line for line in table.splitlines() if line.startswith("1 "))
    assert "核心" in row and f" {core.score:g} " not in row and core.rules[0].reason in row
    md = render.render(jinjiang, "markdown")
    assert f"### 1. {core.name}（核心）" in md and core.rules[0].reason in md
    assert "核心</span>" in render.render(jinjiang, "html")


def test_a_rule_source_is_shown_in_every_human_view(lists: list[Any], rx: prescriber.Prescriber) -> None:
    p = lists[0]
    rule = next(r for i in p.items for r in i.rules if r.source)
    assert f"依据：{rule.source}" in render.render(p, "table", explain=True)
    assert f"（依据：{rule.source}）" in render.render(p, "markdown")
    from html import escape

    assert escape(rule.source) in render.render(p, "html")
    w = rx.why_not(EXAMPLES[0], next(i.service for i in p.items if rule in i.rules), as_of=DAY)
    assert any(c.source == rule.source for c in w.rules)


def test_a_reason_never_says_unknown(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "- id: t.any\n  title: 缺工或人多\n  service: job-fair\n  weight: 10\n"
        "  when: {any: [{employees: {gte: 10}}, {metrics.vacancies: {gte: 5}}]}\n"
        "  reason: 企业缺工（{metrics.vacancies}），职工 {employees}，"
        "上年争议 {metrics.disputes_last_year}。\n"
        "- id: t.alone\n  title: 只说缺工\n  service: pay-survey\n  weight: 10\n"
        "  when: {employees: {gte: 10}}\n  reason: 企业缺工 {metrics.vacancies}。\n",
        encoding="utf-8",
    )
    rx = prescriber.Prescriber.from_paths(rules=tmp_path, engine="python")
    p = rx.prescribe({"name": "某企业", "employees": 20}, as_of=DAY)
    reasons = {r.id: r.reason for i in p.items for r in i.rules}
    assert reasons == {"t.any": "企业缺工，职工 20 人。", "t.alone": "只说缺工"}


def test_at_most_five_questions_about_facts_the_profile_left_out(lists: list[Any]) -> None:
    assert any(p.questions for p in lists)
    for p in lists:
        assert len(p.questions) <= 5
        for q in p.questions:
            assert q.text.startswith("企业") and "？" in q.text
            assert q.field not in p.facts and q.field not in ("size", "above_scale")
            assert q.field in {m for n in p.needs_information for m in n.missing} | {
                "employees",
                "revenue",
                "assets",
            }
        table = render.render(p, "table")
        assert "待补充信息" not in table and ("1. " + p.questions[0].text in table if p.questions else True)


def _top(p: Any) -> list[str]:
    return [i.service for i in p.items if not i.core][:TOP]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda x: x.stem)
def test_answering_a_question_can_change_the_top_items(rx: prescriber.Prescriber, example: Path) -> None:
    """For each question, some answer changes the first five items beyond the core."""
    from prescriber import yamlsrc

    base = rx.prescribe(example, as_of=DAY)
    profile = (
        json.loads(example.read_text(encoding="utf-8"))
        if example.suffix == ".json"
        else yamlsrc.load(example).data
    )
    book = rx.book
    for q in base.questions:
        spec = book.table.fields[q.field]
        answers: list[Any] = {"bool": [True, False], "choice": list(spec.choices)}.get(spec.kind, [])
        if spec.kind == "number":
            answers = sorted(
                {
                    spec.low or 0,
                    spec.high or 0,
                    *[
                        v
                        for r in book.rules
                        for c in _leaves(r.expr)
                        if c.field == q.field
                        for v in _numbers(c.value)
                    ],
                }
            )
            answers = [int(v) for v in answers if v == int(v)] if spec.integer else answers
        changed = False
        for value in answers:
            changed_profile = _with(profile, q.field, value)
            if _top(rx.prescribe(changed_profile, as_of=DAY)) != _top(base):
                changed = True
                break
        assert changed, f"{example.name}: no answer to {q.field} changes the top items"


def _with(profile: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(profile, ensure_ascii=False, default=str))
    if "." in field:
        group, key = field.split(".", 1)
        out.setdefault(group, {})[key] = value
    else:
        out[field] = value
    return out


def _numbers(value: Any) -> list[float]:
    values = value if isinstance(value, tuple | list) else (value,)
    nums = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return [x for v in nums for x in (v, v + 1, v - 1, v * 1.01, v * 0.99) if x >= 0]


def _leaves(e: Any) -> list[Any]:
    items = getattr(e, "items", None)
    return [e] if items is None else [x for i in items for x in _leaves(i)]


def test_the_full_list_of_missing_facts_stays_in_json(lists: list[Any]) -> None:
    for p in lists:
        data = json.loads(p.model_dump_json())
        assert len(data["needs_information"]) == len(p.needs_information)
        assert len(data["questions"]) == len(p.questions)


def test_no_question_is_asked_whose_answer_cannot_move_the_top(
    lists: list[Any], rx: prescriber.Prescriber
) -> None:
    """A fact read only by rules too light to reach the top five is not asked (they stay in JSON)."""
    jinjiang = next(p for p in lists if p.enterprise.startswith("晋江"))
    asked = {q.field for q in jinjiang.questions}
    missing = {m for n in jinjiang.needs_information for m in n.missing}
    assert len(missing) > 10 and len(asked) < 5
    assert re.search(r"chain_leader", " ".join(missing)) and "flags.chain_leader" not in asked
