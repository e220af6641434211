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
    kind = rng.choices(
        ["industry", "size", "region", "ownership", "employees", "revenue", "flag", "metric"],
        [30, 20, 12, 8, 12, 6, 8, 4],
    )[0]
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
    return {
        f"metrics.{rng.choice(RATIOS)}": {rng.choice(["gte", "lt"]): rng.choice([0.05, 0.1, 0.2, 0.3, 0.5])}
    }


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


def write_rules(directory: Path, n: int, seed: int = 20240611, family: str = "plain") -> Path:
    """Write ``n`` rules of ``family`` (see :data:`FAMILIES`) as YAML (JSON is YAML) in files of 500 rules."""
    rng = random.Random(seed)
    make = FAMILIES[family]
    rules = [make(i, rng) for i in range(n)]
    directory.mkdir(parents=True, exist_ok=True)
    for k in range(0, n, 500):
        (directory / f"synth-{k // 500:03d}.yaml").write_text(
            json.dumps(rules[k : k + 500], ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return directory


def profile(rng: random.Random, sparse: bool = False) -> dict[str, Any]:
    """A profile with every field known (or, when ``sparse``, about a third of them missing)."""
    size_emp = rng.choices([(1, 19), (20, 299), (300, 999), (1000, 8000)], [40, 35, 18, 7])[0]
    sec, div = rng.choice(DIVISIONS)
    p: dict[str, Any] = {
        "name": f"企业{rng.randrange(10**6)}",
        "region": rng.choice(REGIONS),
        "industry": sec + div,
        "ownership": rng.choices(OWNERS, _OWNER_POP)[0],
        "employees": rng.randint(*size_emp),
        "revenue": round(rng.lognormvariate(7, 2), 1),
        "assets": round(rng.lognormvariate(7, 2), 1),
        "pain_points": [
            {"id": x, "severity": rng.randint(1, 5)} for x in rng.sample(PAINS, rng.randint(1, 8))
        ],
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


# -- the match-heavy family ----------------------------------------------------------------------------
# The shape of the independent benchmark of issue 18 (and of the perf anchors' generator): every field
# known, 25 pain points with a Zipf-like popularity (1 + Poisson(2.5) of them per enterprise, at most 8),
# rules of 2–5 conditions, mostly ``in``/``eq`` on categorical fields, numeric ranges and pain-point
# membership (85 % name one). Each enterprise fires about 4 % of the rules: ≈ 40 of 1,000, ≈ 190 of 5,000.

HEAVY_PAINS = PAINS[:25]
_PAIN_POP = [1 / (k + 1) ** 0.3 for k in range(len(HEAVY_PAINS))]
_SECTION_POP = [30 if s == "C" else 10 if s in "FGI" else 4 for s in SECTIONS]
_SIZE_POP = [7, 18, 35, 40]  # large, medium, small, micro (SIZES order)
OWNER_SHARE = {"state": 8, "collective": 2, "cooperative": 1, "private": 66, "individual": 4, "foreign": 7}
OWNER_SHARE |= {"hmt": 6, "mixed": 5, "public-institution": 0.5, "social-organization": 0.5}
_OWNER_POP = [OWNER_SHARE.get(o, 0.5) for o in OWNERS]  # by id: the vocabulary grows
_RANGES = {"employees": [10, 20, 50, 100, 300], "revenue": [300, 1000, 2000, 10000]}
_FLAG_POP = 0.5


def _heavy_condition(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(
        ["industry", "size", "region", "ownership", "range", "flag", "metric"], [24, 16, 16, 10, 14, 12, 8]
    )[0]
    if kind == "industry":
        if rng.random() < 0.6:
            return {"industry": {"in": rng.choices(SECTIONS, _SECTION_POP, k=rng.randint(1, 4))}}
        sec = rng.choices(SECTIONS, _SECTION_POP)[0]
        pool = [s + c if not c.startswith(s) else c for s, c in DIVISIONS if s == sec] or [sec]
        return {"industry": {"in": sorted(set(rng.sample(pool, min(len(pool), rng.randint(2, 6)))) | {sec})}}
    if kind == "size":
        return {"size": {"in": rng.sample(SIZES, rng.randint(1, 3))}}
    if kind == "region":
        return {"region": {"in": rng.sample(REGIONS, rng.randint(2, 6))}}
    if kind == "ownership":
        return {
            "ownership": rng.choice(["private", "private", "state", "foreign"])
            if rng.random() < 0.4
            else {"in": rng.sample(OWNERS, rng.randint(2, 4))}
        }
    if kind == "range":
        f = rng.choice(["employees", "employees", "revenue"])
        lo = rng.choice(_RANGES[f])
        return {f: {"gte": lo}} if rng.random() < 0.5 else {f: {"lt": lo * rng.choice([5, 10, 30])}}
    if kind == "flag":
        return {f"flags.{rng.choice(BOOL_FLAGS)}": rng.random() < 0.6}
    m = rng.choice(RATIOS)
    lo = rng.choice([0.05, 0.1, 0.2])
    return (
        {f"metrics.{m}": {"between": [lo, lo + rng.choice([0.3, 0.4])]}}
        if rng.random() < 0.4
        else {f"metrics.{m}": {rng.choice(["gte", "lt"]): rng.choice([0.1, 0.2, 0.3, 0.4])}}
    )


def heavy_rule(i: int, rng: random.Random) -> dict[str, Any]:
    """One rule of the match-heavy family, in authoring form."""
    items: list[dict[str, Any]] = []
    if rng.random() < 0.85:
        items.append({"pain_points": {"contains": rng.choices(HEAVY_PAINS, _PAIN_POP)[0]}})
    while len(items) < rng.choices([2, 3, 4, 5], [30, 35, 22, 13])[0]:
        items.append(_heavy_condition(rng))
    when: dict[str, Any] = {"all": items}
    roll = rng.random()
    if roll < 0.07:
        when["any"] = [
            _heavy_condition(rng),
            {"pain_points": {"contains": rng.choices(HEAVY_PAINS, _PAIN_POP)[0]}},
        ]
    elif roll < 0.10:
        when["not"] = [_heavy_condition(rng)]
    # about one reason in five shows a value of the enterprise, as in the shipped rules (44 of 208)
    reason = (
        "合成规则（基准测试）：职工 {employees}，行业 {industry}"
        if rng.random() < 0.2
        else "合成规则（基准测试）"
    )
    out = {"id": f"heavy.r{i:05d}", "title": f"合成规则 {i}", "when": when, "reason": reason}
    if rng.random() < 0.03:
        out["exclude"] = rng.choice(SERVICES)
    else:
        out["service"] = rng.choice(SERVICES)
        out["weight"] = rng.randint(1, 50)
    return out


FAMILIES = {"plain": rule, "heavy": heavy_rule}
"""Rule families: ``plain`` (≈ 22 of 1,000 rules fire per profile), ``heavy`` (≈ 40 of 1,000)."""


def heavy_frame(n: int, seed: int = 7) -> Any:
    """``n`` enterprises of the match-heavy family as a batch table (every field known; vectorised)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    sec_p = np.array(_SECTION_POP, float) / sum(_SECTION_POP)
    divs = {s: [s + c if not c.startswith(s) else c for sec, c in DIVISIONS if sec == s] for s in SECTIONS}
    sec = rng.choice(len(SECTIONS), n, p=sec_p)
    industry = np.empty(n, object)
    for k, s in enumerate(SECTIONS):
        at = np.flatnonzero(sec == k)
        pool = np.array(divs[s] or [s], object)
        industry[at] = pool[rng.integers(0, len(pool), len(at))]
    band = rng.choice(4, n, p=np.array(_SIZE_POP[::-1], float) / 100)  # micro, small, medium, large
    lo, hi = np.array([1, 20, 300, 1000])[band], np.array([19, 299, 999, 8000])[band]
    employees = np.exp(rng.uniform(np.log(lo), np.log(hi + 1))).astype(np.int64)
    revenue = (employees * np.exp(rng.normal(3.5, 0.8, n))).round(1)
    pain_p = np.array(_PAIN_POP) / sum(_PAIN_POP)
    count = np.minimum(1 + rng.poisson(2.3, n), 8)
    keys = rng.random((n, len(HEAVY_PAINS))) ** (1 / pain_p)  # weighted sampling without replacement
    picks = np.argsort(-keys, axis=1)[:, :8]
    severity = rng.integers(1, 6, (n, 8))
    pains = np.array(HEAVY_PAINS, object)
    cells = [
        ";".join(
            f"{pains[p]}:{s}" for p, s in zip(picks[i, : count[i]], severity[i, : count[i]], strict=True)
        )
        for i in range(n)
    ]
    owners = np.array(OWNERS, object)[
        rng.choice(len(OWNERS), n, p=np.array(_OWNER_POP, float) / sum(_OWNER_POP))
    ]
    frame = pd.DataFrame(
        {
            "id": [f"H{i:08d}" for i in range(n)],
            "name": [f"企业{i}" for i in range(n)],
            "region": np.array(REGIONS, object)[rng.integers(0, len(REGIONS), n)],
            "industry": industry,
            "ownership": owners,
            "employees": employees,
            "revenue": revenue,
            "assets": (revenue * rng.uniform(0.5, 2, n)).round(1),
            "pain_points": cells,
        }
    )
    for f in BOOL_FLAGS:
        frame[f"flags.{f}"] = rng.random(n) < _FLAG_POP
    for m in RATIOS:
        frame[f"metrics.{m}"] = rng.uniform(0, 0.6, n).round(3)
    return frame


def heavy_profiles(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """``n`` profiles of the match-heavy family (the rows of :func:`heavy_frame` as profile mappings)."""
    frame = heavy_frame(n, seed)
    out = []
    for row in frame.to_dict("records"):
        p: dict[str, Any] = {
            k: row[k] for k in ("name", "region", "industry", "ownership", "revenue", "assets")
        }
        p["employees"] = int(row["employees"])
        p["pain_points"] = [
            {"id": x, "severity": int(s)}
            for x, s in (item.split(":") for item in row["pain_points"].split(";"))
        ]
        p["flags"] = {f: bool(row[f"flags.{f}"]) for f in BOOL_FLAGS}
        p["metrics"] = {m: float(row[f"metrics.{m}"]) for m in RATIOS}
        out.append(p)
    return out
