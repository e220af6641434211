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
        ("zh", "error: has_union: 应为 true 或 false [flags.has_union]"),
        ("en", "error: has_union: should be true or false [flags.has_union]"),
    ],
)
def test_a_flag_given_a_list_is_named_by_the_flag(tmp_path: Path, lang: str, said: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: x\nflags: {has_union: [1, 2], harmonious_level: [a]}\n", encoding="utf-8")
    code, text = _run("prescribe", str(profile), "--lang", lang)
    assert code == 1 and f"{profile}:2:20: {said}" in text
    assert "has_union: " in text and "harmonious_level: " in text
    assert "bool:" not in text and "constrained-str" not in text
