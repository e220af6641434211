"""Tables of profiles (CSV): every shipped row prescribes; a bad row is reported, located, and does not
stop the others."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

from prescriber import batch

ROOT = Path(__file__).resolve().parent.parent


def test_every_shipped_enterprise_prescribes(rx_python: Any) -> None:
    rows = list(batch.read_table(ROOT / "examples/enterprises.csv"))
    assert len(rows) >= 200
    assert all(r.profile is not None and not r.problems for r in rows)
    facts = [rx_python.facts(r.profile)[1].values for r in rows]
    assert len({f.get("region") for f in facts}) == 10
    assert len({f["industry"].section for f in facts if "industry" in f}) >= 12
    sizes = collections.Counter(f.get("size") for f in facts)
    assert all(sizes[s] >= 5 for s in ("large", "medium", "small", "micro"))
    for r in rows[:40]:
        assert rx_python.prescribe(r.profile, as_of="2026-06-01").items


def test_bad_cells_are_located_and_other_rows_survive(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "name,employees,pain_points,colour,metrics.turnover_rate,flags.has_union\n"
        "甲公司,120,招工难:4;缺工,,0.2,true\n"
        "乙公司,一百,,red,百分之十,\n"
        "丙公司,,,,,\n",
        encoding="utf-8",
    )
    rows = list(batch.read_table(table))
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].profile == {
        "name": "甲公司",
        "employees": 120,
        "metrics": {"turnover_rate": 0.2},
        "flags": {"has_union": True},
        "pain_points": [{"id": "招工难", "severity": 4}, "缺工"],
    }
    assert rows[1].profile is None
    assert [(p.line, p.column, p.message) for p in rows[1].problems] == [
        (3, 2, "employees 应为数字，而不是 '一百'"),
        (3, 4, "未知的列 'colour'"),
        (3, 5, "metrics.turnover_rate 应为数字，而不是 '百分之十'"),
    ]
    assert rows[2].profile == {"name": "丙公司"}
