"""Problems a batch already knows: a cell whose distinct value failed alone (an unknown region, a
misspelt flag) was checked once, when it was probed; a row in doubt only because of such cells gets
those problems, as :func:`prescriber.batch.facts.row_facts` would give them, without a second check
(issue 13: 20,000 distinct bad values in one column had each checked twice)."""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping
from dataclasses import replace
from typing import Any

import numpy as np

from prescriber.errors import Problem

__all__ = ["Failed", "known_problems", "remember", "why"]

Failed = tuple[int, str, np.ndarray, dict[int, list[Problem]]]
"""A categorical column: its position, its name, the code of each cell, the problems of each failed code."""
_DERIVE_ORDER = {"region": 0, "ownership": 1, "industry": 2, "flags": 3, "metrics": 4}  # derive.derive's


def remember(probes: MutableMapping[Any, Any], column: str, raw: Hashable, found: list[Problem]) -> None:
    """Keep what a value that failed alone was told, when all of it is derive's (meaning, not shape)."""
    if found and all(p.code.startswith("profile.") for p in found):
        probes[("!" + column, raw)] = {"problems": found}


def why(probes: MutableMapping[Any, Any], column: str, raw: Hashable) -> list[Problem] | None:
    """The problems :func:`remember` kept for ``raw`` in ``column``, if any."""
    found = probes.get(("!" + column, raw))
    return None if found is None else list(found["problems"])


def known_problems(
    failed: list[Failed], rows: np.ndarray, file: str, first_row: int
) -> dict[int, list[Problem]]:
    """The problems of each of ``rows`` (positions), in the order ``row_facts`` gives them: derive's order
    of fields, then the columns' order."""
    order = sorted(failed, key=lambda f: (_DERIVE_ORDER.get(f[1].split(".")[0], 9), f[0]))
    return {
        i: [
            replace(p, file=file, line=first_row + i)
            for _, _, codes, told in order
            for p in told.get(int(codes[i]), ())
        ]
        for i in rows.tolist()
    }
