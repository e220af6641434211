"""A synthetic province of enterprises as a table (vectorised, deterministic): the columns a batch run
reads, with the shipped vocabularies, realistic gaps (unknown cells) and a few bad cells.

    python bench/population.py 1000000 /tmp/province.parquet     # or .csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import CATALOG, OWNER_SHARE


def population(n: int, seed: int = 7, bad: float = 0.001) -> pd.DataFrame:
    """``n`` enterprises: typed columns (numbers as numbers, yes/no flags as booleans), as a Parquet
    file holds them. About ``bad`` of the rows carry one bad cell."""
    rng = np.random.default_rng(seed)
    divisions = np.array([d.section + d.code for d in CATALOG.divisions], dtype=object)
    regions = np.array([r.id for r in CATALOG.regions] + [r.name for r in CATALOG.regions], dtype=object)
    owners = np.array([o.id for o in CATALOG.ownerships], dtype=object)
    share = np.array([OWNER_SHARE.get(o, 0.5) for o in owners])  # by id: the vocabulary grows
    pains = np.array([p.id for p in CATALOG.pain_points], dtype=object)
    employees = np.exp(rng.normal(3.2, 1.6, n)).round().astype(np.int64) + 1
    revenue = (employees * np.exp(rng.normal(4.0, 0.8, n))).round(1)
    frame = pd.DataFrame(
        {
            "id": pd.array([f"E{i:08d}" for i in range(n)], dtype="str"),
            "name": pd.array([f"企业{i}" for i in range(n)], dtype="str"),
            "region": pd.array(regions[rng.integers(0, len(regions), n)], dtype="str"),
            "industry": pd.array(divisions[rng.integers(0, len(divisions), n)], dtype="str"),
            "ownership": pd.array(owners[rng.choice(len(owners), n, p=share / share.sum())], dtype="str"),
            "employees": pd.array(np.where(rng.random(n) < 0.95, employees, 0), dtype="Int64"),
            "revenue": np.where(rng.random(n) < 0.85, revenue, np.nan),
            "assets": np.where(rng.random(n) < 0.5, (revenue * rng.uniform(0.5, 2, n)).round(1), np.nan),
        }
    )
    frame.loc[frame["employees"] == 0, "employees"] = pd.NA
    # pain points: 0–6 per enterprise, half with a severity
    count = rng.integers(0, 7, n)
    picks = rng.random((n, len(pains))).argsort(axis=1)[:, :6]
    severity = rng.integers(1, 6, (n, 6))
    with_sev = rng.random((n, 6)) < 0.5
    cells = []
    for i in range(n):
        k = count[i]
        cells.append(
            ";".join(
                f"{pains[p]}:{s}" if w else pains[p]
                for p, s, w in zip(picks[i, :k], severity[i, :k], with_sev[i, :k], strict=True)
            )
        )
    frame["pain_points"] = pd.array(cells, dtype="str")
    for f in CATALOG.flags:
        if f.type == "bool":
            roll = rng.random(n)
            frame[f"flags.{f.id}"] = pd.array(np.where(roll < 0.6, None, roll < 0.8), dtype="boolean")
        else:
            choices = np.array([c.id for c in f.choices] + [None] * len(f.choices), dtype=object)
            frame[f"flags.{f.id}"] = pd.array(choices[rng.integers(0, len(choices), n)], dtype="str")
    for m in CATALOG.metrics:
        high = min(m.max, 80 if m.integer else 0.6)
        values = (
            rng.integers(int(m.min), int(high) + 1, n).astype(float)
            if m.integer
            else rng.uniform(m.min, high, n).round(3)
        )
        frame[f"metrics.{m.id}"] = np.where(rng.random(n) < 0.4, values, np.nan)
    # a few bad cells, each in a different place
    broken = np.flatnonzero(rng.random(n) < bad)
    kinds = rng.integers(0, 3, len(broken))
    frame.loc[broken[kinds == 0], "industry"] = "C99"
    frame.loc[broken[kinds == 1], "region"] = "atlantis"
    frame.loc[broken[kinds == 2], "pain_points"] = "no-such-pain"
    return frame


def main() -> int:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    frame = population(n)
    if out.suffix == ".csv":
        frame.to_csv(out, index=False)
    else:
        frame.to_parquet(out, index=False)
    print(f"wrote {n:,} enterprises to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
