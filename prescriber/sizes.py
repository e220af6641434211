"""Enterprise size class by 统计上大中小微型企业划分办法（2017）, and 规模以上 status.

Per indicator, a value falls into the highest tier whose lower bound it reaches; the enterprise's
class is the lowest of its indicators' tiers ("大型、中型和小型企业须同时满足所列指标的下限，否则下划
一档；微型企业只须满足所列指标中的一项即可"). With indicators missing, the class is known only when a
known indicator is already micro; otherwise it is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prescriber.models import SIZE_LABELS, AboveScaleLine, SizeRow, SizeScope
from prescriber.semantics import IndustryCode

__all__ = ["SIZE_LABELS", "TIERS", "above_scale", "classify", "line_for", "row_for"]

TIERS = tuple(reversed(SIZE_LABELS))
"""The size classes, smallest first (the ids of :data:`prescriber.models.SIZE_LABELS`)."""


def _covers(scope: SizeScope, code: IndustryCode) -> int:
    """How specifically ``scope`` covers ``code``: 4 class, 3 group, 2 division, 1 section, 0 not."""
    division = code.division[1:] if code.division else None
    if code.klass and code.klass in scope.classes:
        return 4
    if code.group and code.group in scope.groups:
        return 3
    if division and division in scope.divisions:
        return 2
    if code.section in scope.sections:
        return 1
    return 0


def row_for(code: IndustryCode, rows: Sequence[SizeRow]) -> SizeRow | None:
    """The size row for an industry: the most specific scope that covers it."""
    best = max(rows, key=lambda r: _covers(r.scope, code), default=None)
    return best if best is not None and _covers(best.scope, code) else None


def line_for(code: IndustryCode, lines: Sequence[AboveScaleLine]) -> AboveScaleLine | None:
    """The 规模以上 line for an industry: the most specific scope that covers it."""
    best = max(lines, key=lambda x: _covers(x.scope, code), default=None)
    return best if best is not None and _covers(best.scope, code) else None


def classify(
    code: IndustryCode | None, values: Mapping[str, float | None], rows: Sequence[SizeRow]
) -> str | None:
    """``large``/``medium``/``small``/``micro``, or ``None`` when it cannot be determined."""
    row = row_for(code, rows) if code is not None else None
    if row is None:
        return None
    tiers: list[str | None] = []
    for indicator, bounds in row.thresholds.items():
        value = values.get(indicator)
        if value is None:
            tiers.append(None)
            continue
        tier = (
            "large"
            if value >= bounds.large
            else "medium"
            if value >= bounds.medium
            else ("small" if value >= bounds.small else "micro")
        )
        tiers.append(tier)
    known = [TIERS.index(t) for t in tiers if t is not None]
    if None in tiers:
        return "micro" if known and min(known) == 0 else None
    return TIERS[min(known)]


def above_scale(
    code: IndustryCode | None, revenue: float | None, lines: Sequence[AboveScaleLine]
) -> bool | None:
    """Whether the enterprise is 规模以上/限额以上: ``None`` when its line or revenue is unknown."""
    line = line_for(code, lines) if code is not None else None
    if line is None:
        return None
    if line.min_revenue is None:
        return True
    return None if revenue is None else revenue >= line.min_revenue
