"""Writes examples/enterprises.csv: 240 varied synthetic Fujian enterprises for batch use
(deterministic; rerun after vocabulary changes: ``python bench/make_examples_csv.py``)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from prescriber.api import shipped
from prescriber.loader import load_catalog

CATALOG = load_catalog(shipped("catalog")).catalog
OUT = Path(__file__).resolve().parent.parent / "examples" / "enterprises.csv"
NAMES = ["鑫", "华", "闽", "海", "丰", "源", "达", "盛", "安", "泰", "瑞", "宏", "恒", "兴", "嘉"]
KINDS = {
    "A": "农业发展",
    "C": "制造",
    "E": "建设工程",
    "F": "商贸",
    "G": "物流",
    "H": "餐饮",
    "I": "信息技术",
    "K": "置业",
    "L": "商务服务",
    "M": "科技",
    "N": "环境工程",
    "O": "家政服务",
    "P": "培训",
    "Q": "医疗",
    "R": "文化传媒",
}
SECTION_WEIGHT = {
    "A": 5,
    "C": 35,
    "E": 8,
    "F": 10,
    "G": 7,
    "H": 8,
    "I": 8,
    "K": 3,
    "L": 4,
    "M": 4,
    "N": 2,
    "O": 2,
    "P": 1,
    "Q": 2,
    "R": 1,
}
FLAGS = [f.id for f in CATALOG.flags if f.type == "bool"]
METRICS = [m for m in CATALOG.metrics]


def row(i: int, rng: random.Random) -> dict[str, str]:
    section = rng.choices(list(SECTION_WEIGHT), list(SECTION_WEIGHT.values()))[0]
    division = rng.choice([d.code for d in CATALOG.divisions if d.section == section])
    region = rng.choice(CATALOG.regions)
    employees = int(
        rng.choice([rng.randint(2, 9), rng.randint(10, 99), rng.randint(100, 999), rng.randint(1000, 6000)])
    )
    revenue = round(employees * rng.uniform(20, 400), 1)
    out = {
        "id": f"E{i:04d}",
        "name": f"{region.name[:2]}{rng.choice(NAMES)}{rng.choice(NAMES)}{KINDS[section]}有限公司",
        "region": rng.choice([region.id, region.name, region.code]),
        "industry": section + division,
        "ownership": rng.choices([o.id for o in CATALOG.ownerships], [8, 3, 70, 7, 6, 6])[0],
        "employees": str(employees) if rng.random() < 0.95 else "",
        "revenue": str(revenue) if rng.random() < 0.85 else "",
        "assets": str(round(revenue * rng.uniform(0.5, 2), 1))
        if section in "EKL" or rng.random() < 0.3
        else "",
    }
    pains = rng.sample([p.id for p in CATALOG.pain_points], rng.randint(0, 6))
    out["pain_points"] = ";".join(f"{p}:{rng.randint(1, 5)}" if rng.random() < 0.5 else p for p in pains)
    for f in FLAGS:
        out[f"flags.{f}"] = rng.choice(["true", "false", "", "", ""])
    out["flags.harmonious_level"] = rng.choice(["none", "municipal", "provincial", "", "", ""])
    for m in METRICS:
        if rng.random() < 0.4:
            value = (
                rng.randint(int(m.min), int(min(m.max, 80)))
                if m.integer
                else round(rng.uniform(m.min, min(m.max, 0.6)), 3)
            )
            out[f"metrics.{m.id}"] = str(value)
        else:
            out[f"metrics.{m.id}"] = ""
    return out


def main() -> None:
    rng = random.Random(20261129)
    rows = [row(i, rng) for i in range(1, 241)]
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
