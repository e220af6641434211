"""The ``regex`` operator end to end: declared once in the operator registry, it means "the pattern is
found in the text" (``re.search``) on the reference, the durable path and the vectorised path alike;
unknown when the text is missing; checked at load; explained; read by lint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from budget import examples
from gen import BOOLS, CHOICES, DIVISIONS, NUMBERS, PAINS, SECTIONS, durable_fired, everything, exprs, facts
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber.engine.reference import PythonMatcher
from prescriber.normal import DIVISION, SECTION, Match, lower, prop_of, unknown_division
from prescriber.semantics import FALSE, TRUE, UNKNOWN, Cond, Expr, Facts, Group, outcome
from prescriber.vector import FactTable, Layout, VectorMatcher

PATTERNS = ("^福州", "有限公司$", "科技", "^[A-Z]", "集团|控股", "汽车.*公司", "^.{2,4}$", "(?i)^abc")
NAMES = ("福州市科技有限公司", "厦门汽车零部件有限公司", "ABC集团", "abc控股", "闽侯茶叶", "福州", "")


def _regex(pattern: str) -> Cond:
    return Cond("name", "text", "regex", pattern)


def _conditions() -> st.SearchStrategy[Expr]:
    regex = st.sampled_from(PATTERNS).map(_regex)
    return st.one_of(regex, st.tuples(regex, exprs(max_leaves=3)).map(lambda t: Group("all", t)))


def _exprs() -> st.SearchStrategy[Expr]:
    return st.recursive(
        _conditions(),
        lambda kids: st.tuples(
            st.sampled_from(("all", "any", "not")), st.lists(kids, min_size=1, max_size=3)
        ).map(
            lambda t: Group(t[0], tuple(t[1]))  # type: ignore[arg-type]
        ),
        max_leaves=4,
    )


@st.composite
def _facts(draw: st.DrawFn) -> Facts:
    base = draw(facts())
    name = draw(
        st.one_of(
            st.none(), st.sampled_from(NAMES), st.text(alphabet="福州科技有限公司ABCabc集团", max_size=8)
        )
    )
    values = dict(base.values)
    if name:  # an empty name is no name
        values["name"] = name
    return Facts(values, base.severity)


VOCAB: dict[str, dict[Any, int]] = {
    prop_of(f): {v: i for i, v in enumerate(vals)} for f, vals in CHOICES.items()
}
VOCAB.update({prop_of(f): {False: 0, True: 1} for f in BOOLS})
VOCAB[SECTION] = {s: i for i, s in enumerate(SECTIONS)}
VOCAB[DIVISION] = {d: i for i, d in enumerate([*DIVISIONS, *(unknown_division(s) for s in SECTIONS)])}
LAYOUT = Layout(VOCAB, tuple(prop_of(f) for f in NUMBERS), PAINS, ("name",))


class _Rule:
    def __init__(self, rid: str, expr: Any) -> None:
        self.id, self.expr = rid, expr


@examples(60, deadline=None)
@given(
    conds=st.lists(_exprs(), min_size=1, max_size=12),
    cases=st.lists(_facts(), min_size=1, max_size=20),
)
def test_reference_durable_and_vector_agree_on_regex_rules(
    child: Any, conds: list[Expr], cases: list[Facts]
) -> None:
    rules = [(f"r{i:03d}", c, "gen.yaml", i + 1) for i, c in enumerate(conds)]
    cases = [*cases, everything()]
    reference = [sorted(PythonMatcher(rules).match(f)) for f in cases]
    durable = child.run(durable_fired, rules, cases)
    if durable[0] == "rejected":  # only for size, never for the regular expressions
        assert {code for _, code in durable[1]} == {"engine.too-complex"}, durable[1]
    else:
        assert durable[1] == reference
    vm = VectorMatcher([_Rule(r[0], r[1]) for r in rules], LAYOUT)  # type: ignore[misc]
    rows, ridx = vm.match(FactTable.from_facts(cases, LAYOUT))
    vector: list[set[str]] = [set() for _ in cases]
    for r, i in zip(rows, ridx, strict=True):
        vector[r].add(rules[i][0])
    assert [sorted(v) for v in vector] == reference


def test_found_anywhere_unless_anchored_and_unknown_without_a_text() -> None:
    assert outcome(_regex("科技"), "福州市科技有限公司") == TRUE  # search, not full match
    assert outcome(_regex("^科技"), "福州市科技有限公司") == FALSE
    assert outcome(_regex("^福州.*公司$"), "福州市科技有限公司") == TRUE
    assert outcome(_regex("科技"), None) == UNKNOWN
    assert outcome(Cond("name", "text", "exists", True), None) == FALSE


def test_negation_lowers_to_a_pattern_not_found_in_a_known_text() -> None:
    (term,) = lower(Group("not", (_regex("科技"),)))
    assert term == frozenset({Match("name", "科技", False)})
    both = Group("all", (_regex("科技"), Group("not", (_regex("科技"),))))
    assert lower(both) == []  # found and not found: a contradiction


RULES = """\
- id: fz.tech
  title: 福州的科技企业
  service: job-fair
  weight: 10
  when:
    all:
      - 企业名称: {regex: "^福州.*科技"}
      - employees: {gte: 10}
  reason: 名称表明是福州的科技企业
- id: co.suffix
  title: 名称以“公司”结尾
  service: job-fair
  weight: 5
  when: {name: {regex: 公司$}}
  reason: r
- id: not.tech
  title: 名称里没有科技
  service: job-fair
  weight: 10
  when:
    not:
      - name: {regex: 科技}
  reason: r
"""


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("regex")
    (d / "rules.yaml").write_text(RULES, encoding="utf-8")
    return d


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_a_regex_rule_fires_and_is_explained(root: Path, rules_dir: Path, engine: str) -> None:
    rx = prescriber.Prescriber.from_paths(catalog=root / "catalog", rules=rules_dir, engine=engine)
    try:
        hit = rx.prescribe({"name": "福州云端科技有限公司", "employees": 30}, as_of="2026-06-01")
        miss = rx.prescribe({"name": "厦门云端科技有限公司", "employees": 30}, as_of="2026-06-01")
        other = rx.prescribe({"name": "福州茶叶合作社", "employees": 30}, as_of="2026-06-01")
    finally:
        rx.close()
    fired = {r.id for i in hit.items for r in i.rules}
    assert "fz.tech" in fired and "not.tech" not in fired
    assert "fz.tech" not in {r.id for i in miss.items for r in i.rules}
    assert "not.tech" in {r.id for i in other.items for r in i.rules}
    (evidence,) = [
        e for i in hit.items for r in i.rules if r.id == "fz.tech" for e in r.evidence if e.op == "regex"
    ]
    assert evidence.text == "企业名称含有与 ^福州.*科技 相符的文字（当前：福州云端科技有限公司）"
    assert "name" not in hit.facts  # the name heads the prescription; it is not repeated among the facts


def test_a_batch_matches_regex_rules_like_single_prescriptions(root: Path, rules_dir: Path) -> None:
    import pandas as pd

    rx = prescriber.Prescriber.from_paths(catalog=root / "catalog", rules=rules_dir, engine="python")
    names = [
        "福州云端科技有限公司",
        " 福州云端科技有限公司 ",
        "福州云端公司\t ",
        "福州茶叶合作社",
        "福州科技",
    ]
    frame = pd.DataFrame({"name": names, "employees": [30, 30, 30, 5, 3]})
    result = rx.prescribe_frame(frame, as_of="2026-06-01")
    for k, name in enumerate(names):
        one = rx.prescribe(
            {"name": name.strip(), "employees": int(frame["employees"][k])}, as_of="2026-06-01"
        )
        expected = [(i.service, ";".join(sorted(r.id for r in i.rules))) for i in one.items]
        sub = result.long[result.long.row == k + 1]
        assert list(zip(sub.service, sub.rules, strict=True)) == expected, name
    fired = ";".join(result.long.rules).split(";")
    assert fired.count("fz.tech") == 2 and fired.count("co.suffix") == 3  # a name is read stripped


def test_lint_proves_a_contradictory_pattern_never_fires(root: Path, tmp_path: Path) -> None:
    from prescriber.lint import lint

    (tmp_path / "r.yaml").write_text(
        RULES
        + """\
- id: never
  title: 自相矛盾
  service: job-fair
  weight: 10
  when:
    all:
      - name: {regex: 科技}
    not:
      - name: {regex: 科技}
  reason: r
""",
        encoding="utf-8",
    )
    rx = prescriber.Prescriber.from_paths(catalog=root / "catalog", rules=tmp_path, engine="python")
    found = {(p.path, p.code) for p in lint(rx.book)}
    assert ("never", "lint.never-fires") in found
    assert not any(path in ("fz.tech", "not.tech") and code == "lint.never-fires" for path, code in found)


MISTAKES = sorted((Path(__file__).parent / "regex").glob("*.yaml"))


@pytest.mark.parametrize("path", MISTAKES, ids=[p.stem for p in MISTAKES])
def test_a_bad_pattern_is_a_located_load_error(
    path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As tests/authoring/ (kept apart: the editors' schema cannot see inside a pattern)."""
    monkeypatch.chdir(root)
    rel = path.relative_to(root)
    expected = {
        line.removeprefix("# expect: ")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    }
    with pytest.raises(prescriber.RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules=rel, engine="python")
    assert {f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems} == expected
    assert all(p.file == str(rel) and p.hint for p in caught.value.problems)
