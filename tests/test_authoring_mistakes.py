"""One broken rule file per authoring mistake (tests/authoring/), each with the exact located message
it must produce, written in the file as ``# expect: LINE:COL: MESSAGE``."""

from __future__ import annotations

from pathlib import Path

import pytest

import prescriber

CASES = sorted((Path(__file__).parent / "authoring").glob("*.yaml"))


def _expected(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_mistake_gives_its_message_at_its_line(path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    rel = path.relative_to(root)
    with pytest.raises(prescriber.RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules=rel, engine="python")
    got = {f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems}
    assert all(p.file == str(rel) for p in caught.value.problems)
    assert got == _expected(path)


def test_every_case_states_what_it_expects() -> None:
    assert len(CASES) >= 20
    assert all(_expected(p) for p in CASES)


def test_hints_accompany_the_common_mistakes(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    hints = {}
    for name in ("typo-in-operator", "unknown-service", "unknown-region", "ratio-as-percent", "yes-is-not-true",
                 "tab-indentation", "unknown-field"):
        with pytest.raises(prescriber.RuleBaseError) as caught:
            prescriber.Prescriber.from_paths(rules=f"tests/authoring/{name}.yaml", engine="python")
        hints[name] = caught.value.problems[0].hint
    assert hints == {
        "typo-in-operator": "您是不是想写 'contains'？",
        "unknown-service": "您是不是想写 'job-fair'？",
        "unknown-region": "您是不是想写 'fuzhou'（福州市）？",
        "ratio-as-percent": "比例用小数表示，例如 15% 写 0.15",
        "yes-is-not-true": "写 true 或 false（不加引号）；yes/no、是/否 不算",
        "tab-indentation": "YAML 不允许用 Tab 缩进，请改用空格",
        "unknown-field": "您是不是想写 'pain_points'？",
    }
