"""Synthetic rule bases and profiles over the shipped vocabularies, for benchmarks (deterministic).

The rule shape follows the workload the engines were compared on (../shared perf anchors): 2–5 AND
conditions, most naming a pain point, industry/size/region/ownership sets, numeric thresholds,
flags, 7 % with an OR group and 3 % with a NOT group.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from prescriber.api import shipped
from prescriber.loader import load_catalog

CATALOG = load_catalog(shipped("catalog")).catalog
SERVICES = [s.id for s in CATALOG.services if not s.core]
PAINS = [p.id for p in CATALOG.pain_points]
REGIONS = [r.id for r in CATALOG.regions]
OWNERS = [o.id for o in CATALOG.ownerships]
SECTIONS = [s.code for s in CATALOG.sections if s.code != "T"]
DIVISIONS = [(d.section, d.code) for d in CATALOG.divisions]
BOOL_FLAGS = [f.id for f in CATALOG.flags if f.type == "bool"]
RATIOS = [m.id for m in CATALOG.metrics if m.unit == "比例"]
SIZES = ["large", "medium", "small", "micro"]


def _condition(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(["industry", "size", "region", "ownership", "employees", "revenue", "flag", "metric"],
                       [30, 20, 12, 8, 12, 6, 8, 4])[0]
    if kind == "industry":
        if rng.random() < 0.5:
            return {"industry": {"in": rng.sample(SECTIONS, rng.randint(1, 3))}}
        sec = rng.choice(SECTIONS)
        pool = [c for s, c in DIVISIONS if s == sec] or [c for _, c in DIVISIONS]
        return {"industry": {"in": rng.sample(pool, min(len(pool), rng.randint(1, 4)))}}
    if kind == "size":
        return {"size": {"in": rng.sample(SIZES, rng.randint(1, 3))}}
    if kind == "region":
        return {"region": {"in": rng.sample(REGIONS, rng.randint(1, 4))}}
    if kind == "ownership":
        return {"ownership": {"in": rng.sample(OWNERS, rng.randint(1, 2))}}
    if kind == "employees":
        return {"employees": {rng.choice(["gte", "lt"]): rng.choice([10, 20, 50, 100, 300, 1000])}}
    if kind == "revenue":
        return {"revenue": {"gte": rng.choice([300, 2000, 10000, 40000])}}
    if kind == "flag":
        return {f"flags.{rng.choice(BOOL_FLAGS)}": rng.random() < 0.7}
    return {f"metrics.{rng.choice(RATIOS)}": {rng.choice(["gte", "lt"]): rng.choice([0.05, 0.1, 0.2, 0.3, 0.5])}}


def rule(i: int, rng: random.Random) -> dict[str, Any]:
    """One rule in authoring form."""
    items: list[dict[str, Any]] = []
    if rng.random() < 0.85:
        items.append({"pain_points": {"contains": rng.choice(PAINS)}})
    while len(items) < rng.choices([2, 3, 4, 5], [30, 35, 22, 13])[0]:
        items.append(_condition(rng))
    when: dict[str, Any] = {"all": items}
    roll = rng.random()
    if roll < 0.07:
        when["any"] = [_condition(rng), {"pain_points": {"contains": rng.choice(PAINS)}}]
    elif roll < 0.10:
        when["not"] = [_condition(rng)]
    out = {"id": f"synth.r{i:05d}", "title": f"合成规则 {i}", "when": when, "reason": "合成规则（基准测试）"}
    if rng.random() < 0.03:
        out["exclude"] = rng.choice(SERVICES)
    else:
        out["service"] = rng.choice(SERVICES)
        out["weight"] = rng.randint(1, 50)
    return out


def write_rules(directory: Path, n: int, seed: int = 20240611) -> Path:
    """Write ``n`` rules as YAML (JSON is YAML) in files of 500 rules."""
    rng = random.Random(seed)
    rules = [rule(i, rng) for i in range(n)]
    directory.mkdir(parents=True, exist_ok=True)
    for k in range(0, n, 500):
        (directory / f"synth-{k // 500:03d}.yaml").write_text(
            json.dumps(rules[k:k + 500], ensure_ascii=False, indent=1), encoding="utf-8")
    return directory


def profile(rng: random.Random, sparse: bool = False) -> dict[str, Any]:
    """A profile with every field known (or, when ``sparse``, about a third of them missing)."""
    size_emp = rng.choices([(1, 19), (20, 299), (300, 999), (1000, 8000)], [40, 35, 18, 7])[0]
    sec, div = rng.choice(DIVISIONS)
    p: dict[str, Any] = {
        "name": f"企业{rng.randrange(10**6)}", "region": rng.choice(REGIONS), "industry": sec + div,
        "ownership": rng.choices(OWNERS, [10, 3, 70, 8, 5, 4])[0], "employees": rng.randint(*size_emp),
        "revenue": round(rng.lognormvariate(7, 2), 1), "assets": round(rng.lognormvariate(7, 2), 1),
        "pain_points": [{"id": x, "severity": rng.randint(1, 5)} for x in rng.sample(PAINS, rng.randint(1, 8))],
        "flags": {f: rng.random() < 0.4 for f in BOOL_FLAGS},
        "metrics": {m: round(rng.random() * 0.6, 3) for m in RATIOS},
    }
    if sparse:
        for key in ("revenue", "assets", "ownership"):
            if rng.random() < 0.3:
                del p[key]
        p["flags"] = {k: v for k, v in p["flags"].items() if rng.random() < 0.6}
        p["metrics"] = {k: v for k, v in p["metrics"].items() if rng.random() < 0.6}
    return p


def profiles(n: int, seed: int = 11, sparse: bool = False) -> list[dict[str, Any]]:
    """``n`` profiles, deterministically."""
    rng = random.Random(seed)
    return [profile(rng, sparse) for _ in range(n)]
