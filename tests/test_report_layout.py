"""The report as a caseworker prints it: cities in division-code order, sizes 大 中 小 微, industries
named, one header row per table, whole numbers without ``.0``, A4 print styles; and the yearly
shortlist ranked by influence first, then need — by the documented formula."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from prescriber import report

ROOT = Path(__file__).resolve().parent.parent
DAY = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def whole(rx_python: Any) -> report.Report:
    return report.build(rx_python.book, ROOT / "examples/enterprises.csv", DAY)


def test_columns_in_the_order_a_caseworker_reads_them(whole: report.Report, rx_python: Any) -> None:
    by_code = [r.name for r in sorted(rx_python.book.catalog.regions, key=lambda r: r.code)]
    assert list(whole.by_city.columns) == [c for c in by_code if c in whole.by_city.columns] + ["合计"]
    assert next(iter(whole.by_city.columns)) == "福州市"
    assert list(whole.by_size.columns)[:-1] == [
        c for c in ("大型", "中型", "小型", "微型", "未知") if c in whole.by_size.columns
    ]
    sections = list(whole.by_section.columns)[:-1]
    assert "C 制造业" in sections and sections == sorted(sections)


def test_the_html_page_prints_cleanly(whole: report.Report) -> None:
    page = report.html(whole)
    assert page.count("<thead>") == page.count('<tr style="text-align: right;">') + page.count(
        "<thead>\n    <tr>"
    )
    for head in re.findall(r"<thead>(.*?)</thead>", page, flags=re.S):
        assert head.count("<tr") == 1  # no second header row for the index name
    assert not re.search(r"<td>\d+\.0</td>", page)
    assert "@page{size:A4" in page and "@media print" in page and 'name="viewport"' in page
    assert "<th>服务</th>" in page


def test_markdown_scores_are_whole_numbers(whole: report.Report) -> None:
    assert not re.search(r"\| \d+\.0 \|", report.markdown(whole))


def test_the_shortlist_ranks_by_influence_then_need(rx_python: Any, tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    # all in one city with a need (招工难): the large state-owned chain leader comes first whatever the
    # need; two equals in influence are ordered by need
    source.write_text(
        "id,name,region,industry,ownership,employees,revenue,pain_points,flags.chain_leader,flags.harmonious_level\n"
        "S,小需求多,福州,C33,private,30,900,招工难:5;缺工:5;技能人才短缺:5;员工流失率高:5,,\n"
        "L,大国企链主,福州,C33,state,1200,90000,招工难:1,true,provincial\n"
        "M,中型民企,福州,C33,private,400,9000,招工难:1,,\n"
        "N,中型民企需求多,福州,C33,private,400,9000,招工难:5;缺工:5,,\n",
        encoding="utf-8",
    )
    r = report.build(rx_python.book, source, DAY)
    got = r.shortlist.set_index("id")
    assert got.loc["L", "influence"] == 40 + 15 + 25 + 10 + 10  # large, state, chain leader, 规上, provincial
    assert got.loc["M", "influence"] == got.loc["N", "influence"] == 25 + 10
    assert got.loc["S", "influence"] == 10
    assert got.loc["N", "score"] > got.loc["M", "score"]
    assert r.shortlist["id"].tolist() == ["L", "N", "M", "S"]
    assert r.shortlist["rank"].tolist() == [1, 2, 3, 4]


def test_influence_is_the_documented_formula() -> None:
    people = pd.DataFrame(
        {
            "size": pd.Categorical(["large", "micro", None]),
            "ownership": pd.Categorical(["state", "private", None]),
            "chain_leader": pd.Categorical([True, False, None]),
            "above_scale": pd.Categorical([True, False, None]),
            "harmonious_level": pd.Categorical(["national", "none", None]),
        }
    )
    assert report.influence(people).tolist() == [40 + 15 + 25 + 10 + 15, 0, 0]
    # in the 四上 directory counts as 规上 / 限上 (once), whatever the revenue says
    listed = people.assign(in_sishang=pd.Categorical([True, True, None]))
    assert report.influence(listed).tolist() == [40 + 15 + 25 + 10 + 15, 10, 0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert report.influence_formula() in readme  # the README states the formula the code uses


def test_linked_suppliers_count_in_the_shortlist_and_a_bad_code_is_a_bad_row(
    rx_python: Any, tmp_path: Path
) -> None:
    source = tmp_path / "p.csv"
    from prescriber import uscc

    full = [f"91350100MA00000{k:02d}" + uscc.check_character(f"91350100MA00000{k:02d}") for k in range(1, 13)]
    twelve = ";".join(f"{c}:配套{k}" for k, c in enumerate(full))
    source.write_text(
        "id,name,region,industry,ownership,employees,revenue,pain_points,suppliers\n"
        f"A,中型两家配套,福州,C33,private,400,9000,招工难:1,{full[0]}:甲；{full[1]}:乙\n"
        f"B,中型十二家配套,福州,C33,private,400,9000,招工难:1,{twelve}\n"
        "C,中型无配套,福州,C33,private,400,9000,招工难:1,\n"
        "D,坏代码,福州,C33,private,400,9000,招工难:1,91350100MA0000001X:丙\n",
        encoding="utf-8",
    )
    r = report.build(rx_python.book, source, DAY)
    got = r.shortlist.set_index("id")["influence"].to_dict()
    # medium 25 + 规上 10, and 2 points a supplier counted up to ten
    assert got == {"B": 35 + 20, "A": 35 + 4, "C": 35}
    assert r.bad_rows == 1
