"""The strict, bounded, located YAML loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prescriber import yamlsrc
from prescriber.errors import SourceError


def _error(text: str) -> str:
    with pytest.raises(SourceError) as caught:
        yamlsrc.loads(text, "x.yaml")
    (p,) = caught.value.problems
    return f"{p.line}:{p.column}: {p.message}"


def test_yes_no_dates_and_leading_zero_codes_stay_text() -> None:
    doc = yamlsrc.loads("a: yes\nb: no\nc: on\nd: 2021-06-01\ne: 05\nf: 0350\ng: true\nh: 12\ni: 0.5\nj: ~\n")
    assert doc.data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "2021-06-01",
        "e": "05",
        "f": "0350",
        "g": True,
        "h": 12,
        "i": 0.5,
        "j": None,
    }


def test_positions_of_values_and_keys() -> None:
    doc = yamlsrc.loads("rules:\n  - id: a\n    when:\n      x: 1\n")
    assert doc.mark(("rules", 0, "when", "x")) == yamlsrc.Mark(4, 10)
    assert doc.mark(("rules", 0, "when", "x"), key=True) == yamlsrc.Mark(4, 7)
    assert doc.mark(("rules", 0, "nothing", "here")) == yamlsrc.Mark(2, 5)  # nearest known parent


def test_real_path_skips_what_is_not_in_the_document() -> None:
    doc = yamlsrc.loads("when:\n  all:\n    - employees: {gte: 5}\n")
    assert doc.real_path(("when", "group", "all", 0, "condition", "employees", "operators", "gte")) == (
        "when",
        "all",
        0,
        "employees",
        "gte",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "2:1: 重复的键 'a'（第一次出现在第 1 行）"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "1:4: 不允许的 YAML 标签 'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        ("a: !custom x\n", "1:4: 不允许的 YAML 标签 '!custom'"),
        ("<<: {a: 1}\n", "1:1: 不支持合并键 '<<'"),
        ("a: 1\n---\nb: 2\n", "2:1: 一个文件只能有一个 YAML 文档"),
        ("? [a]\n: 1\n", "1:3: 映射的键必须是简单文本"),
        ("a: *nowhere\n", "1:4: 未定义的别名 '*nowhere'"),
        ("a: !!int x\n", "1:4: 'x' 不是标签 tag:yaml.org,2002:int 要求的类型"),
    ],
)
def test_strictness(text: str, expected: str) -> None:
    assert _error(text) == expected


def test_alias_bomb_is_refused_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join('*' + prev for _ in range(10))}]")
    assert "别名展开后内容过大" in _error("\n".join(lines) + "\n")


def test_deep_nesting_is_refused() -> None:
    assert _error("a: " + "[" * 100 + "]" * 100 + "\n") == "1:67: 嵌套超过 64 层"


def test_file_errors(tmp_path: Path) -> None:
    def err(path: Path) -> str:
        with pytest.raises(SourceError) as caught:
            yamlsrc.load(path)
        return caught.value.problems[0].message

    (tmp_path / "gbk.yaml").write_bytes("名称: 某企业\n".encode("gbk"))
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "big.yaml").write_bytes(b"a: 1\n" * 10)
    assert err(tmp_path / "missing.yaml") == "文件不存在"
    assert err(tmp_path) == "这是一个目录，不是文件"
    assert err(tmp_path / "gbk.yaml") == "文件不是 UTF-8 编码"
    assert err(tmp_path / "bin.yaml") == "这是二进制文件，不是文本"
    with pytest.raises(SourceError, match="上限"):
        yamlsrc.load(tmp_path / "big.yaml", yamlsrc.Limits(max_bytes=20))


def test_utf8_bom_and_json_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_bytes(b'\xef\xbb\xbf{"name": "\xe6\x9f\x90", "employees": 5}')
    assert yamlsrc.load(tmp_path / "p.json").data == {"name": "某", "employees": 5}


@given(st.binary(max_size=300))
def test_random_bytes_give_only_our_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_bytes(data)
    try:
        yamlsrc.load(path)
    except SourceError as exc:
        assert exc.problems and exc.problems[0].file == str(path)


@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#? \n\t,0é中")), max_size=200))
def test_random_yaml_text_gives_only_our_error(text: str) -> None:
    try:
        yamlsrc.loads(text, "f.yaml")
    except SourceError as exc:
        assert exc.problems[0].code.startswith(("yaml.", "source."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nweight：35\nb: 2\n", "2:7: YAML 语法错误：这里用了全角冒号“："),
        ("- id: a\n  title: t\n  weight：35\n", "3:9: YAML 语法错误：这里用了全角冒号“："),
        ("a:\n  b: 1\n\u3000 c: 2\n", "3:1: 这里用了全角空格“\u3000"),
        ("- a: 1\n\u3000 b: 2\n", "2:1: YAML 语法错误：这里用了全角空格“\u3000"),
        ("a: {in: [C, E]，}\n", "1:15: YAML 语法错误：这里用了全角逗号“，"),
        ("a: ｛b: 1｝\n", "1:4: YAML 语法错误：这里用了全角花括号“｛"),
        ("in: [C，E]\n", "1:7: 这里用了全角逗号“，"),
        ("in: ［C, E］\n", "1:5: 这里用了全角方括号“［"),
        ("w: {industry：C}\n", "1:13: 这里用了全角冒号“："),
        ("reason: {employees} 人\n", "1:9: YAML 语法错误：以 { 开头的值会被当成映射"),
        ("reason: {employees}\n", "1:9: 以 { 开头的值被当成了映射，而不是文字"),
    ],
)
def test_chinese_keyboard_mistakes_are_named_where_they_were_typed(text: str, expected: str) -> None:
    assert _error(text).startswith(expected)


def test_full_width_punctuation_in_text_is_left_alone() -> None:
    text = (
        "title: 招工难：专场招聘\nreason: 企业缺工，建议［专场］招聘 {employees}\n"
        "q: '［C］'\nr: \"{employees} 人\"\n"
        "s: [\"C，E\", '甲：乙']\nt: |\n  说明：全角冒号，全角逗号\n"
    )
    assert yamlsrc.loads(text).data["s"] == ["C，E", "甲：乙"]
