"""``--lang en`` leftovers on the command line: a date option's problem joined as English joins it, a city
the register has no case for, a flag given a list named by the flag."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest
from case_support import record

from prescriber.cli import main
from prescriber.cli.argtypes import Day
from prescriber.register import Register

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，；：]")


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_day_is_one_problem_joined_in_its_language(lang: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as raised:
        Day(lang)("2026-13-01")
    said = str(raised.value)
    if lang == "en":
        assert said == "date '2026-13-01' not understood; write YYYY-MM-DD, e.g. 2026-06-01"
    else:
        assert said == "日期 '2026-13-01' 无法识别，写成 YYYY-MM-DD，例如 2026-06-01"


def test_bad_days_on_the_command_line_speak_english(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    for argv in (
        ["prescribe", "x.yaml", "--as-of", "2026-02-30"],
        ["--lang", "en", "prescribe", "x.yaml", "--as-of", "2026-02-30"],
        ["case", "open", "1", "--due", "tomorrow", "--db", url],
        ["case", "update", "1", "--version", "1", "--due", "2026-7-1x", "--db", url],
    ):
        code, text = _run(*argv, *([] if "--lang" in argv else ["--lang", "en"]))
        assert code == 2 and "not understood; write YYYY-MM-DD, e.g. 2026-06-01" in text, argv
        assert not HAN.search(text), text
    code, text = _run("case", "open", "1", "--due", "tomorrow", "--db", url)
    assert code == 2 and "日期 'tomorrow' 无法识别，写成 YYYY-MM-DD" in text


def test_an_assessment_of_a_city_without_cases_speaks_english(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    for filled in (False, True):
        if filled:
            reg = Register(url)
            reg.upgrade()
            record(reg, "福州某公司", ["job-fair"])
            reg.close()
            assert _run("case", "open", "1", "--db", url, "--by", "x")[0] == 0
        code, text = _run(
            "case", "assess", "--city", "nowhere", "--year", "2026", "--db", url, "--lang", "en"
        )
        known = "fuzhou" if filled else "(no cases yet)"
        assert code == 1 and text == (
            f"--city: error: no cases for city 'nowhere' [city] — cities with cases: {known}\n"
        )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "error: has_union: 应为 true、false 或文本 [flags.has_union]"),
        ("en", "error: has_union: should be true, false or text [flags.has_union]"),
    ],
)
def test_a_flag_given_a_list_is_named_by_the_flag(tmp_path: Path, lang: str, said: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: x\nflags: {has_union: [1, 2], harmonious_level: [a]}\n", encoding="utf-8")
    code, text = _run("prescribe", str(profile), "--lang", lang)
    assert code == 1 and f"{profile}:2:20: {said}" in text
    assert "has_union: " in text and "harmonious_level: " in text
    assert "bool:" not in text and "constrained-str" not in text
    # one problem a flag: not one per member of the union (yes/no, or text for a choice)
    assert text.count(f"{profile}:2:20:") == 1 and text.count("has_union: ") == 1


WARNED = (
    "name: Demo Co\nregion: fuzhou\nemployees: 10\nrevenue: 5000000\n"
    "pain_points: [skill-shortage, skill-shortage]\n"
)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_prescriptions_warnings_are_shown_in_english(tmp_path: Path, fmt: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(WARNED, encoding="utf-8")
    code, text = _run("prescribe", str(profile), "--as-of", "2026-06-01", "--format", fmt, "--lang", "en")
    assert code == 0
    assert "is over 200 million yuan per employee: the unit may have been yuan [revenue]" in text
    assert "need or pain point &#x27;skill-shortage&#x27; given twice" in text or (
        "need or pain point 'skill-shortage' given twice" in text
    )
    assert "营业收入" not in text and "删除重复项" not in text
    code, zh = _run("prescribe", str(profile), "--as-of", "2026-06-01", "--format", fmt)
    assert "营业收入 5000000 万元，人均超过 2 亿元" in zh and "删除重复项" in zh


def test_the_json_keeps_the_warnings_in_chinese_whatever_the_language(tmp_path: Path) -> None:
    import prescriber

    profile = tmp_path / "p.yaml"
    profile.write_text(WARNED, encoding="utf-8")
    argv = ["prescribe", str(profile), "--as-of", "2026-06-01", "--format", "json"]
    assert _run(*argv, "--lang", "en") == _run(*argv)
    with prescriber.load(engine="python") as rx:
        made = rx.prescribe(profile, as_of="2026-06-01")
        notes = rx.notes(profile, as_of="2026-06-01")
    assert len(made.warnings) == 2 and made.warnings == tuple(p.shown("zh") for p in notes)
    assert all(not HAN.search(p.shown("en")) for p in notes)
