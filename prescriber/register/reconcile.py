"""Re-prescribing keeps the history: a new prescription compared with the case it falls into. Pure.

- a service the enterprise confirmed that the case lacks becomes a new work item (``added``);
- a service the new list offers that the case lacks and nobody confirmed yet is ``offered``;
- an open item the new list no longer offers is ``flagged`` for review — never deleted;
- a delivered, abandoned or refused item stays as it was (``kept``), offered again or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prescriber.register.flow import OPEN

__all__ = ["Plan", "plan"]


@dataclass(frozen=True)
class Plan:
    """What a prescription changes in a case (service ids, in the prescription's or the case's order)."""

    added: tuple[str, ...]
    offered: tuple[str, ...]
    flagged: tuple[str, ...]
    not_indicated: tuple[str, ...]
    kept: tuple[str, ...]


def plan(items: Mapping[str, str], prescribed: Sequence[str], confirmed: Sequence[str] | None) -> Plan:
    """Compare the case's items (service → status) with a prescription and its confirmation (if any)."""
    chosen = set(confirmed or ())
    new = [s for s in prescribed if s not in items]
    gone = [s for s in items if s not in prescribed]
    return Plan(
        added=tuple(s for s in new if s in chosen),
        offered=tuple(s for s in new if s not in chosen),
        flagged=tuple(s for s in gone if items[s] in OPEN),
        not_indicated=tuple(gone),
        kept=tuple(s for s in items if items[s] not in OPEN),
    )
