"""Numbers and yes/no written the way people write them get a hint that says what was understood and
what to write — in a profile file and in a table cell alike."""

from __future__ import annotations

from pathlib import Path

import pytest

import prescriber
from prescriber import batch
from prescriber.errors import ProfileError
from prescriber.natural import flag_hint, number_hint


@pytest.mark.parametrize(
    ("text", "unit", "hint"),
    [
        ("很多", "人", "'很多' 不是一个数：请写具体的数，如 120；不知道就不写这一项（表格中留空）"),
        ("1,200", "人", "理解为 1200：请写 1200（不加千位分隔符）"),
        ("38%", "比例", "理解为 38%：比例请写小数 0.38"),
        ("38%", "", "理解为 38%：比例请写小数 0.38"),
        ("12%", "人", "理解为 12%：这一项单位是人，不是比例，请写人数"),
        ("2.6亿", "万元", "理解为 2.6亿 = 26000 万元：金额以万元为单位，请写 26000"),
        ("1.2亿元", "万元", "理解为 1.2亿元 = 12000 万元：金额以万元为单位，请写 12000"),
        ("500000元", "万元", "理解为 500000 元 = 50 万元：金额以万元为单位，请写 50"),
        ("约80人", "人", "理解为 80：只写数字 80，单位已经是人"),
        ("100-200", "人", "理解为 100 到 200 之间：请写一个数，如 150"),
        ("三百", "人", "'三百' 是汉字数字：请用阿拉伯数字书写，如 120"),
    ],
)
def test_number_hints(text: str, unit: str, hint: str) -> None:
    assert number_hint(text, unit) == hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("是", "理解为“是”：请写 true"),
        ("有", "理解为“是”：请写 true"),
        ("否", "理解为“否”：请写 false"),
        ("maybe", "是写 true，否写 false；不知道就不写"),
    ],
)
def test_flag_hints(text: str, hint: str) -> None:
    assert flag_hint(text) == hint


def test_a_profile_with_natural_values_gets_a_hint_for_each(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        'name: 某企业\nemployees: "很多"\nrevenue: 2.6亿\nownership: 私企\n'
        "flags: {has_union: 是}\nmetrics: {turnover_rate: 38%}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as caught:
        prescriber.load(engine="python").prescribe(path)
    got = {p.path: (p.line, p.message, p.hint) for p in caught.value.problems}
    assert got == {
        "employees": (2, "employees: 应为整数，而不是 '很多'", number_hint("很多", "人")),
        "revenue": (
            3,
            "revenue: 应为数字，而不是 '2.6亿'",
            "理解为 2.6亿 = 26000 万元：金额以万元为单位，请写 26000",
        ),
        "flags.has_union": (5, "已建工会（has_union）应为 true 或 false", "理解为“是”：请写 true"),
        "metrics.turnover_rate": (
            6,
            "turnover_rate: 应为数字，而不是 '38%'",
            "理解为 38%：比例请写小数 0.38",
        ),
    }  # 私企 is an ownership synonym: no problem


def test_a_table_gets_the_same_hints_and_accepts_thousands(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name,employees,revenue,ownership,metrics.turnover_rate\n"
        'A,甲,"1,200",2.6亿,私企,38%\nB,乙,"1,200",26000,私企,0.38\n',
        encoding="utf-8",
    )
    book = prescriber.load(engine="python").book
    summary = batch.run_job(
        book, source, batch.Outputs(tmp_path / "o.csv"), prescriber.api.as_of_date("2026-06-01")
    )
    assert (summary.rows, summary.bad) == (2, 1)
    import pandas as pd

    errors = pd.read_csv(tmp_path / "o.errors.csv", dtype=str, keep_default_na=False)
    assert errors[["row", "field", "hint"]].values.tolist() == [
        ["1", "revenue", "理解为 2.6亿 = 26000 万元：金额以万元为单位，请写 26000"],
        ["1", "metrics.turnover_rate", "理解为 38%：比例请写小数 0.38"],
    ]
