"""Bounded in every dimension (SECURITY.md, "Limits"): numbers beyond Python's int-parsing limit,
profiles of hundreds of thousands of keys or nodes, standard input, and text that would drive a
terminal or a document. Each attack is generated; where it is about resources it runs in a child
process whose CPU time and peak memory are measured (and capped, so a regression cannot take the
machine down)."""

from __future__ import annotations

import io
import json
import random
import re
import string
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import prescriber
from prescriber import render
from prescriber.cli import main
from prescriber.errors import MAX_PER_FILE, ProfileError, RuleBaseError

ROOT = Path(__file__).resolve().parent.parent
RULE = """- id: big.rule
  title: 大数
  service: job-fair
  weight: {weight}
  when: {{employees: {{gte: {threshold}}}}}
  reason: r
"""


_MEASURED = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures through /proc")


def _run(argv: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    """The CLI in this process; standard input as bytes, the way a pipe gives them."""
    out, err = io.StringIO(), io.StringIO()
    pipe = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    return main(argv, out=out, err=err, stdin=pipe), out.getvalue(), err.getvalue()


# -- 1. numbers beyond Python's int-parsing limit ------------------------------------------------------


@examples(25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    digits=st.integers(101, 6000),
    where=st.sampled_from(["employees", "severity", "credit_code", "metric"]),
    json_form=st.booleans(),
)
def test_a_profile_number_too_long_is_a_located_problem(
    tmp_path: Path, digits: int, where: str, json_form: bool
) -> None:
    number = "9" * digits
    body = {
        "employees": f'"employees": {number}',
        "credit_code": f'"credit_code": {number}',
        "severity": f'"pain_points": [{{"id": "skill-shortage", "severity": {number}}}]',
        "metric": f'"metrics": {{"turnover_rate": {number}}}',
    }[where]
    text = '{"name": "甲",\n ' + body + "}" if json_form else "name: 甲\n" + body.replace('"', "") + "\n"
    path = tmp_path / ("p.json" if json_form else "p.yaml")
    path.write_text(text, encoding="utf-8")
    code, _, err = _run(["prescribe", str(path), "--engine", "python"])
    assert code == 1
    column = text.splitlines()[1].index(number) + 1
    assert err.startswith(f"{path}:2:{column}: error: 数字太长（{digits:,} 位，最多 100 位）"), err
    assert "4300" not in err


@pytest.mark.parametrize("field", ["weight", "threshold"])
def test_a_rule_number_too_long_is_a_located_problem_also_on_reload(tmp_path: Path, field: str) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "r.yaml").write_text(RULE.format(weight=10, threshold=50), encoding="utf-8")
    values = {"weight": 10, "threshold": 50} | {field: "7" * 5000}
    (bad / "r.yaml").write_text(RULE.format(**values), encoding="utf-8")
    with pytest.raises(RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(bad, engine="python")
    (p,) = caught.value.problems
    assert (p.line, p.code) == ((4 if field == "weight" else 5), "yaml.number-too-long")
    rx = prescriber.Prescriber.from_paths(good, engine="python")
    before = rx.fingerprint
    with pytest.raises(RuleBaseError):
        rx.reload(bad)
    assert rx.fingerprint == before  # the old rule base keeps serving


@pytest.mark.parametrize(
    "profile",
    [
        {"employees": 10**5000},
        {"metrics": {"turnover_rate": 10**5000}},
        {"region": 10**5000},
        {"industry": -(10**5000)},
        {"pain_points": [{"id": "skill-shortage", "severity": 10**5000}]},
        {"credit_code": 10**5000},
        {"flags": {"has_union": 10**5000}},
    ],
)
def test_a_huge_python_int_is_a_profile_error(rx_python: Any, profile: dict[str, Any]) -> None:
    with pytest.raises(ProfileError) as caught:
        rx_python.prescribe({"name": "甲", **profile})
    text = str(caught.value)
    assert "4300" not in text and "Exceeds" not in text
    assert all(p.path for p in caught.value.problems)


# -- 2. work bounded by size ------------------------------------------------------------------------------

_ATTACK = textwrap.dedent("""
    import io, json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a regression must not take the machine down
    from prescriber.cli import main
    out = []
    for path in sys.argv[1:]:
        err = io.StringIO()
        t = time.process_time()
        code = main(["prescribe", path, "--engine", "python"], out=io.StringIO(), err=err)
        out.append((path, code, time.process_time() - t, err.getvalue()[:2000], err.getvalue().count("\\n")))
    # this process's own high-water mark (ru_maxrss would count the parent's pages, through vfork and exec)
    peak = int(next(x for x in open("/proc/self/status") if x.startswith("VmHWM")).split()[1]) // 1024
    print(json.dumps({"runs": out, "peak_mb": peak}))
""")


def _attack(*paths: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _ATTACK, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _names(r: random.Random, n: int) -> list[str]:
    return [f"{''.join(r.choices(string.ascii_lowercase, k=6))}{i}" for i in range(n)]


def _keys(n: int) -> list[str]:
    r = random.Random(n)
    letters = string.ascii_lowercase
    return [f"{letters[r.randrange(26)]}{letters[r.randrange(26)]}_{i}" for i in range(n)]


HUGE = {  # just under the 10 MB file limit; before: 40–96 s and 1.5–3 GB each
    "flags.yaml": (
        lambda: "name: 甲\nflags:\n" + "".join(f"  {k}: true\n" for k in _keys(240_000)),
        r"{path}:3:3: error: flags: 最多 200 项",
    ),
    "metrics.json": (
        lambda: json.dumps({"name": "甲", "metrics": {k: 0.5 for k in _keys(240_000)}}),
        r"{path}:1:\d+: error: metrics: 最多 200 项",
    ),
    "keys.yaml": (
        lambda: "name: 甲\n" + "".join(f"{k}: 1\n" for k in _keys(240_000)),
        r"{path}:2:1: error: 未知的键 '[a-z]{{2}}_0' \[[a-z]{{2}}_0\]\n  hint: 可用的键: name, id",
    ),
    "nodes.yaml": (
        lambda: "name: 甲\nflags: {a: [" + ",".join(["0"] * 499_000) + "]}\n",
        r"{path}:2:12: error: a: 应为 true、false 或文本 \[flags.a\]",
    ),
}


@pytest.mark.slow
@_MEASURED
@pytest.mark.parametrize("attack", sorted(HUGE))
def test_huge_profiles_cost_seconds_and_megabytes(tmp_path: Path, attack: str) -> None:
    """240,000 unknown flags, metrics or top-level keys, or 499,000 nodes: under 5 s of CPU and 500 MB,
    at most a hundred problems with hints and a count of the rest."""
    make, expected = HUGE[attack]
    path = tmp_path / attack
    path.write_text(make(), encoding="utf-8")
    assert path.stat().st_size < 10 * 2**20
    result = _attack(path)
    ((_, code, seconds, err, lines),) = result["runs"]
    assert code == 1, err
    assert re.match(expected.format(path=re.escape(str(path))), err), err[:300]
    assert seconds < 5, seconds
    assert lines <= 2 * (MAX_PER_FILE + 1), lines
    assert result["peak_mb"] < 500, result["peak_mb"]


def test_problems_are_capped_per_file_with_a_count_of_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: 甲\n" + "".join(f"k{i:04d}: 1\n" for i in range(350)), encoding="utf-8")
    code, _, err = _run(["prescribe", str(path), "--engine", "python"])
    assert code == 1
    lines = [line for line in err.splitlines() if not line.startswith("  ")]
    assert len(lines) == MAX_PER_FILE + 1
    assert lines[-1] == f"{path}:{MAX_PER_FILE + 2}:1: error: …… 另有 250 个问题未列出（and 250 more）"
    assert err.count("hint: 您是不是想写") + err.count("hint: 可用的键") == MAX_PER_FILE


def test_too_many_nodes_is_a_located_error_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: 甲\nflags: {a: [" + ",".join(["1"] * 500_001) + "]}\n", encoding="utf-8")
    code, _, err = _run(["prescribe", str(path), "--engine", "python"])
    assert code == 1 and err.startswith(f"{path}:2:") and "文件中的值太多（超过 500,000 个）" in err


def test_standard_input_has_the_file_limit() -> None:
    code, out, err = _run(["prescribe", "-", "--engine", "python"], stdin=b"name: " + b"a" * (10 * 2**20))
    assert (code, out) == (1, "")
    assert err == "<stdin>: error: 输入超过 10 MB 上限 — 拆分成几个较小的文件\n"


def test_standard_input_that_is_not_utf8_is_an_encoding_problem() -> None:
    code, _, err = _run(["prescribe", "-", "--engine", "python"], stdin="name: 福州企业\n".encode("gbk"))
    assert code == 1
    assert err == "<stdin>:1:7: error: 文件不是 UTF-8 编码\n  hint: 用编辑器另存为 UTF-8（例如从 GBK 转换）\n"


def test_twenty_thousand_distinct_bad_values_in_a_column_take_seconds(tmp_path: Path) -> None:
    """Issue 13, item 18: 84 s with difflib; every bad cell still gets its hint."""
    r = random.Random(18)
    source = tmp_path / "t.csv"
    rows = [f"{i},企业{i},{v},private" for i, v in enumerate(_names(r, 20_000))]
    source.write_text("id,name,region,ownership\n" + "\n".join(rows) + "\n", encoding="utf-8")
    script = (
        "import resource, sys, time; from prescriber.cli import main; t = time.process_time(); "
        f"code = main(['batch', {str(source)!r}, '-o', {str(tmp_path / 'out.csv')!r}]); "
        "print(code, time.process_time() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    code, seconds = done.stdout.split()[-2:]
    assert code == "1" and float(seconds) < 15, done.stdout
    errors = (tmp_path / "out.errors.csv").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 20_001 and all("profile.unknown-region" in e and "可选:" in e for e in errors[1:])


# -- 7. text from an enterprise cannot drive a terminal or a document -----------------------------------


@pytest.mark.parametrize("name", ["   ", "\u200b\u200b", "\u3000\ufeff", "\u2060 \u200d"])
def test_a_name_of_only_blanks_is_empty(rx_python: Any, name: str) -> None:
    with pytest.raises(ProfileError) as caught:
        rx_python.prescribe({"name": name})
    (p,) = caught.value.problems
    assert (p.path, p.message) == ("name", "name: 不能为空")


_CONTROLS = st.text(
    alphabet=st.sampled_from(
        ["\x1b", "\x07", "\r", "\n", "\x9b", "\u202e", "\x00", "\x7f", "[", "]", "0", ";", "m", "甲", " "]
    ),
    min_size=1,
    max_size=30,
)


@examples(40)
@given(name=_CONTROLS)
def test_control_characters_in_a_name_never_reach_the_terminal(rx_python: Any, name: str) -> None:
    if not name.strip(prescriber.models.profile.INVISIBLE):
        return
    rx = rx_python.prescribe({"name": "企业" + name, "region": "fuzhou"}, as_of="2026-01-01")
    shown = render.render(rx, "table")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    assert shown.splitlines()[0].startswith("企业")  # the name stays on its own line


def test_a_hostile_region_in_problems_is_shown_not_executed(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('name: 甲\nregion: "\\e]0;pwned\\a\\e[2J"\n', encoding="utf-8")
    code, _, err = _run(["prescribe", str(path), "--engine", "python"])
    assert code == 1 and "\x1b" not in err and "\\x1b]0;pwned\\x07\\x1b[2J" in err


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("# 标题公司", "# \\# 标题公司 个性化服务清单"),
        ("[点我](http://evil.example)", "# \\[点我\\](http://evil.example) 个性化服务清单"),
        ("甲 | 乙 | 丙", "# 甲 \\| 乙 \\| 丙 个性化服务清单"),
        ("<img src=x onerror=alert(1)>", "# \\<img src=x onerror=alert(1)\\> 个性化服务清单"),
        ("东南(福建)汽车", "# 东南(福建)汽车 个性化服务清单"),
    ],
)
def test_markdown_escapes_a_name_that_would_make_structure(rx_python: Any, name: str, heading: str) -> None:
    rx = rx_python.prescribe({"name": name}, as_of="2026-01-01")
    assert render.render(rx, "markdown").splitlines()[0] == heading
