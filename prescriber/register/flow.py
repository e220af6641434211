"""The work item's state machine (依方取药), declared once as data: the statuses, which moves are
allowed, and what each move needs. Pure: the register enforces it, the tests walk it."""

from __future__ import annotations

from collections.abc import Mapping

from prescriber.codes import Code, Phrase, field_name, listed, phrases
from prescriber.errors import CaseError, problem

__all__ = ["LABELS", "NEEDS", "OPEN", "STATUSES", "TRANSITIONS", "check_move", "parse_status"]

STATUSES = ("pending", "in-progress", "done", "declined", "ineligible")
LABELS: Mapping[str, str] = {
    "pending": "待对接",
    "in-progress": "办理中",
    "done": "已办结",
    "declined": "企业放弃",
    "ineligible": "不符合条件",
}
OPEN = frozenset({"pending", "in-progress"})

# The one table of allowed moves. Every status not listed as a source is final: a delivered, abandoned
# or refused service is kept as it was (a new need is a new prescription, reconciled into the case).
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "pending": frozenset({"in-progress", "declined", "ineligible"}),
    "in-progress": frozenset({"done", "declined", "ineligible"}),
    "done": frozenset(),
    "declined": frozenset(),
    "ineligible": frozenset(),
}
# What a move into a status needs besides being allowed: a reason, or evidence of delivery.
NEEDS: Mapping[str, str] = {"declined": "reason", "ineligible": "reason", "done": "evidence"}


def parse_status(text: str, path: str = "status") -> str:
    """A status id from its id (``done``) or its Chinese label (``已办结``)."""
    given = text.strip()
    if given in LABELS:
        return given
    for sid, label in LABELS.items():
        if given == label:
            return sid
    allowed = listed(field_name(s, LABELS[s]) for s in STATUSES)
    raise CaseError([problem(Code.CASE_STATUS, path=path, given=given, allowed=allowed)])


def check_move(current: str, target: str, reason: str, has_evidence: bool) -> None:
    """Raise :class:`CaseError` unless ``current`` → ``target`` is allowed and has what it needs."""
    if target not in TRANSITIONS.get(current, frozenset()):
        nexts = listed(_said(s) for s in STATUSES if s in TRANSITIONS[current]) or phrases.FINAL
        raise CaseError(
            [
                problem(
                    Code.CASE_TRANSITION,
                    path="status",
                    current=_said(current),
                    target=_said(target),
                    nexts=nexts,
                )
            ]
        )
    need = NEEDS.get(target)
    if need == "reason" and not reason.strip():
        raise CaseError([problem(Code.CASE_REASON, path="reason", target=_said(target))])
    if need == "evidence" and not has_evidence:
        raise CaseError(
            [
                problem(
                    Code.CASE_EVIDENCE,
                    path="evidence",
                    what=phrases.DONE_NEEDS_EVIDENCE,
                    how=phrases.EVIDENCE_HOW,
                )
            ]
        )


def said(status: str) -> Phrase:
    """A status as a problem quotes it: its label in Chinese, its id in English."""
    return Phrase(LABELS[status], status)


_said = said
