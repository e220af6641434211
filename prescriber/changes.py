"""Which enterprises' prescriptions change between two versions of a rule base, and how: services
added, dropped, or moved in rank."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from prescriber.api import Prescriber
from prescriber.models import Prescription
from prescriber.render import safe

__all__ = ["Change", "compare", "table"]


@dataclass(frozen=True)
class Change:
    """How one enterprise's prescription changed."""

    enterprise: str
    enterprise_id: str | None
    added: tuple[tuple[str, int], ...]            # (service, new rank)
    dropped: tuple[tuple[str, int], ...]          # (service, old rank)
    moved: tuple[tuple[str, int, int], ...]       # (service, old rank, new rank)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.dropped or self.moved)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _diff(old: Prescription, new: Prescription) -> Change:
    a = {i.service: i.rank for i in old.items}
    b = {i.service: i.rank for i in new.items}
    return Change(
        new.enterprise, new.enterprise_id,
        tuple(sorted(((s, r) for s, r in b.items() if s not in a), key=lambda x: x[1])),
        tuple(sorted(((s, r) for s, r in a.items() if s not in b), key=lambda x: x[1])),
        tuple(sorted(((s, a[s], b[s]) for s in a.keys() & b.keys() if a[s] != b[s]), key=lambda x: x[2])))


def compare(old: Prescriber, new: Prescriber, profiles: Iterable[Any], as_of: date | str | None = None) -> list[Change]:
    """One change per enterprise (unchanged ones included; filter with ``.changed``)."""
    return [_diff(old.prescribe(p, as_of=as_of), new.prescribe(p, as_of=as_of)) for p in profiles]


def table(changes: list[Change]) -> str:
    """The enterprises whose prescription changed, one line per changed service, and a summary."""
    lines = []
    for c in changes:
        if not c.changed:
            continue
        who = f"{c.enterprise}（{c.enterprise_id}）" if c.enterprise_id else c.enterprise
        lines.append(safe.terminal(who))
        lines += [f"  + {s}（第 {r} 位）" for s, r in c.added]
        lines += [f"  - {s}（原第 {r} 位）" for s, r in c.dropped]
        lines += [f"  ~ {s}：第 {r0} 位 → 第 {r1} 位" for s, r0, r1 in c.moved]
    changed = sum(1 for c in changes if c.changed)
    lines.append(f"{changed} / {len(changes)} 家企业的服务清单有变化")
    return "\n".join(lines) + "\n"
