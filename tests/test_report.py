"""The population report's numbers on a small known population."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from prescriber import report

POPULATION = """id,name,region,industry,employees,revenue,pain_points,flags.ui_insured_12m
A,甲,福州,C33,400,9000,招工难,
B,乙,福州,C33,30,900,招工难;缺工,
C,丙,厦门,I65,60,1500,高校毕业生招聘需求,true
D,丁,厦门,,,,,
E,戊,福洲,C33,5,10,,
"""


def test_numbers_on_a_known_population(rx_python: Any, tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text(POPULATION, encoding="utf-8")
    r = report.build(rx_python.book, source, datetime.date(2026, 6, 1), chunk=2)
    assert (r.enterprises, r.bad_rows) == (4, 1)  # 戊 has an unknown region
    assert r.by_city.loc["专场招聘与精准对接"].to_dict() == {"厦门市": 0, "福州市": 2, "合计": 2}
    assert r.by_city.loc["高校毕业生招聘对接"].to_dict() == {"厦门市": 1, "福州市": 0, "合计": 1}
    assert r.by_size.loc["专场招聘与精准对接"].to_dict() == {"中型": 1, "小型": 1, "合计": 2}
    assert r.core_only.to_dict("records") == [{"row": 4, "id": "D", "name": "丁", "city": "厦门市"}]
    fuzhou = r.shortlist[r.shortlist.city == "福州市"]
    assert fuzhou["id"].tolist() == ["A", "B"] and fuzhou["rank"].tolist() == [1, 2]
    assert len(r.never_fired) > 150
    text = report.markdown(r)
    assert "- 企业 4 家（另有 1 行数据有误，未计入；`prescriber batch` 的错误表逐行列出）" in text
    assert "| 设区市 | 名次 | 行号 | 编号 | 企业名称 |" in text
    page = report.html(r)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "专场招聘与精准对接" in page


@pytest.mark.slow
def test_chunks_do_not_change_the_report(rx_python: Any) -> None:
    """Counts are added up and shortlists merged chunk by chunk: any chunk size gives the same report."""
    source = Path(__file__).resolve().parent.parent / "examples/enterprises.csv"
    whole = report.build(rx_python.book, source, datetime.date(2026, 6, 1))
    for chunk in (7, 100):
        parts = report.build(rx_python.book, source, datetime.date(2026, 6, 1), chunk=chunk)
        assert report.markdown(parts) == report.markdown(whole)
        for name in ("by_city", "by_section", "by_size", "shortlist", "core_only"):
            assert getattr(parts, name).equals(getattr(whole, name)), (chunk, name)
    assert whole.shortlist.groupby("city").size().max() == 10


def test_a_long_core_only_list_is_cut_and_says_so(rx_python: Any, tmp_path: Path, monkeypatch: Any) -> None:
    source = tmp_path / "p.csv"
    source.write_text(POPULATION + "F,己,厦门,,,,,\n", encoding="utf-8")
    monkeypatch.setattr(report, "_CORE_ONLY_SHOWN", 1)
    r = report.build(rx_python.book, source, datetime.date(2026, 6, 1), chunk=2)
    assert r.core_only_count == 2 and r.core_only["id"].tolist() == ["D"]
    assert (
        "（共 2 家，这里列出前 1 家；完整名单：prescriber batch 的宽表中只有核心服务的行）"
        in report.markdown(r)
    )
    assert "- 只开具核心服务的企业 2 家；" in report.markdown(r)
